//! `jiancha check` as a stream, in bounded memory.
//!
//! Pass 1 reads the input once, in chunks: a reader thread splits it into lines while the chunk before is parsed
//! and checked on every core (per-record rules and plugins); the engine keeps only each record's compact facts
//! ([`jiancha_core::Stream`]), and the lines that carry a finding or an error go to a spool file. After the
//! cross-record rules, pass 2 reads the spool back in input order and hands every output line, with its record's
//! facts, to the outputs. Memory grows with the reference data, the facts (about 84 bytes a record) and the
//! findings, never with the raw size of the records; stdin of any size works, since it is read once.
//!
//! JSON Lines, gzip-compressed JSON, stdin, a JSON array (element by element) and CSV (row by row) stream, each
//! line, element or row at most [`MAX_LINE_BYTES`]; a pretty-printed single object (at most [`MAX_LINE_BYTES`])
//! and XLSX (at most `tables::XLSX_MAX_FILE`) are read whole and then go through the same passes. Blank lines
//! are counted, never kept, wherever they are.

use std::io::{BufRead, BufReader, BufWriter, Read, Seek, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use jiancha_core::engine::Pending;
use jiancha_core::finding::LineError;
use jiancha_core::{Dataset, Input, OutputLine, Stream, first_pass};

use crate::profile::Mapping;
use rayon::prelude::*;

use crate::tables::GZIP_MAX_DECOMPRESSED;
use crate::{LineSink, Phase, Plugins, Progress, Records, RunError, Summary, Tick};

/// Longest input line read (16 MiB); a longer one becomes an error line and the rest of the input is read on.
pub const MAX_LINE_BYTES: usize = 16 << 20;

/// Input lines per chunk of pass 1.
const CHUNK_LINES: usize = 4096;

/// Bytes of text per chunk of pass 1 (a chunk ends at this size or at [`CHUNK_LINES`] lines).
const CHUNK_BYTES: usize = 4 << 20;

/// Lines (or array elements) of one chunk: their text one after the other (without line ends), and per line
/// its number and its range in the text, or why it cannot be read.
struct Texts {
    text: Vec<u8>,
    lines: Vec<(usize, Result<std::ops::Range<usize>, LineError>)>,
}

/// One chunk of input for pass 1.
enum Chunk {
    /// JSON Lines.
    Lines(Texts),
    /// Elements of a JSON array, numbered by their position, with where each starts (byte offset, line).
    Elements(Texts, Vec<Place>),
    /// CSV rows, to be converted on every core.
    Rows(crate::tables::Rows),
    /// Inputs already read (XLSX, a pretty-printed object).
    Parsed(Vec<Input>),
}

/// A place in the input: byte offset (0-based) and line (1-based).
#[derive(Clone, Copy, Debug, Default)]
struct Place {
    byte: u64,
    line: usize,
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
    /// JSON Lines: lines already read (number, bytes with their line end), then the rest from line `next`.
    Lines { pre: Vec<(usize, Vec<u8>)>, reader: Box<dyn BufRead + Send>, next: usize },
    /// A JSON array, from its first line (at `at`).
    Array { reader: Box<dyn BufRead + Send>, at: Place },
    /// CSV rows.
    Table(Box<crate::tables::CsvRows>),
    /// Inputs read whole.
    Whole(Vec<Input>),
}

/// Opens the records, choosing the format by their name: `.csv` streams as rows, `.xlsx` is read whole
/// ([`crate::tables::read_xlsx`]), `.gz` is gzip-compressed JSON; anything else is JSON, whose form [`sniff`]
/// decides. Stdin is JSON Lines (or one JSON object or array).
fn open(records: Records, meter: &mut Arc<Meter>, mapping: Option<Arc<Mapping>>) -> Result<Source> {
    use crate::records::From;
    let input = records.name;
    let stdin = matches!(records.from, From::Stdin);
    let table = if stdin { None } else { crate::tables::table_kind(&input)? };
    if let (Some(m), None) = (&mapping, table) {
        bail!(
            "映射配置「{}」只用于 CSV 或 XLSX 导出；`{input}` 按数据契约的 JSON 读取 / a mapping profile is for CSV or XLSX exports; `{input}` is read as the contract's JSON",
            m.profile.name
        );
    }
    let xlsx = table == Some(crate::tables::TableKind::Xlsx);
    #[cfg(feature = "parquet")]
    if table == Some(crate::tables::TableKind::Parquet) {
        let bytes = match records.from {
            From::Path(path) => {
                crate::load::read_bounded_bytes(&path, crate::tables::PARQUET_MAX_FILE, "Parquet 文件 / Parquet file")?
            }
            From::Bytes(bytes) => bytes,
            From::Reader(reader) => {
                let mut bytes = Vec::new();
                reader
                    .take(crate::tables::PARQUET_MAX_FILE + 1)
                    .read_to_end(&mut bytes)
                    .with_context(|| format!("无法读取输入 / cannot read input `{input}`"))?;
                bytes
            }
            From::Stdin => bail!("Parquet 不能从标准输入读取 / Parquet is not read from stdin"),
        };
        return Ok(Source::Whole(crate::tables::read_parquet(&input, bytes, mapping)?));
    }
    let (reader, total): (Box<dyn Read + Send>, Option<u64>) = match records.from {
        From::Path(path) => {
            if xlsx {
                return Ok(Source::Whole(crate::tables::read_xlsx(&path, mapping)?));
            }
            if path.is_dir() {
                bail!(
                    "输入 `{input}` 是一个目录，应为 JSON Lines 文件 / input `{input}` is a directory, expected a JSON Lines file"
                );
            }
            let file = std::fs::File::open(&path)
                .with_context(|| format!("无法读取输入文件 / cannot read input `{input}`"))?;
            let total = file.metadata().ok().map(|m| m.len());
            (Box::new(file), total)
        }
        From::Stdin => (Box::new(std::io::stdin()), None),
        From::Bytes(bytes) if xlsx => {
            return Ok(Source::Whole(crate::tables::read_xlsx_bytes(&input, bytes, mapping)?));
        }
        From::Bytes(bytes) => {
            let total = Some(bytes.len() as u64);
            (Box::new(std::io::Cursor::new(bytes)), total)
        }
        From::Reader(reader) if xlsx => {
            let mut bytes = Vec::new();
            reader
                .take(crate::tables::XLSX_MAX_FILE + 1)
                .read_to_end(&mut bytes)
                .with_context(|| format!("无法读取输入 / cannot read input `{input}`"))?;
            return Ok(Source::Whole(crate::tables::read_xlsx_bytes(&input, bytes, mapping)?));
        }
        From::Reader(reader) => (reader, None),
    };
    *meter = Arc::new(Meter { bytes: AtomicU64::new(0), total });
    let metered = Metered { inner: reader, meter: meter.clone() };
    let buffered = BufReader::with_capacity(1 << 20, metered);
    if table == Some(crate::tables::TableKind::Csv) {
        return Ok(Source::Table(Box::new(crate::tables::CsvRows::open(&input, Box::new(buffered), mapping)?)));
    }
    let reader: Box<dyn BufRead + Send> = if input.to_lowercase().ends_with(".gz") && !stdin {
        Box::new(BufReader::with_capacity(1 << 20, gzip(&input, total, buffered)?))
    } else {
        Box::new(buffered)
    };
    sniff(&input, reader)
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
/// `size` is the compressed size when known (for messages).
fn gzip<R: BufRead + Send + 'static>(input: &str, size: Option<u64>, reader: R) -> Result<Gunzip<R>> {
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
    size: Option<u64>,
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
                let what = if truncated {
                    "文件被截断 / the file is truncated"
                } else {
                    "数据损坏 / the data is corrupt"
                };
                let offset = self.inner.get_ref().consumed;
                let (of_zh, of_en) = match self.size {
                    Some(n) => (format!("（共 {n} 字节）"), format!(" of {n}")),
                    None => (String::new(), String::new()),
                };
                Err(std::io::Error::other(format!(
                    "无法解压 gzip 文件 `{}`：在压缩数据第 {offset} 字节处{of_zh}出错，{what}；此前已解出 {} 字节，整个文件未检查 / cannot decompress `{}` at compressed byte {offset}{of_en} ({e}); {} bytes came out before it; nothing was checked",
                    self.input, self.out, self.input, self.out
                )))
            }
        }
    }
}

/// Bytes already read, then the rest of a reader; the bytes are let go as soon as they are consumed (a
/// `Cursor` chained before the reader would hold them, up to 32 MiB for an overlong first line, to the end).
struct Prefixed {
    head: Vec<u8>,
    at: usize,
    rest: Box<dyn BufRead + Send>,
}

impl Prefixed {
    fn new(head: Vec<u8>, rest: Box<dyn BufRead + Send>) -> Prefixed {
        Prefixed { head, at: 0, rest }
    }
}

impl Read for Prefixed {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let buf = self.fill_buf()?;
            let n = buf.len().min(out.len());
            if let (Some(to), Some(from)) = (out.get_mut(..n), buf.get(..n)) {
                to.copy_from_slice(from);
            }
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Prefixed {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.at < self.head.len() {
            return Ok(self.head.get(self.at..).unwrap_or_default());
        }
        self.rest.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if self.at < self.head.len() {
            self.at = (self.at + amt).min(self.head.len());
            if self.at == self.head.len() {
                self.head = Vec::new();
                self.at = 0;
            }
        } else {
            self.rest.consume(amt);
        }
    }
}

/// The content of a line as read (without its line end; without the byte-order mark on line 1).
fn content(bytes: &[u8], line: usize) -> &[u8] {
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    if line == 1 { bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes) } else { bytes }
}

/// JSON's own whitespace (RFC 8259), which is all that may stand around a JSON value.
fn json_space(b: &u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Skips whole lines of ASCII whitespace quickly (without keeping them), counting them in `at`; stops at the
/// first line that holds anything else, which the caller reads as a line.
fn skip_blank_lines(reader: &mut dyn BufRead, at: &mut Place) -> Result<()> {
    loop {
        let buf = reader.fill_buf().context("无法读取输入 / cannot read the input")?;
        let stop = buf.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(buf.len());
        let upto = buf.get(..stop).and_then(|b| b.iter().rposition(|c| *c == b'\n')).map_or(0, |p| p + 1);
        if upto == 0 {
            return Ok(());
        }
        at.line += buf.get(..upto).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count());
        at.byte += upto as u64;
        reader.consume(upto);
    }
}

/// Decides the form of JSON text from its first line that is not blank (blank lines before it are counted, not
/// kept, so that their number costs no memory):
/// - `[` first on that line: a JSON array, read element by element ([`read_array`]) without reading the line
///   first (a minified array is one line of any length; its elements are capped);
/// - `{` first and not closed on that line: one pretty-printed object, read whole up to [`MAX_LINE_BYTES`].
///   More than that is refused unless the text stops being one object within it (then it is JSON Lines whose
///   first line is broken, and streams as such);
/// - anything else (a complete object on its line, above all): JSON Lines; a first line that is not a record is
///   an error line of its own and the rest of the input is read on.
fn sniff(input: &str, mut reader: Box<dyn BufRead + Send>) -> Result<Source> {
    let mut at = Place { byte: 0, line: 1 };
    if reader.fill_buf().context("无法读取输入 / cannot read the input")?.starts_with("\u{feff}".as_bytes()) {
        reader.consume(3);
        at.byte = 3;
    }
    let first = loop {
        skip_blank_lines(&mut *reader, &mut at)?;
        // An array is known by its first byte: its first line (the whole array, when minified) is not read.
        let buf = reader.fill_buf().context("无法读取输入 / cannot read the input")?;
        if buf.iter().find(|b| !json_space(b)) == Some(&b'[') {
            return Ok(Source::Array { reader, at });
        }
        let mut line = Vec::new();
        let n = (&mut reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut line)
            .context("无法读取输入 / cannot read the input")?;
        if n == 0 {
            return Ok(Source::Lines { pre: Vec::new(), reader, next: at.line });
        }
        let overlong = line.len() > MAX_LINE_BYTES && line.last() != Some(&b'\n');
        if overlong || !crate::load::is_blank(content(&line, at.line)) {
            break line;
        }
        at.byte += n as u64;
        at.line += 1;
    };
    let body = content(&first, at.line);
    let lead = body.iter().position(|b| !json_space(b)).and_then(|i| body.get(i)).copied();
    if lead == Some(b'[') {
        // Whitespace longer than a read buffer before the `[`.
        return Ok(Source::Array { reader: Box::new(Prefixed::new(first, reader)), at });
    }
    if first.len() > MAX_LINE_BYTES && first.last() != Some(&b'\n') {
        // An overlong first line: JSON Lines, where it becomes an error line and the rest is read on.
        return Ok(Source::Lines { pre: Vec::new(), reader: Box::new(Prefixed::new(first, reader)), next: at.line });
    }
    let open_object =
        lead == Some(b'{') && serde_json::from_slice::<serde::de::IgnoredAny>(body).err().is_some_and(|e| e.is_eof());
    if !open_object {
        return Ok(Source::Lines { pre: vec![(at.line, first)], reader, next: at.line + 1 });
    }
    let mut all = first;
    let room = (MAX_LINE_BYTES + 1).saturating_sub(all.len()) as u64;
    (&mut reader).take(room).read_to_end(&mut all).context("无法读取输入 / cannot read the input")?;
    let parsed = serde_json::from_slice::<serde::de::IgnoredAny>(&all);
    if all.len() <= MAX_LINE_BYTES {
        if parsed.is_ok() {
            // One pretty-printed object: record 1, as in the engine's `parse_records`.
            return Ok(Source::Whole(vec![crate::load::parse_line(1, &all)]));
        }
        return Ok(Source::Lines { pre: Vec::new(), reader: Box::new(std::io::Cursor::new(all)), next: at.line });
    }
    if parsed.err().is_some_and(|e| e.is_eof()) {
        bail!(
            "`{input}` 第{}行起是一个跨多行的 JSON 对象，超过 {} MiB 上限，拒绝读取（一条记录不会这么长）/ from line {} on, `{input}` is one pretty-printed JSON object larger than {} MiB; refused (no record is that long)",
            at.line,
            MAX_LINE_BYTES >> 20,
            at.line,
            MAX_LINE_BYTES >> 20
        );
    }
    Ok(Source::Lines { pre: Vec::new(), reader: Box::new(Prefixed::new(all, reader)), next: at.line })
}

/// A text buffer for a chunk: one that came back (recycled) or a new one. A buffer that grew for a very long
/// line is let go rather than kept in circulation.
fn fresh(recycled: &std::sync::mpsc::Receiver<Vec<u8>>) -> Vec<u8> {
    let mut text = recycled
        .try_recv()
        .ok()
        .filter(|t| t.capacity() <= 2 * CHUNK_BYTES)
        .unwrap_or_else(|| Vec::with_capacity(CHUNK_BYTES + (64 << 10)));
    text.clear();
    text
}

impl Texts {
    fn new(recycled: &std::sync::mpsc::Receiver<Vec<u8>>) -> Texts {
        Texts { text: fresh(recycled), lines: Vec::with_capacity(CHUNK_LINES) }
    }

    fn full(&self) -> bool {
        self.lines.len() >= CHUNK_LINES || self.text.len() >= CHUNK_BYTES
    }

    /// Takes the line read into `text` from `start` on (with its line end, at most [`MAX_LINE_BYTES`] or ended
    /// by a line end): kept without its line end, or dropped when blank.
    fn end_line(&mut self, line: usize, start: usize) {
        let got = self.text.get(start..).unwrap_or_default();
        let bytes = got.strip_suffix(b"\n").unwrap_or(got);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let skip = if line == 1 && bytes.starts_with("\u{feff}".as_bytes()) { 3 } else { 0 };
        let (from, to) = (start + skip, start + bytes.len());
        if crate::load::is_blank(bytes.get(skip..).unwrap_or_default()) {
            self.text.truncate(start);
            return;
        }
        self.text.truncate(to);
        self.lines.push((line, Ok(from..to)));
    }
}

/// Reads JSON Lines into chunks, on its own thread: first the lines `pre` already read, then the rest of
/// `reader` from line `next` on. A chunk's text buffer comes back through `recycled` once its lines were
/// checked, so that reading allocates (and the system zeroes) no new memory in the steady state.
fn read_lines(
    pre: Vec<(usize, Vec<u8>)>,
    mut reader: Box<dyn BufRead + Send>,
    next: usize,
    tx: std::sync::mpsc::SyncSender<Result<Chunk>>,
    recycled: std::sync::mpsc::Receiver<Vec<u8>>,
) {
    let mut out = Texts::new(&recycled);
    let send = |out: &mut Texts| {
        let chunk = std::mem::replace(out, Texts::new(&recycled));
        tx.send(Ok(Chunk::Lines(chunk))).is_ok()
    };
    for (line, bytes) in pre {
        let start = out.text.len();
        out.text.extend_from_slice(&bytes);
        out.end_line(line, start);
    }
    let mut line = next.saturating_sub(1);
    loop {
        line += 1;
        let start = out.text.len();
        let n = match (&mut reader).take(MAX_LINE_BYTES as u64 + 1).read_until(b'\n', &mut out.text) {
            Ok(n) => n,
            Err(e) => {
                let _ = tx.send(Err(anyhow!("{e}")));
                return;
            }
        };
        if n == 0 {
            break;
        }
        let got = out.text.get(start..).unwrap_or_default();
        if got.len() > MAX_LINE_BYTES && got.last() != Some(&b'\n') {
            out.text.truncate(start);
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
            out.lines.push((line, Err(LineError { message, path: String::new() })));
        } else {
            out.end_line(line, start);
        }
        if out.full() && !send(&mut out) {
            return;
        }
    }
    if !out.lines.is_empty() {
        let _ = tx.send(Ok(Chunk::Lines(out)));
    }
}

/// Where [`ArrayScan`] is in a JSON array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// Before the `[`.
    Open,
    /// Right after the `[`: an element or `]`.
    First,
    /// After a `,`: an element.
    Element,
    /// Inside an element.
    Value,
    /// After the `]`.
    Done,
}

/// Splits a JSON array into its elements as it streams, without parsing them: it follows strings and brackets
/// only, so that each element's text (at most [`MAX_LINE_BYTES`]) goes to the same reader as a JSON Lines line
/// (`parse_record`, on every core). An element that is malformed inside, or too long, is an error line of its
/// own and the next one is read; only damage to the array itself (a bracket that closes the wrong thing, an
/// array that never ends, text after it) stops the run, since the elements after it cannot be told apart.
struct ArrayScan {
    input: String,
    state: Expect,
    /// The place of the next byte.
    at: Place,
    /// The number (1-based) of the element being read, or the next one.
    n: usize,
    /// Where it starts.
    el: Place,
    /// Its start in the chunk's text, and its length so far (its text is dropped once past the cap).
    start: usize,
    len: u64,
    /// Brackets open inside it.
    stack: Vec<u8>,
    in_string: bool,
    escaped: bool,
    out: Texts,
    places: Vec<Place>,
}

/// How deep brackets may nest inside one element (it cannot be deeper than it is long).
const MAX_NESTING: usize = MAX_LINE_BYTES;

impl ArrayScan {
    /// The run's error for damage to the array at the current byte.
    fn damaged(&self, zh: &str, en: &str) -> anyhow::Error {
        let (input, n, Place { byte, line }) = (&self.input, self.n, self.at);
        anyhow!(
            "`{input}` 不是完整的 JSON 数组：字节偏移 {byte}（第{line}行）处{zh}；从数组第{n}个元素起未读取，整个输入未检查 / `{input}` is not a well-formed JSON array: {en} at byte offset {byte} (line {line}); nothing from element {n} on was read, and nothing was checked"
        )
    }

    /// Adds a piece of the current element's text.
    fn append(&mut self, bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if self.len > MAX_LINE_BYTES as u64 {
            self.out.text.truncate(self.start);
        } else {
            self.out.text.extend_from_slice(bytes);
        }
    }

    /// Ends the current element (its text is in the chunk).
    fn end_element(&mut self) {
        let n = self.n;
        if self.len > MAX_LINE_BYTES as u64 {
            let message = format!(
                "数组第{n}个元素长 {} 字节，超过 {} MiB 上限，未读取 / element {n} of the array is {} bytes long, over the {} MiB limit; not read",
                self.len,
                MAX_LINE_BYTES >> 20,
                self.len,
                MAX_LINE_BYTES >> 20
            );
            self.out.lines.push((n, Err(LineError { message, path: String::new() })));
        } else {
            let text = self.out.text.get(self.start..).unwrap_or_default();
            let end = self.start + text.iter().rposition(|b| !json_space(b)).map_or(0, |p| p + 1);
            self.out.text.truncate(end);
            self.out.lines.push((n, Ok(self.start..end)));
        }
        self.places.push(self.el);
        self.n += 1;
        self.len = 0;
        self.stack.clear();
    }

    /// An element with nothing in it (`[1,,2]`, `[1,]`): an error line, since it is not a record either.
    fn empty_element(&mut self) {
        let n = self.n;
        let message = format!("数组第{n}个元素为空（多余的逗号）/ element {n} of the array is empty (a stray comma)");
        self.out.lines.push((n, Err(LineError { message, path: String::new() })));
        self.places.push(self.at);
        self.n += 1;
    }

    /// Scans `buf` until it is used up (`More`), the chunk is full (`Full`: hand it on, then scan the rest) or
    /// the array is closed (`Closed`); returns how many bytes were used.
    fn scan(&mut self, buf: &[u8]) -> Result<(usize, Step)> {
        // The part of `buf` that belongs to the current element and is not yet appended starts at `seg`.
        let mut seg = 0usize;
        let mut i = 0usize;
        while let Some(&b) = buf.get(i) {
            match self.state {
                Expect::Open | Expect::First | Expect::Element if json_space(&b) => {}
                Expect::Open if b == b'[' => self.state = Expect::First,
                Expect::Open => return Err(self.damaged("不是 `[`", "expected `[`")),
                Expect::First if b == b']' => self.state = Expect::Done,
                Expect::First | Expect::Element if b == b',' => self.empty_element(),
                Expect::Element if b == b']' => {
                    self.empty_element();
                    self.state = Expect::Done;
                }
                Expect::First | Expect::Element => {
                    self.state = Expect::Value;
                    self.el = self.at;
                    self.start = self.out.text.len();
                    self.in_string = false;
                    self.escaped = false;
                    seg = i;
                    continue;
                }
                Expect::Value if self.in_string => {
                    if self.escaped {
                        self.escaped = false;
                    } else if b == b'\\' {
                        self.escaped = true;
                    } else if b == b'"' {
                        self.in_string = false;
                    } else if b != b'\n' {
                        // The rest of a plain run of string bytes at once.
                        let run = buf.get(i..).unwrap_or_default();
                        let len = run.iter().position(|c| matches!(c, b'"' | b'\\' | b'\n')).unwrap_or(run.len());
                        self.at.byte += len as u64;
                        i += len;
                        continue;
                    }
                }
                Expect::Value => match b {
                    b'"' => self.in_string = true,
                    b'{' | b'[' => {
                        if self.stack.len() >= MAX_NESTING {
                            return Err(self.damaged("括号嵌套过深", "brackets nested too deep"));
                        }
                        self.stack.push(b);
                    }
                    b'}' | b']' => match self.stack.pop() {
                        Some(open) if (open == b'{') == (b == b'}') => {}
                        Some(_) => {
                            return Err(self.damaged(
                                "的括号与前面未闭合的括号不匹配",
                                "a bracket does not match the one it closes",
                            ));
                        }
                        None if b == b']' => {
                            self.append(buf.get(seg..i).unwrap_or_default());
                            self.end_element();
                            self.state = Expect::Done;
                        }
                        None => return Err(self.damaged("有多余的 `}`", "a `}` closes nothing")),
                    },
                    b',' if self.stack.is_empty() => {
                        self.append(buf.get(seg..i).unwrap_or_default());
                        self.end_element();
                        self.state = Expect::Element;
                    }
                    _ => {}
                },
                Expect::Done => return Ok((i, Step::Closed)),
            }
            self.at.byte += 1;
            if b == b'\n' {
                self.at.line += 1;
            }
            i += 1;
            if self.state == Expect::Done {
                return Ok((i, Step::Closed));
            }
            if self.state != Expect::Value && self.out.full() {
                return Ok((i, Step::Full));
            }
        }
        if self.state == Expect::Value {
            self.append(buf.get(seg..).unwrap_or_default());
        }
        Ok((buf.len(), Step::More))
    }
}

/// What [`ArrayScan::scan`] stopped at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    More,
    Full,
    Closed,
}

/// Reads a JSON array into chunks of elements, on its own thread (see [`ArrayScan`]). After the `]`, only blank
/// lines may follow.
fn read_array(
    input: String,
    mut reader: Box<dyn BufRead + Send>,
    at: Place,
    tx: std::sync::mpsc::SyncSender<Result<Chunk>>,
    recycled: std::sync::mpsc::Receiver<Vec<u8>>,
) {
    let mut scan = ArrayScan {
        input,
        state: Expect::Open,
        at,
        n: 1,
        el: at,
        start: 0,
        len: 0,
        stack: Vec::new(),
        in_string: false,
        escaped: false,
        out: Texts::new(&recycled),
        places: Vec::with_capacity(CHUNK_LINES),
    };
    let result = (|| -> Result<bool> {
        loop {
            let buf = reader.fill_buf().map_err(|e| anyhow!("{e}"))?;
            if buf.is_empty() {
                break;
            }
            let (used, step) = scan.scan(buf)?;
            reader.consume(used);
            match step {
                Step::More => {}
                Step::Full => {
                    let texts = std::mem::replace(&mut scan.out, Texts::new(&recycled));
                    if tx.send(Ok(Chunk::Elements(texts, std::mem::take(&mut scan.places)))).is_err() {
                        return Ok(false);
                    }
                }
                Step::Closed => break,
            }
        }
        if scan.state != Expect::Done {
            return Err(scan.damaged("输入在数组结束之前中断", "the input ends before the array does"));
        }
        // Only blank lines after the array.
        let mut tail = scan.at;
        let mut line = Vec::new();
        loop {
            line.clear();
            let n = (&mut reader)
                .take(MAX_LINE_BYTES as u64 + 1)
                .read_until(b'\n', &mut line)
                .map_err(|e| anyhow!("{e}"))?;
            if n == 0 {
                return Ok(true);
            }
            if line.len() > MAX_LINE_BYTES || !crate::load::is_blank(&line) {
                let (input, Place { byte, line }) = (&scan.input, tail);
                bail!(
                    "`{input}` 的 JSON 数组之后还有内容（字节偏移 {byte}，第{line}行起）：输入须只有一个数组，整个输入未检查；若是 JSON Lines，请每行写一个对象 / `{input}` has text after its JSON array (from byte offset {byte}, line {line}): the input must be one array; nothing was checked (for JSON Lines, write one object a line)"
                );
            }
            tail.byte += n as u64;
            tail.line += usize::from(line.last() == Some(&b'\n'));
        }
    })();
    match result {
        Ok(true) if !scan.out.lines.is_empty() => {
            let _ = tx.send(Ok(Chunk::Elements(scan.out, scan.places)));
        }
        Ok(_) => {}
        Err(e) => {
            let _ = tx.send(Err(e));
        }
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
        Chunk::Rows(rows) => (Vec::new(), rows.inputs().into_par_iter().map(|i| check(i, None)).collect()),
        Chunk::Lines(Texts { text, lines }) => {
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
        Chunk::Elements(Texts { text, lines }, places) => {
            let parsed = lines
                .into_par_iter()
                .zip(places)
                .map(|((n, got), place)| {
                    let (input, range) = match got {
                        Ok(range) => (element(n, text.get(range.clone()).unwrap_or_default()), Some(range)),
                        Err(error) => (Input::Error { line: n, error }, None),
                    };
                    let input = match input {
                        // Where the element is, since its number alone does not find it in the file.
                        Input::Error { line, mut error } => {
                            error.message.push_str(&format!(
                                "（数组第{n}个元素，始于字节偏移 {}、第{}行 / array element {n}, from byte offset {}, line {}）",
                                place.byte, place.line, place.byte, place.line
                            ));
                            Input::Error { line, error }
                        }
                        record => record,
                    };
                    check(input, range)
                })
                .collect();
            (text, parsed)
        }
    }
}

/// The record of array element `n`: read by the same reader as a JSON Lines line (so that duplicate keys and
/// everything else are refused alike), with the array's own message for an element that is not an object.
fn element(n: usize, bytes: &[u8]) -> Input {
    if bytes.first() != Some(&b'{') {
        let message = "数组的每个元素须为一个 JSON 对象 / each element must be one JSON object".to_string();
        return Input::Error { line: n, error: LineError { message, path: String::new() } };
    }
    crate::load::parse_line(n, bytes)
}

/// The longest packed line the spool reads back (a line's findings never come near it).
const SPOOL_MAX_LINE: usize = 1 << 28;

/// The spool of pass 1: lines with a finding or an error, in input order, in a temporary file, each its length
/// (4 bytes, little-endian) and its packed bytes ([`jiancha_core::pack`]: nothing escaped, nothing parsed).
struct Spool {
    file: BufWriter<std::fs::File>,
    count: usize,
    buf: Vec<u8>,
}

impl Spool {
    fn new() -> Result<Spool> {
        let file = tempfile::tempfile().context("无法创建临时文件 / cannot create a temporary file (TMPDIR)")?;
        Ok(Spool { file: BufWriter::with_capacity(1 << 20, file), count: 0, buf: Vec::with_capacity(4096) })
    }

    fn push(&mut self, p: &Pending) -> Result<()> {
        self.buf.clear();
        p.pack(&mut self.buf);
        let len = u32::try_from(self.buf.len()).context("临时文件 / spool: line too long")?;
        self.file.write_all(&len.to_le_bytes()).context("无法写入临时文件 / cannot write the spool")?;
        self.file.write_all(&self.buf).context("无法写入临时文件 / cannot write the spool")?;
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
        let mut file = BufReader::with_capacity(1 << 20, file);
        let mut buf = self.buf;
        let pending = std::iter::from_fn(move || {
            let mut len = [0u8; 4];
            file.read_exact(&mut len).ok()?;
            // A length no line of ours reaches is damage, not a reason to reserve memory.
            let len = u32::from_le_bytes(len) as usize;
            if len > SPOOL_MAX_LINE {
                return None;
            }
            buf.resize(len, 0);
            file.read_exact(&mut buf).ok()?;
            let p = Pending::unpack(&buf)?;
            counter.set(counter.get() + 1);
            Some(p)
        });
        Ok((pending, read, written))
    }
}

/// Runs every rule (and the plugins) over `records`, handing each output line, with the record's facts when it
/// was readable, to `sink` in contract order: inspection lines in input order, then plan, agency, enterprise
/// and dataset lines. Progress goes to `progress` (`&mut ()` for none).
pub fn check(
    records: Records,
    ds: &Dataset,
    mut plugins: Option<&mut dyn Plugins>,
    progress: &mut dyn Progress,
    sink: &mut dyn LineSink,
) -> Result<Summary, RunError> {
    let started = Instant::now();
    let mut meter = Arc::new(Meter::default());
    let input = records.name.clone();
    let input = input.as_str();
    let mut records = records;
    let mapping = records.profile.take().map(|p| Arc::new(Mapping::new(p, ds)));
    let source = open(records, &mut meter, mapping.clone()).map_err(RunError::Input)?;
    let tick = |records: usize| Tick { records, bytes: meter.bytes.load(Ordering::Relaxed), total_bytes: meter.total };
    progress.phase(Phase::Read, tick(0));
    // Pass 1, in three stages that overlap: reading lines (a thread), parsing and per-record rules (a thread
    // that spreads each chunk over every core), and, here, plugins, facts and the spool in input order.
    let mut stream = Stream::new(ds);
    let mut spool = Spool::new().map_err(RunError::Internal)?;
    let mut lines = 0usize;
    std::thread::scope(|scope| -> Result<(), RunError> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Chunk>>(2);
        let (recycle, recycled) = std::sync::mpsc::channel::<Vec<u8>>();
        match source {
            Source::Lines { pre, reader, next } => {
                scope.spawn(move || read_lines(pre, reader, next, tx, recycled));
            }
            Source::Array { reader, at } => {
                let input = input.to_string();
                scope.spawn(move || read_array(input, reader, at, tx, recycled));
            }
            Source::Table(rows) => {
                scope.spawn(move || {
                    for chunk in *rows {
                        let failed = chunk.is_err();
                        if tx.send(chunk.map(Chunk::Rows)).is_err() || failed {
                            return;
                        }
                    }
                });
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
            let (text, parsed) = parsed.map_err(RunError::Input)?;
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
                    h.check(&records, ds)
                }
                None => Default::default(),
            };
            for (input, _, mut out) in parsed {
                lines += 1;
                if let Input::Record { line, .. } = &input
                    && let Some(found) = extra.remove(line)
                {
                    out.findings.extend(found);
                }
                if let Some(pending) = stream.add(&input, out) {
                    spool.push(&pending).map_err(RunError::Internal)?;
                }
            }
            // The buffer goes back to the reader (which may have finished: then it is dropped).
            let _ = recycle.send(text);
            progress.read(tick(lines));
        }
        Ok(())
    })?;

    // Cross-record rules, then pass 2.
    progress.phase(Phase::CrossRecord, tick(lines));
    let done = stream.finish();
    progress.phase(Phase::Write, tick(lines));
    let mut summary = Summary::default();
    let (pending, read, written) = spool.read().map_err(RunError::Internal)?;
    for (line, rec) in done.lines(pending) {
        summary.records += 1;
        if line.is_clean() {
            summary.clean += 1;
        }
        summary.add(&line);
        sink.line(&line, rec.as_ref()).map_err(RunError::Sink)?;
    }
    if read.get() != written {
        return Err(RunError::Internal(anyhow!(
            "临时文件损坏：写入 {written} 行，读回 {} 行 / the spool file was damaged: {written} lines written, {} read back (TMPDIR)",
            read.get(),
            read.get()
        )));
    }
    for line in done.scoped() {
        summary.add(line);
        sink.line(line, None).map_err(RunError::Sink)?;
    }
    if let Some(m) = &mapping {
        summary.quality.profile = Some(m.profile.name.clone());
        (summary.quality.unresolved, summary.quality.unused) = m.quality();
    }
    summary.elapsed = started.elapsed();
    progress.phase(Phase::Done, tick(lines));
    Ok(summary)
}
