//! `jiancha`: checks enterprise inspection plans and records against the rules on arbitrary inspections.
//!
//! Exit codes: 0 the run completed; 1 `--deny` was given and a finding of that severity (or worse) exists, or a
//! line could not be read;
//! 2 the run could not start (unreadable dataset, bad policy, missing file), with a message that says what to fix.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use jiancha_core::{Engine, Severity};
use jiancha_host::output::{self, CheckFormat, RulesFormat};
use jiancha_host::{load_dataset, read_inputs};

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
    /// 列出规则目录 / list the rule catalogue.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
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
    /// Inspection records: a JSON Lines file (or one JSON object or array), or `-` for stdin.
    #[arg(value_name = "INPUT")]
    input: String,
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
        Command::Rules { format } => {
            print(&output::rules(format));
            Ok(ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误 / error: {e:#}");
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
    let started = Instant::now();
    let mut ds = load_dataset(&args.dataset)?;
    if let Some(p) = &args.policy {
        let text = std::fs::read_to_string(p)
            .with_context(|| format!("无法读取政策文件 / cannot read the policy file `{}`", p.display()))?;
        ds.policy.apply_toml(&p.display().to_string(), &text)?;
    }
    let inputs = read_inputs(&args.input)?;
    let report = Engine::new(&ds).check(inputs);
    let text = output::render(&report, args.format);
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("无法写入输出文件 / cannot write `{}`", path.display()))?,
        None => print(&text),
    }
    if !args.quiet {
        eprint!("{}", output::summary(&report, started.elapsed()));
    }
    let worst = report.lines.iter().flat_map(|l| &l.findings).map(|f| f.severity).max();
    // Under --deny an unreadable line fails the run too: a gate must not pass on input it could not check.
    let denied = args.deny.is_some() && report.tally.errors > 0
        || match (args.deny, worst) {
            (Some(Deny::Violation), Some(w)) => w >= Severity::Violation,
            (Some(Deny::Warning), Some(w)) => w >= Severity::Warning,
            _ => false,
        };
    Ok(if denied { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
