//! Progress of `jiancha check` on stderr: a bar on a terminal, JSON lines every two seconds otherwise; with
//! `JIANCHA_TIMINGS=1`, phase times and peak memory as well (for BENCHMARKS.md).

use std::time::{Duration, Instant};

use jiancha_batch::{Phase, Tick};

/// How progress is shown on stderr.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ProgressMode {
    /// A bar when stderr is a terminal, JSON lines every few seconds otherwise.
    Auto,
    /// A bar with rate and ETA.
    Bar,
    /// One JSON object per line every two seconds: `{"progress":{"records":…,"bytes":…,…}}`.
    Json,
    /// Nothing.
    None,
}

/// Progress on stderr, as a [`jiancha_batch::Progress`].
#[derive(Debug)]
pub struct Stderr {
    mode: ProgressMode,
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
    last: Instant,
    /// When each phase began, for `JIANCHA_TIMINGS`.
    timings: Option<Vec<(Phase, Instant)>>,
}

impl Stderr {
    pub fn new(mode: ProgressMode) -> Stderr {
        use std::io::IsTerminal;
        let mode = match mode {
            ProgressMode::Auto if std::io::stderr().is_terminal() => ProgressMode::Bar,
            ProgressMode::Auto => ProgressMode::Json,
            m => m,
        };
        let now = Instant::now();
        let timings = std::env::var_os("JIANCHA_TIMINGS").is_some().then(Vec::new);
        if timings.is_some() {
            eprintln!("timings: dataset loaded, peak memory {}", peak_memory());
        }
        Stderr { mode, bar: None, started: now, last: now, timings }
    }

    fn bar(total: Option<u64>) -> indicatif::ProgressBar {
        let style = |t: &str| {
            indicatif::ProgressStyle::with_template(t).unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        };
        match total {
            Some(total) => indicatif::ProgressBar::new(total)
                .with_style(style("{spinner} 检查中 checking [{bar:30}] {bytes}/{total_bytes} {msg} · 剩余 ETA {eta}")),
            None => indicatif::ProgressBar::new_spinner().with_style(style("{spinner} 检查中 checking {bytes} {msg}")),
        }
    }

    /// Shows progress; in JSON mode a line every two seconds, or now when `force`.
    fn report(&mut self, at: Tick, phase: &str, force: bool) {
        let elapsed = self.started.elapsed().as_secs_f64();
        let rate = if elapsed > 0.0 { at.records as f64 / elapsed } else { 0.0 };
        match (&self.bar, self.mode) {
            (Some(bar), _) if !bar.is_finished() => {
                bar.set_position(at.bytes);
                bar.set_message(format!("{} 条 records · {rate:.0}/s", at.records));
            }
            (None, ProgressMode::Json) if force || self.last.elapsed() >= Duration::from_secs(2) => {
                self.last = Instant::now();
                let line = serde_json::json!({ "progress": {
                    "phase": phase, "records": at.records, "bytes": at.bytes, "total_bytes": at.total_bytes,
                    "elapsed_s": (elapsed * 10.0).round() / 10.0, "records_per_s": rate.round(),
                }});
                eprintln!("{line}");
            }
            _ => {}
        }
    }

    fn timings(&mut self, phase: Phase) {
        let Some(t) = self.timings.as_mut() else { return };
        t.push((phase, Instant::now()));
        match phase {
            Phase::Read => {}
            Phase::CrossRecord => eprintln!("timings: after pass 1, peak memory {}", peak_memory()),
            Phase::Write => eprintln!("timings: after the cross-record rules, peak memory {}", peak_memory()),
            Phase::Done => {
                let at = |p: Phase| t.iter().find(|(q, _)| *q == p).map_or(self.started, |(_, i)| *i);
                let secs = |a: Instant, b: Instant| b.saturating_duration_since(a).as_secs_f64();
                // Pass 1 from the start of the run: opening the input is part of it (an XLSX is read whole there).
                let (read, cross, write, done) =
                    (self.started, at(Phase::CrossRecord), at(Phase::Write), at(Phase::Done));
                eprintln!(
                    "timings: pass 1 {:.2} s, cross-record {:.2} s, pass 2 {:.2} s; peak memory {}",
                    secs(read, cross),
                    secs(cross, write),
                    secs(write, done),
                    peak_memory()
                );
            }
        }
    }
}

impl jiancha_batch::Progress for Stderr {
    fn read(&mut self, at: Tick) {
        self.report(at, "read", false);
    }

    fn phase(&mut self, phase: Phase, at: Tick) {
        self.timings(phase);
        match phase {
            Phase::Read => {
                if self.mode == ProgressMode::Bar {
                    self.bar = Some(Stderr::bar(at.total_bytes));
                }
            }
            Phase::CrossRecord => {
                self.report(at, "cross-record", true);
                if let Some(bar) = &self.bar {
                    bar.set_message("跨记录规则 cross-record rules");
                }
            }
            Phase::Write => {
                if let Some(bar) = &self.bar {
                    bar.finish_and_clear();
                }
                self.report(at, "write", true);
            }
            Phase::Done => {}
        }
    }
}

/// The process's peak and current resident memory (/proc/self/status), for `JIANCHA_TIMINGS`.
pub fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .map(|s| {
            let field = |k: &str| s.lines().find(|l| l.starts_with(k)).map_or("?", |l| l.trim_start_matches(k).trim());
            format!("{} (resident now {})", field("VmHWM:"), field("VmRSS:"))
        })
        .unwrap_or_else(|| "?".to_string())
}
