//! `jiancha plugin …` and the plugin options of `jiancha check` and `jiancha rules`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;
use jiancha_plugin_host::manifest::{self, read_manifest};
use jiancha_plugin_host::runtime::default_cache_dir;
use jiancha_plugin_host::{Limits, PluginSet, TrustPolicy, build};

use crate::{say, tell};

#[derive(Debug, Clone, clap::Args)]
pub struct PluginArgs {
    /// Load every plugin (`*.manifest.json` + component) of this directory.
    #[arg(long, value_name = "DIR")]
    plugins: Option<PathBuf>,
    /// A trusted department public key (`*.pub` from `jiancha plugin keygen`); repeatable.
    #[arg(long, value_name = "FILE")]
    trust: Vec<PathBuf>,
    /// Run plugins that are unsigned, signed by an unknown key or tampered with; their findings are marked unverified.
    #[arg(long)]
    allow_unsigned: bool,
    /// Fuel (about one per WebAssembly instruction) per record per plugin call.
    #[arg(long, value_name = "N", default_value_t = Limits::default().fuel_per_record)]
    fuel_per_record: u64,
    /// Memory cap of a plugin instance, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = Limits::default().memory_bytes >> 20)]
    plugin_memory_mib: usize,
    /// Records per plugin call.
    #[arg(long, value_name = "N", default_value_t = Limits::default().batch_size)]
    plugin_batch: usize,
    /// Directory of compiled plugins (default: ~/.cache/jiancha).
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Do not use the compile cache.
    #[arg(long)]
    no_cache: bool,
    /// A revocation list (`jiancha plugin revoke`); plugins signed by a key on it are refused. Repeatable.
    #[arg(long, value_name = "FILE")]
    revoked: Vec<PathBuf>,
}

impl PluginArgs {
    /// Every file these options make a run read: keys, revocation lists and the plugin directory's files.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = self.trust.iter().chain(&self.revoked).cloned().collect();
        if let Some(dir) = &self.plugins {
            files.extend(std::fs::read_dir(dir).into_iter().flatten().filter_map(|e| e.ok()).map(|e| e.path()));
        }
        files
    }

    fn limits(&self) -> Limits {
        Limits {
            fuel_per_record: self.fuel_per_record,
            memory_bytes: self.plugin_memory_mib.saturating_mul(1 << 20),
            batch_size: self.plugin_batch.max(1),
            ..Limits::default()
        }
    }

    fn trust(&self) -> Result<TrustPolicy> {
        let keys = self.trust.iter().map(|p| manifest::read_public(p)).collect::<Result<Vec<_>>>()?;
        for path in self.trust.iter().chain(&self.revoked).filter(|p| manifest::writable_by_others(p)) {
            tell!(
                "警告 / warning: `{}` 可被他人写入，他人可借此替换受信任的密钥或删除吊销记录；请执行 chmod go-w / `{}` is writable by others, who could put their own key in it or drop a revocation: chmod go-w it",
                path.display(),
                path.display()
            );
        }
        let mut revoked = Vec::new();
        for path in &self.revoked {
            revoked.extend(manifest::read_revocations(path)?);
        }
        for (file, _) in &keys {
            if let Some(r) = revoked.iter().find(|r| r.key_id == file.key_id) {
                tell!(
                    "警告 / warning: 受信任的密钥 {}（{}）已吊销，其签名的插件将被拒绝 / trusted key {} is revoked ({})",
                    file.key_id,
                    file.department,
                    file.key_id,
                    r.reason
                );
            }
        }
        Ok(TrustPolicy { keys, allow_unsigned: self.allow_unsigned, revoked })
    }

    fn host(&self) -> Result<PluginSet> {
        let cache = if self.no_cache { None } else { self.cache_dir.clone().or_else(default_cache_dir) };
        PluginSet::new(self.limits(), cache)
    }

    /// What the service needs of these options: the trust policy, the limits and the compile cache.
    pub fn service_config(&self) -> Result<jiancha_server::plugins::PluginConfig> {
        let cache_dir = if self.no_cache { None } else { self.cache_dir.clone().or_else(default_cache_dir) };
        Ok(jiancha_server::plugins::PluginConfig { trust: self.trust()?, limits: self.limits(), cache_dir })
    }

    /// Every plugin of `--plugins` loaded, or None without `--plugins`.
    pub fn load(&self) -> Result<Option<PluginSet>> {
        let Some(dir) = &self.plugins else { return Ok(None) };
        let mut host = self.host()?;
        host.load_dir(dir, &self.trust()?)?;
        for p in &host.plugins {
            if let manifest::Trust::Unverified(why) = &p.trust {
                tell!(
                    "警告 / warning: 插件 {} 未验证（{why}），其结果标为未验证 / plugin `{}` is unverified",
                    p.info.id,
                    p.info.id
                );
            }
        }
        Ok(Some(host))
    }
}

/// What `--plugins` loaded, for the user: each plugin with its scope and kind.
pub fn describe_loaded(set: &PluginSet) {
    for p in &set.plugins {
        let scope = |list: &[String]| if list.is_empty() { "—".to_string() } else { list.join(", ") };
        let kind = match (p.manifest.kind, p.manifest.tier) {
            (manifest::PluginKind::Component, manifest::Tier::Pure) => "组件 component",
            (manifest::PluginKind::Component, manifest::Tier::Wasi) => "组件 component, WASI 层 tier",
            (manifest::PluginKind::Table, _) => "规则表 rule table",
        };
        tell!(
            "插件 / plugin `{}` v{}（{}，{kind}）：行业 industries {}；标签 tags {}；{} 条规则 rules",
            p.info.id,
            p.info.version,
            p.info.department,
            scope(&p.info.industries),
            scope(&p.info.tags),
            p.info.rules.len()
        );
    }
}

/// After a run: how many records each plugin checked, and a warning for a plugin that checked none.
pub fn describe_run(run: &jiancha_plugin_host::PluginRun<'_>, quiet: bool) {
    for (p, n) in run.checked() {
        let id = &p.info.id;
        if n == 0 {
            tell!(
                "警告 / warning: 插件 {id} 未检查任何记录：没有记录带 sector_data.{id}，或企业不在其范围内（行业 {}，标签 {}）/ plugin `{id}` checked no record: none carries sector_data.{id} with an enterprise in its scope (industries {}, tags {})",
                p.info.industries.join(", "),
                p.info.tags.join(", "),
                p.info.industries.join(", "),
                p.info.tags.join(", ")
            );
        } else if !quiet {
            tell!("插件 / plugin `{id}`: 检查了 {n} 条记录 / checked {n} records");
        }
        let lines: usize = run
            .output
            .iter()
            .filter(|o| o.plugin == *id)
            .map(|o| o.output.stdout.lines().count() + o.output.stderr.lines().count())
            .sum();
        if lines > 0 && !quiet {
            // A run keeps the output of its first calls only: past them, the count is a floor.
            let (zh, en) = if run.output.len() >= jiancha_plugin_host::runtime::MAX_KEPT_OUTPUT {
                ("至少", "at least ")
            } else {
                ("", "")
            };
            tell!(
                "插件 / plugin `{id}` 输出了{zh} {lines} 行（不进入检查结果；jiancha plugin test 逐例显示）/ wrote {en}{lines} lines (not part of the results; `jiancha plugin test` shows them case by case)"
            );
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum PluginCommand {
    /// 新建插件 / scaffold a plugin (Rust, JavaScript, Python or a rule table) that builds and passes its tests
    /// as generated.
    New {
        /// Plugin id (kebab-case), also the crate or directory name.
        name: String,
        /// The language: `rust`, `js` (componentize-js), `python` (componentize-py) or `table` (a rule table, no
        /// code).
        #[arg(long, default_value = "rust", value_parser = ["rust", "js", "python", "table"])]
        lang: String,
        /// Where to create `<NAME>/`.
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// Path of the Rust guest SDK (default: `$JIANCHA_SDK`, else found beside the installed binary or in the
        /// repository it was built from).
        #[arg(long)]
        sdk: Option<PathBuf>,
    },
    /// 编译插件 / build a plugin into a component (Rust, JavaScript, Python) or check a rule table, and write its
    /// (unsigned) manifest; a component that imports anything is refused.
    Build {
        /// The plugin: a Rust crate, a JavaScript or Python plugin directory, or a `*.table.toml`.
        crate_dir: PathBuf,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// Cargo features to enable.
        #[arg(long)]
        features: Option<String>,
        /// 插件层级 / what the plugin may import: `pure` (nothing; the default) or `wasi` (stdout/stderr captured,
        /// clocks pinned to the policy date, seeded randomness; no files, network or environment). Signed.
        #[arg(long, default_value = "pure", value_parser = ["pure", "wasi"])]
        tier: String,
    },
    /// 生成部门密钥 / create a department key pair: FILE (secret) and FILE.pub (public).
    Keygen {
        /// Secret key file to create.
        #[arg(long)]
        out: PathBuf,
        /// The department the key belongs to (must match the plugins it signs).
        #[arg(long)]
        department: String,
    },
    /// 签名插件 / sign a plugin's manifest with a department key.
    Sign {
        /// The plugin: its manifest, component or directory.
        plugin: PathBuf,
        /// The department's secret key.
        #[arg(long)]
        key: PathBuf,
    },
    /// 验证插件 / verify a plugin's hash and signature against trusted keys, and compile it into the compile cache
    /// (so that the first run does not pay for it).
    Verify {
        /// The plugin: its manifest, component or directory.
        plugin: PathBuf,
        /// Trusted public key; repeatable.
        #[arg(long, required = true)]
        trust: Vec<PathBuf>,
        /// A revocation list; repeatable.
        #[arg(long, value_name = "FILE")]
        revoked: Vec<PathBuf>,
    },
    /// 吊销密钥 / add a department key to a revocation list (created if missing); use it with `--revoked`.
    Revoke {
        /// The public key to revoke (`*.pub`).
        #[arg(long)]
        key: PathBuf,
        /// Why (kept in the list and shown when a plugin is refused).
        #[arg(long)]
        reason: String,
        /// The revocation list file.
        #[arg(long)]
        list: PathBuf,
        /// Day of the revocation (default: today, UTC).
        #[arg(long)]
        on: Option<String>,
    },
    /// 测试插件 / run a built plugin on its test vectors (`<id>.vectors.json` beside it) in the sandbox.
    Test {
        /// The plugin: its manifest, component or directory.
        plugin: PathBuf,
        /// Test vectors (default: `<id>.vectors.json` beside the manifest).
        #[arg(long)]
        vectors: Option<PathBuf>,
    },
    /// 列出插件 / list the plugins of a directory.
    List {
        /// The plugin directory.
        #[arg(long)]
        plugins: PathBuf,
        /// Trusted public key; repeatable.
        #[arg(long)]
        trust: Vec<PathBuf>,
    },
    /// 查看插件 / show one plugin: metadata, rules, hash, signature.
    Inspect {
        /// The plugin: its manifest, component or directory.
        plugin: PathBuf,
        /// Trusted public key; repeatable.
        #[arg(long)]
        trust: Vec<PathBuf>,
    },
}

pub fn run(cmd: PluginCommand) -> Result<ExitCode> {
    match cmd {
        PluginCommand::New { name, lang, out, sdk } => {
            let lang = build::Lang::parse(&lang)?;
            let sdk = sdk.unwrap_or_else(build::default_sdk_path);
            let dir = build::scaffold(&name, lang, &out, &sdk)?;
            tell!("已创建 / created `{}`", dir.display());
            let test = match lang {
                build::Lang::Rust => "cargo test && ",
                build::Lang::Js => "npm install && node test-vectors.mjs plugin.js vectors.json && ",
                build::Lang::Python => "python3 run_vectors.py . vectors.json && ",
                build::Lang::Table => "",
            };
            tell!(
                "  cd {} && {test}jiancha plugin build . --out dist && jiancha plugin test dist/{name}.manifest.json",
                dir.display()
            );
        }
        PluginCommand::Build { crate_dir, out, features, tier } => {
            let tier = if tier == "wasi" { manifest::Tier::Wasi } else { manifest::Tier::Pure };
            let built = build::build(&crate_dir, &out, features.as_deref(), tier)?;
            tell!(
                "已生成 / built `{}` {} v{}（{}条规则，{} 字节）；签名 / sign: jiancha plugin sign {} --key KEY",
                built.info.id,
                built.info.name,
                built.info.version,
                built.info.rules.len(),
                built.size,
                built.manifest_path.display()
            );
        }
        PluginCommand::Keygen { out, department } => {
            let (public, id) = manifest::keygen(&out, &department)?;
            tell!(
                "已生成密钥 {id} / key {id} created: 私钥 secret `{}`（妥善保管 keep it safe），公钥 public `{}`（分发给使用方 give it to the counties）",
                out.display(),
                public.display()
            );
        }
        PluginCommand::Sign { plugin, key } => {
            let m = manifest::sign(&plugin, &key)?;
            let key_id = m.signature.map(|s| s.key_id).unwrap_or_default();
            tell!("已签名 / signed `{}` v{} with key {key_id}", m.id, m.version);
        }
        PluginCommand::Revoke { key, reason, list, on } => {
            let on = on.unwrap_or_else(|| {
                let secs = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
                chrono::DateTime::from_timestamp(secs, 0).map(|d| d.date_naive().to_string()).unwrap_or_default()
            });
            let r = manifest::revoke(&list, &key, &reason, &on)?;
            tell!("已吊销 / revoked: key {} ({}) → `{}`", r.key_id, r.department, list.display());
        }
        PluginCommand::Verify { plugin, trust, revoked } => {
            let (path, m) = read_manifest(&plugin)?;
            let bytes = m.read_component(&path)?;
            let keys = trust.iter().map(|p| manifest::read_public(p)).collect::<Result<Vec<_>>>()?;
            let mut list = Vec::new();
            for p in &revoked {
                list.extend(manifest::read_revocations(p)?);
            }
            if let Some(r) = manifest::revoked(&m, &list) {
                say!(
                    "未通过验证 / NOT verified: `{}`: 签名密钥 {} 已于 {} 吊销（{}）/ signed by key {} revoked on {} ({})",
                    m.id,
                    r.key_id,
                    r.revoked_on,
                    r.reason,
                    r.key_id,
                    r.revoked_on,
                    r.reason
                );
                return Ok(ExitCode::from(1));
            }
            match manifest::verify(&m, &bytes, &keys) {
                manifest::Trust::Verified { key_id } => {
                    say!("已验证 / verified: `{}` v{} ({}), key {key_id}", m.id, m.version, m.department);
                    // Installing a plugin is verifying it: its compiled code goes into the compile cache now, so
                    // that the first run does not pay for compiling a large (JavaScript, Python) component.
                    let policy = TrustPolicy { keys, allow_unsigned: false, revoked: list };
                    let started = std::time::Instant::now();
                    let mut host = plugin_args(None, Vec::new()).host()?;
                    host.load(&path, &policy)?;
                    if let Some(p) = host.plugins.first().filter(|p| !p.from_cache) {
                        tell!(
                            "已编译并缓存 / compiled into the cache in {:.1} s: `{}`",
                            started.elapsed().as_secs_f64(),
                            p.info.id
                        );
                    }
                }
                manifest::Trust::Unverified(why) => {
                    say!("未通过验证 / NOT verified: `{}`: {why}", m.id);
                    return Ok(ExitCode::from(1));
                }
            }
        }
        PluginCommand::Test { plugin, vectors } => return plugin_test(&plugin, vectors),
        PluginCommand::List { plugins, trust } => {
            let args = plugin_args(Some(plugins), trust);
            let host = args.load()?;
            for p in host.iter().flat_map(|h| &h.plugins) {
                let trust = match &p.trust {
                    manifest::Trust::Verified { key_id } => format!("已验证 verified ({key_id})"),
                    manifest::Trust::Unverified(why) => format!("未验证 unverified: {why}"),
                };
                say!(
                    "{}\tv{}\t{}\t{}\t{} rules\t{trust}",
                    p.info.id,
                    p.info.version,
                    p.info.department,
                    p.info.name,
                    p.info.rules.len()
                );
            }
        }
        PluginCommand::Inspect { plugin, trust } => {
            let (path, m) = read_manifest(&plugin)?;
            let bytes = m.read_component(&path)?;
            let keys = trust.iter().map(|p| manifest::read_public(p)).collect::<Result<Vec<_>>>()?;
            let verdict = manifest::verify(&m, &bytes, &keys);
            let (info, imports) = PluginSet::new(Limits::default(), None)?.inspect(&bytes, m.tier)?;
            let doc = serde_json::json!({
                "manifest": m,
                "trust": match verdict { manifest::Trust::Verified { key_id } => format!("verified by {key_id}"), manifest::Trust::Unverified(w) => format!("unverified: {w}") },
                "size_bytes": bytes.len(),
                "imports": imports,
                "meta": info,
            });
            let mut json = serde_json::to_vec_pretty(&doc)?;
            jiancha_output::escape_json_for_terminal(&mut json);
            println!("{}", String::from_utf8_lossy(&json));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn plugin_args(plugins: Option<PathBuf>, trust: Vec<PathBuf>) -> PluginArgs {
    PluginArgs {
        plugins,
        trust,
        allow_unsigned: true,
        fuel_per_record: Limits::default().fuel_per_record,
        plugin_memory_mib: Limits::default().memory_bytes >> 20,
        plugin_batch: Limits::default().batch_size,
        cache_dir: None,
        no_cache: false,
        revoked: Vec::new(),
    }
}

/// `jiancha plugin test`: the plugin's vectors through the real sandbox.
fn plugin_test(plugin: &std::path::Path, vectors: Option<PathBuf>) -> Result<ExitCode> {
    let (path, m) = read_manifest(plugin)?;
    let mut host = plugin_args(None, Vec::new()).host()?;
    host.load(&path, &TrustPolicy { keys: Vec::new(), allow_unsigned: true, revoked: Vec::new() })?;
    let vectors = vectors.unwrap_or_else(|| path.with_file_name(format!("{}.vectors.json", m.id)));
    let text = std::fs::read_to_string(&vectors)
        .with_context(|| format!("无法读取测试向量 / cannot read test vectors `{}`", vectors.display()))?;
    let report = jiancha_plugin_host::vectors::run(&host, &m.id, &text)?;
    for (case, output) in &report.output {
        say!("输出 OUTPUT {case}{}", if output.truncated { "（已截断 / cut at the cap）" } else { "" });
        for (stream, text) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            for line in text.trim_matches('\n').lines() {
                say!("  {stream} | {line}");
            }
        }
    }
    for f in &report.failures {
        say!("失败 FAIL {f}");
    }
    say!("{} passed, {} failed", report.passed, report.failures.len());
    Ok(if report.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
