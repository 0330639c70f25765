//! The CSV and XLSX outputs: one row per finding, with the columns of `docs/formats.md`.

use std::path::Path;

use anyhow::{Context, Result, anyhow};
use jiancha_batch::Summary;
use jiancha_batch::tables::{CELL_MAX_CHARS, XLSX_MAX_ROWS};
use jiancha_core::batch::Rec;
use jiancha_core::{Dataset, OutputLine, Rule, Scope, Severity};

/// Columns of the CSV and XLSX outputs, one row per finding.
pub const COLUMNS: [&str; 15] = [
    "scope",
    "line",
    "record",
    "rule",
    "severity",
    "agency",
    "agency_name",
    "enterprise",
    "enterprise_name",
    "message",
    "message_en",
    "clause",
    "path",
    "related",
    "related_total",
];

/// Chinese column titles of the XLSX output (the CSV keeps the English names, which programs read).
const COLUMNS_ZH: [&str; 15] = [
    "范围 scope",
    "行 line",
    "记录 record",
    "规则 rule",
    "级别 severity",
    "机关 agency",
    "机关名称 agency_name",
    "企业 enterprise",
    "企业名称 enterprise_name",
    "说明 message",
    "message_en",
    "条款 clause",
    "字段 path",
    "相关记录 related",
    "相关记录总数 related_total",
];

/// One output row of the CSV and XLSX outputs.
#[derive(Debug)]
pub struct OutRow {
    line: Option<usize>,
    cols: [String; 15],
}

/// The output rows of one line: one per finding, one for an unreadable line (rule `error`).
pub fn rows_of(l: &OutputLine, rec: Option<&Rec<'_>>, ds: &Dataset) -> Vec<OutRow> {
    let mut out = Vec::new();
    if l.is_clean() {
        return out;
    }
    let id = l.id.clone().or_else(|| rec.map(|r| r.id().to_string())).unwrap_or_default();
    let (agency, enterprise) = match l.scope {
        Scope::Inspection => (
            rec.map(|r| r.lead_agency().to_string()).unwrap_or_default(),
            rec.map(|r| r.enterprise().to_string()).unwrap_or_default(),
        ),
        Scope::Agency => (id.clone(), String::new()),
        Scope::Enterprise => (String::new(), id.clone()),
        Scope::Plan => {
            let lead = ds.plan(&id).map(|p| match &p.lead {
                Some(lead) => lead.clone(),
                None => p.agencies.join(";"),
            });
            (lead.unwrap_or_default(), String::new())
        }
        Scope::Dataset => (String::new(), String::new()),
    };
    let agency_name = agency
        .split(';')
        .filter(|a| !a.is_empty())
        .map(|a| ds.agency_name(a).to_string())
        .collect::<Vec<_>>()
        .join(";");
    let enterprise_name = ds.enterprise(&enterprise).map(|e| e.name.clone()).unwrap_or_default();
    let line = l.line.map(|n| n.to_string()).unwrap_or_default();
    let base = |rule: String,
                severity: String,
                message: String,
                message_en: String,
                clause: String,
                path: String,
                related: String,
                related_total: String| {
        [
            l.scope.key().to_string(),
            line.clone(),
            id.clone(),
            rule,
            severity,
            agency.clone(),
            agency_name.clone(),
            enterprise.clone(),
            enterprise_name.clone(),
            message,
            message_en,
            clause,
            path,
            related,
            related_total,
        ]
    };
    if let Some(e) = &l.error {
        let cols = base(
            "error".into(),
            "error".into(),
            e.message.clone(),
            String::new(),
            String::new(),
            e.path.clone(),
            String::new(),
            String::new(),
        );
        out.push(OutRow { line: l.line, cols });
    }
    for f in &l.findings {
        let clause = f.citations.iter().map(|c| format!("{} {}", c.source, c.article)).collect::<Vec<_>>().join("; ");
        let cols = base(
            f.rule.to_string(),
            f.severity.key().to_string(),
            f.message.clone(),
            f.message_en.clone(),
            clause,
            f.path.clone(),
            f.related.join("; "),
            // Set only when `related` names the earliest of more records than it lists.
            f.related_total.map(|n| n.to_string()).unwrap_or_default(),
        );
        out.push(OutRow { line: l.line, cols });
    }
    out
}

/// Guards a CSV cell against spreadsheet formula injection: a value starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'`, so Excel shows it as text instead of running it.
fn csv_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}").into() } else { s.into() }
}

/// CSV output, one row per finding, written as the lines come: a header row, then the rows; UTF-8 with a
/// byte-order mark so that Excel shows Chinese correctly; CRLF line ends (RFC 4180).
#[derive(Debug)]
pub struct CsvOut<W: std::io::Write> {
    w: csv::Writer<W>,
}

impl<W: std::io::Write> CsvOut<W> {
    /// Starts the CSV: byte-order mark and header row.
    pub fn new(mut out: W) -> Result<Self> {
        out.write_all("\u{feff}".as_bytes()).context("CSV")?;
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
        w.write_record(COLUMNS).context("CSV")?;
        Ok(CsvOut { w })
    }

    /// Writes the rows of one line. An I/O error keeps its kind (a closed pipe is `BrokenPipe`).
    pub fn line(&mut self, l: &OutputLine, rec: Option<&Rec<'_>>, ds: &Dataset) -> std::io::Result<()> {
        for row in rows_of(l, rec, ds) {
            self.w.write_record(row.cols.iter().map(|c| csv_safe(c).into_owned())).map_err(io_error)?;
        }
        Ok(())
    }

    /// Flushes the output.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}

/// A CSV writer's error as the I/O error it carries, kind and all, so that a closed pipe is seen as one.
fn io_error(e: csv::Error) -> std::io::Error {
    match e.kind() {
        csv::ErrorKind::Io(io) => std::io::Error::new(io.kind(), io.to_string()),
        _ => std::io::Error::other(e),
    }
}

/// Rows per findings sheet (Excel's limit less the header row).
const SHEET_ROWS: usize = XLSX_MAX_ROWS as usize - 1;

/// A cell's text within Excel's limit of [`CELL_MAX_CHARS`] characters: a longer one (a long id, an echoed
/// value, a plugin's message) is cut with a visible marker rather than losing the whole workbook.
pub(crate) fn excel_text(s: &str) -> std::borrow::Cow<'_, str> {
    let chars = s.chars().count();
    if chars <= CELL_MAX_CHARS {
        return s.into();
    }
    let marker = format!("…（已截断，原长 {chars} 字符 / truncated, {chars} characters）");
    let keep = CELL_MAX_CHARS - marker.chars().count();
    let cut = s.char_indices().nth(keep).map_or(s.len(), |(i, _)| i);
    format!("{}{marker}", s.get(..cut).unwrap_or_default()).into()
}

/// An Excel workbook, one row per finding: sheet 发现 (findings; continued in 发现2, 发现3… past Excel's
/// 1,048,575 data rows) with a bold, frozen header row and an autofilter, and sheet 汇总 (summary) with counts by
/// rule and by severity.
/// `rows` are every line's [`rows_of`], in order; the counts come from the run's summary.
pub fn write_xlsx(path: &Path, rows: &[OutRow], summary: &Summary) -> Result<()> {
    use rust_xlsxwriter::{Format, Workbook};
    let xerr = |e: rust_xlsxwriter::XlsxError| anyhow!("无法生成 Excel 文件 / cannot build the workbook: {e}");
    let bold = Format::new().set_bold();
    let widths: [f64; 15] = [11.0, 7.0, 16.0, 30.0, 10.0, 14.0, 26.0, 21.0, 30.0, 70.0, 60.0, 34.0, 22.0, 24.0, 12.0];
    let mut book = Workbook::new();
    let chunks: Vec<&[OutRow]> = if rows.is_empty() { vec![&[]] } else { rows.chunks(SHEET_ROWS).collect() };
    for (n, chunk) in chunks.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(if n == 0 { "发现".to_string() } else { format!("发现{}", n + 1) }).map_err(xerr)?;
        for (c, title) in COLUMNS_ZH.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *title, &bold).map_err(xerr)?;
        }
        for (c, w) in widths.iter().enumerate() {
            sheet.set_column_width(c as u16, *w).map_err(xerr)?;
        }
        for (i, row) in chunk.iter().enumerate() {
            let r = (i + 1) as u32;
            for (c, value) in row.cols.iter().enumerate() {
                match (c, row.line) {
                    (1, Some(line)) => sheet.write_number(r, 1, line as f64).map_err(xerr)?,
                    (14, _) if !value.is_empty() => match value.parse::<f64>() {
                        Ok(n) => sheet.write_number(r, 14, n).map_err(xerr)?,
                        Err(_) => sheet.write_string(r, 14, value).map_err(xerr)?,
                    },
                    _ if value.is_empty() => continue,
                    _ => sheet.write_string(r, c as u16, excel_text(value)).map_err(xerr)?,
                };
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(xerr)?;
        sheet.autofilter(0, 0, chunk.len() as u32, (COLUMNS.len() - 1) as u16).map_err(xerr)?;
    }

    // 汇总: by rule, then by severity.
    let sheet = book.add_worksheet();
    sheet.set_name("汇总").map_err(xerr)?;
    for (c, w) in [34.0, 40.0, 12.0, 10.0].iter().enumerate() {
        sheet.set_column_width(c as u16, *w).map_err(xerr)?;
    }
    let tally = summary.tally;
    let mut rules: Vec<(&String, &(usize, Severity))> = summary.by_rule.iter().collect();
    rules.sort_by(|a, b| b.1.1.cmp(&a.1.1).then(b.1.0.cmp(&a.1.0)).then(a.0.cmp(b.0)));
    for (c, t) in ["规则 rule", "名称 title", "级别 severity", "次数 count"].iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *t, &bold).map_err(xerr)?;
    }
    let mut r: u32 = 1;
    for (rule, (n, sev)) in rules {
        let title = Rule::from_id(rule).map_or("", |x| x.meta().title);
        sheet.write_string(r, 0, excel_text(rule)).map_err(xerr)?;
        sheet.write_string(r, 1, excel_text(title)).map_err(xerr)?;
        sheet.write_string(r, 2, format!("{} {}", sev.zh(), sev.key())).map_err(xerr)?;
        sheet.write_number(r, 3, *n as f64).map_err(xerr)?;
        r += 1;
    }
    if tally.errors > 0 {
        sheet.write_string(r, 0, "error").map_err(xerr)?;
        sheet.write_string(r, 1, "无法读取的记录").map_err(xerr)?;
        sheet.write_string(r, 2, "错误 error").map_err(xerr)?;
        sheet.write_number(r, 3, tally.errors as f64).map_err(xerr)?;
        r += 1;
    }
    r += 1;
    for (c, t) in ["级别 severity", "", "", "次数 count"].iter().enumerate() {
        if !t.is_empty() {
            sheet.write_string_with_format(r, c as u16, *t, &bold).map_err(xerr)?;
        }
    }
    r += 1;
    let t = tally;
    for (label, n) in [
        ("违规 violation", t.violation),
        ("警示 warning", t.warning),
        ("提示 info", t.info),
        ("无法读取 error", t.errors),
        ("检查记录 records", summary.records),
    ] {
        sheet.write_string(r, 0, label).map_err(xerr)?;
        sheet.write_number(r, 3, n as f64).map_err(xerr)?;
        r += 1;
    }
    sheet.set_freeze_panes(1, 0).map_err(xerr)?;

    book.save(path).map_err(|e| anyhow!("无法写入 Excel 文件 / cannot write `{}`: {e}", path.display()))
}

/// Rows per row group of the Parquet output.
#[cfg(feature = "parquet")]
const PARQUET_GROUP_ROWS: usize = 100_000;

/// A Parquet file, one row per finding, with the columns of the CSV output: `line` and `related_total` as
/// optional INT64, the others UTF-8 strings (empty ones absent); Snappy-compressed, row groups of 100,000 rows.
#[cfg(feature = "parquet")]
pub fn write_parquet(path: &Path, rows: &[OutRow]) -> Result<()> {
    use std::sync::Arc;

    use parquet::basic::{Compression, Repetition, Type as Physical};
    use parquet::data_type::{ByteArray, ByteArrayType, Int64Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::types::Type;

    let perr = |e: parquet::errors::ParquetError| anyhow!("无法生成 Parquet 文件 / cannot write the Parquet file: {e}");
    let int_columns = ["line", "related_total"];
    let fields = COLUMNS
        .iter()
        .map(|name| {
            let t = if int_columns.contains(name) {
                Type::primitive_type_builder(name, Physical::INT64).with_repetition(Repetition::OPTIONAL)
            } else {
                Type::primitive_type_builder(name, Physical::BYTE_ARRAY)
                    .with_repetition(Repetition::OPTIONAL)
                    .with_logical_type(Some(parquet::basic::LogicalType::String))
            };
            t.build().map(Arc::new)
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(perr)?;
    let schema = Arc::new(Type::group_type_builder("finding").with_fields(fields).build().map_err(perr)?);
    let props = Arc::new(WriterProperties::builder().set_compression(Compression::SNAPPY).build());
    let file = std::fs::File::create(path).with_context(|| format!("无法写入 / cannot write `{}`", path.display()))?;
    let mut writer = SerializedFileWriter::new(file, schema, props).map_err(perr)?;
    for group in rows.chunks(PARQUET_GROUP_ROWS) {
        let mut rg = writer.next_row_group().map_err(perr)?;
        let mut c = 0;
        while let Some(mut col) = rg.next_column().map_err(perr)? {
            let name = COLUMNS.get(c).copied().unwrap_or_default();
            if int_columns.contains(&name) {
                let values: Vec<Option<i64>> =
                    group.iter().map(|r| r.cols.get(c).and_then(|v| v.parse::<i64>().ok())).collect();
                let defs: Vec<i16> = values.iter().map(|v| i16::from(v.is_some())).collect();
                let present: Vec<i64> = values.into_iter().flatten().collect();
                col.typed::<Int64Type>().write_batch(&present, Some(&defs), None).map_err(perr)?;
            } else {
                let values: Vec<Option<&String>> =
                    group.iter().map(|r| r.cols.get(c).filter(|v| !v.is_empty())).collect();
                let defs: Vec<i16> = values.iter().map(|v| i16::from(v.is_some())).collect();
                let present: Vec<ByteArray> =
                    values.into_iter().flatten().map(|v| ByteArray::from(v.as_bytes().to_vec())).collect();
                col.typed::<ByteArrayType>().write_batch(&present, Some(&defs), None).map_err(perr)?;
            }
            col.close().map_err(perr)?;
            c += 1;
        }
        rg.close().map_err(perr)?;
    }
    writer.close().map_err(perr)?;
    Ok(())
}
