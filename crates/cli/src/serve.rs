//! `jiancha serve`, `jiancha token` and `jiancha backup`/`restore`: the command line of the service. The service
//! is `jiancha-server`'s, the store `jiancha-store`'s; this file only reads arguments and prints.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use jiancha_server::{App, CheckLog, Config, demo};
use jiancha_store::{BundleFiles, Role, Store};

/// Where the service keeps its data.
#[derive(Debug, Args)]
pub struct StoreArgs {
    /// 数据目录（内置 SQLite）/ data directory of the embedded SQLite store (created when missing).
    #[arg(long, value_name = "DIR", default_value = "jiancha-data", conflicts_with = "database")]
    pub data: PathBuf,
    /// PostgreSQL 连接串 / PostgreSQL connection string (`postgres://user@127.0.0.1/jiancha`), instead of `--data`.
    #[arg(long, value_name = "URL", env = "JIANCHA_DATABASE")]
    pub database: Option<String>,
}

impl StoreArgs {
    pub fn open(&self) -> Result<Arc<dyn Store>> {
        if let Some(url) = &self.database {
            let pg = jiancha_store::postgres::Postgres::connect(url)?;
            return Ok(Arc::new(pg));
        }
        Ok(Arc::new(jiancha_store::sqlite::Sqlite::open(&self.data)?))
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// 监听地址 / address to listen on.
    #[arg(long, default_value = "127.0.0.1:8081")]
    pub listen: SocketAddr,
    /// 载入参考数据（数据集目录或 JSON 文件），作为新的版本 / load reference data (a dataset directory or JSON file) as a new bundle revision.
    #[arg(long, value_name = "PATH")]
    pub dataset: Option<PathBuf>,
    /// 演示：载入内置磐安县示例并打印各角色的演示令牌 / demo: load the built-in Pan'an example (when the store has no reference data) and print a token per role.
    #[arg(long)]
    pub demo: bool,
    /// 同时处理的请求数 / requests handled at once (more wait).
    #[arg(long, default_value_t = 256)]
    pub concurrency: usize,
    /// 每个令牌每秒请求上限 / requests per second per token.
    #[arg(long, default_value_t = 1000)]
    pub rate_limit: u32,
    /// 企业核码、评价接口每个地址每分钟请求上限 / requests a minute per client address to the enterprise's public
    /// endpoints (code verification, evaluation).
    #[arg(long, default_value_t = 30)]
    pub public_rate_limit: u32,
    /// 同一机构一年内被投诉达到此次数即向监督人员预警（0 为不预警）/ complaints about one agency in a year at which a
    /// supervisor alert is raised (0: never).
    #[arg(long, default_value_t = 2)]
    pub complaint_alert: usize,
    /// 部署在反向代理之后时，以 X-Forwarded-For 的最后一个地址为客户地址（仅在代理会追加该地址时使用）/ behind a
    /// reverse proxy that appends the client's address to X-Forwarded-For: rate-limit the public endpoints by it.
    #[arg(long)]
    pub trust_forwarded_for: bool,
    /// 预检的决定记录：durable（落盘后才答复，默认）或 buffered（交给登记线程即答复；停止时先写完，崩溃可能丢失最后一组预检记录，登记从不丢失）
    /// / decisions of checks that store nothing (`inspections:validate`, `plans:validate`): `durable` answers once
    /// the decision is on disk (default); `buffered` answers once it is handed to the filer (a stop writes them
    /// first; a crash can lose the last group's check decisions, never a filing).
    #[arg(long, value_name = "WHEN", default_value = "durable", value_parser = parse_check_log)]
    pub check_log: CheckLog,
    /// 存储与引擎工作的线程数 / threads for store and engine work (the store's reads, the checks, uploads). A few
    /// more than the cores: measured on 2 cores, 8 threads answer 30 % more checks than tokio's default of 512,
    /// whose idle threads each keep their own allocator pages (peak memory 680 -> 70 MiB).
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub blocking_threads: usize,
    /// Plugins: `--plugins DIR` installs that directory's plugins at start (verified as `jiancha check` verifies
    /// them); `--trust` and `--revoked` also decide which plugins the admin may install through the API.
    #[command(flatten)]
    pub plugins: crate::plugins::PluginArgs,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// 创建令牌（只显示一次）/ create a token (shown once).
    Create {
        #[command(flatten)]
        store: StoreArgs,
        /// 机构编号 / agency id of the dataset.
        #[arg(long)]
        agency: String,
        /// 角色 / role: officer, supervisor or admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// 说明 / label.
        #[arg(long, default_value = "")]
        label: String,
        /// 有效天数 / days until it expires (default: never).
        #[arg(long)]
        expires_days: Option<u32>,
    },
    /// 列出令牌 / list tokens (never their secrets).
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// 吊销令牌 / revoke a token.
    Revoke {
        #[command(flatten)]
        store: StoreArgs,
        /// 令牌编号（jct_ID_… 中的 ID）/ the token's id (ID in jct_ID_…).
        id: String,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| {
        format!("角色须为 officer、supervisor 或 admin / role must be officer, supervisor or admin, not `{s}`")
    })
}

fn dataset_bundle(path: &std::path::Path) -> Result<BundleFiles> {
    // Loaded by the batch crate's reader first, so that a bad dataset is refused with its file, line and field.
    jiancha_batch::load_dataset(path)?;
    if path.is_dir() {
        let mut files = Vec::new();
        for name in jiancha_core::dataset::FILES {
            let p = path.join(name);
            if p.is_file() {
                let text = jiancha_batch::load::read_bounded(
                    &p,
                    jiancha_batch::load::dataset_cap(name),
                    "数据集文件 / dataset file",
                )?;
                files.push(((*name).to_string(), text));
            }
        }
        Ok(BundleFiles::Files(files))
    } else {
        let text = jiancha_batch::load::read_bounded(
            path,
            jiancha_batch::load::DATASET_FILE_MAX,
            "数据集文件 / dataset file",
        )?;
        Ok(BundleFiles::Object(text))
    }
}

pub fn serve(args: ServeArgs) -> Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("JIANCHA_LOG")
                .unwrap_or_else(|_| "info,jiancha::http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let store = args.store.open()?;
    if let Some(path) = &args.dataset {
        let files = dataset_bundle(path)?;
        let info = store.put_bundle(&path.display().to_string(), "cli", &files)?;
        eprintln!("已载入参考数据 / reference data loaded: revision {} ({})", info.revision, path.display());
    } else if args.demo && store.current_bundle()?.is_none() {
        let info = store.put_bundle("磐安县示例 / Pan'an example", "cli", &demo::example_bundle())?;
        eprintln!("已载入内置示例 / built-in example loaded: revision {}", info.revision);
    }
    if let Some(set) = args.plugins.load()? {
        let installed = store.plugins()?;
        for p in &set.plugins {
            let text = std::fs::read_to_string(&p.manifest_path)
                .with_context(|| format!("无法读取 / cannot read `{}`", p.manifest_path.display()))?;
            let component = p.manifest.read_component(&p.manifest_path)?;
            if installed.iter().any(|i| i.id == p.info.id && i.sha256 == p.manifest.sha256) {
                continue;
            }
            store.put_plugin(&p.info.id, &text, Some(&component), "cli")?;
            eprintln!("已安装插件 / plugin installed: {} {}", p.info.id, p.info.version);
        }
        if let Some((id, why)) = set.broken.first() {
            bail!("插件 {id} 无法加载 / plugin `{id}` cannot be loaded: {why}");
        }
    }
    let config = Config {
        listen: args.listen,
        concurrency: args.concurrency.max(1),
        rate_per_token: args.rate_limit.max(1),
        plugins: args.plugins.service_config()?,
        check_log: args.check_log,
        public_per_minute: args.public_rate_limit.max(1),
        complaint_alert_at: args.complaint_alert,
        trust_forwarded: args.trust_forwarded_for,
        ..Config::default()
    };
    let app = App::new(store.clone(), &config)?;
    let tokens = if args.demo { demo::demo_tokens(&*store)? } else { Vec::new() };
    if args.demo && store.counts()?.0 == 0 {
        eprintln!("正在登记示例记录 / filing the example's records…");
        demo::seed(&app)?;
    }
    // The demo's visit of today, whose code an enterprise can verify at /verify.
    let demo_visit = if args.demo { store.record(demo::TODAY_VISIT)? } else { None };
    // Store calls block: made here, before the runtime, not in its callback.
    let (records, revisions) = store.counts()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(args.blocking_threads.max(2))
        .enable_all()
        .build()
        .context("tokio")?;
    runtime.block_on(jiancha_server::serve(app, config, |addr| {
        println!("jiancha serve 正在监听 / listening on http://{addr}");
        println!(
            "存储 / store: {} {} ({records} 条记录 / records, {revisions} 个版本 / revisions)",
            store.backend(),
            store.location()
        );
        for t in &tokens {
            println!("演示令牌 / demo token  {:<10} {:<5} {}", t.info.role.as_str(), t.info.agency, t.token);
        }
        if let Some(t) = tokens.first() {
            println!("例如 / e.g.: curl -H 'Authorization: Bearer {}' http://{addr}/v1/version", t.token);
        }
        println!("网页应用 / web app: http://{addr}/app/   企业核码 / enterprise's page: http://{addr}/verify");
        if let Some(r) = &demo_visit {
            let code = serde_json::from_str::<serde_json::Value>(&r.body)
                .ok()
                .and_then(|b| b.get("code").and_then(serde_json::Value::as_str).map(str::to_string));
            println!("演示行政行为码 / demo code  {}  企业 / enterprise {}", code.unwrap_or_default(), r.enterprise);
        }
    }))?;
    Ok(ExitCode::SUCCESS)
}

pub fn token(cmd: TokenCommand) -> Result<ExitCode> {
    match cmd {
        TokenCommand::Create { store, agency, role, label, expires_days } => {
            if expires_days.is_some_and(|d| d > jiancha_server::auth::TOKEN_DAYS_MAX) {
                bail!(
                    "有效期最长 {} 天 / a token lasts at most {} days",
                    jiancha_server::auth::TOKEN_DAYS_MAX,
                    jiancha_server::auth::TOKEN_DAYS_MAX
                );
            }
            let store = store.open()?;
            let Some(bundle) = store.current_bundle()? else {
                bail!(
                    "存储中没有参考数据，无法核对机构 / the store has no reference data to check the agency against: start `jiancha serve --dataset DIR` once"
                );
            };
            let ds = jiancha_server::load_bundle(&bundle.files).map_err(anyhow::Error::msg)?;
            if ds.agency(&agency).is_none() {
                bail!("参考数据中没有机构 `{agency}` / no agency `{agency}` in the reference data");
            }
            let t = jiancha_server::auth::new_token(&label, &agency, role, expires_days);
            store.put_token(&t.info)?;
            println!("{}", t.token);
            eprintln!(
                "令牌只显示这一次，请妥善保存 / the token is shown this once: keep it safe (id {}, {} of {}, expires {})",
                t.info.id,
                role.as_str(),
                agency,
                t.info.expires_at.as_deref().unwrap_or("never")
            );
        }
        TokenCommand::List { store } => {
            for t in store.open()?.tokens()? {
                let state = if t.revoked_at.is_some() { "revoked" } else { "active" };
                crate::say!(
                    "{}\t{}\t{}\t{}\t{}\texpires {}\t{}",
                    t.id,
                    t.role.as_str(),
                    t.agency,
                    state,
                    t.created_at,
                    t.expires_at.as_deref().unwrap_or("never"),
                    t.label
                );
            }
        }
        TokenCommand::Revoke { store, id } => {
            if !store.open()?.revoke_token(&id)? {
                bail!("没有令牌 `{id}` / no token `{id}`");
            }
            eprintln!("已吊销 / revoked: {id}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn backup(data: PathBuf, to: PathBuf) -> Result<ExitCode> {
    if to.exists() {
        bail!("`{}` 已存在，不覆盖 / `{}` exists: not overwritten", to.display(), to.display());
    }
    if !data.join(jiancha_store::sqlite::FILE).is_file() {
        bail!("`{}` 中没有 Jiancha 数据库 / no Jiancha store in `{}`", data.display(), data.display());
    }
    jiancha_store::sqlite::Sqlite::open(&data)?.backup(&to)?;
    eprintln!("已备份 / backed up to {}", to.display());
    Ok(ExitCode::SUCCESS)
}

pub fn restore(from: PathBuf, data: PathBuf) -> Result<ExitCode> {
    jiancha_store::sqlite::Sqlite::restore(&from, &data)?;
    eprintln!("已恢复 / restored {} into {}", from.display(), data.display());
    Ok(ExitCode::SUCCESS)
}

fn parse_check_log(s: &str) -> Result<CheckLog, String> {
    match s {
        "durable" => Ok(CheckLog::Durable),
        "buffered" => Ok(CheckLog::Buffered),
        _ => Err(format!("应为 durable 或 buffered / expected durable or buffered, got `{s}`")),
    }
}
