//! Input and output formats beyond JSON Lines: CSV and XLSX inputs with a documented column mapping (errors name
//! the row and column), and CSV and XLSX outputs with one row per finding. Gzip-compressed JSON Lines is
//! decompressed as a stream by `crate::run`, under [`GZIP_MAX_DECOMPRESSED`].
//!
//! The column mapping and the outputs are documented in `docs/formats.md`; the table [`FIELDS`] below is the
//! mapping itself.
//!
//! A CSV or XLSX row is turned into the inspection's JSON object (a `serde_json::Value`) and then read by the
//! engine's own parser, so that it obeys exactly the same contract as a JSON Lines record; the JSON path of an
//! error is then mapped back to the column it came from.

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{NaiveDate, NaiveDateTime};
use jiancha_core::finding::LineError;
use jiancha_core::time::{Date, Timestamp};
use jiancha_core::batch::Rec;
use jiancha_core::{Dataset, Input, OutputLine, Rule, Scope, Severity, parse_records};
use serde_json::{Map, Value};

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

/// Reads `input` whole when it is a spreadsheet export, choosing by the file name (case-insensitive): `.csv`,
/// `.xlsx`; other spreadsheet formats are refused with a hint. Anything else (JSON Lines, `.gz`, `-`) is not a
/// table: `None`, and `crate::run` streams it.
pub fn read_table(input: &str) -> Result<Option<Vec<Input>>> {
    let lower = input.to_lowercase();
    if input == "-" {
        return Ok(None);
    }
    if lower.ends_with(".csv") {
        return read_csv(input).map(Some);
    }
    if lower.ends_with(".xlsx") {
        return read_xlsx(input).map(Some);
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
enum Cell {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// An Excel date-time cell: the wall-clock value, and whether it has a date part (serial ≥ 1).
    DateTime(NaiveDateTime, bool),
    /// A cell that cannot be read (an Excel error such as `#N/A`, a duration, an overlong text).
    Bad(String),
}

/// A table read from a CSV or XLSX file: header row 1, then data rows by their row number in the file.
struct Table {
    headers: Vec<String>,
    fields: Vec<Option<&'static Field>>,
    /// (row number, non-empty cells by 0-based column).
    rows: Vec<(usize, Vec<(usize, Cell)>)>,
}

impl Table {
    /// Resolves the header row; an unknown or repeated column is an error for the whole file.
    fn new(input: &str, headers: Vec<String>) -> Result<Table> {
        let mut fields = Vec::with_capacity(headers.len());
        let mut seen: HashMap<&'static str, usize> = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            let name = h.trim();
            if name.is_empty() {
                fields.push(None);
                continue;
            }
            let Some(field) = field_of_header(name) else {
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
        }
        Ok(Table { headers, fields, rows: Vec::new() })
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
        let value = match self.row_value(cells) {
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
                error: LineError { message: format!("{}：无法读取 / cannot be read", self.place(line, None)), path: String::new() },
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
    fn row_value(&self, cells: &[(usize, Cell)]) -> Result<Value, (usize, String, String)> {
        let mut obj = Map::new();
        for (col, cell) in cells {
            let Some(field) = self.fields.get(*col).copied().flatten() else {
                let why = if *col >= self.headers.len() {
                    "单元格在表头范围之外（第1行该列无表头）/ the cell is beyond the header row"
                } else {
                    "该列没有表头，其值不予接受 / the column has no header, so its value is refused"
                };
                return Err((*col, String::new(), why.to_string()));
            };
            let path = format!("/{}", field.name.replace('.', "/"));
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

/// The text of a CSV file: UTF-8 (with or without a byte-order mark) or, failing that, GB18030/GBK, which is what
/// Excel and WPS on Chinese Windows write for "CSV (逗号分隔)".
fn csv_text(input: &str, bytes: &[u8]) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
            Some(s) => Ok(s.into_owned()),
            None => bail!(
                "`{input}` 既不是 UTF-8 也不是 GBK/GB18030 编码（第{}字节）；请另存为 CSV UTF-8 / is neither UTF-8 nor GB18030 text (byte {}): save it as UTF-8 CSV",
                e.valid_up_to() + 1,
                e.valid_up_to() + 1
            ),
        },
    }
}

/// CSV (comma-separated, RFC 4180 quoting): header in row 1; each data row is one record, numbered by the line of
/// the file where it starts. Rows whose cells are all empty are skipped, as blank JSON Lines are.
fn read_csv(input: &str) -> Result<Vec<Input>> {
    let bytes = crate::load::read_bytes(input)?;
    let text = csv_text(input, &bytes)?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let Some(header) = records.next() else {
        return Ok(Vec::new());
    };
    let header = header.with_context(|| format!("无法读取 CSV 表头 / cannot read the CSV header of `{input}`"))?;
    let mut table = Table::new(input, header.iter().map(str::to_string).collect())?;
    // The csv crate's positions point at the line end before a record; the row number is the line where the
    // record itself starts, counted here from the byte offset.
    let bytes = text.as_bytes();
    let (mut at, mut line) = (0usize, 1usize);
    for record in records {
        let record = record.with_context(|| format!("无法读取 CSV 文件 / cannot read the CSV file `{input}`"))?;
        let mut start = record.position().map_or(at, |p| p.byte() as usize).max(at);
        while bytes.get(start).is_some_and(|b| *b == b'\n' || *b == b'\r') {
            start += 1;
        }
        line += bytes.get(at..start).map_or(0, |s| s.iter().filter(|b| **b == b'\n').count());
        at = start;
        let cells: Vec<(usize, Cell)> = record
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(i, v)| (i, Cell::Text(v.to_string())))
            .collect();
        if !cells.is_empty() {
            table.rows.push((line, cells));
        }
    }
    Ok(table.inputs())
}

/// Decompresses every part of a zip to count its real size, refusing a zip bomb before a parser sees it.
fn check_zip(input: &str, bytes: &[u8]) -> Result<()> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        anyhow!("`{input}` 不是有效的 .xlsx 文件（zip 结构损坏或加密：{e}）/ is not a valid .xlsx file (bad or encrypted zip: {e})")
    })?;
    if zip.len() > XLSX_MAX_ENTRIES {
        bail!("`{input}` 含 {} 个部件，超过 {XLSX_MAX_ENTRIES} 的上限 / has {} parts; the cap is {XLSX_MAX_ENTRIES}", zip.len(), zip.len());
    }
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 << 10];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| anyhow!("`{input}` 的第{}个部件无法读取 / part {} cannot be read: {e}", i + 1, i + 1))?;
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
        D::DateTime(dt) => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            let t = NaiveDate::from_ymd_opt(i32::from(y), u32::from(mo), u32::from(d))
                .and_then(|day| day.and_hms_milli_opt(u32::from(h), u32::from(mi), u32::from(s), u32::from(ms)));
            Some(match t {
                Some(t) => Cell::DateTime(t, dt.as_f64() >= 1.0),
                None => Cell::Bad(format!("Excel 日期无效（序列值 {}）/ invalid Excel date (serial {})", dt.as_f64(), dt.as_f64())),
            })
        }
        D::DurationIso(_) => Some(Cell::Bad("单元格是时长而非日期时间 / the cell is a duration, not a date-time".to_string())),
        D::Error(e) => Some(Cell::Bad(format!("单元格是 Excel 错误值 {e} / the cell holds the Excel error {e}"))),
    }
}

/// XLSX: the first worksheet, header in row 1; each data row is one record, numbered by its row in the sheet.
/// Date-time cells are read as Asia/Shanghai wall-clock times (Excel stores no time zone).
fn read_xlsx(input: &str) -> Result<Vec<Input>> {
    let path = Path::new(input);
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
    let bytes = std::fs::read(path).with_context(|| format!("无法读取输入文件 / cannot read input `{input}`"))?;
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
    while let Some(cell) =
        cells.next_cell().map_err(|e| anyhow!("工作表「{sheet}」已损坏 / worksheet `{sheet}` of `{input}` is corrupt: {e}"))?
    {
        let (row, col) = cell.get_position();
        if row >= XLSX_MAX_ROWS {
            bail!("`{input}` 的行号超过 Excel 上限 {XLSX_MAX_ROWS} / has a row beyond Excel's limit of {XLSX_MAX_ROWS}");
        }
        let Some(value) = xlsx_cell(cell.get_value(), &mut budget) else { continue };
        if budget == 0 {
            bail!("`{input}` 的文字总量超过 {} MiB 上限 / holds more than {} MiB of text", XLSX_MAX_TEXT >> 20, XLSX_MAX_TEXT >> 20);
        }
        if row == 0 {
            if width.is_some() {
                bail!("`{input}` 的第1行（表头）不在工作表开头 / the header row is not first in the worksheet");
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
        bail!("`{input}` 工作表「{sheet}」第1行应为表头，但为空 / row 1 of worksheet `{sheet}` must be the header row");
    }
    let w = header.keys().next_back().map_or(0, |c| *c as usize + 1);
    let headers: Vec<String> = (0..w).map(|c| header.get(&(c as u32)).cloned().unwrap_or_default()).collect();
    let mut table = Table::new(input, headers)?;
    table.rows = rows.into_iter().map(|(r, cells)| (r as usize + 1, cells)).collect();
    Ok(table.inputs())
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// Columns of the CSV and XLSX outputs, one row per finding.
pub const COLUMNS: [&str; 14] = [
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
];

/// Chinese column titles of the XLSX output (the CSV keeps the English names, which programs read).
const COLUMNS_ZH: [&str; 14] = [
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
];

/// One output row of the CSV and XLSX outputs.
#[derive(Debug)]
pub struct OutRow {
    line: Option<usize>,
    cols: [String; 14],
}

/// The output rows of one line: one per finding, one for an unreadable line (rule `error`).
pub fn rows_of(l: &OutputLine, rec: Option<&Rec<'_>>, ds: &Dataset) -> Vec<OutRow> {
    let mut out = Vec::new();
    if l.is_clean() {
        return out;
    }
    let id = l.id.clone().or_else(|| rec.map(|r| r.id().to_string())).unwrap_or_default();
    let (agency, enterprise) = match l.scope {
        Scope::Inspection => {
            (rec.map(|r| r.lead_agency().to_string()).unwrap_or_default(), rec.map(|r| r.enterprise().to_string()).unwrap_or_default())
        }
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
    let agency_name =
        agency.split(';').filter(|a| !a.is_empty()).map(|a| ds.agency_name(a).to_string()).collect::<Vec<_>>().join(";");
    let enterprise_name = ds.enterprise(&enterprise).map(|e| e.name.clone()).unwrap_or_default();
    let line = l.line.map(|n| n.to_string()).unwrap_or_default();
    let base = |rule: String, severity: String, message: String, message_en: String, clause: String, path: String, related: String| {
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
        ]
    };
    if let Some(e) = &l.error {
        let cols = base("error".into(), "error".into(), e.message.clone(), String::new(), String::new(), e.path.clone(), String::new());
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

    /// Writes the rows of one line.
    pub fn line(&mut self, l: &OutputLine, rec: Option<&Rec<'_>>, ds: &Dataset) -> std::io::Result<()> {
        for row in rows_of(l, rec, ds) {
            self.w.write_record(row.cols.iter().map(|c| csv_safe(c).into_owned()))?;
        }
        Ok(())
    }

    /// Flushes the output.
    pub fn finish(mut self) -> Result<()> {
        self.w.flush().context("CSV")
    }
}

/// Rows per findings sheet (Excel's limit less the header row).
const SHEET_ROWS: usize = XLSX_MAX_ROWS as usize - 1;

/// An Excel workbook, one row per finding: sheet 发现 (findings; continued in 发现2, 发现3… past Excel's
/// 1,048,575 data rows) with a bold, frozen header row and an autofilter, and sheet 汇总 (summary) with counts by
/// rule and by severity.
/// `rows` are every line's [`rows_of`], in order; the counts come from the run's summary.
pub fn write_xlsx(path: &Path, rows: &[OutRow], summary: &crate::run::Summary) -> Result<()> {
    use rust_xlsxwriter::{Format, Workbook};
    let xerr = |e: rust_xlsxwriter::XlsxError| anyhow!("无法生成 Excel 文件 / cannot build the workbook: {e}");
    let bold = Format::new().set_bold();
    let widths: [f64; 14] = [11.0, 7.0, 16.0, 30.0, 10.0, 14.0, 26.0, 21.0, 30.0, 70.0, 60.0, 34.0, 22.0, 24.0];
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
                    _ if value.is_empty() => continue,
                    _ => sheet.write_string(r, c as u16, value).map_err(xerr)?,
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
        sheet.write_string(r, 0, rule).map_err(xerr)?;
        sheet.write_string(r, 1, title).map_err(xerr)?;
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
