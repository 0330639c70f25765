//! `jiancha check`: the batch run from the command line.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::ValueEnum;
use jiancha_batch::Records;
use jiancha_output::outfile::{self, Output};
use jiancha_output::{CheckFormat, Report, Sink, Tee, term};

use crate::plugins::PluginArgs;
use crate::progress::{ProgressMode, Stderr};

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
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
    /// Mapping profile (TOML) of a CSV or XLSX export whose columns are not the documented ones: names resolved
    /// to ids, Chinese labels, separators, true/false words, date formats (docs/profiles.md; `jiancha map --infer`
    /// proposes one).
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// Fail (exit 3) when more than this percentage of the inspection lines cannot be read; the outputs are still
    /// written, each opening with the data-quality banner.
    #[arg(long, value_name = "PERCENT", default_value_t = 1.0)]
    max_unreadable: f64,
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
    /// The county or office the report is made for, named in its heading (`磐安县人民政府办公室`).
    #[arg(long, value_name = "TEXT", requires = "report")]
    report_unit: Option<String>,
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

/// Exit status when more of the input could not be read than `--max-unreadable` allows.
pub const EXIT_UNREADABLE: u8 = 3;

/// Runs `jiancha check`: exit 0; 1 when `--deny` finds what it denies; 3 when too much of the input could not be
/// read.
pub fn run(args: CheckArgs) -> Result<ExitCode> {
    if !(0.0..=100.0).contains(&args.max_unreadable) {
        anyhow::bail!("--max-unreadable 应为 0 到 100 之间的百分比 / --max-unreadable is a percentage from 0 to 100");
    }
    // An output must not be an input: `--output records.jsonl` would empty the records before they are read.
    let mut inputs: Vec<PathBuf> = outfile::dataset_files(&args.dataset);
    if args.input != "-" {
        inputs.push(PathBuf::from(&args.input));
    }
    inputs.extend(args.policy.iter().cloned());
    inputs.extend(args.profile.iter().cloned());
    inputs.extend(args.plugins.files());
    let outputs: Vec<(&str, &Path)> = [("--output", args.output.as_deref()), ("--report", args.report.as_deref())]
        .into_iter()
        .filter_map(|(opt, p)| Some((opt, p?)))
        .collect();
    outfile::refuse_overlap(&inputs, &outputs)?;
    let (mut ds, notes) = jiancha_batch::load::load_dataset_with_notes(&args.dataset)?;
    for note in notes {
        crate::tell!("警告 / warning: {note}");
    }
    if let Some(p) = &args.policy {
        // A regular file of bounded size: a FIFO or /dev/zero given by mistake must not hang or fill memory.
        let text = jiancha_batch::load::read_bounded(p, jiancha_batch::load::POLICY_MAX, "政策文件 / policy file")?;
        ds.policy.apply_toml(&p.display().to_string(), &text)?;
    }
    let profile = args.profile.as_deref().map(jiancha_batch::profile::Profile::read).transpose()?;
    let set = args.plugins.load()?;
    if let Some(set) = set.as_ref().filter(|_| !args.quiet) {
        crate::plugins::describe_loaded(set);
    }
    let to_file = args.format.needs_file();
    if to_file && args.output.is_none() {
        anyhow::bail!("--format xlsx 与 parquet 需要 --output 文件 / --format xlsx and parquet need --output FILE");
    }
    // Where outputs go: temporary files beside their destinations, made before the run so that a bad path fails
    // at once, and renamed over the destinations only when the run succeeds (a killed or failed run leaves the
    // old files as they were).
    let out_file = args.output.as_deref().map(Output::create).transpose()?;
    let report_file = args.report.as_deref().map(Output::create).transpose()?;
    let out: Box<dyn Write> = match &out_file {
        _ if to_file => Box::new(std::io::sink()),
        Some(f) => Box::new(BufWriter::with_capacity(1 << 20, f.writer()?)),
        None => Box::new(BufWriter::with_capacity(1 << 20, std::io::stdout().lock())),
    };
    let mut sinks: Vec<Box<dyn Sink + '_>> =
        vec![jiancha_output::sink(args.format, out, out_file.as_ref().map(|f| f.path().to_path_buf()), &ds)?];
    if let Some(f) = &report_file {
        sinks.push(Box::new(Report::new(BufWriter::new(f.writer()?), &ds).unit(args.report_unit.clone())));
    }
    let mut sink = Box::new(Tee(sinks));
    let progress = if args.quiet && args.progress == ProgressMode::Auto { ProgressMode::None } else { args.progress };
    let mut run = set.as_ref().map(|s| s.run());
    let plugins = run.as_mut().map(|r| r as &mut dyn jiancha_batch::Plugins);
    let summary = jiancha_batch::check(
        Records::arg(&args.input).with_profile(profile),
        &ds,
        plugins,
        &mut Stderr::new(progress),
        &mut *sink,
    )?;
    sink.finish(&summary)?;
    if let Some(f) = out_file {
        f.commit()?;
    }
    if let Some(run) = &run {
        crate::plugins::describe_run(run, args.quiet);
    }
    let notices = set.iter().flat_map(|s| &s.notices).chain(run.iter().flat_map(|r| &r.notices));
    for notice in notices {
        eprintln!("警告 / warning: {}", term(notice));
    }
    if let Some(f) = report_file {
        f.commit()?;
    }
    if !args.quiet {
        let infos: Vec<_> = set.iter().flat_map(|s| s.plugins.iter().map(|p| p.info.clone())).collect();
        eprint!("{}", jiancha_output::text::summary(&summary, &infos));
    }
    // Under --deny an unreadable line fails the run too: a gate must not pass on input it could not check.
    let t = summary.tally;
    let denied = match args.deny {
        Some(Deny::Violation) => t.errors > 0 || t.violation > 0,
        Some(Deny::Warning) => t.errors > 0 || t.violation > 0 || t.warning > 0,
        None => false,
    };
    // Input that was not understood never passes for a result: above the threshold the run fails on its own code.
    let percent = summary.quality.unreadable_percent(summary.records);
    if percent > args.max_unreadable {
        eprintln!(
            "错误 / error: {:.1}% 的记录无法读取，超过 --max-unreadable {}%；结果不可作为检查结论 / {percent:.1}% of the records could not be read, above --max-unreadable {}%: the results are not a finding on the input",
            percent, args.max_unreadable, args.max_unreadable
        );
        return Ok(ExitCode::from(EXIT_UNREADABLE));
    }
    Ok(if denied { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
