//! Input formats beyond JSON Lines: CSV and XLSX inputs with a documented column mapping (errors name the row
//! and column). Gzip-compressed JSON Lines is decompressed as a stream by [`crate::run`], under
//! [`GZIP_MAX_DECOMPRESSED`]. (The CSV and XLSX outputs are `jiancha-output`'s.)
//!
//! The column mapping and the outputs are documented in `docs/formats.md`; the table [`FIELDS`] below is the
//! mapping itself.
//!
//! A CSV or XLSX row is turned into the inspection's JSON object (a `serde_json::Value`) and then read by the
//! engine's own parser, so that it obeys exactly the same contract as a JSON Lines record; the JSON path of an
//! error is then mapped back to the column it came from.
//!
//! CSV streams ([`CsvRows`]: rows are read and handed on in chunks, each row at most
//! [`crate::run::MAX_LINE_BYTES`]); XLSX is read whole, since calamine needs the file, under [`XLSX_MAX_FILE`].

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Cursor, Read};
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{NaiveDate, NaiveDateTime};
use jiancha_core::finding::LineError;
use jiancha_core::time::{Date, Timestamp};
use jiancha_core::{Input, parse_records};
use serde_json::{Map, Value};

use crate::profile::{Column, Mapping};

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

/// Largest decompressed size of a gzip input (4 GiB): a gzip bomb is refused instead of exhausting memory.
pub const GZIP_MAX_DECOMPRESSED: u64 = 4 << 30;
/// Largest `.xlsx` file read (256 MiB on disk).
pub const XLSX_MAX_FILE: u64 = 256 << 20;
/// Largest total uncompressed size of the parts of an `.xlsx` (512 MiB), measured by decompressing them, not
/// taken from the sizes the zip directory claims (a zip bomb may lie about those).
pub const XLSX_MAX_UNCOMPRESSED: u64 = 512 << 20;
/// Most parts (zip entries) an `.xlsx` may have.
pub const XLSX_MAX_ENTRIES: usize = 10_000;
/// Rows of an Excel worksheet (Excel's own limit); a row number beyond it marks a malformed or hostile file.
pub const XLSX_MAX_ROWS: u32 = 1_048_576;
/// Longest text of one cell, in characters (Excel's own limit).
pub const CELL_MAX_CHARS: usize = 32_767;
/// Largest total text kept from one worksheet (1 GiB): shared strings repeated over many cells cannot blow up.
pub const XLSX_MAX_TEXT: usize = 1 << 30;

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// A spreadsheet input, by its file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    /// `.csv`: streamed ([`CsvRows`]).
    Csv,
    /// `.xlsx`: read whole ([`read_xlsx`]).
    Xlsx,
    /// `.parquet`: read whole ([`read_parquet`]), its columns those of the CSV/XLSX mapping.
    Parquet,
}

/// Whether `input` is a spreadsheet export, by its file name (case-insensitive): `.csv`, `.xlsx`; other
/// spreadsheet formats are refused with a hint. Anything else (JSON Lines, `.gz`, `-`) is not a table: `None`,
/// and [`crate::run`] reads it as JSON.
pub fn table_kind(input: &str) -> Result<Option<TableKind>> {
    let lower = input.to_lowercase();
    if input == "-" {
        return Ok(None);
    }
    if lower.ends_with(".csv") {
        return Ok(Some(TableKind::Csv));
    }
    if lower.ends_with(".xlsx") {
        return Ok(Some(TableKind::Xlsx));
    }
    if lower.ends_with(".parquet") || lower.ends_with(".parq") {
        if cfg!(feature = "parquet") {
            return Ok(Some(TableKind::Parquet));
        }
        bail!("此版本构建时未含 Parquet 支持 / this build has no Parquet support (feature `parquet`): `{input}`");
    }
    if [".xls", ".xlsb", ".xlsm", ".ods", ".et"].iter().any(|e| lower.ends_with(e)) {
        bail!(
            "不支持的表格格式 `{input}`：请在 Excel/WPS 中另存为 .xlsx 或 CSV UTF-8 / unsupported spreadsheet format: save it as .xlsx or UTF-8 CSV"
        );
    }
    Ok(None)
}

/// The kind of value a column holds, which decides how a cell becomes JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A string (ids, enum values).
    Text,
    /// A list of strings separated by `;`.
    List,
    /// A time: RFC 3339 text, or an Excel date-time cell (read as Asia/Shanghai).
    Time,
    /// A date `YYYY-MM-DD`, or an Excel date cell.
    Date,
    /// true/false, 1/0, 是/否, yes/no, or an Excel boolean.
    Bool,
    /// Compulsory measures: `kind:legal basis` items separated by `;`.
    Measures,
    /// JSON text (an object).
    Json,
}

/// One column of the CSV/XLSX mapping.
#[derive(Debug)]
pub struct Field {
    /// The data-contract name; nested fields are dotted (`notice.sent_at`).
    pub name: &'static str,
    /// How its cells are read.
    pub kind: Kind,
    /// Chinese header names accepted for it.
    pub aliases: &'static [&'static str],
}

const fn f(name: &'static str, kind: Kind, aliases: &'static [&'static str]) -> Field {
    Field { name, kind, aliases }
}

/// The column mapping of CSV and XLSX inputs: one column per scalar field of the inspection record, nested
/// fields with dotted names. Headers match case-insensitively, surrounding spaces ignored.
pub const FIELDS: &[Field] = &[
    f("id", Kind::Text, &["记录编号", "检查记录编号"]),
    f("activity", Kind::Text, &["活动类型"]),
    f("trigger", Kind::Text, &["检查事由"]),
    f("plan", Kind::Text, &["检查计划", "计划编号"]),
    f("mode", Kind::Text, &["检查方式"]),
    f("lead_agency", Kind::Text, &["实施机关"]),
    f("joint_agencies", Kind::List, &["联合检查机关"]),
    f("delegated_by", Kind::Text, &["委托机关"]),
    f("entrusted_agency", Kind::Text, &["受委托组织"]),
    f("inspectors", Kind::List, &["执法人员"]),
    f("enterprise", Kind::Text, &["企业统一社会信用代码", "统一社会信用代码"]),
    f("started_at", Kind::Time, &["开始时间", "检查开始时间"]),
    f("ended_at", Kind::Time, &["结束时间", "检查结束时间"]),
    f("items", Kind::List, &["检查事项"]),
    f("approval.approved_at", Kind::Time, &["审批时间"]),
    f("code", Kind::Text, &["行政行为码"]),
    f("code_assigned_at", Kind::Time, &["赋码时间"]),
    f("urgency.kind", Kind::Text, &["紧急检查类型"]),
    f("notice.sent_at", Kind::Time, &["通知时间"]),
    f("notice.time", Kind::Bool, &["通知载明时间"]),
    f("notice.basis", Kind::Bool, &["通知载明依据"]),
    f("notice.purpose", Kind::Bool, &["通知载明目的"]),
    f("notice.content", Kind::Bool, &["通知载明内容"]),
    f("notice_exemption", Kind::Text, &["免予通知情形"]),
    f("conduct.gifts", Kind::Bool, &["收受礼品"]),
    f("conduct.hospitality", Kind::Bool, &["接受宴请"]),
    f("conduct.expenses_charged", Kind::Bool, &["企业承担费用"]),
    f("conduct.designated_intermediary", Kind::Bool, &["指定中介"]),
    f("conduct.legal_rep_required", Kind::Bool, &["要求法定代表人到场"]),
    f("measures", Kind::Measures, &["强制措施"]),
    f("penalty.decided_on", Kind::Date, &["处罚决定日期"]),
    f("penalty.first_offense", Kind::Bool, &["首违"]),
    f("penalty.minor", Kind::Bool, &["轻微"]),
    f("penalty.corrected", Kind::Bool, &["及时改正"]),
    f("penalty.harm", Kind::Text, &["危害后果"]),
    f("penalty.return_visit_on", Kind::Date, &["回访日期"]),
    f("sector_data", Kind::Json, &["行业数据"]),
];

/// The field a header names, if any.
pub fn field_of_header(header: &str) -> Option<&'static Field> {
    let h = header.trim().trim_start_matches('\u{feff}').trim();
    FIELDS.iter().find(|f| f.name.eq_ignore_ascii_case(h) || f.aliases.contains(&h))
}

/// The Excel letter of a 0-based column: 0 → A, 26 → AA.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// A cell of a CSV or XLSX row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// An Excel date-time cell: the wall-clock value, and whether it has a date part (serial ≥ 1).
    DateTime(NaiveDateTime, bool),
    /// A cell that cannot be read (an Excel error such as `#N/A`, a duration, an overlong text).
    Bad(String),
}

/// A table read from a CSV or XLSX file: the header row (row 1, or the profile's), then data rows by their row
/// number in the file.
#[derive(Debug)]
struct Table {
    headers: Vec<String>,
    fields: Vec<Option<&'static Field>>,
    /// With a mapping profile: how each column is read (`None`: a column the run does not use).
    mapping: Option<Arc<Mapping>>,
    columns: Vec<Option<Column>>,
    /// (row number, non-empty cells by 0-based column).
    rows: Vec<(usize, Vec<(usize, Cell)>)>,
}

impl Table {
    /// Resolves the header row; a repeated column is an error for the whole file, and so is an unknown one
    /// without a mapping profile (with one, it is a column the run does not use, counted in the data quality).
    fn new(input: &str, headers: Vec<String>, mapping: Option<Arc<Mapping>>) -> Result<Table> {
        let mut fields = Vec::with_capacity(headers.len());
        let mut columns = Vec::with_capacity(headers.len());
        let mut seen: HashMap<&'static str, usize> = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            let name = h.trim();
            if name.is_empty() {
                fields.push(None);
                columns.push(None);
                continue;
            }
            let found = match &mapping {
                Some(m) => match m.column(name) {
                    Some(c) => Some(c),
                    None => {
                        fields.push(None);
                        columns.push(None);
                        continue;
                    }
                },
                None => None,
            };
            let Some(field) = found.as_ref().map(|c| c.field).or_else(|| field_of_header(name)) else {
                bail!(
                    "`{input}` 第1行表头有未知列「{name}」（{}列，第{}列）：列名须为数据契约的字段名或 docs/formats.md 所列中文别名（拼写错误会使规则失效，故不予接受）/ unknown column \"{name}\" (column {}, number {}) in the header row of `{input}`: use the data-contract field names or the Chinese aliases of docs/formats.md",
                    column_letter(i),
                    i + 1,
                    column_letter(i),
                    i + 1
                );
            };
            if let Some(prev) = seen.insert(field.name, i) {
                bail!(
                    "`{input}` 第1行表头中{}列与{}列都对应字段 {}（列重复）/ columns {} and {} of `{input}` both map to field `{}`",
                    column_letter(prev),
                    column_letter(i),
                    field.name,
                    column_letter(prev),
                    column_letter(i),
                    field.name
                );
            }
            fields.push(Some(field));
            columns.push(found);
        }
        Ok(Table { headers, fields, mapping, columns, rows: Vec::new() })
    }

    /// "第3行F列「started_at」/ row 3, column F (6) "started_at"", or without the column when unknown.
    fn place(&self, line: usize, col: Option<usize>) -> String {
        match col {
            Some(c) => {
                let header = self.headers.get(c).map_or("", |h| h.trim());
                format!(
                    "第{line}行{}列（第{}列）「{header}」/ row {line}, column {} ({}) \"{header}\"",
                    column_letter(c),
                    c + 1,
                    column_letter(c),
                    c + 1
                )
            }
            None => format!("第{line}行 / row {line}"),
        }
    }

    /// The column of a field, by its contract name.
    fn column_of(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.is_some_and(|f| f.name == name))
    }

    /// Every data row as an engine input.
    fn inputs(&self) -> Vec<Input> {
        self.rows.iter().map(|(line, cells)| self.input(*line, cells)).collect()
    }

    fn input(&self, line: usize, cells: &[(usize, Cell)]) -> Input {
        let value = match self.row_value(line, cells) {
            Ok(v) => v,
            Err((col, path, message)) => {
                let message = format!("{}：{message}", self.place(line, Some(col)));
                return Input::Error { line, error: LineError { message, path } };
            }
        };
        // The engine's own reader for a JSON array element: the same contract, the same messages.
        let text = format!("[{value}]");
        match parse_records(&text).into_iter().next() {
            Some(Input::Record { inspection, .. }) => Input::Record { line, inspection },
            Some(Input::Error { error, .. }) => Input::Error { line, error: self.locate(line, error) },
            None => Input::Error {
                line,
                error: LineError {
                    message: format!("{}：无法读取 / cannot be read", self.place(line, None)),
                    path: String::new(),
                },
            },
        }
    }

    /// Names the row and the column of an engine error, from its JSON path.
    fn locate(&self, line: usize, error: LineError) -> LineError {
        let segs: Vec<&str> = error.path.split('/').skip(1).collect();
        let name = match segs.as_slice() {
            [] => None,
            [first, second, ..] if ["approval", "urgency", "notice", "conduct", "penalty"].contains(first) => {
                Some(format!("{first}.{second}"))
            }
            [first, ..] => Some((*first).to_string()),
        };
        let item = match segs.as_slice() {
            [first, index, ..] if ["joint_agencies", "inspectors", "items", "measures"].contains(first) => {
                index.parse::<usize>().ok().map(|i| format!("第{}项 / item {}：", i + 1, i + 1))
            }
            _ => None,
        }
        .unwrap_or_default();
        let message = match name {
            None => format!("{}：{}", self.place(line, None), error.message),
            Some(name) => match self.column_of(&name) {
                Some(c) => format!("{}：{item}{}", self.place(line, Some(c)), error.message),
                None => format!(
                    "{}，文件中没有「{name}」列 / the file has no column \"{name}\"：{}",
                    self.place(line, None),
                    error.message
                ),
            },
        };
        LineError { message, path: error.path }
    }

    /// The inspection JSON object of a row; on a cell that cannot be converted: (column, JSON path, message).
    fn row_value(&self, line: usize, cells: &[(usize, Cell)]) -> Result<Value, (usize, String, String)> {
        let mut obj = Map::new();
        for (col, cell) in cells {
            if let Some(m) = &self.mapping
                && *col < self.headers.len()
                && self.fields.get(*col).copied().flatten().is_none()
            {
                // A column the profile does not use: counted, not refused.
                if let Some(h) = self.headers.get(*col).filter(|h| !h.trim().is_empty()) {
                    m.unused_cell(*col, h, &cell_text(cell).unwrap_or_default());
                    continue;
                }
            }
            let Some(field) = self.fields.get(*col).copied().flatten() else {
                let why = if *col >= self.headers.len() {
                    "单元格在表头范围之外（第1行该列无表头）/ the cell is beyond the header row"
                } else {
                    "该列没有表头，其值不予接受 / the column has no header, so its value is refused"
                };
                return Err((*col, String::new(), why.to_string()));
            };
            let path = format!("/{}", field.name.replace('.', "/"));
            let mapped;
            let cell = match (&self.mapping, self.columns.get(*col).and_then(Option::as_ref)) {
                (Some(m), Some(c)) => match m.cell(c, cell, line) {
                    Ok(Some(v)) => {
                        mapped = v;
                        &mapped
                    }
                    Ok(None) => continue,
                    Err(message) => return Err((*col, path, message)),
                },
                _ => cell,
            };
            let value = match convert(field.kind, cell) {
                Ok(Some(v)) => v,
                Ok(None) => continue,
                Err(message) => return Err((*col, path, message)),
            };
            match field.name.split_once('.') {
                Some((outer, inner)) => {
                    let slot = obj.entry(outer).or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(m) = slot {
                        m.insert(inner.to_string(), value);
                    }
                }
                None => {
                    obj.insert(field.name.to_string(), value);
                }
            }
        }
        // An empty list cell is an empty list (`items` and `inspectors` have no default, and `[]` is what an
        // empty cell means), as long as the file has the column at all.
        for field in self.fields.iter().flatten() {
            if matches!(field.kind, Kind::List | Kind::Measures) && !obj.contains_key(field.name) {
                obj.insert(field.name.to_string(), Value::Array(Vec::new()));
            }
        }
        Ok(Value::Object(obj))
    }
}

/// The text of a number cell: integers without a decimal point.
fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 { format!("{}", x as i64) } else { format!("{x}") }
}

/// RFC 3339 text of an Excel wall-clock time, read as Asia/Shanghai.
fn local_rfc3339(t: NaiveDateTime) -> String {
    format!("{}+08:00", t.format("%Y-%m-%dT%H:%M:%S%.f"))
}

/// A time as text: RFC 3339 as the contract has it, or the common spreadsheet forms `2025/3/1 9:00[:00]` and
/// `2025-03-01 09:00` (Asia/Shanghai). Anything else is left for the engine to refuse with its own message.
fn normalize_time(s: &str) -> String {
    if Timestamp::parse(s).is_ok() {
        return s.to_string();
    }
    for fmt in ["%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y/%m/%dT%H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return local_rfc3339(t);
        }
    }
    s.to_string()
}

/// A date as text: `YYYY-MM-DD`, or `2025/3/1` and `2025-3-1`.
fn normalize_date(s: &str) -> String {
    if Date::parse(s).is_ok() {
        return s.to_string();
    }
    for fmt in ["%Y/%m/%d", "%Y-%m-%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return d.format("%Y-%m-%d").to_string();
        }
    }
    s.to_string()
}

/// A cell as plain text (for text, list, measure and JSON columns).
fn cell_text(cell: &Cell) -> Result<String, String> {
    Ok(match cell {
        Cell::Text(s) => s.trim().to_string(),
        Cell::Int(i) => i.to_string(),
        Cell::Float(x) => number_text(*x),
        Cell::Bool(b) => b.to_string(),
        Cell::DateTime(t, _) => local_rfc3339(*t),
        Cell::Bad(why) => return Err(why.clone()),
    })
}

/// The JSON value of a cell for a column of `kind`; None for an empty cell (the field is absent).
fn convert(kind: Kind, cell: &Cell) -> Result<Option<Value>, String> {
    let text = match (kind, cell) {
        (Kind::Time, Cell::DateTime(t, true)) => return Ok(Some(Value::String(local_rfc3339(*t)))),
        (Kind::Date, Cell::DateTime(t, true)) => return Ok(Some(Value::String(t.format("%Y-%m-%d").to_string()))),
        (Kind::Time | Kind::Date, Cell::DateTime(_, false)) => {
            return Err("单元格只有时刻、没有日期 / the cell has a time of day but no date".to_string());
        }
        (Kind::Time | Kind::Date, Cell::Int(_) | Cell::Float(_)) => {
            return Err(
                "单元格是数字而非日期：请将单元格设为日期时间格式，或写成 2025-03-01T09:00:00+08:00 这样的文本 / the cell is a number, not a date: format it as a date-time or write RFC 3339 text"
                    .to_string(),
            );
        }
        (Kind::Bool, Cell::Bool(b)) => return Ok(Some(Value::Bool(*b))),
        _ => cell_text(cell)?,
    };
    if text.is_empty() {
        return Ok(None);
    }
    let split = |s: &str| -> Vec<Value> {
        s.split(';').map(str::trim).filter(|x| !x.is_empty()).map(|x| Value::String(x.to_string())).collect()
    };
    Ok(Some(match kind {
        Kind::Text => Value::String(text),
        Kind::Time => Value::String(normalize_time(&text)),
        Kind::Date => Value::String(normalize_date(&text)),
        Kind::List => Value::Array(split(&text)),
        Kind::Bool => match text.to_lowercase().as_str() {
            "true" | "1" | "是" | "yes" => Value::Bool(true),
            "false" | "0" | "否" | "no" => Value::Bool(false),
            _ => {
                return Err(format!(
                    "取值「{text}」不是布尔值：应为 是/否、true/false、1/0 或 yes/no / `{text}` is not a boolean: use true/false, 1/0, 是/否 or yes/no"
                ));
            }
        },
        Kind::Measures => Value::Array(
            text.split(';')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(|item| {
                    let cut = [item.find(':').map(|i| (i, 1)), item.find('：').map(|i| (i, '：'.len_utf8()))]
                        .into_iter()
                        .flatten()
                        .min_by_key(|(i, _)| *i);
                    let (kind, basis) = match cut {
                        Some((i, w)) => (item.get(..i).unwrap_or(""), item.get(i + w..).unwrap_or("")),
                        None => (item, ""),
                    };
                    let basis = basis.trim();
                    let basis = if basis.is_empty() { Value::Null } else { Value::String(basis.to_string()) };
                    serde_json::json!({ "kind": kind.trim(), "legal_basis": basis })
                })
                .collect(),
        ),
        Kind::Json => serde_json::from_str::<Value>(&text).map_err(|e| {
            format!("不是有效的 JSON（{e}）：sector_data 列须为 JSON 对象文本 / not valid JSON ({e}): the column holds a JSON object")
        })?,
    }))
}

/// How the cells of a CSV file are decoded: UTF-8 (with or without a byte-order mark) or, failing that,
/// GB18030/GBK, which is what Excel and WPS on Chinese Windows write for "CSV (逗号分隔)". The file is read as
/// UTF-8 until its first row that is not plain ASCII decides: UTF-8 if that row is UTF-8, GB18030 if it is not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    /// UTF-8; `sure` once a byte-order mark or a non-ASCII UTF-8 row was seen.
    Utf8 { sure: bool },
    /// GB18030 (a superset of GBK).
    Gb18030,
}

impl Encoding {
    /// The encoding of a row (its cells' bytes one after the other), deciding the file's when still open.
    fn of_row(&mut self, bytes: &[u8]) -> Encoding {
        if *self == (Encoding::Utf8 { sure: false }) && !bytes.is_ascii() {
            if std::str::from_utf8(bytes).is_ok() {
                *self = Encoding::Utf8 { sure: true };
            } else if encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes).is_some() {
                *self = Encoding::Gb18030;
            }
        }
        *self
    }

    /// A cell's text, or why it cannot be read.
    fn decode(self, bytes: &[u8]) -> Result<String, String> {
        match self {
            Encoding::Utf8 { .. } => std::str::from_utf8(bytes).map(str::to_string).map_err(|e| {
                format!(
                    "单元格不是有效的 UTF-8 文本（单元格第{}字节）/ the cell is not valid UTF-8 (at byte {} of the cell)",
                    e.valid_up_to() + 1,
                    e.valid_up_to() + 1
                )
            }),
            Encoding::Gb18030 => encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(std::borrow::Cow::into_owned)
                .ok_or_else(|| "单元格不是有效的 GB18030/GBK 文本 / the cell is not valid GB18030 (GBK) text".to_string()),
        }
    }
}

/// The CSV parser's own buffer: bytes it may have read beyond the row it is reading.
const CSV_BUFFER: usize = 64 << 10;
/// Bytes the reader may hold beyond one row (the parser's buffer), before a row counts as longer than the cap.
const CSV_SLACK: usize = CSV_BUFFER;

/// The reader under the CSV parser: it keeps the bytes of the row being read, to number the row by the line
/// where it starts (the parser's positions point at the line end before a row), and refuses a row longer than
/// [`crate::run::MAX_LINE_BYTES`] (an unclosed quote would otherwise make one row of the whole file).
struct Tail {
    inner: Box<dyn BufRead + Send>,
    input: String,
    /// The bytes from offset `base` on, from index `from`.
    buf: Vec<u8>,
    from: usize,
    base: u64,
    /// Line ends before `base`.
    newlines: usize,
}

impl Tail {
    /// The index in `buf` of the byte at offset `at` (or of the first byte kept, for an earlier one).
    fn index(&self, at: u64) -> usize {
        let rel = usize::try_from(at.saturating_sub(self.base)).unwrap_or(usize::MAX);
        self.from.saturating_add(rel).min(self.buf.len())
    }

    /// The 1-based line of the row whose position (as the parser gives it) is byte `at`: past the line ends there.
    fn line_at(&self, at: u64) -> usize {
        let kept = self.buf.get(self.index(at)..).unwrap_or_default();
        let skip = kept.iter().position(|b| *b != b'\n' && *b != b'\r').unwrap_or(kept.len());
        let before = self.buf.get(self.from..self.index(at) + skip).unwrap_or_default();
        self.newlines + before.iter().filter(|b| **b == b'\n').count() + 1
    }

    /// Forgets the bytes before offset `at` (the rows read so far).
    fn forget(&mut self, at: u64) {
        let to = self.index(at);
        self.newlines += self.buf.get(self.from..to).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count());
        self.base = self.base.max(at);
        self.from = to;
        if self.from > (1 << 20) && self.from > self.buf.len() / 2 {
            self.buf.drain(..self.from);
            self.from = 0;
        }
    }
}

impl Read for Tail {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.buf.len() - self.from > crate::run::MAX_LINE_BYTES + CSV_SLACK {
            // Blank lines before a row are not part of it.
            let pending = self.buf.get(self.from..).unwrap_or_default();
            let blank = pending.iter().position(|b| *b != b'\n' && *b != b'\r').unwrap_or(pending.len());
            let at = self.base + blank as u64;
            self.forget(at);
            if self.buf.len() - self.from > crate::run::MAX_LINE_BYTES + CSV_SLACK {
                let line = self.line_at(self.base);
                return Err(std::io::Error::other(format!(
                    "`{}` 第{line}行起的一行 CSV 超过 {} MiB 上限（是否有未闭合的引号？），从该行起未读取，整个文件未检查 / the CSV row starting at line {line} of `{}` is longer than {} MiB (an unclosed quote?); nothing from it on was read, and nothing was checked",
                    self.input,
                    crate::run::MAX_LINE_BYTES >> 20,
                    self.input,
                    crate::run::MAX_LINE_BYTES >> 20
                )));
            }
        }
        let n = self.inner.read(out)?;
        self.buf.extend_from_slice(out.get(..n).unwrap_or_default());
        Ok(n)
    }
}

/// A data row: its line, and its non-empty cells by 0-based column.
type Row = (usize, Vec<(usize, Cell)>);

/// Data rows of a CSV file per chunk, ready to become inputs on every core ([`Rows::inputs`]).
#[derive(Debug)]
pub struct Rows {
    table: Arc<Table>,
    rows: Vec<Row>,
}

impl Rows {
    /// Each row as an engine input, in order (converted on every core).
    pub fn inputs(self) -> Vec<Input> {
        use rayon::prelude::*;
        let table = &*self.table;
        self.rows.into_par_iter().map(|(line, cells)| table.input(line, &cells)).collect()
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// No rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Rows per chunk of a CSV file.
const CSV_CHUNK_ROWS: usize = 4096;
/// Bytes of CSV per chunk (a chunk ends at this size or at [`CSV_CHUNK_ROWS`] rows).
const CSV_CHUNK_BYTES: u64 = 4 << 20;

/// A CSV file (comma-separated, RFC 4180 quoting) read as a stream: the header row resolved when it is opened,
/// then the data rows in chunks, each numbered by the line of the file where it starts. Rows whose cells are all
/// empty are skipped, as blank JSON Lines are. A row that cannot be read (longer than 16 MiB, or a read error)
/// ends the iteration with an error: after it, rows cannot be told apart.
pub struct CsvRows {
    reader: Option<csv::Reader<Tail>>,
    table: Arc<Table>,
    encoding: Encoding,
    record: csv::ByteRecord,
    input: String,
}

impl std::fmt::Debug for CsvRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvRows").field("input", &self.input).field("encoding", &self.encoding).finish_non_exhaustive()
    }
}

impl CsvRows {
    /// Reads the header row of `reader` (the text of the CSV file `input`); an unknown or repeated column, or a
    /// header in neither UTF-8 nor GB18030, is an error for the whole file.
    pub fn open(input: &str, mut reader: Box<dyn BufRead + Send>, mapping: Option<Arc<Mapping>>) -> Result<CsvRows> {
        let cannot = || format!("无法读取 CSV 文件 / cannot read the CSV file `{input}`");
        let bom = reader.fill_buf().with_context(cannot)?.starts_with(b"\xef\xbb\xbf");
        if bom {
            reader.consume(3);
        }
        let tail = Tail { inner: reader, input: input.to_string(), buf: Vec::new(), from: 0, base: 0, newlines: 0 };
        let mut reader =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).buffer_capacity(CSV_BUFFER).from_reader(tail);
        let mut header = csv::ByteRecord::new();
        let mut encoding = Encoding::Utf8 { sure: bom };
        // Rows above the profile's header row (merged titles) are skipped.
        let header_row = mapping.as_ref().map_or(1, |m| m.profile.header_row);
        let mut found = false;
        for _ in 0..header_row {
            found = reader
                .read_byte_record(&mut header)
                .map_err(|e| anyhow!("无法读取 CSV 表头 / cannot read the CSV header of `{input}`: {e}"))?;
            if !found {
                break;
            }
        }
        if !found {
            return Ok(CsvRows {
                reader: None,
                table: Arc::new(Table::new(input, Vec::new(), mapping)?),
                encoding,
                record: header,
                input: input.to_string(),
            });
        }
        let decoding = encoding.of_row(header.as_slice());
        if let (Encoding::Utf8 { .. }, Err(e)) = (decoding, std::str::from_utf8(header.as_slice())) {
            let at = e.valid_up_to() + 1;
            bail!(
                "`{input}` 的表头既不是 UTF-8 也不是 GBK/GB18030 编码（表头第{at}字节）；请另存为 CSV UTF-8 / the header row of `{input}` is neither UTF-8 nor GB18030 text (byte {at}): save it as UTF-8 CSV"
            );
        }
        let names: Vec<String> = header.iter().map(|h| decoding.decode(h).unwrap_or_default()).collect();
        let table = Arc::new(Table::new(input, names, mapping)?);
        let at = reader.position().byte();
        reader.get_mut().forget(at);
        Ok(CsvRows { reader: Some(reader), table, encoding, record: header, input: input.to_string() })
    }

    /// The next row, or None at the end.
    fn row(&mut self) -> Result<Option<Row>> {
        loop {
            let Some(reader) = self.reader.as_mut() else { return Ok(None) };
            let found = reader.read_byte_record(&mut self.record).map_err(|e| match e.into_kind() {
                csv::ErrorKind::Io(e) => anyhow!("{e}"),
                other => {
                    anyhow!("无法读取 CSV 文件 `{}` / cannot read the CSV file `{}`: {other:?}", self.input, self.input)
                }
            })?;
            if !found {
                self.reader = None;
                return Ok(None);
            }
            let at = self.record.position().map_or(0, csv::Position::byte);
            let line = reader.get_ref().line_at(at);
            let end = reader.position().byte();
            reader.get_mut().forget(end);
            let encoding = self.encoding.of_row(self.record.as_slice());
            let width = self.table.headers.len();
            let mut cells = Vec::new();
            for (i, bytes) in self.record.iter().enumerate() {
                let cell = match encoding.decode(bytes) {
                    Ok(text) if text.trim().is_empty() => continue,
                    Ok(text) => Cell::Text(text),
                    Err(why) => Cell::Bad(why),
                };
                if i >= width {
                    // A cell beyond the header keeps only its position, and the first one is enough to refuse the
                    // row: a row of millions of commas and letters costs no more than one cell.
                    cells.push((i, Cell::Bad(String::new())));
                    break;
                }
                cells.push((i, cell));
            }
            if !cells.is_empty() {
                return Ok(Some((line, cells)));
            }
        }
    }
}

impl Iterator for CsvRows {
    type Item = Result<Rows>;

    fn next(&mut self) -> Option<Result<Rows>> {
        let mut rows = Vec::new();
        let start = self.reader.as_ref().map_or(0, |r| r.position().byte());
        while rows.len() < CSV_CHUNK_ROWS
            && self.reader.as_ref().is_some_and(|r| r.position().byte() - start < CSV_CHUNK_BYTES)
        {
            match self.row() {
                Ok(Some(row)) => rows.push(row),
                Ok(None) => break,
                Err(e) => {
                    self.reader = None;
                    return Some(Err(e));
                }
            }
        }
        (!rows.is_empty()).then(|| Ok(Rows { table: self.table.clone(), rows }))
    }
}

/// Decompresses every part of a zip to count its real size, refusing a zip bomb before a parser sees it.
fn check_zip(input: &str, bytes: &[u8]) -> Result<()> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        anyhow!("`{input}` 不是有效的 .xlsx 文件（zip 结构损坏或加密：{e}）/ is not a valid .xlsx file (bad or encrypted zip: {e})")
    })?;
    if zip.len() > XLSX_MAX_ENTRIES {
        bail!(
            "`{input}` 含 {} 个部件，超过 {XLSX_MAX_ENTRIES} 的上限 / has {} parts; the cap is {XLSX_MAX_ENTRIES}",
            zip.len(),
            zip.len()
        );
    }
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 << 10];
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| anyhow!("`{input}` 的第{}个部件无法读取 / part {} cannot be read: {e}", i + 1, i + 1))?;
        loop {
            let n = match part.read(&mut buf) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => bail!("`{input}` 的第{}个部件已损坏 / part {} is corrupt: {e}", i + 1, i + 1),
            };
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > XLSX_MAX_UNCOMPRESSED {
                bail!(
                    "`{input}` 解压后超过 {} MiB 上限，拒绝读取（可能是压缩炸弹；大数据请用 CSV 或 JSON Lines）/ uncompresses to more than {} MiB; refused (a zip bomb? use CSV or JSON Lines for large data)",
                    XLSX_MAX_UNCOMPRESSED >> 20,
                    XLSX_MAX_UNCOMPRESSED >> 20
                );
            }
        }
    }
    Ok(())
}

/// A calamine cell as ours; None for an empty one.
fn xlsx_cell(value: &calamine::DataRef<'_>, budget: &mut usize) -> Option<Cell> {
    use calamine::DataRef as D;
    let text = |s: &str, budget: &mut usize| {
        if s.trim().is_empty() {
            return None;
        }
        if s.chars().count() > CELL_MAX_CHARS {
            return Some(Cell::Bad(format!(
                "单元格文字超过 Excel 上限 {CELL_MAX_CHARS} 字 / the cell's text is longer than Excel's limit of {CELL_MAX_CHARS} characters"
            )));
        }
        *budget = budget.saturating_sub(s.len());
        Some(Cell::Text(s.to_string()))
    };
    match value {
        D::Empty => None,
        D::String(s) | D::DateTimeIso(s) => text(s, budget),
        D::SharedString(s) => text(s, budget),
        D::Int(i) => Some(Cell::Int(*i)),
        D::Float(x) => Some(Cell::Float(*x)),
        D::Bool(b) => Some(Cell::Bool(*b)),
        D::DateTime(dt) if dt.is_duration() => {
            Some(Cell::Bad("单元格是时长而非日期时间 / the cell is a duration, not a date-time".to_string()))
        }
        D::DateTime(dt) if !excel_serial_in_range(dt) => Some(Cell::Bad(format!(
            "Excel 日期超出范围（序列值 {}；Excel 的日期止于 9999-12-31，且不早于其纪元）/ Excel date out of range (serial {}; Excel dates end at 9999-12-31 and start at the workbook's epoch)",
            dt.as_f64(),
            dt.as_f64()
        ))),
        D::DateTime(dt) => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            let t = NaiveDate::from_ymd_opt(i32::from(y), u32::from(mo), u32::from(d))
                .and_then(|day| day.and_hms_milli_opt(u32::from(h), u32::from(mi), u32::from(s), u32::from(ms)));
            Some(match t {
                Some(t) => Cell::DateTime(t, dt.as_f64() >= 1.0),
                None => Cell::Bad(format!(
                    "Excel 日期无效（序列值 {}）/ invalid Excel date (serial {})",
                    dt.as_f64(),
                    dt.as_f64()
                )),
            })
        }
        D::DurationIso(_) => {
            Some(Cell::Bad("单元格是时长而非日期时间 / the cell is a duration, not a date-time".to_string()))
        }
        D::Error(e) => Some(Cell::Bad(format!("单元格是 Excel 错误值 {e} / the cell holds the Excel error {e}"))),
    }
}

/// Whether an Excel date-time serial is in Excel's own range: from the epoch (serial 0) to 9999-12-31
/// 23:59:59.999 (serial 2,958,465.99… in the 1900 date system, 2,957,003.99… in the 1904 one). calamine clamps a
/// serial outside it to the nearest end, which would read a date that is not in the cell.
fn excel_serial_in_range(dt: &calamine::ExcelDateTime) -> bool {
    let v = dt.as_f64();
    let is_1904 = *dt == calamine::ExcelDateTime::new(v, calamine::ExcelDateTimeType::DateTime, true);
    let end = if is_1904 { 2_957_004.0 } else { 2_958_466.0 };
    (0.0..end).contains(&v)
}

/// XLSX: the first worksheet, header in row 1; each data row is one record, numbered by its row in the sheet.
/// Date-time cells are read as Asia/Shanghai wall-clock times (Excel stores no time zone). The file is read
/// whole (calamine needs it), so it must be a regular file of at most [`XLSX_MAX_FILE`].
pub fn read_xlsx(path: &Path, mapping: Option<Arc<Mapping>>) -> Result<Vec<Input>> {
    let input = &path.display().to_string();
    let meta = std::fs::metadata(path).with_context(|| format!("无法读取输入文件 / cannot read input `{input}`"))?;
    if meta.is_dir() {
        bail!("输入 `{input}` 是一个目录 / input `{input}` is a directory");
    }
    if meta.len() > XLSX_MAX_FILE {
        bail!(
            "`{input}` 超过 {} MiB，拒绝读取；大数据请用 CSV 或 JSON Lines / is larger than {} MiB; use CSV or JSON Lines for large data",
            XLSX_MAX_FILE >> 20,
            XLSX_MAX_FILE >> 20
        );
    }
    let bytes = crate::load::read_bounded_bytes(path, XLSX_MAX_FILE, "Excel 文件 / Excel file")?;
    read_xlsx_bytes(input, bytes, mapping)
}

/// [`read_xlsx`] of a workbook already in memory; `input` names it in messages.
pub fn read_xlsx_bytes(input: &str, bytes: Vec<u8>, mapping: Option<Arc<Mapping>>) -> Result<Vec<Input>> {
    if bytes.len() as u64 > XLSX_MAX_FILE {
        bail!(
            "`{input}` 超过 {} MiB，拒绝读取；大数据请用 CSV 或 JSON Lines / is larger than {} MiB; use CSV or JSON Lines for large data",
            XLSX_MAX_FILE >> 20,
            XLSX_MAX_FILE >> 20
        );
    }
    check_zip(input, &bytes)?;
    let mut book: calamine::Xlsx<_> = calamine::Reader::new(Cursor::new(bytes))
        .map_err(|e| anyhow!("无法读取 Excel 文件 `{input}`：{e} / cannot read the workbook `{input}`: {e}"))?;
    let sheet = calamine::Reader::sheet_names(&book)
        .into_iter()
        .next()
        .ok_or_else(|| anyhow!("`{input}` 没有工作表 / has no worksheet"))?;
    let mut cells = book
        .worksheet_cells_reader(&sheet)
        .map_err(|e| anyhow!("无法读取工作表「{sheet}」/ cannot read worksheet `{sheet}` of `{input}`: {e}"))?;
    let mut header: BTreeMap<u32, String> = BTreeMap::new();
    let mut rows: BTreeMap<u32, Vec<(usize, Cell)>> = BTreeMap::new();
    let mut width: Option<usize> = None;
    let mut budget = XLSX_MAX_TEXT;
    // The header row (0-based); rows above it (merged titles of a two-row header) are skipped.
    let header_row = mapping.as_ref().map_or(1, |m| m.profile.header_row) as u32 - 1;
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| anyhow!("工作表「{sheet}」已损坏 / worksheet `{sheet}` of `{input}` is corrupt: {e}"))?
    {
        let (row, col) = cell.get_position();
        if row >= XLSX_MAX_ROWS {
            bail!(
                "`{input}` 的行号超过 Excel 上限 {XLSX_MAX_ROWS} / has a row beyond Excel's limit of {XLSX_MAX_ROWS}"
            );
        }
        let Some(value) = xlsx_cell(cell.get_value(), &mut budget) else { continue };
        if budget == 0 {
            bail!(
                "`{input}` 的文字总量超过 {} MiB 上限 / holds more than {} MiB of text",
                XLSX_MAX_TEXT >> 20,
                XLSX_MAX_TEXT >> 20
            );
        }
        if row < header_row {
            continue;
        }
        if row == header_row {
            if width.is_some() {
                let n = header_row + 1;
                bail!(
                    "`{input}` 的第{n}行（表头）之前已有数据 / row {n}, the header row, comes after data in the worksheet"
                );
            }
            let text = cell_text(&value).unwrap_or_default();
            header.insert(col, text);
            continue;
        }
        let w = *width.get_or_insert_with(|| header.keys().next_back().map_or(0, |c| *c as usize + 1));
        let col = col as usize;
        // A cell beyond the header keeps only its position (its value is refused, whatever its size).
        let value = if col >= w { Cell::Bad(String::new()) } else { value };
        rows.entry(row).or_default().push((col, value));
    }
    if header.is_empty() && rows.is_empty() {
        return Ok(Vec::new());
    }
    if header.is_empty() {
        let n = header_row + 1;
        bail!(
            "`{input}` 工作表「{sheet}」第{n}行应为表头，但为空 / row {n} of worksheet `{sheet}` must be the header row"
        );
    }
    let w = header.keys().next_back().map_or(0, |c| *c as usize + 1);
    let headers: Vec<String> = (0..w).map(|c| header.get(&(c as u32)).cloned().unwrap_or_default()).collect();
    let mut table = Table::new(input, headers, mapping)?;
    table.rows = rows.into_iter().map(|(r, cells)| (r as usize + 1, cells)).collect();
    Ok(table.inputs())
}

/// Largest `.parquet` file read (256 MiB): it is read whole, and compresses several times over.
pub const PARQUET_MAX_FILE: u64 = 256 << 20;

/// A Parquet file (what data platforms export): one row per record, its columns named as the CSV/XLSX mapping's
/// (or a profile's), its values strings, numbers, booleans, dates and timestamps (a timestamp adjusted to UTC is
/// shown in Asia/Shanghai; a local one is read as it is), lists of strings joined. Row `n` of the file is "row
/// n" in messages. Read whole, under [`PARQUET_MAX_FILE`].
#[cfg(feature = "parquet")]
pub fn read_parquet(input: &str, bytes: Vec<u8>, mapping: Option<Arc<Mapping>>) -> Result<Vec<Input>> {
    use parquet::basic::LogicalType;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field as P;
    if bytes.len() as u64 > PARQUET_MAX_FILE {
        bail!(
            "`{input}` 超过 {} MiB，拒绝读取；大数据请用 JSON Lines / is larger than {} MiB; use JSON Lines for large data",
            PARQUET_MAX_FILE >> 20,
            PARQUET_MAX_FILE >> 20
        );
    }
    let reader = SerializedFileReader::new(bytes::Bytes::from(bytes))
        .map_err(|e| anyhow!("无法读取 Parquet 文件 `{input}`：{e} / cannot read the Parquet file `{input}`: {e}"))?;
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let top = schema.root_schema().get_fields();
    let headers: Vec<String> = top.iter().map(|f| f.name().to_string()).collect();
    // Whether each top-level timestamp column is adjusted to UTC (then shown in Asia/Shanghai).
    let utc: Vec<bool> = top
        .iter()
        .map(|f| {
            matches!(
                f.get_basic_info().logical_type_ref(),
                Some(LogicalType::Timestamp { is_adjusted_to_u_t_c: true, .. })
            )
        })
        .collect();
    let mut table = Table::new(input, headers, mapping)?;
    let rows = reader
        .get_row_iter(None)
        .map_err(|e| anyhow!("无法读取 Parquet 文件 `{input}`：{e} / cannot read the Parquet file `{input}`: {e}"))?;
    let wall = |micros: i64, adjusted: bool| -> Option<NaiveDateTime> {
        let t = chrono::DateTime::from_timestamp_micros(micros)?.naive_utc();
        if adjusted { t.checked_add_signed(chrono::Duration::hours(8)) } else { Some(t) }
    };
    let scalar = |f: &P, adjusted: bool| -> Option<Cell> {
        Some(match f {
            P::Null => return None,
            P::Bool(b) => Cell::Bool(*b),
            P::Byte(i) => Cell::Int(i64::from(*i)),
            P::Short(i) => Cell::Int(i64::from(*i)),
            P::Int(i) => Cell::Int(i64::from(*i)),
            P::Long(i) => Cell::Int(*i),
            P::UByte(i) => Cell::Int(i64::from(*i)),
            P::UShort(i) => Cell::Int(i64::from(*i)),
            P::UInt(i) => Cell::Int(i64::from(*i)),
            P::ULong(i) => i64::try_from(*i).map_or_else(|_| Cell::Text(i.to_string()), Cell::Int),
            P::Float(x) => Cell::Float(f64::from(*x)),
            P::Double(x) => Cell::Float(*x),
            P::Str(s) => Cell::Text(s.chars().take(CELL_MAX_CHARS + 1).collect()),
            P::Date(days) => match NaiveDate::from_ymd_opt(1970, 1, 1)
                .and_then(|d| d.checked_add_signed(chrono::Duration::days(i64::from(*days))))
            {
                Some(d) => Cell::DateTime(d.and_time(chrono::NaiveTime::MIN), true),
                None => Cell::Bad(format!("日期超出范围 / date out of range: {days}")),
            },
            P::TimestampMillis(ms) => match wall(ms.saturating_mul(1000), adjusted) {
                Some(t) => Cell::DateTime(t, true),
                None => Cell::Bad(format!("时间超出范围 / timestamp out of range: {ms}")),
            },
            P::TimestampMicros(us) => match wall(*us, adjusted) {
                Some(t) => Cell::DateTime(t, true),
                None => Cell::Bad(format!("时间超出范围 / timestamp out of range: {us}")),
            },
            other => Cell::Bad(format!(
                "Parquet 值类型不受支持（应为文本、数字、布尔、日期或时间）/ unsupported Parquet value: {other}"
            )),
        })
    };
    for (n, row) in rows.enumerate() {
        let line = n + 1;
        let row =
            row.map_err(|e| anyhow!("`{input}` 第{line}行无法读取 / row {line} of `{input}` cannot be read: {e}"))?;
        let mut cells = Vec::new();
        for (col, (_, field)) in row.get_column_iter().enumerate() {
            let adjusted = utc.get(col).copied().unwrap_or(false);
            let cell = match field {
                // A list of strings is the mapping's list text: items joined with `;`.
                P::ListInternal(list) => {
                    let items: Vec<Option<Cell>> = list.elements().iter().map(|f| scalar(f, adjusted)).collect();
                    let texts: Result<Vec<String>, String> =
                        items.iter().flatten().map(cell_text).collect::<Result<_, _>>();
                    match texts {
                        Ok(t) if t.is_empty() => continue,
                        Ok(t) => Cell::Text(t.join(";")),
                        Err(why) => Cell::Bad(why),
                    }
                }
                other => match scalar(other, adjusted) {
                    Some(c) => c,
                    None => continue,
                },
            };
            if matches!(&cell, Cell::Text(t) if t.trim().is_empty()) {
                continue;
            }
            cells.push((col, cell));
        }
        if !cells.is_empty() {
            table.rows.push((line, cells));
        }
    }
    Ok(table.inputs())
}

/// The first `n` rows of a CSV or XLSX file as cell texts (empty cells as empty strings), for
/// [`crate::profile::infer`].
pub fn first_rows(path: &Path, n: usize) -> Result<Vec<Vec<String>>> {
    let input = path.display().to_string();
    match table_kind(&input)? {
        Some(TableKind::Xlsx) => {
            let bytes = crate::load::read_bounded_bytes(path, XLSX_MAX_FILE, "Excel 文件 / Excel file")?;
            check_zip(&input, &bytes)?;
            let mut book: calamine::Xlsx<_> = calamine::Reader::new(Cursor::new(bytes))
                .map_err(|e| anyhow!("无法读取 Excel 文件 `{input}`：{e} / cannot read the workbook `{input}`: {e}"))?;
            let sheet = calamine::Reader::sheet_names(&book)
                .into_iter()
                .next()
                .ok_or_else(|| anyhow!("`{input}` 没有工作表 / has no worksheet"))?;
            let mut cells = book
                .worksheet_cells_reader(&sheet)
                .map_err(|e| anyhow!("无法读取工作表「{sheet}」/ cannot read worksheet `{sheet}` of `{input}`: {e}"))?;
            let mut rows: Vec<Vec<String>> = Vec::new();
            let mut budget = XLSX_MAX_TEXT;
            while let Some(cell) = cells
                .next_cell()
                .map_err(|e| anyhow!("工作表「{sheet}」已损坏 / worksheet `{sheet}` is corrupt: {e}"))?
            {
                let (row, col) = cell.get_position();
                if row as usize >= n {
                    break;
                }
                let Some(value) = xlsx_cell(cell.get_value(), &mut budget) else { continue };
                let text = match value {
                    Cell::DateTime(t, _) => t.format("%Y-%m-%d %H:%M").to_string(),
                    other => cell_text(&other).unwrap_or_default(),
                };
                let (row, col) = (row as usize, col as usize);
                if rows.len() <= row {
                    rows.resize(row + 1, Vec::new());
                }
                if let Some(r) = rows.get_mut(row) {
                    if r.len() <= col {
                        r.resize(col + 1, String::new());
                    }
                    if let Some(slot) = r.get_mut(col) {
                        *slot = text;
                    }
                }
            }
            Ok(rows)
        }
        Some(TableKind::Csv) => {
            let file = std::fs::File::open(path).with_context(|| format!("无法读取 / cannot read `{input}`"))?;
            let mut reader = std::io::BufReader::new(file.take(crate::run::MAX_LINE_BYTES as u64 * 4));
            let bom = reader.fill_buf()?.starts_with(b"\xef\xbb\xbf");
            if bom {
                reader.consume(3);
            }
            let mut csv = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(reader);
            let mut encoding = Encoding::Utf8 { sure: bom };
            let mut rows = Vec::new();
            let mut record = csv::ByteRecord::new();
            while rows.len() < n && csv.read_byte_record(&mut record).unwrap_or(false) {
                let e = encoding.of_row(record.as_slice());
                rows.push(record.iter().map(|b| e.decode(b).unwrap_or_default()).collect());
            }
            Ok(rows)
        }
        Some(TableKind::Parquet) | None => {
            bail!(
                "`{input}` 不是 CSV 或 XLSX 文件（--infer 读取这两种）/ is not a CSV or XLSX file (what --infer reads)"
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn spreadsheet_times() {
        assert_eq!(normalize_time("2025/3/1 9:00"), "2025-03-01T09:00:00+08:00");
        assert_eq!(normalize_time("2025-03-01 09:05"), "2025-03-01T09:05:00+08:00");
        assert_eq!(normalize_time("2025-03-01T09:00:00Z"), "2025-03-01T09:00:00Z");
        assert_eq!(normalize_time("2025-02-30T09:00:00+08:00"), "2025-02-30T09:00:00+08:00");
        assert_eq!(normalize_date("2025/3/1"), "2025-03-01");
    }

    #[test]
    fn cells() {
        let c = |s: &str| Cell::Text(s.to_string());
        assert_eq!(convert(Kind::Bool, &c("是")), Ok(Some(Value::Bool(true))));
        assert_eq!(convert(Kind::Bool, &c("No")), Ok(Some(Value::Bool(false))));
        assert!(convert(Kind::Bool, &c("maybe")).is_err());
        assert_eq!(convert(Kind::List, &c("a; b;;c")), Ok(Some(serde_json::json!(["a", "b", "c"]))));
        assert_eq!(convert(Kind::Text, &c("  ")), Ok(None));
        assert_eq!(
            convert(Kind::Measures, &c("seal:《行政强制法》第二十二条; seize：x:y; freeze")),
            Ok(Some(serde_json::json!([
                {"kind": "seal", "legal_basis": "《行政强制法》第二十二条"},
                {"kind": "seize", "legal_basis": "x:y"},
                {"kind": "freeze", "legal_basis": null}
            ])))
        );
        assert_eq!(convert(Kind::Text, &Cell::Float(1001.0)), Ok(Some(Value::String("1001".into()))));
        assert!(convert(Kind::Time, &Cell::Float(45000.0)).is_err());
    }
}
