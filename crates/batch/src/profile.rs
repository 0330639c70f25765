//! Mapping profiles: how a county system's export (CSV or XLSX) becomes records of the data contract. A profile is
//! a TOML file (documented in `docs/profiles.md`) that names, per column, the field it fills and how: ids resolved
//! from names through the dataset, enumeration values from their Chinese labels (core's label tables, plus the
//! profile's own words), list separators, true/false words and date formats (Chinese dates, Excel serial
//! numbers). [`infer`] proposes one from a file's headers and first rows, for a person to review.
//!
//! A value that cannot be resolved (a name the dataset lacks, or one it has twice) makes its row unreadable, with
//! a message naming the column and the candidates; the run's data-quality section ([`crate::Quality`]) counts
//! them per reference, and the columns the profile never used.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use anyhow::{Result, anyhow, bail};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use jiancha_core::Dataset;
use serde::Deserialize;

use crate::tables::{Cell, FIELDS, Field, Kind};

/// Largest profile file read (1 MiB).
pub const PROFILE_MAX: u64 = 1 << 20;

/// What a column's names are resolved against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RefKind {
    /// Agencies by name (or id).
    Agency,
    /// Inspectors by name (or id).
    Inspector,
    /// Enterprises by name (or USCC).
    Enterprise,
    /// Published items by name (or id).
    Item,
}

impl RefKind {
    /// Chinese and English name of what is referred to.
    pub fn zh_en(self) -> (&'static str, &'static str) {
        match self {
            RefKind::Agency => ("实施机关", "agency"),
            RefKind::Inspector => ("执法人员", "inspector"),
            RefKind::Enterprise => ("企业", "enterprise"),
            RefKind::Item => ("检查事项", "item"),
        }
    }

    /// The fields whose values may be resolved as this kind.
    fn fits(self, field: &str) -> bool {
        match self {
            RefKind::Agency => ["lead_agency", "joint_agencies", "delegated_by", "entrusted_agency"].contains(&field),
            RefKind::Inspector => field == "inspectors",
            RefKind::Enterprise => field == "enterprise",
            RefKind::Item => field == "items",
        }
    }
}

/// The profile file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    header_row: Option<usize>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    list_separators: Option<Vec<String>>,
    #[serde(default)]
    true_words: Vec<String>,
    #[serde(default)]
    false_words: Vec<String>,
    #[serde(default)]
    date_formats: Vec<String>,
    #[serde(default)]
    excel_serial_dates: bool,
    columns: BTreeMap<String, ColumnFile>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ColumnFile {
    Field(String),
    Full(ColumnSpec),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnSpec {
    field: String,
    #[serde(default)]
    resolve: Option<RefKind>,
    #[serde(default)]
    values: BTreeMap<String, String>,
    #[serde(default)]
    separators: Option<Vec<String>>,
    #[serde(default)]
    formats: Option<Vec<String>>,
}

/// How one column of the export is read.
#[derive(Clone, Debug)]
pub struct Column {
    /// The contract field it fills.
    pub field: &'static Field,
    /// Names resolved to ids.
    pub resolve: Option<RefKind>,
    /// The profile's own words for values (`双随机抽查` → `random-sampling`), before the label tables.
    pub values: HashMap<String, String>,
    /// List separators.
    pub separators: Vec<String>,
    /// Date and time formats (chrono's `%Y年%m月%d日`), tried in order.
    pub formats: Vec<String>,
}

/// A mapping profile, checked: every column names a field of the contract, every resolution suits its field.
#[derive(Clone, Debug)]
pub struct Profile {
    /// What the profile is called (its `name`, or the file's).
    pub name: String,
    /// The row (1-based) that holds the column names; rows above it (merged titles) are skipped.
    pub header_row: usize,
    /// Export header → how it is read.
    pub columns: HashMap<String, Column>,
    /// Headers left out on purpose (`序号`).
    pub ignore: Vec<String>,
    true_words: Vec<String>,
    false_words: Vec<String>,
    excel_serial_dates: bool,
}

/// Enumeration fields and the label table of core that names their values.
const LABELLED: &[(&str, &str)] = &[
    ("activity", "activity"),
    ("trigger", "trigger"),
    ("mode", "mode"),
    ("urgency.kind", "urgency"),
    ("notice_exemption", "exemption"),
    ("measures", "measure"),
];

impl Profile {
    /// Reads a profile; errors name the file, the line and the key.
    pub fn parse(file: &str, text: &str) -> Result<Profile> {
        let raw: ProfileFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| text.get(..s.start).map_or(0, |t| t.matches('\n').count()) + 1);
            let at = line.map(|l| format!("第{l}行 / line {l}: ")).unwrap_or_default();
            anyhow!("映射配置 `{file}` 无效 / invalid mapping profile `{file}`: {at}{}", e.message())
        })?;
        let separators = raw.list_separators.unwrap_or_else(|| vec![";".to_string()]);
        if separators.iter().any(String::is_empty) {
            bail!(
                "映射配置 `{file}`：list_separators 不能含空字符串 / `{file}`: list_separators has an empty separator"
            );
        }
        let mut columns = HashMap::new();
        let mut filled: HashMap<&'static str, String> = HashMap::new();
        for (header, col) in raw.columns {
            let spec = match col {
                ColumnFile::Field(field) => {
                    ColumnSpec { field, resolve: None, values: BTreeMap::new(), separators: None, formats: None }
                }
                ColumnFile::Full(spec) => spec,
            };
            let Some(field) = FIELDS.iter().find(|f| f.name == spec.field) else {
                bail!(
                    "映射配置 `{file}` 的列「{header}」：没有字段 `{}`（字段名见 docs/formats.md）/ `{file}`, column \"{header}\": no field `{}` in the data contract",
                    spec.field,
                    spec.field
                );
            };
            if let Some(prev) = filled.insert(field.name, header.clone()) {
                bail!(
                    "映射配置 `{file}`：列「{prev}」与「{header}」都对应字段 {} / `{file}`: columns \"{prev}\" and \"{header}\" both fill `{}`",
                    field.name,
                    field.name
                );
            }
            if let Some(kind) = spec.resolve
                && !kind.fits(field.name)
            {
                bail!(
                    "映射配置 `{file}` 的列「{header}」：字段 {} 不能按{}名称解析 / `{file}`, column \"{header}\": field `{}` cannot be resolved as {} names",
                    field.name,
                    kind.zh_en().0,
                    field.name,
                    kind.zh_en().1
                );
            }
            columns.insert(
                header.trim().to_string(),
                Column {
                    field,
                    resolve: spec.resolve,
                    values: spec.values.into_iter().collect(),
                    separators: spec.separators.unwrap_or_else(|| separators.clone()),
                    formats: spec.formats.unwrap_or_else(|| raw.date_formats.clone()),
                },
            );
        }
        Ok(Profile {
            name: raw.name.unwrap_or_else(|| file.to_string()),
            header_row: raw.header_row.unwrap_or(1).max(1),
            columns,
            ignore: raw.ignore.into_iter().map(|h| h.trim().to_string()).collect(),
            true_words: raw.true_words,
            false_words: raw.false_words,
            excel_serial_dates: raw.excel_serial_dates,
        })
    }

    /// Reads a profile file (bounded).
    pub fn read(path: &std::path::Path) -> Result<Profile> {
        let text = crate::load::read_bounded(path, PROFILE_MAX, "映射配置 / mapping profile")?;
        Profile::parse(&path.display().to_string(), &text)
    }
}

/// A reference that did not resolve, as the data-quality section counts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unresolved {
    pub kind: RefKind,
    /// The name as the export has it.
    pub name: String,
    /// Rows that named it.
    pub rows: usize,
    /// The first of them.
    pub first_line: usize,
    /// Why: not in the dataset, or which candidates it could be.
    pub why: String,
}

/// A column the run never used, with how many cells it had and the first value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unused {
    pub header: String,
    pub cells: usize,
    pub example: String,
    /// Left out on purpose (the profile's `ignore`).
    pub ignored: bool,
}

#[derive(Debug, Default)]
struct Tallies {
    unresolved: BTreeMap<(RefKind, String), Unresolved>,
    unused: BTreeMap<usize, Unused>,
}

/// A profile with the dataset its names resolve against, and what the rows showed of the input's quality.
#[derive(Debug)]
pub struct Mapping {
    pub profile: Profile,
    names: HashMap<RefKind, HashMap<String, Vec<String>>>,
    ids: HashMap<RefKind, std::collections::HashSet<String>>,
    labels: HashMap<&'static str, HashMap<String, String>>,
    tallies: Mutex<Tallies>,
}

/// A label or a name made comparable: no spaces, no quotation marks, no parenthesised remark (`现场检查（入企）`
/// and `现场检查` are one).
fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '“' | '”' | '"' | '「' | '」' | '、' | '·' => {}
            c if c.is_whitespace() => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

impl Mapping {
    /// The profile over `ds`.
    pub fn new(profile: Profile, ds: &Dataset) -> Mapping {
        let mut names: HashMap<RefKind, HashMap<String, Vec<String>>> = HashMap::new();
        let mut ids: HashMap<RefKind, std::collections::HashSet<String>> = HashMap::new();
        let mut add = |kind: RefKind, id: &str, name: &str| {
            ids.entry(kind).or_default().insert(id.to_string());
            let list = names.entry(kind).or_default().entry(norm(name)).or_default();
            if !list.iter().any(|x| x == id) {
                list.push(id.to_string());
            }
        };
        for a in &ds.agencies {
            add(RefKind::Agency, &a.id, &a.name);
        }
        for i in &ds.inspectors {
            add(RefKind::Inspector, &i.id, &i.name);
        }
        for e in &ds.enterprises {
            add(RefKind::Enterprise, &e.id, &e.name);
        }
        for i in &ds.items {
            add(RefKind::Item, &i.id, &i.name);
        }
        let table = jiancha_core::labels::all();
        let mut labels = HashMap::new();
        for (field, key) in LABELLED {
            let Some((_, list)) = table.iter().find(|(k, _)| k == key) else { continue };
            let map: HashMap<String, String> = list
                .iter()
                .flat_map(|l| {
                    [(norm(l.zh), l.value.clone()), (norm(l.en), l.value.clone()), (norm(&l.value), l.value.clone())]
                })
                .collect();
            labels.insert(*field, map);
        }
        Mapping { profile, names, ids, labels, tallies: Mutex::new(Tallies::default()) }
    }

    /// The column of an export header: the profile's, else (when the header is a contract name or alias) the
    /// documented mapping's; `None` for a column the run does not use.
    pub fn column(&self, header: &str) -> Option<Column> {
        let h = header.trim();
        if let Some(c) = self.profile.columns.get(h) {
            return Some(c.clone());
        }
        if self.profile.ignore.iter().any(|x| x == h) {
            return None;
        }
        crate::tables::field_of_header(h).map(|field| Column {
            field,
            resolve: None,
            values: HashMap::new(),
            separators: vec![";".to_string()],
            formats: Vec::new(),
        })
    }

    /// Counts a non-empty cell of a column the run does not use.
    pub fn unused_cell(&self, col: usize, header: &str, text: &str) {
        let mut t = self.tallies.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let e = t.unused.entry(col).or_insert_with(|| Unused {
            header: header.trim().to_string(),
            cells: 0,
            example: text.chars().take(40).collect(),
            ignored: self.profile.ignore.iter().any(|x| x == header.trim()),
        });
        e.cells += 1;
    }

    /// Notes a reference that did not resolve, from row `line`.
    pub fn unresolved(&self, kind: RefKind, name: &str, why: &str, line: usize) {
        let mut t = self.tallies.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let e = t.unresolved.entry((kind, name.to_string())).or_insert_with(|| Unresolved {
            kind,
            name: name.to_string(),
            rows: 0,
            first_line: line,
            why: why.to_string(),
        });
        e.rows += 1;
        e.first_line = e.first_line.min(line);
    }

    /// What the rows showed: unresolved references (most rows first) and unused columns (in file order).
    pub fn quality(&self) -> (Vec<Unresolved>, Vec<Unused>) {
        let t = self.tallies.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut unresolved: Vec<Unresolved> = t.unresolved.values().cloned().collect();
        unresolved.sort_by(|a, b| b.rows.cmp(&a.rows).then(a.first_line.cmp(&b.first_line)));
        (unresolved, t.unused.values().cloned().collect())
    }

    /// An id for `name`: itself when it is an id, else the one entry of that name; or why not.
    fn resolve(&self, kind: RefKind, name: &str) -> Result<String, String> {
        if self.ids.get(&kind).is_some_and(|s| s.contains(name)) {
            return Ok(name.to_string());
        }
        let (zh, en) = kind.zh_en();
        match self.names.get(&kind).and_then(|m| m.get(&norm(name))).map(Vec::as_slice) {
            Some([one]) => Ok(one.clone()),
            Some(many) if !many.is_empty() => Err(format!(
                "「{name}」对应多个{zh}：{}，无法确定；请在导出中使用编号 / \"{name}\" names several {en}s: {}; use ids in the export",
                many.join("、"),
                many.join(", ")
            )),
            _ => Err(format!("数据集中没有名为「{name}」的{zh} / the dataset has no {en} named \"{name}\"")),
        }
    }

    /// One value of a text or list column: the profile's words, the label tables, the dataset's names.
    fn value(&self, col: &Column, text: &str, line: usize) -> Result<String, String> {
        if let Some(v) = col.values.get(text) {
            return Ok(v.clone());
        }
        if let Some(kind) = col.resolve {
            return self.resolve(kind, text).inspect_err(|why| self.unresolved(kind, text, why, line));
        }
        if let Some(map) = self.labels.get(col.field.name)
            && let Some(v) = map.get(&norm(text))
        {
            return Ok(v.clone());
        }
        Ok(text.to_string())
    }

    /// The cell as the text the documented mapping reads, for a column of this profile (`None`: empty).
    pub fn cell(&self, col: &Column, cell: &Cell, line: usize) -> Result<Option<Cell>, String> {
        let kind = col.field.kind;
        // Excel serial numbers in date columns, when the profile says the export has them.
        if matches!(kind, Kind::Time | Kind::Date)
            && self.profile.excel_serial_dates
            && let Cell::Int(_) | Cell::Float(_) = cell
        {
            let x = match cell {
                Cell::Int(i) => *i as f64,
                Cell::Float(f) => *f,
                _ => 0.0,
            };
            return excel_serial(x)
                .map(|t| Some(Cell::DateTime(t, true)))
                .ok_or_else(|| format!("「{x}」不是 Excel 日期序号 / `{x}` is not an Excel date serial number"));
        }
        let Cell::Text(raw) = cell else { return Ok(Some(cell.clone())) };
        let text = raw.trim();
        if text.is_empty() {
            return Ok(None);
        }
        Ok(Some(Cell::Text(match kind {
            Kind::Time | Kind::Date => {
                if self.profile.excel_serial_dates
                    && let Ok(x) = text.parse::<f64>()
                    && let Some(t) = excel_serial(x)
                {
                    return Ok(Some(Cell::DateTime(t, true)));
                }
                match parse_formatted(text, &col.formats) {
                    Some(t) => return Ok(Some(Cell::DateTime(t, true))),
                    None => text.to_string(),
                }
            }
            Kind::Bool => {
                if self.profile.true_words.iter().any(|w| w == text) {
                    "true".to_string()
                } else if self.profile.false_words.iter().any(|w| w == text) {
                    "false".to_string()
                } else {
                    text.to_string()
                }
            }
            Kind::Text => self.value(col, text, line)?,
            Kind::List => {
                let parts: Vec<String> = split(text, &col.separators)
                    .into_iter()
                    .map(|p| self.value(col, p, line))
                    .collect::<Result<_, _>>()?;
                parts.join(";")
            }
            Kind::Measures => {
                let parts: Vec<String> = split(text, &col.separators)
                    .into_iter()
                    .map(|item| {
                        let (k, basis) = item.split_once([':', '：']).unwrap_or((item, ""));
                        let k = self.value(col, k.trim(), line)?;
                        Ok(if basis.is_empty() { k } else { format!("{k}:{basis}") })
                    })
                    .collect::<Result<_, String>>()?;
                parts.join(";")
            }
            Kind::Json => text.to_string(),
        })))
    }
}

/// The non-empty parts of `text` between any of `seps`.
fn split<'a>(text: &'a str, seps: &[String]) -> Vec<&'a str> {
    let mut parts = vec![text];
    for sep in seps {
        parts = parts.into_iter().flat_map(|p| p.split(sep.as_str())).collect();
    }
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect()
}

/// An Excel serial number (days since 1899-12-30, the fraction the time of day) as a wall-clock time; only
/// 1900-01-01 to 9999-12-31.
pub fn excel_serial(x: f64) -> Option<NaiveDateTime> {
    if !x.is_finite() || !(1.0..2_958_466.0).contains(&x) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let secs = (x * 86_400.0).round() as i64;
    base.checked_add_signed(Duration::seconds(secs))
}

/// A date or time in one of `formats` (a date alone is midnight); `%Y年%m月%d日` style formats included.
fn parse_formatted(text: &str, formats: &[String]) -> Option<NaiveDateTime> {
    for f in formats {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, f) {
            return Some(t);
        }
        if let Ok(d) = NaiveDate::parse_from_str(text, f) {
            return Some(d.and_time(NaiveTime::MIN));
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------------------------
// Inference
// ---------------------------------------------------------------------------------------------------------------

/// Header words and the field they suggest, tried in order (the first that the header contains wins).
const GUESSES: &[(&str, &str, Option<RefKind>)] = &[
    ("联合", "joint_agencies", Some(RefKind::Agency)),
    ("委托机关", "delegated_by", Some(RefKind::Agency)),
    ("受委托", "entrusted_agency", Some(RefKind::Agency)),
    ("信用代码", "enterprise", None),
    ("检查对象", "enterprise", Some(RefKind::Enterprise)),
    ("企业名称", "enterprise", Some(RefKind::Enterprise)),
    ("被检查", "enterprise", Some(RefKind::Enterprise)),
    ("实施机关", "lead_agency", Some(RefKind::Agency)),
    ("检查单位", "lead_agency", Some(RefKind::Agency)),
    ("执法机关", "lead_agency", Some(RefKind::Agency)),
    ("执法主体", "lead_agency", Some(RefKind::Agency)),
    ("人员", "inspectors", Some(RefKind::Inspector)),
    ("事项", "items", Some(RefKind::Item)),
    ("编号", "id", None),
    ("类别", "activity", None),
    ("类型", "activity", None),
    ("事由", "trigger", None),
    ("来源", "trigger", None),
    ("方式", "mode", None),
    ("计划", "plan", None),
    ("开始", "started_at", None),
    ("结束", "ended_at", None),
    ("审批", "approval.approved_at", None),
    ("行为码", "code", None),
    ("赋码", "code_assigned_at", None),
    ("通知时间", "notice.sent_at", None),
];

/// A proposed profile for a file's `rows` (each a list of cell texts, from the file's first row), as TOML text
/// with comments for the person who reviews it. `file` names it in the comments.
pub fn infer(file: &str, rows: &[Vec<String>], ds: Option<&Dataset>) -> String {
    use std::fmt::Write as _;
    // The header row: the first of the first rows where most non-empty cells look like column names.
    let score = |row: &Vec<String>| {
        row.iter().filter(|c| !c.trim().is_empty() && guess(c).is_some()).count() * 2
            >= row.iter().filter(|c| !c.trim().is_empty()).count().max(1)
    };
    let header_at = rows.iter().take(10).position(score).unwrap_or(0);
    let empty = Vec::new();
    let headers = rows.get(header_at).unwrap_or(&empty);
    let data: Vec<&Vec<String>> = rows.iter().skip(header_at + 1).take(50).collect();
    let sample = |c: usize| data.iter().filter_map(move |r| r.get(c)).map(|s| s.trim()).filter(|s| !s.is_empty());
    let mut seps: Vec<&str> = Vec::new();
    let mut chinese_dates = false;
    let mut serials = false;
    let mut ticks = false;
    for (c, _) in headers.iter().enumerate() {
        for v in sample(c) {
            for s in ["、", "；", ";", "，"] {
                if v.contains(s) && !seps.contains(&s) {
                    seps.push(s);
                }
            }
            chinese_dates |= v.contains('年') && v.contains('月') && v.contains('日');
            serials |= v.parse::<f64>().is_ok_and(|x| (20_000.0..80_000.0).contains(&x));
            ticks |= v == "√" || v == "×";
        }
    }
    if !seps.contains(&";") {
        seps.push(";");
    }
    let mut out = String::new();
    let _ = writeln!(out, "# 映射配置草案，由 `jiancha map --infer {file}` 生成：请逐列核对后再用于检查。");
    let _ = writeln!(out, "# A draft mapping profile proposed from `{file}`: review every column before using it.");
    let _ = writeln!(out, "name = {:?}", format!("{file} 的导出格式 / export of {file}"));
    let _ = writeln!(out, "header_row = {}", header_at + 1);
    let _ = writeln!(out, "list_separators = {}", toml_list(&seps));
    let _ = writeln!(out, "true_words = {}", toml_list(if ticks { &["√", "是", "有"] } else { &["是", "有"] }));
    let _ = writeln!(out, "false_words = {}", toml_list(if ticks { &["×", "否", "无"] } else { &["否", "无"] }));
    let formats: &[&str] = if chinese_dates {
        &["%Y年%m月%d日 %H:%M", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日"]
    } else {
        &["%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d"]
    };
    let _ = writeln!(out, "date_formats = {}", toml_list(formats));
    let _ = writeln!(out, "excel_serial_dates = {serials}");
    let owned: Vec<String> = seps.iter().map(|s| (*s).to_string()).collect();
    let mapping = ds.map(|ds| Mapping::new(empty_profile(), ds));
    let mut ignore = Vec::new();
    let mut cols = String::new();
    let mut used: Vec<&'static str> = Vec::new();
    // Exact names and aliases of the documented mapping claim their fields first, header words after.
    let mut claimed: HashMap<usize, (&'static str, Option<RefKind>)> = HashMap::new();
    for (c, h) in headers.iter().enumerate() {
        if let Some(f) = crate::tables::field_of_header(h.trim()).filter(|f| !used.contains(&f.name)) {
            used.push(f.name);
            claimed.insert(c, (f.name, ref_of(f.name)));
        }
    }
    for (c, h) in headers.iter().enumerate() {
        if !claimed.contains_key(&c)
            && !h.trim().is_empty()
            && let Some((field, kind)) = guess(h.trim()).filter(|(f, _)| !used.contains(f))
        {
            used.push(field);
            claimed.insert(c, (field, kind.or(ref_of(field))));
        }
    }
    for (c, h) in headers.iter().enumerate() {
        let h = h.trim();
        if h.is_empty() {
            continue;
        }
        let example: String = sample(c).next().unwrap_or("").chars().take(40).collect();
        match claimed.get(&c).copied() {
            Some((field, resolve)) => {
                // A column whose values are already ids (or USCCs) needs no resolution.
                let all_ids = |k: &RefKind| {
                    mapping.as_ref().is_some_and(|m| {
                        sample(c).next().is_some()
                            && sample(c)
                                .all(|v| split(v, &owned).iter().all(|p| m.ids.get(k).is_some_and(|s| s.contains(*p))))
                    })
                };
                let usccs = field == "enterprise" && sample(c).all(|v| jiancha_core::uscc::validate(v).is_ok());
                let resolve = resolve.filter(|k| !all_ids(k) && !usccs);
                let _ = writeln!(cols, "# 例 / e.g. {example:?}");
                match resolve {
                    Some(k) => {
                        let kind = format!("{k:?}").to_lowercase();
                        let _ = writeln!(cols, "{h:?} = {{ field = {field:?}, resolve = {kind:?} }}");
                    }
                    None => {
                        let _ = writeln!(cols, "{h:?} = {field:?}");
                    }
                }
            }
            None => {
                ignore.push(h.to_string());
                let _ = writeln!(
                    cols,
                    "# 「{h}」未识别，已列入 ignore；如需使用请指定字段 / not recognised, ignored (e.g. {example:?})"
                );
            }
        }
    }
    let _ = writeln!(out, "ignore = {}", toml_list(&ignore.iter().map(String::as_str).collect::<Vec<_>>()));
    let _ = writeln!(out, "\n[columns]\n{cols}");
    out
}

/// What the values of a reference field name, when they are names.
fn ref_of(field: &str) -> Option<RefKind> {
    [RefKind::Agency, RefKind::Inspector, RefKind::Enterprise, RefKind::Item].into_iter().find(|k| k.fits(field))
}

fn empty_profile() -> Profile {
    Profile {
        name: String::new(),
        header_row: 1,
        columns: HashMap::new(),
        ignore: Vec::new(),
        true_words: Vec::new(),
        false_words: Vec::new(),
        excel_serial_dates: false,
    }
}

/// The field a header suggests: the documented mapping's names and aliases first, then header words.
fn guess(header: &str) -> Option<(&'static str, Option<RefKind>)> {
    if let Some(f) = crate::tables::field_of_header(header) {
        return Some((f.name, None));
    }
    GUESSES.iter().find(|(w, ..)| header.contains(w)).map(|(_, f, r)| (*f, *r))
}

fn toml_list(items: &[&str]) -> String {
    format!("[{}]", items.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", "))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;

    #[test]
    fn serials_and_chinese_dates() {
        assert_eq!(excel_serial(45700.0).unwrap().to_string(), "2025-02-12 00:00:00");
        assert_eq!(excel_serial(45700.375).unwrap().to_string(), "2025-02-12 09:00:00");
        assert_eq!(excel_serial(0.5), None);
        let f = vec!["%Y年%m月%d日 %H:%M".to_string(), "%Y年%m月%d日".to_string()];
        assert_eq!(parse_formatted("2025年2月12日", &f).unwrap().to_string(), "2025-02-12 00:00:00");
        assert_eq!(parse_formatted("2025年2月12日 9:30", &f).unwrap().to_string(), "2025-02-12 09:30:00");
    }

    #[test]
    fn labels_compare_without_remarks_and_quotes() {
        assert_eq!(norm("现场检查（入企）"), "现场检查");
        assert_eq!(norm("“双随机、一公开”抽查"), "双随机一公开抽查");
    }

    #[test]
    fn a_profile_names_what_is_wrong() {
        let e = Profile::parse("p.toml", "[columns]\n\"机关\" = { field = \"lead\" }\n").unwrap_err().to_string();
        assert!(e.contains("lead") && e.contains("机关"), "{e}");
        let e = Profile::parse("p.toml", "[columns]\n\"人员\" = { field = \"inspectors\", resolve = \"agency\" }\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("inspectors"), "{e}");
        let e = Profile::parse("p.toml", "header_row = 2\ncolumns = 3\n").unwrap_err().to_string();
        assert!(e.contains("第2行") || e.contains("line 2"), "{e}");
    }
}
