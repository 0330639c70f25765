//! `jiancha check` as a stream, in bounded memory.
//!
//! Pass 1 reads the input once, in chunks: a reader thread splits it into lines while the chunk before is parsed
//! and checked on every core (per-record rules and plugins); the engine keeps only each record's compact facts
//! ([`jiancha_core::Stream`]), and the lines that carry a finding or an error go to a spool file. After the
//! cross-record rules, pass 2 reads the spool back in input order and hands every output line, with its record's
//! facts, to the outputs. Memory grows with the reference data, the facts (about 84 bytes a record) and the
//! findings, never with the raw size of the records; stdin of any size works, since it is read once.
//!
//! JSON Lines, gzip-compressed JSON Lines and stdin stream; a JSON array, a pretty-printed single object, CSV and
//! XLSX are read whole (they are bounded: XLSX by Excel's row limit) and then go through the same passes.

use std::io::{BufRead, BufReader, BufWriter, Read, Seek, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use jiancha_core::batch::Rec;
use jiancha_core::engine::Pending;
use jiancha_core::finding::{LineError, Tally};
use jiancha_core::{Dataset, Input, OutputLine, Stream, first_pass};
use rayon::prelude::*;

use crate::formats::GZIP_MAX_DECOMPRESSED;
use crate::plugin::PluginHost;

/// Longest input line read (16 MiB); a longer one becomes an error line and the rest of the input is read on.
pub const MAX_LINE_BYTES: usize = 16 << 20;

/// Input lines per chunk of pass 1.
const CHUNK_LINES: usize = 4096;

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

/// Bytes of text per chunk of pass 1 (a chunk ends at this size or at [`CHUNK_LINES`] lines).
const CHUNK_BYTES: usize = 4 << 20;

/// One chunk of input for pass 1.
enum Chunk {
    /// JSON Lines: the lines' text one after the other (without line ends), and per line its number and its
    /// range in the text, or why it cannot be read.
    Lines { text: Vec<u8>, lines: Vec<(usize, Result<std::ops::Range<usize>, LineError>)> },
    /// Inputs already read (arrays, spreadsheets).
    Parsed(Vec<Input>),
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
}

impl Summary {
    fn add(&mut self, line: &OutputLine) {
        self.tally.add(line);
        for f in &line.findings {
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

/// Bytes of the input read so far and in all (when known), for progress.
#[derive(Debug, Default)]
struct Meter {
    bytes: AtomicU64,
    total: Option<u64>,
}

/// A reader that adds what it reads to a [`Meter`].
struct Metered<R> {
    inner: R,
    meter: Arc<Meter>,
}

impl<R: Read> Read for Metered<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.meter.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The input opened for streaming.
enum Source {
    /// JSON Lines text.
    Lines(Box<dyn BufRead + Send>),
    /// Inputs read whole.
    Whole(Vec<Input>),
}

/// Opens `input` (a path or `-`), choosing the format by the file name: spreadsheets are read whole
/// ([`crate::formats::read_table`]), `.gz` is gzip-compressed JSON Lines, anything else JSON Lines.
fn open(input: &str, meter: &mut Arc<Meter>) -> Result<Source> {
    let lower = input.to_lowercase();
    if let Some(inputs) = crate::formats::read_table(input)? {
        return Ok(Source::Whole(inputs));
    }
    let reader: Box<dyn Read + Send> = if input == "-" {
        Box::new(std::io::stdin())
    } else {
        let path = Path::new(input);
        if path.is_dir() {
            bail!(
                "输入 `{input}` 是一个目录，应为 JSON Lines 文件 / input `{input}` is a directory, expected a JSON Lines file"
            );
        }
        let file = std::fs::File::open(path).with_context(|| format!("无法读取输入文件 / cannot read input `{input}`"))?;
        *meter = Arc::new(Meter { bytes: AtomicU64::new(0), total: file.metadata().ok().map(|m| m.len()) });
        Box::new(file)
    };
    let metered = Metered { inner: reader, meter: meter.clone() };
    let buffered = BufReader::with_capacity(1 << 20, metered);
    let reader: Box<dyn BufRead + Send> = if lower.ends_with(".gz") && input != "-" {
        Box::new(BufReader::with_capacity(1 << 20, gzip(input, buffered)?))
    } else {
        Box::new(buffered)
    };
    sniff(reader)
}

/// A `BufRead` that counts the bytes its consumer has taken, so that a decompression error can name the offset.
struct Counting<R> {
    inner: R,
    consumed: u64,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.consumed += amt as u64;
        self.inner.consume(amt);
    }
}

/// A gzip decoder over a file, checked to start like gzip, with the decompressed size capped.
fn gzip<R: BufRead + Send + 'static>(input: &str, reader: R) -> Result<Gunzip<R>> {
    let size = std::fs::metadata(input).map(|m| m.len()).unwrap_or(0);
    let mut reader = Counting { inner: reader, consumed: 0 };
    let head = reader.fill_buf().with_context(|| format!("无法读取输入文件 / cannot read input `{input}`"))?;
    if head.is_empty() {
        bail!("`{input}` 是空文件，不是 gzip 文件 / is empty, not a gzip file");
    }
    if head.first() != Some(&0x1f) || head.get(1).is_some_and(|b| *b != 0x8b) {
        bail!("`{input}` 不是 gzip 文件（开头不是 1f 8b）/ is not a gzip file (it does not start with 1f 8b)");
    }
    Ok(Gunzip { inner: flate2::bufread::MultiGzDecoder::new(reader), out: 0, size, input: input.to_string() })
}

/// Decompresses, naming the damage (and the compressed byte where it is) and refusing a gzip bomb.
struct Gunzip<R: BufRead> {
    inner: flate2::bufread::MultiGzDecoder<Counting<R>>,
    out: u64,
    size: u64,
    input: String,
}

impl<R: BufRead> Read for Gunzip<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.inner.read(buf) {
            Ok(n) => {
                self.out += n as u64;
                if self.out > GZIP_MAX_DECOMPRESSED {
                    return Err(std::io::Error::other(format!(
                        "`{}` 解压后超过 {} GiB 上限，拒绝读取（可能是压缩炸弹）/ decompresses to more than {} GiB; refused (a gzip bomb?)",
                        self.input,
                        GZIP_MAX_DECOMPRESSED >> 30,
                        GZIP_MAX_DECOMPRESSED >> 30
                    )));
                }
                Ok(n)
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Err(e),
            Err(e) => {
                let truncated = e.kind() == std::io::ErrorKind::UnexpectedEof || e.to_string().contains("incomplete");
                let what = if truncated { "文件被截断 / the file is truncated" } else { "数据损坏 / the data is corrupt" };
                let offset = self.inner.get_ref().consumed;
                Err(std::io::Error::other(format!(
                    "无法解压 gzip 文件 `{}`：在压缩数据第 {offset} 字节处（共 {} 字节）出错，{what}；此前已解出 {} 字节，整个文件未检查 / cannot decompress `{}` at compressed byte {offset} of {} ({e}); {} bytes came out before it; nothing was checked",
                    self.input, self.size, self.out, self.input, self.size, self.out
                )))
            }
        }
    }
}

/// Looks at the start of JSON text: an array, or an object spread over several lines, is read whole; anything
/// else streams as JSON Lines.
fn sniff(mut reader: Box<dyn BufRead + Send>) -> Result<Source> {
    let mut head: Vec<u8> = Vec::new();
    // The first non-blank line (at most MAX_LINE_BYTES of it) decides.
    loop {
        let before = head.len();
        let n = (&mut reader).take(MAX_LINE_BYTES as u64).read_until(b'\n', &mut head).context("无法读取输入 / cannot read the input")?;
        let line = head.get(before..).unwrap_or_default();
        let text = String::from_utf8_lossy(line);
        let text = text.trim_start_matches('\u{feff}').trim();
        if n == 0 || !text.is_empty() {
            let starts_array = text.starts_with('[');
            let open_object = text.starts_with('{')
                && serde_json::from_str::<serde::de::IgnoredAny>(text).err().is_some_and(|e| e.is_eof());
            if starts_array || open_object {
                reader.read_to_end(&mut head).context("无法读取输入 / cannot read the input")?;
                return Ok(Source::Whole(crate::load::parse_bytes(&head)));
            }
            break;
        }
    }
    Ok(Source::Lines(Box::new(std::io::Cursor::new(head).chain(reader))))
}

/// Reads JSON Lines into chunks, on its own thread. A chunk's text buffer comes back through `recycled` once its
/// lines were checked, so that reading allocates (and the system zeroes) no new memory in the steady state.
fn read_lines(
    mut reader: Box<dyn BufRead + Send>,
    tx: std::sync::mpsc::SyncSender<Result<Chunk>>,
    recycled: std::sync::mpsc::Receiver<Vec<u8>>,
) {
    let fresh = |recycled: &std::sync::mpsc::Receiver<Vec<u8>>| {
        // A buffer that grew for a very long line is let go rather than kept in circulation.
        let mut text = recycled
            .try_recv()
            .ok()
            .filter(|t| t.capacity() <= 2 * CHUNK_BYTES)
            .unwrap_or_else(|| Vec::with_capacity(CHUNK_BYTES + (64 << 10)));
        text.clear();
        text
    };
    let mut text = fresh(&recycled);
    let mut lines: Vec<(usize, Result<std::ops::Range<usize>, LineError>)> = Vec::with_capacity(CHUNK_LINES);
    let mut line = 0usize;
    loop {
        line += 1;
        let start = text.len();
        let n = match (&mut reader).take(MAX_LINE_BYTES as u64 + 1).read_until(b'\n', &mut text) {
            Ok(n) => n,
            Err(e) => {
                let _ = tx.send(Err(anyhow!("{e}")));
                return;
            }
        };
        if n == 0 {
            break;
        }
        let got = text.get(start..).unwrap_or_default();
        if got.len() > MAX_LINE_BYTES && got.last() != Some(&b'\n') {
            text.truncate(start);
            // Skip the rest of an overlong line.
            let mut skipped = n as u64;
            loop {
                let (done, used) = match reader.fill_buf() {
                    Ok([]) => (true, 0),
                    Ok(b) => match b.iter().position(|c| *c == b'\n') {
                        Some(p) => (true, p + 1),
                        None => (false, b.len()),
                    },
                    Err(e) => {
                        let _ = tx.send(Err(anyhow!("{e}")));
                        return;
                    }
                };
                reader.consume(used);
                skipped += used as u64;
                if done {
                    break;
                }
            }
            let message = format!(
                "本行长 {skipped} 字节，超过 {} MiB 上限，未读取 / line of {skipped} bytes exceeds the {} MiB limit; not read",
                MAX_LINE_BYTES >> 20,
                MAX_LINE_BYTES >> 20
            );
            lines.push((line, Err(LineError { message, path: String::new() })));
        } else {
            let bytes = got.strip_suffix(b"\n").unwrap_or(got);
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            let skip = if line == 1 && bytes.starts_with("\u{feff}".as_bytes()) { 3 } else { 0 };
            let (from, to) = (start + skip, start + bytes.len());
            if bytes.get(skip..).unwrap_or_default().iter().all(u8::is_ascii_whitespace) {
                text.truncate(start);
                continue;
            }
            text.truncate(to);
            lines.push((line, Ok(from..to)));
        }
        if lines.len() >= CHUNK_LINES || text.len() >= CHUNK_BYTES {
            let chunk = Chunk::Lines {
                text: std::mem::replace(&mut text, fresh(&recycled)),
                lines: std::mem::replace(&mut lines, Vec::with_capacity(CHUNK_LINES)),
            };
            if tx.send(Ok(chunk)).is_err() {
                return;
            }
        }
    }
    if !lines.is_empty() {
        let _ = tx.send(Ok(Chunk::Lines { text, lines }));
    }
}

/// One line of pass 1 after its per-record rules: the input, its text's range in the chunk (for the plugins),
/// and its line so far.
type Parsed = (Input, Option<std::ops::Range<usize>>, OutputLine);

/// Parses a chunk and runs the per-record rules on every core; the result keeps the input order.
fn parse_chunk(ds: &Dataset, chunk: Chunk) -> (Vec<u8>, Vec<Parsed>) {
    let check = |input: Input, range: Option<std::ops::Range<usize>>| {
        let out = first_pass(ds, &input);
        (input, range, out)
    };
    match chunk {
        Chunk::Parsed(inputs) => (Vec::new(), inputs.into_par_iter().map(|i| check(i, None)).collect()),
        Chunk::Lines { text, lines } => {
            let parsed = lines
                .into_par_iter()
                .map(|(line, got)| match got {
                    Ok(range) => {
                        check(crate::load::parse_line(line, text.get(range.clone()).unwrap_or_default()), Some(range))
                    }
                    Err(error) => check(Input::Error { line, error }, None),
                })
                .collect();
            (text, parsed)
        }
    }
}

/// The spool of pass 1: lines with a finding or an error, in input order, as JSON Lines in a temporary file.
struct Spool {
    file: BufWriter<std::fs::File>,
    count: usize,
}

impl Spool {
    fn new() -> Result<Spool> {
        let file = tempfile::tempfile().context("无法创建临时文件 / cannot create a temporary file (TMPDIR)")?;
        Ok(Spool { file: BufWriter::with_capacity(1 << 20, file), count: 0 })
    }

    fn push(&mut self, p: &Pending) -> Result<()> {
        serde_json::to_writer(&mut self.file, p).context("临时文件 / spool")?;
        self.file.write_all(b"\n").context("无法写入临时文件 / cannot write the spool")?;
        self.count += 1;
        Ok(())
    }

    /// The spooled lines, in order, and how many were read back (checked against how many were written, so
    /// that a spool damaged on disk stops the run instead of dropping lines).
    fn read(self) -> Result<(impl Iterator<Item = Pending>, std::rc::Rc<std::cell::Cell<usize>>, usize)> {
        let written = self.count;
        let mut file = self.file.into_inner().map_err(|e| anyhow!("无法写入临时文件 / cannot write the spool: {e}"))?;
        file.rewind().context("临时文件 / spool")?;
        let read = std::rc::Rc::new(std::cell::Cell::new(0usize));
        let counter = read.clone();
        let lines = BufReader::with_capacity(1 << 20, file).lines();
        let pending = lines.map_while(|l| l.ok()).map_while(|l| serde_json::from_str::<Pending>(&l).ok()).inspect(move |_| {
            counter.set(counter.get() + 1);
        });
        Ok((pending, read, written))
    }
}

/// Progress on stderr.
struct Progress {
    mode: ProgressMode,
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
    last: Instant,
    meter: Arc<Meter>,
}

impl Progress {
    fn new(mode: ProgressMode, meter: Arc<Meter>) -> Progress {
        use std::io::IsTerminal;
        let mode = match mode {
            ProgressMode::Auto if std::io::stderr().is_terminal() => ProgressMode::Bar,
            ProgressMode::Auto => ProgressMode::Json,
            m => m,
        };
        let bar = (mode == ProgressMode::Bar).then(|| {
            let style = |t: &str| indicatif::ProgressStyle::with_template(t).unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            match meter.total {
                Some(total) => indicatif::ProgressBar::new(total).with_style(style(
                    "{spinner} 检查中 checking [{bar:30}] {bytes}/{total_bytes} {msg} · 剩余 ETA {eta}",
                )),
                None => indicatif::ProgressBar::new_spinner().with_style(style("{spinner} 检查中 checking {bytes} {msg}")),
            }
        });
        let now = Instant::now();
        Progress { mode, bar, started: now, last: now, meter }
    }

    fn update(&mut self, records: usize) {
        self.report(records, "read", false);
    }

    /// Shows progress; in JSON mode a line every two seconds, or now when `force`.
    fn report(&mut self, records: usize, phase: &str, force: bool) {
        let bytes = self.meter.bytes.load(Ordering::Relaxed);
        let elapsed = self.started.elapsed().as_secs_f64();
        let rate = if elapsed > 0.0 { records as f64 / elapsed } else { 0.0 };
        match (&self.bar, self.mode) {
            (Some(bar), _) if !bar.is_finished() => {
                bar.set_position(bytes);
                bar.set_message(format!("{records} 条 records · {rate:.0}/s"));
            }
            (None, ProgressMode::Json) if force || self.last.elapsed() >= Duration::from_secs(2) => {
                self.last = Instant::now();
                let line = serde_json::json!({ "progress": {
                    "phase": phase, "records": records, "bytes": bytes, "total_bytes": self.meter.total,
                    "elapsed_s": (elapsed * 10.0).round() / 10.0, "records_per_s": rate.round(),
                }});
                eprintln!("{line}");
            }
            _ => {}
        }
    }

    fn phase(&mut self, zh_en: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(zh_en.to_string());
        }
    }

    fn done(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Runs every rule (and the plugins) over `input`, handing each output line, with the record's facts when it
/// was readable, to `sink` in contract order: inspection lines in input order, then plan, agency, enterprise
/// and dataset lines.
pub fn check(
    input: &str,
    ds: &Dataset,
    mut plugins: Option<&mut PluginHost>,
    progress: ProgressMode,
    mut sink: impl FnMut(&OutputLine, Option<&Rec<'_>>) -> Result<()>,
) -> Result<Summary> {
    let started = Instant::now();
    // JIANCHA_TIMINGS=1: phase times and peak memory on stderr, for BENCHMARKS.md.
    let timings = std::env::var_os("JIANCHA_TIMINGS").is_some();
    if timings {
        eprintln!("timings: dataset loaded, peak memory {}", peak_memory());
    }
    let mut meter = Arc::new(Meter::default());
    let source = open(input, &mut meter)?;
    let mut progress = Progress::new(progress, meter);
    // Pass 1, in three stages that overlap: reading lines (a thread), parsing and per-record rules (a thread
    // that spreads each chunk over every core), and, here, plugins, facts and the spool in input order.
    let mut stream = Stream::new(ds);
    let mut spool = Spool::new()?;
    let mut lines = 0usize;
    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Chunk>>(2);
        let (recycle, recycled) = std::sync::mpsc::channel::<Vec<u8>>();
        match source {
            Source::Lines(r) => {
                scope.spawn(move || read_lines(r, tx, recycled));
            }
            Source::Whole(inputs) => {
                scope.spawn(move || {
                    let mut it = inputs.into_iter().peekable();
                    while it.peek().is_some() {
                        let chunk = Chunk::Parsed(it.by_ref().take(CHUNK_LINES).collect());
                        if tx.send(Ok(chunk)).is_err() {
                            return;
                        }
                    }
                });
            }
        }
        let (ptx, prx) = std::sync::mpsc::sync_channel::<Result<(Vec<u8>, Vec<Parsed>)>>(2);
        scope.spawn(move || {
            for chunk in rx {
                let parsed = chunk.map(|chunk| parse_chunk(ds, chunk));
                let failed = parsed.is_err();
                if ptx.send(parsed).is_err() || failed {
                    return;
                }
            }
        });
        for parsed in prx {
            let (text, parsed) = parsed?;
            let mut extra = match plugins.as_deref_mut() {
                Some(h) => {
                    let records: Vec<(usize, &jiancha_core::Inspection, Option<&str>)> = parsed
                        .iter()
                        .filter_map(|(i, range, _)| match i {
                            Input::Record { line, inspection } => {
                                // Only a record with sector data goes to a plugin: the others' text is not looked at.
                                let text = range
                                    .clone()
                                    .filter(|_| !inspection.sector_data.is_empty())
                                    .and_then(|r| text.get(r))
                                    .and_then(|t| std::str::from_utf8(t).ok());
                                Some((*line, &**inspection, text))
                            }
                            Input::Error { .. } => None,
                        })
                        .collect();
                    h.check(&records, |id| ds.enterprise(id))
                }
                None => Default::default(),
            };
            for (input, _, mut out) in parsed {
                lines += 1;
                let pending = match &input {
                    Input::Record { line, inspection } => {
                        if let Some(found) = extra.remove(line) {
                            out.findings.extend(found);
                        }
                        Pending::record(stream.push(*line, inspection), out)
                    }
                    Input::Error { .. } => Pending::error(stream.len(), out),
                };
                if !pending.line.is_clean() {
                    spool.push(&pending)?;
                }
            }
            // The buffer goes back to the reader (which may have finished: then it is dropped).
            let _ = recycle.send(text);
            progress.update(lines);
        }
        Ok(())
    })?;

    // Cross-record rules, then pass 2.
    let pass1 = started.elapsed();
    if timings {
        eprintln!("timings: after pass 1, peak memory {}", peak_memory());
    }
    progress.report(lines, "cross-record", true);
    progress.phase("跨记录规则 cross-record rules");
    let done = stream.finish();
    progress.done();
    let cross = started.elapsed();
    if timings {
        eprintln!("timings: after the cross-record rules, peak memory {}", peak_memory());
    }
    progress.report(lines, "write", true);
    let mut summary = Summary::default();
    let (pending, read, written) = spool.read()?;
    for (line, rec) in done.lines(pending) {
        summary.records += 1;
        if line.is_clean() {
            summary.clean += 1;
        }
        summary.add(&line);
        sink(&line, rec.as_ref())?;
    }
    if read.get() != written {
        bail!(
            "临时文件损坏：写入 {written} 行，读回 {} 行 / the spool file was damaged: {written} lines written, {} read back (TMPDIR)",
            read.get(),
            read.get()
        );
    }
    for line in done.scoped() {
        summary.add(line);
        sink(line, None)?;
    }
    summary.elapsed = started.elapsed();
    if timings {
        eprintln!(
            "timings: pass 1 {:.2} s, cross-record {:.2} s, pass 2 {:.2} s; peak memory {}",
            pass1.as_secs_f64(),
            (cross - pass1).as_secs_f64(),
            (summary.elapsed - cross).as_secs_f64(),
            peak_memory()
        );
    }
    Ok(summary)
}

/// The process's peak and current resident memory (/proc/self/status), for `JIANCHA_TIMINGS`.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .map(|s| {
            let field = |k: &str| s.lines().find(|l| l.starts_with(k)).map_or("?", |l| l.trim_start_matches(k).trim());
            format!("{} (resident now {})", field("VmHWM:"), field("VmRSS:"))
        })
        .unwrap_or_else(|| "?".to_string())
}
