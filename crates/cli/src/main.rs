//! `jiancha`: checks enterprise inspection plans and records against the rules on arbitrary inspections.
//!
//! Exit codes: 0 the run completed; 1 `--deny` was given and a finding of that severity (or worse) exists, or a
//! line could not be read; 2 the run could not start (unreadable dataset, bad policy, missing file), with a
//! message that says what to fix.
//!
//! This crate holds the command line only: the batch run is `jiancha-batch`'s, the outputs `jiancha-output`'s,
//! the plugins `jiancha-plugin-host`'s and every rule `jiancha-core`'s.

mod check;
mod plugins;
mod progress;
mod serve;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use jiancha_output::{RulesFormat, term};

/// mimalloc: the per-record work allocates many small strings on every core at once, where it is markedly
/// faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `println!` for text that may hold values from files or plugins: terminal control characters are shown, not
/// obeyed ([`term`]).
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => { println!("{}", jiancha_output::term(&format!($($arg)*))) };
}

/// `eprintln!` with the same cleaning as [`say!`].
#[macro_export]
macro_rules! tell {
    ($($arg:tt)*) => { eprintln!("{}", jiancha_output::term(&format!($($arg)*))) };
}

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
    Check(check::CheckArgs),
    /// 列出规则目录 / list the rule catalogue (built-in rules, and those of the plugins of `--plugins`).
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
        #[command(flatten)]
        plugins: plugins::PluginArgs,
    },
    /// 导出映射 / mapping profiles for county exports (CSV, XLSX): `--infer` proposes one from a file.
    Map {
        /// Propose a profile from this file's headers and first rows (printed, for a person to review).
        #[arg(long, value_name = "FILE")]
        infer: std::path::PathBuf,
        /// Dataset whose ids the file's columns may already hold (then no name resolution is proposed).
        #[arg(long, value_name = "PATH")]
        dataset: Option<std::path::PathBuf>,
    },
    /// 部门插件 / department plugins: scaffold, build, sign, verify, test, list.
    #[command(subcommand)]
    Plugin(plugins::PluginCommand),
    /// 运行检查服务 / run the inspection service (HTTP API, history, identities, live alerts).
    Serve(serve::ServeArgs),
    /// 服务的 API 令牌 / the service's API tokens: create, list, revoke.
    #[command(subcommand)]
    Token(serve::TokenCommand),
    /// 备份内置 SQLite 存储（服务可继续运行）/ back up the embedded SQLite store (the service may keep running).
    Backup {
        /// 数据目录 / data directory.
        #[arg(long, default_value = "jiancha-data")]
        data: std::path::PathBuf,
        /// 备份文件（不得已存在）/ the backup file (must not exist).
        to: std::path::PathBuf,
    },
    /// 从备份恢复内置 SQLite 存储（须先停止服务）/ restore the embedded SQLite store from a backup (stop the service first).
    Restore {
        /// 数据目录 / data directory.
        #[arg(long, default_value = "jiancha-data")]
        data: std::path::PathBuf,
        /// 备份文件 / the backup file.
        from: std::path::PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules { format, plugins } => plugins.load().map(|host| {
            let infos: Vec<_> = host.iter().flat_map(|h| h.plugins.iter().map(|p| p.info.clone())).collect();
            print(&jiancha_output::text::rules(format, &infos));
            ExitCode::SUCCESS
        }),
        Command::Map { infer, dataset } => (|| {
            let ds = dataset.as_deref().map(jiancha_batch::load::load_dataset).transpose()?;
            let rows = jiancha_batch::tables::first_rows(&infer, 60)?;
            if rows.is_empty() {
                anyhow::bail!("`{}` 是空文件 / is empty", infer.display());
            }
            print(&jiancha_batch::profile::infer(&infer.display().to_string(), &rows, ds.as_ref()));
            Ok(ExitCode::SUCCESS)
        })(),
        Command::Plugin(cmd) => plugins::run(cmd),
        Command::Serve(args) => serve::serve(args),
        Command::Token(cmd) => serve::token(cmd),
        Command::Backup { data, to } => serve::backup(data, to),
        Command::Restore { data, from } => serve::restore(from, data),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误 / error: {}", term(&format!("{e:#}")));
            if std::env::var_os("JIANCHA_TIMINGS").is_some() {
                // Even a run that stops says how much memory it took (the hostile-input tests read it).
                eprintln!("timings: stopped by the error, peak memory {}", progress::peak_memory());
            }
            ExitCode::from(2)
        }
    }
}

/// Prints `s` on stdout; a closed pipe (e.g. `| head`) is not an error worth reporting.
fn print(s: &str) {
    let _ = std::io::stdout().lock().write_all(s.as_bytes());
}
