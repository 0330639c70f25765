//! `jiancha-batch`: a whole batch of inspection records checked in bounded memory.
//!
//! It owns the sources ([`Records`]: a path, stdin, bytes or a reader; JSON Lines, gzip, a JSON array, CSV,
//! XLSX), the streaming pipeline (pass 1 on every core, the spool, the cross-record rules, pass 2) and the reading
//! of reference data from disk ([`load`]: bounded reads of regular files). What a run produces goes to a
//! [`LineSink`], how far it has got to a [`Progress`], and sector plugins are reached through [`Plugins`].
//!
//! It may not: parse command lines, write to stderr or stdout, read environment variables, or know wasmtime.
//! The rules are `jiancha-core`'s; the output formats are `jiancha-output`'s; plugins are `jiancha-plugin-host`'s.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use jiancha_core::batch::Rec;
use jiancha_core::finding::Tally;
use jiancha_core::{Dataset, Finding, Inspection, OutputLine};

pub mod load;
pub mod profile;
pub mod run;
pub mod tables;

pub use load::{load_dataset, read_inputs};
pub use run::{MAX_LINE_BYTES, check};

/// Where the records of a run come from. The name (a path, `-`, or what the caller calls them) chooses the
/// format by its extension (`.csv`, `.xlsx`, `.gz`; anything else is JSON) and names the input in messages.
#[derive(Debug)]
pub struct Records {
    pub(crate) name: String,
    pub(crate) from: records::From,
    /// How a CSV or XLSX export's columns are read, when it is not in the documented mapping.
    pub(crate) profile: Option<profile::Profile>,
}

pub(crate) mod records {
    /// The bytes behind [`super::Records`].
    pub enum From {
        Path(std::path::PathBuf),
        Stdin,
        Bytes(Vec<u8>),
        Reader(Box<dyn std::io::Read + Send>),
    }

    impl std::fmt::Debug for From {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                From::Path(p) => write!(f, "Path({})", p.display()),
                From::Stdin => f.write_str("Stdin"),
                From::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
                From::Reader(_) => f.write_str("Reader"),
            }
        }
    }
}

impl Records {
    /// The command line's argument: a path, or `-` for stdin.
    pub fn arg(input: &str) -> Records {
        if input == "-" { Records::stdin() } else { Records::path(input) }
    }

    /// A file.
    pub fn path(path: impl Into<PathBuf>) -> Records {
        let path = path.into();
        Records { name: path.display().to_string(), from: records::From::Path(path), profile: None }
    }

    /// Standard input (JSON Lines, or one JSON object or array).
    pub fn stdin() -> Records {
        Records { name: "-".to_string(), from: records::From::Stdin, profile: None }
    }

    /// Bytes in memory, called `name` (whose extension chooses the format).
    pub fn bytes(name: &str, bytes: impl Into<Vec<u8>>) -> Records {
        Records { name: name.to_string(), from: records::From::Bytes(bytes.into()), profile: None }
    }

    /// A reader (a socket, a request body), called `name`.
    pub fn reader(name: &str, reader: Box<dyn std::io::Read + Send>) -> Records {
        Records { name: name.to_string(), from: records::From::Reader(reader), profile: None }
    }

    /// Read with a mapping profile (CSV and XLSX; refused for JSON, which is the contract itself).
    pub fn with_profile(mut self, profile: Option<profile::Profile>) -> Records {
        self.profile = profile;
        self
    }

    /// What the records are called in messages.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Why a run stopped. Each message names what to fix, in Chinese and English.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The input could not be read as a whole: a format refused by its name, damaged gzip or array, a CSV row or a
    /// pretty-printed object past its cap, an XLSX past its caps, a missing file. (A bad record is not an error:
    /// it is an error line of the output.)
    #[error("{0:#}")]
    Input(anyhow::Error),
    /// The sink refused a line (an output that cannot be written).
    #[error("{0:#}")]
    Sink(anyhow::Error),
    /// The run's own machinery failed: its temporary spool file (`TMPDIR`).
    #[error("{0:#}")]
    Internal(anyhow::Error),
}

/// Where the output lines of a run go, in contract order, each with its record's facts when it was readable.
pub trait LineSink {
    /// One output line.
    fn line(&mut self, line: &OutputLine, record: Option<&Rec<'_>>) -> Result<()>;
}

/// Every line kept in memory.
impl LineSink for Vec<OutputLine> {
    fn line(&mut self, line: &OutputLine, _: Option<&Rec<'_>>) -> Result<()> {
        self.push(line.clone());
        Ok(())
    }
}

/// A closure as a [`LineSink`].
#[derive(Debug)]
pub struct FnSink<F>(pub F);

impl<F: FnMut(&OutputLine, Option<&Rec<'_>>) -> Result<()>> LineSink for FnSink<F> {
    fn line(&mut self, line: &OutputLine, record: Option<&Rec<'_>>) -> Result<()> {
        (self.0)(line, record)
    }
}

/// How far a run has got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tick {
    /// Input lines (records and unreadable lines) read.
    pub records: usize,
    /// Input bytes read.
    pub bytes: u64,
    /// Input bytes in all, when known.
    pub total_bytes: Option<u64>,
}

/// The phases of a run, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Pass 1: reading, parsing, per-record rules and plugins.
    Read,
    /// The cross-record rules (frequency, plan use, alerts), once every record is read.
    CrossRecord,
    /// Pass 2: output lines handed to the sink.
    Write,
    /// The run is over.
    Done,
}

impl Phase {
    /// The phase's name in machine-readable progress.
    pub fn key(self) -> &'static str {
        match self {
            Phase::Read => "read",
            Phase::CrossRecord => "cross-record",
            Phase::Write => "write",
            Phase::Done => "done",
        }
    }
}

/// Told how far a run has got. Every method has an empty default; `()` shows nothing.
pub trait Progress {
    /// After each chunk of pass 1.
    fn read(&mut self, _at: Tick) {}
    /// When a phase starts.
    fn phase(&mut self, _phase: Phase, _at: Tick) {}
}

impl Progress for () {}

/// Sector plugins run on each chunk of records in pass 1 (implemented by `jiancha-plugin-host`).
pub trait Plugins {
    /// Findings per record position for `records`: (position, inspection, the record's JSON text when the caller
    /// has it).
    fn check<'a>(
        &mut self,
        records: &[(usize, &'a Inspection, Option<&str>)],
        ds: &'a Dataset,
    ) -> HashMap<usize, Vec<Finding>>;
}

/// What a run counted.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Findings by rule: count and severity.
    pub by_rule: std::collections::BTreeMap<String, (usize, jiancha_core::Severity)>,
    /// Inspection lines (one per non-blank input line).
    pub records: usize,
    /// Inspection lines with neither a finding nor an error.
    pub clean: usize,
    /// Findings by severity, unreadable lines.
    pub tally: Tally,
    /// Wall time.
    pub elapsed: Duration,
    /// How much of the input could be read, and why not.
    pub quality: Quality,
}

/// The data-quality section of a run: what could not be read or resolved, and what the run never used.
#[derive(Clone, Debug, Default)]
pub struct Quality {
    /// The mapping profile the input was read with.
    pub profile: Option<String>,
    /// Inspection lines that could not be read (as the tally's `errors`), and the first of them: (line, message).
    pub unreadable: usize,
    pub first_unreadable: Vec<(usize, String)>,
    /// References of the export that named nothing in the dataset (or several things), per reference.
    pub unresolved: Vec<profile::Unresolved>,
    /// Columns of the export the run never used.
    pub unused: Vec<profile::Unused>,
    /// References of readable records to what the dataset lacks (`data.unknown-reference`), one entry per missing
    /// reference: its message, the records that name it, and the first of their lines.
    pub missing: std::collections::BTreeMap<String, (usize, usize)>,
}

impl Quality {
    /// How many of the first unreadable lines are kept as examples.
    pub const EXAMPLES: usize = 5;

    /// Unreadable lines per 100 inspection lines (0 with none).
    pub fn unreadable_percent(&self, records: usize) -> f64 {
        if records == 0 { 0.0 } else { self.unreadable as f64 * 100.0 / records as f64 }
    }

    /// Whether the input itself was not fully understood: lines unreadable, names unresolved, columns unused.
    pub fn input_problems(&self) -> bool {
        self.unreadable > 0 || !self.unresolved.is_empty() || self.unused.iter().any(|u| !u.ignored)
    }

    /// Whether anything of the input was not understood, or names what the dataset lacks (then every report opens
    /// with a banner).
    pub fn has_problems(&self) -> bool {
        self.unreadable > 0
            || !self.unresolved.is_empty()
            || self.unused.iter().any(|u| !u.ignored)
            || !self.missing.is_empty()
    }
}

impl Summary {
    pub(crate) fn add(&mut self, line: &OutputLine) {
        self.tally.add(line);
        if let Some(e) = &line.error {
            self.quality.unreadable += 1;
            if self.quality.first_unreadable.len() < Quality::EXAMPLES {
                self.quality.first_unreadable.push((line.line.unwrap_or(0), e.message.clone()));
            }
        }
        for f in &line.findings {
            if line.scope == jiancha_core::Scope::Inspection && f.rule.as_ref() == "data.unknown-reference" {
                let at = line.line.unwrap_or(0);
                let e = self.quality.missing.entry(f.message.clone()).or_insert((0, at));
                e.0 += 1;
                e.1 = e.1.min(at);
            }
            match self.by_rule.get_mut(f.rule.as_ref()) {
                Some(e) => e.0 += 1,
                None => {
                    self.by_rule.insert(f.rule.to_string(), (1, f.severity));
                }
            }
        }
    }

    /// Records per second.
    pub fn rate(&self) -> f64 {
        let s = self.elapsed.as_secs_f64();
        if s > 0.0 { self.records as f64 / s } else { 0.0 }
    }
}
