//! The outputs of a run as [`LineSink`]s: each takes the lines as they come and writes what is left once the run
//! is over ([`Sink::finish`]). A closed pipe (`jiancha check … | head`) ends what a sink writes, not the run.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use jiancha_batch::{LineSink, Summary};
use jiancha_core::batch::Rec;
use jiancha_core::{Dataset, OutputLine};

use crate::sheets::{CsvOut, OutRow, rows_of, write_xlsx};
use crate::text::{CheckFormat as Format, TableOut, escape_json_for_terminal};
use jiancha_core::stats::Gather;

/// An output of a run.
pub trait Sink: LineSink {
    /// Writes what is left (a JSON document's end, a table, a workbook, the report) once every line is in.
    fn finish(self: Box<Self>, summary: &Summary) -> Result<()>;
}

/// A write error, unless it is a closed pipe: that one is remembered, and nothing more is written.
fn wrote(result: std::io::Result<()>, closed: &mut bool) -> Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            *closed = true;
            Ok(())
        }
        Err(e) => Err(anyhow::Error::from(e).context("无法写入输出 / cannot write the output")),
        Ok(()) => Ok(()),
    }
}

/// The sink of `format` writing to `out` (XLSX writes to `path`, since a workbook is a zip archive).
pub fn sink<'a, W: Write + 'a>(
    format: Format,
    out: W,
    path: Option<PathBuf>,
    ds: &'a Dataset,
) -> Result<Box<dyn Sink + 'a>> {
    Ok(match format {
        Format::Jsonl => Box::new(Jsonl { out, buf: Vec::with_capacity(4096), closed: false }),
        Format::Json => Box::new(Json { out, buf: Vec::with_capacity(4096), first: true, closed: false }),
        Format::Table => Box::new(TableSink { out, table: TableOut::default() }),
        Format::Csv => Box::new(Csv { csv: Some(CsvOut::new(out)?), ds, closed: false }),
        Format::Xlsx => {
            let path = path.context("--format xlsx 需要 --output 文件 / --format xlsx needs --output FILE")?;
            Box::new(Xlsx { path, rows: Vec::new(), ds })
        }
        #[cfg(feature = "parquet")]
        Format::Parquet => {
            let path = path.context("--format parquet 需要 --output 文件 / --format parquet needs --output FILE")?;
            Box::new(Parquet(Xlsx { path, rows: Vec::new(), ds }))
        }
    })
}

/// Flushes `out` after writing `tail`, a closed pipe aside.
fn end(out: &mut impl Write, tail: &[u8], closed: bool) -> Result<()> {
    if closed {
        return Ok(());
    }
    let mut closed = false;
    wrote(out.write_all(tail).and_then(|()| out.flush()), &mut closed)
}

/// JSON Lines: one line per output line, as the data contract says.
struct Jsonl<W> {
    out: W,
    buf: Vec<u8>,
    closed: bool,
}

impl<W: Write> LineSink for Jsonl<W> {
    fn line(&mut self, line: &OutputLine, _: Option<&Rec<'_>>) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        // One write a line: serialising into a plain buffer spares the writer many small calls.
        self.buf.clear();
        let written = serde_json::to_writer(&mut self.buf, line).map_err(std::io::Error::from).and_then(|()| {
            escape_json_for_terminal(&mut self.buf);
            self.buf.push(b'\n');
            self.out.write_all(&self.buf)
        });
        wrote(written, &mut self.closed)
    }
}

impl<W: Write> Sink for Jsonl<W> {
    fn finish(mut self: Box<Self>, _: &Summary) -> Result<()> {
        end(&mut self.out, b"", self.closed)
    }
}

/// One JSON document: `{"lines": […], "summary": …}`.
struct Json<W> {
    out: W,
    buf: Vec<u8>,
    first: bool,
    closed: bool,
}

impl<W: Write> LineSink for Json<W> {
    fn line(&mut self, line: &OutputLine, _: Option<&Rec<'_>>) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        let lead: &[u8] = if self.first { b"{\"lines\": [\n" } else { b",\n" };
        self.first = false;
        self.buf.clear();
        self.buf.extend_from_slice(lead);
        let written = serde_json::to_writer(&mut self.buf, line).map_err(std::io::Error::from).and_then(|()| {
            escape_json_for_terminal(&mut self.buf);
            self.out.write_all(&self.buf)
        });
        wrote(written, &mut self.closed)
    }
}

impl<W: Write> Sink for Json<W> {
    fn finish(mut self: Box<Self>, summary: &Summary) -> Result<()> {
        let head = if self.first { "{\"lines\": [" } else { "" };
        let tail =
            format!("{head}\n],\n\"summary\": {}\n}}\n", serde_json::to_string(&summary.tally).unwrap_or_default());
        end(&mut self.out, tail.as_bytes(), self.closed)
    }
}

/// The table for a terminal, rendered at the end.
struct TableSink<W> {
    out: W,
    table: TableOut,
}

impl<W: Write> LineSink for TableSink<W> {
    fn line(&mut self, line: &OutputLine, _: Option<&Rec<'_>>) -> Result<()> {
        self.table.add(line);
        Ok(())
    }
}

impl<W: Write> Sink for TableSink<W> {
    fn finish(mut self: Box<Self>, _: &Summary) -> Result<()> {
        let text = std::mem::take(&mut self.table).render();
        end(&mut self.out, text.as_bytes(), false)
    }
}

/// CSV, one row per finding.
struct Csv<'a, W: Write> {
    csv: Option<CsvOut<W>>,
    ds: &'a Dataset,
    closed: bool,
}

impl<W: Write> LineSink for Csv<'_, W> {
    fn line(&mut self, line: &OutputLine, record: Option<&Rec<'_>>) -> Result<()> {
        match self.csv.as_mut() {
            Some(c) if !self.closed => wrote(c.line(line, record, self.ds), &mut self.closed),
            _ => Ok(()),
        }
    }
}

impl<W: Write> Sink for Csv<'_, W> {
    fn finish(mut self: Box<Self>, _: &Summary) -> Result<()> {
        match self.csv.take() {
            Some(c) if !self.closed => wrote(c.finish(), &mut self.closed),
            _ => Ok(()),
        }
    }
}

/// An Excel workbook, written at the end.
struct Xlsx<'a> {
    path: PathBuf,
    rows: Vec<OutRow>,
    ds: &'a Dataset,
}

impl LineSink for Xlsx<'_> {
    fn line(&mut self, line: &OutputLine, record: Option<&Rec<'_>>) -> Result<()> {
        self.rows.extend(rows_of(line, record, self.ds));
        Ok(())
    }
}

impl Sink for Xlsx<'_> {
    fn finish(self: Box<Self>, summary: &Summary) -> Result<()> {
        write_xlsx(&self.path, &self.rows, summary)
    }
}

/// A Parquet file, written at the end (the rows gathered as for a workbook).
#[cfg(feature = "parquet")]
struct Parquet<'a>(Xlsx<'a>);

#[cfg(feature = "parquet")]
impl LineSink for Parquet<'_> {
    fn line(&mut self, line: &OutputLine, record: Option<&Rec<'_>>) -> Result<()> {
        self.0.line(line, record)
    }
}

#[cfg(feature = "parquet")]
impl Sink for Parquet<'_> {
    fn finish(self: Box<Self>, _: &Summary) -> Result<()> {
        crate::sheets::write_parquet(&self.0.path, &self.0.rows)
    }
}

/// The leaders' HTML report, written at the end.
pub struct Report<'a, W> {
    out: W,
    gather: Gather,
    ds: &'a Dataset,
    unit: Option<String>,
}

impl<'a, W: Write> Report<'a, W> {
    /// A report on `ds`'s run, written to `out`.
    pub fn new(out: W, ds: &'a Dataset) -> Report<'a, W> {
        Report { out, gather: Gather::default(), ds, unit: None }
    }

    /// The county or office the report is made for, named in its heading.
    pub fn unit(mut self, unit: Option<String>) -> Self {
        self.unit = unit;
        self
    }
}

impl<W> std::fmt::Debug for Report<'_, W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Report").finish_non_exhaustive()
    }
}

impl<W: Write> LineSink for Report<'_, W> {
    fn line(&mut self, line: &OutputLine, record: Option<&Rec<'_>>) -> Result<()> {
        self.gather.add(line, record, self.ds);
        Ok(())
    }
}

impl<W: Write> Sink for Report<'_, W> {
    fn finish(mut self: Box<Self>, summary: &Summary) -> Result<()> {
        let html =
            crate::report::html_for(std::mem::take(&mut self.gather), self.ds, Some(summary), self.unit.as_deref());
        self.out
            .write_all(html.as_bytes())
            .and_then(|()| self.out.flush())
            .context("无法写入报告 / cannot write the report")
    }
}

/// Every line to each of several sinks, in order.
pub struct Tee<'a>(pub Vec<Box<dyn Sink + 'a>>);

impl std::fmt::Debug for Tee<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tee({} sinks)", self.0.len())
    }
}

impl LineSink for Tee<'_> {
    fn line(&mut self, line: &OutputLine, record: Option<&Rec<'_>>) -> Result<()> {
        self.0.iter_mut().try_for_each(|s| s.line(line, record))
    }
}

impl Sink for Tee<'_> {
    fn finish(self: Box<Self>, summary: &Summary) -> Result<()> {
        self.0.into_iter().try_for_each(|s| s.finish(summary))
    }
}
