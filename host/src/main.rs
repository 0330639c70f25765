//! `jiancha`: checks enterprise inspection plans and records against the rules on arbitrary inspections.
//!
//! Exit codes: 0 the run completed; 1 `--deny` was given and a finding of that severity (or worse) exists, or a
//! line could not be read;
//! 2 the run could not start (unreadable dataset, bad policy, missing file), with a message that says what to fix.

use std::io::Write;

/// mimalloc: the per-record work allocates many small strings on every core at once, where it is markedly
/// faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use jiancha_host::output::{self, CheckFormat, RulesFormat};
use jiancha_host::plugin::manifest::{self, read_manifest};
use jiancha_host::plugin::runtime::default_cache_dir;
use jiancha_host::plugin::{Limits, PluginHost, TrustPolicy, build};
use jiancha_host::load_dataset;

/// `println!` for text that may hold values from files or plugins: terminal control characters are shown, not
/// obeyed ([`output::term`]).
macro_rules! say {
    ($($arg:tt)*) => { println!("{}", output::term(&format!($($arg)*))) };
}

/// `eprintln!` with the same cleaning as [`say!`].
macro_rules! tell {
    ($($arg:tt)*) => { eprintln!("{}", output::term(&format!($($arg)*))) };
}
use jiancha_host::run::ProgressMode;

/// 检查 Jiancha — 涉企行政检查合规校验 / checks enterprise inspections against the rules.
#[derive(Debug, Parser)]
#[command(name = "jiancha", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 校验检查记录 / check inspection records against the dataset and every rule.
    Check(CheckArgs),
    /// 列出规则目录 / list the rule catalogue (built-in rules, and those of the plugins of `--plugins`).
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
        #[command(flatten)]
        plugins: PluginArgs,
    },
    /// 部门插件 / department plugins: scaffold, build, sign, verify, test, list.
    #[command(subcommand)]
    Plugin(PluginCommand),
    /// 生成模拟数据 / generate a synthetic county (or province) dataset and records, deterministic for a seed.
    Gen(jiancha_host::generate::GenOptions),
}

#[derive(Debug, Clone, clap::Args)]
struct PluginArgs {
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
                    file.key_id, file.department, file.key_id, r.reason
                );
            }
        }
        Ok(TrustPolicy { keys, allow_unsigned: self.allow_unsigned, revoked })
    }

    fn host(&self) -> Result<PluginHost> {
        let cache = if self.no_cache { None } else { self.cache_dir.clone().or_else(default_cache_dir) };
        PluginHost::new(self.limits(), cache)
    }

    /// The host with every plugin of `--plugins` loaded, or None without `--plugins`.
    fn load(&self) -> Result<Option<PluginHost>> {
        let Some(dir) = &self.plugins else { return Ok(None) };
        let mut host = self.host()?;
        host.load_dir(dir, &self.trust()?)?;
        for p in &host.plugins {
            if let jiancha_host::plugin::manifest::Trust::Unverified(why) = &p.trust {
                tell!("警告 / warning: 插件 {} 未验证（{why}），其结果标为未验证 / plugin `{}` is unverified", p.info.id, p.info.id);
            }
        }
        Ok(Some(host))
    }
}

#[derive(Debug, Subcommand)]
enum PluginCommand {
    /// 新建插件 / scaffold a plugin crate that builds and passes its tests as generated.
    New {
        /// Plugin id (kebab-case), also the crate name.
        name: String,
        /// Where to create `<NAME>/`.
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// Path of the guest SDK (default: the repository's plugins/sdk).
        #[arg(long)]
        sdk: Option<PathBuf>,
    },
    /// 编译插件 / compile a plugin crate into a component and write its (unsigned) manifest.
    Build {
        /// The plugin crate.
        crate_dir: PathBuf,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// Cargo features to enable.
        #[arg(long)]
        features: Option<String>,
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
    /// 验证插件 / verify a plugin's hash and signature against trusted keys.
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

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Dataset: a directory of agencies.json, inspectors.json, … or one JSON object file.
    #[arg(long, value_name = "PATH")]
    dataset: PathBuf,
    /// County policy overrides (policy.toml); applied on top of the dataset's own policy.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Jsonl)]
    format: CheckFormat,
    /// Write the output here instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Exit 1 when a finding of this severity or worse exists, or a line could not be read.
    #[arg(long, value_enum)]
    deny: Option<Deny>,
    /// Print no summary on stderr.
    #[arg(long, short)]
    quiet: bool,
    /// Progress on stderr: a bar on a terminal, JSON lines every two seconds otherwise (`auto`; none with
    /// `--quiet`).
    #[arg(long, value_enum, default_value_t = ProgressMode::Auto)]
    progress: ProgressMode,
    /// Also write a self-contained Chinese HTML report for leaders (totals, findings by rule and agency, burden,
    /// monitoring alerts, joint-inspection rates).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Inspection records: JSON Lines (`.jsonl`, or one JSON object or array), gzip-compressed JSON Lines
    /// (`.jsonl.gz`), CSV (`.csv`) or Excel (`.xlsx`) with the documented columns, or `-` for stdin (JSON Lines).
    #[arg(value_name = "INPUT")]
    input: String,
    #[command(flatten)]
    plugins: PluginArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Deny {
    /// Fail on violations.
    Violation,
    /// Fail on warnings or violations.
    Warning,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules { format, plugins } => plugins.load().map(|host| {
            let infos: Vec<_> = host.iter().flat_map(|h| h.plugins.iter().map(|p| p.info.clone())).collect();
            print(&output::rules(format, &infos));
            ExitCode::SUCCESS
        }),
        Command::Plugin(cmd) => plugin(cmd),
        Command::Gen(opts) => jiancha_host::generate::generate(&opts).map(|summary| {
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误 / error: {}", output::term(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

fn print(s: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (e.g. `| head`) is not an error worth reporting.
    let _ = out.write_all(s.as_bytes());
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    use jiancha_host::formats::{CsvOut, OutRow, rows_of, write_xlsx};
    use jiancha_host::report::Gather;
    use std::io::BufWriter;

    // An output must not be an input: `--output records.jsonl` would empty the records before they are read.
    let mut inputs: Vec<PathBuf> = jiancha_host::outfile::dataset_files(&args.dataset);
    if args.input != "-" {
        inputs.push(PathBuf::from(&args.input));
    }
    inputs.extend(args.policy.iter().cloned());
    inputs.extend(args.plugins.trust.iter().cloned());
    inputs.extend(args.plugins.revoked.iter().cloned());
    if let Some(dir) = &args.plugins.plugins {
        inputs.extend(std::fs::read_dir(dir).into_iter().flatten().filter_map(|e| e.ok()).map(|e| e.path()));
    }
    let outputs: Vec<(&str, &std::path::Path)> = [("--output", args.output.as_deref()), ("--report", args.report.as_deref())]
        .into_iter()
        .filter_map(|(opt, p)| Some((opt, p?)))
        .collect();
    jiancha_host::outfile::refuse_overlap(&inputs, &outputs)?;
    let mut ds = load_dataset(&args.dataset)?;
    if let Some(p) = &args.policy {
        // A regular file of bounded size: a FIFO or /dev/zero given by mistake must not hang or fill memory.
        let text = jiancha_host::load::read_bounded(p, jiancha_host::load::POLICY_MAX, "政策文件 / policy file")?;
        ds.policy.apply_toml(&p.display().to_string(), &text)?;
    }
    let mut host = args.plugins.load()?;
    if args.format == CheckFormat::Xlsx && args.output.is_none() {
        anyhow::bail!("--format xlsx 需要 --output 文件 / --format xlsx needs --output FILE");
    }
    // Where outputs go: temporary files beside their destinations, made before the run so that a bad path fails
    // at once, and renamed over the destinations only when the run succeeds (a killed or failed run leaves the
    // old files as they were).
    let mut out_file = args.output.as_deref().map(jiancha_host::outfile::Output::create).transpose()?;
    let report_file = args.report.as_deref().map(jiancha_host::outfile::Output::create).transpose()?;
    let mut out: Box<dyn Write> = match (out_file.as_mut(), args.format) {
        (_, CheckFormat::Xlsx) => Box::new(std::io::sink()),
        (Some(f), _) => Box::new(BufWriter::with_capacity(
            1 << 20,
            f.file().try_clone().context("无法写入输出文件 / cannot write the output file")?,
        )),
        (None, _) => Box::new(BufWriter::with_capacity(1 << 20, std::io::stdout().lock())),
    };
    let mut csv = match args.format {
        CheckFormat::Csv => Some(CsvOut::new(std::mem::replace(&mut out, Box::new(std::io::sink())))?),
        _ => None,
    };
    let mut xlsx_rows: Vec<OutRow> = Vec::new();
    let mut table = output::TableOut::default();
    let mut gather = args.report.as_ref().map(|_| Gather::default());
    let mut first = true;
    let progress = if args.quiet && args.progress == ProgressMode::Auto { ProgressMode::None } else { args.progress };
    let mut write_err: Option<std::io::Error> = None;
    let mut line_buf: Vec<u8> = Vec::with_capacity(4096);
    let summary = {
        let mut sink = |l: &jiancha_core::OutputLine, rec: Option<&jiancha_core::batch::Rec<'_>>| -> Result<()> {
            if let Some(g) = gather.as_mut() {
                g.add(l, rec, &ds);
            }
            let written = match args.format {
                _ if write_err.is_some() => Ok(()),
                CheckFormat::Jsonl => {
                    // One write a line: serialising into a plain buffer spares the boxed writer's many small calls.
                    line_buf.clear();
                    serde_json::to_writer(&mut line_buf, l)
                        .map_err(std::io::Error::from)
                        .and_then(|()| {
                            output::escape_json_for_terminal(&mut line_buf);
                            line_buf.push(b'\n');
                            out.write_all(&line_buf)
                        })
                }
                CheckFormat::Json => {
                    let lead: &[u8] = if first { b"{\"lines\": [\n" } else { b",\n" };
                    first = false;
                    line_buf.clear();
                    line_buf.extend_from_slice(lead);
                    serde_json::to_writer(&mut line_buf, l)
                        .map_err(std::io::Error::from)
                        .and_then(|()| {
                            output::escape_json_for_terminal(&mut line_buf);
                            out.write_all(&line_buf)
                        })
                }
                CheckFormat::Table => {
                    table.add(l);
                    Ok(())
                }
                CheckFormat::Csv => match csv.as_mut() {
                    Some(c) => c.line(l, rec, &ds),
                    None => Ok(()),
                },
                CheckFormat::Xlsx => {
                    xlsx_rows.extend(rows_of(l, rec, &ds));
                    Ok(())
                }
            };
            if let Err(e) = written {
                // A closed pipe (`| head`) ends the output but not the run's summary and exit code.
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(anyhow::Error::from(e).context("无法写入输出 / cannot write the output"));
                }
                write_err.get_or_insert(e);
            }
            Ok(())
        };
        jiancha_host::run::check(&args.input, &ds, host.as_mut(), progress, &mut sink)?
    };
    if let Some(c) = csv.take() {
        c.finish()?;
    }
    let finish = |out: &mut Box<dyn Write>, s: &[u8]| match out.write_all(s).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::from(e).context("无法写入输出 / cannot write the output"))
        }
        _ => Ok(()),
    };
    match args.format {
        CheckFormat::Json => {
            let head = if first { "{\"lines\": [" } else { "" };
            let tail = format!("{head}\n],\n\"summary\": {}\n}}\n", serde_json::to_string(&summary.tally).unwrap_or_default());
            finish(&mut out, tail.as_bytes())?;
        }
        CheckFormat::Table => finish(&mut out, table.render().as_bytes())?,
        CheckFormat::Xlsx => {
            if let Some(f) = &out_file {
                write_xlsx(f.path(), &xlsx_rows, &summary)?;
            }
        }
        CheckFormat::Jsonl | CheckFormat::Csv => finish(&mut out, b"")?,
    }
    drop(out);
    if let Some(f) = out_file {
        f.commit()?;
    }
    for notice in host.iter().flat_map(|h| &h.notices) {
        eprintln!("警告 / warning: {}", output::term(notice));
    }
    if let (Some(mut f), Some(g)) = (report_file, gather) {
        let html = jiancha_host::report::html(g, &ds);
        f.file().write_all(html.as_bytes()).context("无法写入报告 / cannot write the report")?;
        f.commit()?;
    }
    if !args.quiet {
        let infos: Vec<_> = host.iter().flat_map(|h| h.plugins.iter().map(|p| p.info.clone())).collect();
        eprint!("{}", output::summary(&summary, &infos));
    }
    // Under --deny an unreadable line fails the run too: a gate must not pass on input it could not check.
    let t = summary.tally;
    let denied = match args.deny {
        Some(Deny::Violation) => t.errors > 0 || t.violation > 0,
        Some(Deny::Warning) => t.errors > 0 || t.violation > 0 || t.warning > 0,
        None => false,
    };
    Ok(if denied { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn plugin(cmd: PluginCommand) -> Result<ExitCode> {
    match cmd {
        PluginCommand::New { name, out, sdk } => {
            let sdk = sdk.unwrap_or_else(build::default_sdk_path);
            let dir = build::scaffold(&name, &out, &sdk)?;
            tell!("已创建 / created `{}`", dir.display());
            tell!("  cd {} && cargo test && jiancha plugin build . --out dist", dir.display());
        }
        PluginCommand::Build { crate_dir, out, features } => {
            let built = build::build(&crate_dir, &out, features.as_deref())?;
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
                    m.id, r.key_id, r.revoked_on, r.reason, r.key_id, r.revoked_on, r.reason
                );
                return Ok(ExitCode::from(1));
            }
            match manifest::verify(&m, &bytes, &keys) {
                manifest::Trust::Verified { key_id } => {
                    say!("已验证 / verified: `{}` v{} ({}), key {key_id}", m.id, m.version, m.department);
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
                say!("{}\tv{}\t{}\t{}\t{} rules\t{trust}", p.info.id, p.info.version, p.info.department, p.info.name, p.info.rules.len());
            }
        }
        PluginCommand::Inspect { plugin, trust } => {
            let (path, m) = read_manifest(&plugin)?;
            let bytes = m.read_component(&path)?;
            let keys = trust.iter().map(|p| manifest::read_public(p)).collect::<Result<Vec<_>>>()?;
            let verdict = manifest::verify(&m, &bytes, &keys);
            let info = PluginHost::new(Limits::default(), None)?.inspect(&bytes)?;
            let doc = serde_json::json!({
                "manifest": m,
                "trust": match verdict { manifest::Trust::Verified { key_id } => format!("verified by {key_id}"), manifest::Trust::Unverified(w) => format!("unverified: {w}") },
                "size_bytes": bytes.len(),
                "imports": [],
                "meta": info,
            });
            let mut json = serde_json::to_vec_pretty(&doc)?;
            output::escape_json_for_terminal(&mut json);
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
    let report = jiancha_host::plugin::vectors::run(&mut host, &m.id, &text)?;
    for f in &report.failures {
        say!("失败 FAIL {f}");
    }
    say!("{} passed, {} failed", report.passed, report.failures.len());
    Ok(if report.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
