//! Text for people: the table of findings, the rule catalogue (`jiancha rules`), the run summary, and the
//! cleaning of whatever reaches a terminal.

use std::fmt::Write as _;

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use jiancha_core::catalogue::{RULES, SOURCES, cite_zh};
use jiancha_core::policy::Policy;
use jiancha_core::{OutputLine, Severity};

use jiancha_batch::Summary;
use jiancha_core::plugin_output::PluginInfo;

/// Output format of `jiancha check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum CheckFormat {
    /// One JSON object per line (the data contract).
    Jsonl,
    /// One JSON document: `{"summary": …, "lines": […]}`.
    Json,
    /// A human-readable table of findings.
    Table,
    /// CSV, one row per finding (rule, severity, record, agency, enterprise, message, clause).
    Csv,
    /// Excel workbook, one row per finding (needs `--output`).
    Xlsx,
    /// Parquet file, one row per finding, the CSV's columns (needs `--output`).
    #[cfg(feature = "parquet")]
    Parquet,
}

impl CheckFormat {
    /// Whether the format is a file written at the end (a workbook, a Parquet file), so that it needs `--output`.
    pub fn needs_file(self) -> bool {
        match self {
            CheckFormat::Xlsx => true,
            #[cfg(feature = "parquet")]
            CheckFormat::Parquet => true,
            _ => false,
        }
    }
}

/// Output format of `jiancha rules`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum RulesFormat {
    /// JSON array of rule metadata.
    Json,
    /// Markdown documentation.
    Markdown,
    /// A human-readable table.
    Table,
}

/// The table output: one row per finding or unreadable line, rendered once the run is over (for reading on a
/// terminal; large runs are better written as CSV or XLSX).
#[derive(Debug, Default)]
pub struct TableOut {
    rows: Vec<Vec<String>>,
}

impl TableOut {
    /// Adds the rows of one line.
    pub fn add(&mut self, l: &OutputLine) {
        let where_ = match l.line {
            Some(n) => n.to_string(),
            None => l.scope.key().to_string(),
        };
        let id = l.id.clone().unwrap_or_else(|| "—".into());
        if let Some(e) = &l.error {
            self.rows.push(vec![
                where_.clone(),
                id.clone(),
                "error".into(),
                "错误".into(),
                format!("{} {}", e.path, e.message),
                String::new(),
                "按提示更正该行后重新检查 / correct the line as the message says and check it again".into(),
            ]);
        }
        for f in &l.findings {
            let clause: Vec<String> = f.citations.iter().map(|c| cite_zh(&c.source, &c.article)).collect();
            self.rows.push(vec![
                where_.clone(),
                id.clone(),
                f.rule.to_string(),
                f.severity.zh().to_string(),
                f.message.clone(),
                clause.join("；"),
                remedy(&f.rule).map_or(String::new(), |(zh, _)| zh.to_string()),
            ]);
        }
    }

    /// The table.
    pub fn render(self) -> String {
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_width(160);
        t.set_header(vec![
            "行/范围 line",
            "记录 id",
            "规则 rule",
            "级别",
            "说明 message",
            "条款 clause",
            "整改建议 remedy",
        ]);
        for row in self.rows {
            t.add_row(row.iter().map(|c| term(c).into_owned()));
        }
        format!("{t}\n")
    }
}

/// Whether a character could steer a terminal or hide text: control characters (ESC and the other C0 codes but
/// line feed and tab, DEL, the C1 codes such as the 8-bit CSI) and the bidirectional overrides and isolates that
/// reorder what is shown.
fn unsafe_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text for a terminal: every character of [`unsafe_on_terminal`] written as a visible `\u{1b}`. Record values,
/// plugin metadata and error messages that echo them all pass through here before they reach a person's screen.
pub fn term(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(unsafe_on_terminal) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if unsafe_on_terminal(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// JSON text with the characters of [`unsafe_on_terminal`] that serde_json writes raw (the C1 codes, DEL and the
/// bidirectional controls; it escapes C0 itself) written as `\uXXXX` escapes instead: the same JSON, harmless
/// when it is printed on a terminal. Most lines hold no such byte and are left as they are.
pub fn escape_json_for_terminal(buf: &mut Vec<u8>) {
    if !has_raw_terminal_control(buf) {
        return;
    }
    let Ok(text) = std::str::from_utf8(buf) else { return };
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_on_terminal(c) && c != '\n' {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    *buf = out.into_bytes();
}

/// Whether UTF-8 text holds a character of [`unsafe_on_terminal`] that serde_json writes raw, read from the bytes
/// alone (no decoding: Chinese text has many `E2` lead bytes, for `—` and `…`, and almost never such a character):
/// DEL `7F`; a C1 control `C2 80`–`C2 9F`; U+200E, U+200F `E2 80 8E`/`8F`; U+202A–U+202E `E2 80 AA`–`AE`; U+2066–
/// U+2069 `E2 81 A6`–`A9`.
fn has_raw_terminal_control(bytes: &[u8]) -> bool {
    memchr::memchr3_iter(0x7f, 0xc2, 0xe2, bytes).any(|i| {
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        match bytes.get(i) {
            Some(0x7f) => true,
            Some(0xc2) => (0x80..=0x9f).contains(&next(1)),
            _ => match (next(1), next(2)) {
                (0x80, t) => matches!(t, 0x8e | 0x8f | 0xaa..=0xae),
                (0x81, t) => (0xa6..=0xa9).contains(&t),
                _ => false,
            },
        }
    })
}

/// The host's own rule: a department plugin failed on a record.
const PLUGIN_FAILED: (&str, &str, &str, &str) = (
    "部门插件运行失败，记录未经该插件检查",
    "a department plugin failed; the record was not checked by it",
    "插件维护部门排查并修复插件，数据维护人员核对该记录的行业数据后重新检查；修复前由执法人员按行业标准人工复核该记录",
    "The plugin's department fixes the plugin and the data maintainer checks the record's sector data, then re-run the check; until then an officer reviews the record against the sector standards by hand.",
);

/// The standard finding any plugin may report: its `sector_data` entry could not be read.
const SECTOR_DATA_INVALID: (&str, &str, &str, &str) = (
    "行业数据无法读取，记录未经该插件完整检查",
    "a plugin could not read the record's sector data; the record was not fully checked by it",
    "数据维护人员按插件说明更正该记录的行业数据（字段名、类型、取值）后重新检查；更正前由执法人员按行业标准人工复核该记录",
    "The data maintainer corrects the record's sector data (field names, types, values) as the plugin documents it, then re-runs the check; until then an officer reviews the record against the sector standards by hand.",
);

/// The remedy (整改建议) of a rule, Chinese and English: a built-in rule's from the catalogue, the host's
/// `plugin.failed` and `plugin.sector-data-invalid`; plugin rules declare none (the plugin contract has no field
/// for it).
pub fn remedy(rule: &str) -> Option<(&'static str, &'static str)> {
    match jiancha_core::catalogue::lookup(rule) {
        Some(r) => Some((r.remedy, r.remedy_en)),
        None if rule == "plugin.failed" => Some((PLUGIN_FAILED.2, PLUGIN_FAILED.3)),
        None if rule == jiancha_core::plugin_output::SECTOR_DATA_INVALID => {
            Some((SECTOR_DATA_INVALID.2, SECTOR_DATA_INVALID.3))
        }
        None => None,
    }
}

/// The summary printed on stderr after a run: totals, then findings by rule.
pub fn summary(s: &Summary, plugins: &[PluginInfo]) -> String {
    let titles: std::collections::HashMap<String, String> =
        rows(plugins).into_iter().map(|r| (r.id, r.title)).collect();
    let (records, clean, t) = (s.records, s.clean, s.tally);
    let secs = s.elapsed.as_secs_f64();
    let rate = s.rate();
    let mut out = quality_banner(s);
    let _ = writeln!(
        out,
        "检查记录 {records} 条（无问题 {clean} 条，无法读取 {}），违规 {}，警示 {}，提示 {}；用时 {secs:.2} 秒，每秒 {rate:.0} 条",
        t.errors, t.violation, t.warning, t.info
    );
    let _ = writeln!(
        out,
        "{records} records ({clean} clean, {} unreadable): {} violations, {} warnings, {} infos; {secs:.2} s, {rate:.0} records/s",
        t.errors, t.violation, t.warning, t.info
    );
    if !s.by_rule.is_empty() {
        let mut rows: Vec<_> = s.by_rule.iter().collect();
        rows.sort_by(|a, b| b.1.1.cmp(&a.1.1).then(b.1.0.cmp(&a.1.0)).then(a.0.cmp(b.0)));
        let mut tbl = Table::new();
        tbl.load_preset(UTF8_FULL_CONDENSED).set_header(vec!["规则 rule", "级别", "次数 count", "名称 title"]);
        for (id, (n, sev)) in rows {
            let title = titles.get(id).map_or("", String::as_str);
            tbl.add_row(vec![term(id).into_owned(), sev.zh().to_string(), n.to_string(), term(title).into_owned()]);
        }
        let _ = writeln!(out, "{tbl}");
    }
    out
}

/// The data-quality banner that opens the summary when anything of the input was not understood: how much could
/// not be read, the references that did not resolve and the columns never used, with the first examples.
pub fn quality_banner(s: &Summary) -> String {
    let q = &s.quality;
    if !q.has_problems() {
        return String::new();
    }
    let mut out = String::new();
    let pct = q.unreadable_percent(s.records);
    // The count opens the banner whenever the input itself was not fully understood (references that the dataset
    // lacks alone are the dataset's gap, listed below).
    if q.input_problems() {
        let _ = writeln!(
            out,
            "!!! 数据质量：{} 条中有 {} 条（{pct:.1}%）无法读取；以下结果只反映能读取的记录 / data quality: {} of {} records ({pct:.1}%) could not be read; the results cover only the records read",
            s.records, q.unreadable, q.unreadable, s.records
        );
    }
    for (line, msg) in &q.first_unreadable {
        let _ = writeln!(out, "    第{line}行 / line {line}: {}", term(msg));
    }
    if !q.unresolved.is_empty() {
        let _ = writeln!(
            out,
            "!!! 未能解析的名称 {} 个 / {} names did not resolve:",
            q.unresolved.len(),
            q.unresolved.len()
        );
        for u in q.unresolved.iter().take(10) {
            let (zh, en) = u.kind.zh_en();
            let _ = writeln!(
                out,
                "    {zh}「{}」：{} 行，首见第{}行 / {en} \"{}\": {} rows, first at line {} — {}",
                term(&u.name),
                u.rows,
                u.first_line,
                term(&u.name),
                u.rows,
                u.first_line,
                term(&u.why)
            );
        }
    }
    if !q.missing.is_empty() {
        let _ = writeln!(
            out,
            "!!! 记录引用了数据集中没有的对象 {} 个（每个只列一次）/ {} references to what the dataset lacks (each once):",
            q.missing.len(),
            q.missing.len()
        );
        let mut list: Vec<_> = q.missing.iter().collect();
        list.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
        for (what, (n, first)) in list.iter().take(10) {
            let _ =
                writeln!(out, "    {}：{n} 条记录，首见第{first}行 / {n} records, first at line {first}", term(what));
        }
    }
    for u in q.unused.iter().filter(|u| !u.ignored) {
        let _ = writeln!(
            out,
            "!!! 未使用的列「{}」（{} 个非空单元格，例如「{}」）/ column \"{}\" was never used ({} cells, e.g. \"{}\")",
            term(&u.header),
            u.cells,
            term(&u.example),
            term(&u.header),
            u.cells,
            term(&u.example)
        );
    }
    out
}

/// One row of `jiancha rules`: a built-in rule, the host's `plugin.failed`, or a plugin's rule.
#[derive(serde::Serialize)]
struct RuleRow {
    id: String,
    severity: Severity,
    /// `per-record`, `cross-record`, `plan`, `agency`, `host` or `plugin`.
    kind: String,
    title: String,
    title_en: String,
    citations: Vec<jiancha_core::catalogue::Citation>,
    parameters: Vec<String>,
    /// 整改建议: how to put a finding right (built-in and host rules).
    #[serde(skip_serializing_if = "String::is_empty")]
    remedy: String,
    /// The remedy in English.
    #[serde(skip_serializing_if = "String::is_empty")]
    remedy_en: String,
    /// The plugin that declares it, for plugin rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    plugin: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    notes: String,
}

fn rows(plugins: &[PluginInfo]) -> Vec<RuleRow> {
    let mut out: Vec<RuleRow> = RULES
        .iter()
        .map(|r| RuleRow {
            id: r.id.into(),
            severity: r.severity,
            kind: serde_json::to_value(r.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
            title: r.title.into(),
            title_en: r.title_en.into(),
            citations: r.citation_list(),
            parameters: r.parameters.iter().map(|p| p.to_string()).collect(),
            remedy: r.remedy.into(),
            remedy_en: r.remedy_en.into(),
            plugin: None,
            notes: r.notes.into(),
        })
        .collect();
    // The host's own rules: a plugin failed, and the standard finding of sector data a plugin cannot read.
    let host = [
        (
            "plugin.failed",
            PLUGIN_FAILED,
            "Reported by the host when a plugin traps, runs out of fuel or memory, overflows its stack, returns \
             malformed or oversized output or an undeclared rule, or was disabled after repeated failures.",
        ),
        (
            jiancha_core::plugin_output::SECTOR_DATA_INVALID,
            SECTOR_DATA_INVALID,
            "A standard finding that any plugin may report, undeclared, when its sector_data entry does not have \
             the shape it reads (the SDKs give it for an entry that does not decode), so that data it did not \
             understand never passes for a clean record.",
        ),
    ];
    out.extend(host.into_iter().map(|(id, (title, title_en, remedy, remedy_en), notes)| RuleRow {
        id: id.into(),
        severity: Severity::Warning,
        kind: "host".into(),
        title: title.into(),
        title_en: title_en.into(),
        citations: Vec::new(),
        parameters: Vec::new(),
        remedy: remedy.into(),
        remedy_en: remedy_en.into(),
        plugin: None,
        notes: notes.into(),
    }));
    for p in plugins {
        out.extend(p.rules.iter().map(|r| RuleRow {
            id: r.id.clone(),
            severity: r.severity,
            kind: "plugin".into(),
            title: r.title.clone(),
            title_en: r.title_en.clone(),
            citations: r.citations.clone(),
            parameters: Vec::new(),
            remedy: String::new(),
            remedy_en: String::new(),
            plugin: Some(format!("{} v{} ({})", p.id, p.version, p.department)),
            notes: String::new(),
        }));
    }
    out
}

/// Renders the rule catalogue, with the rules of the given plugins.
pub fn rules(format: RulesFormat, plugins: &[PluginInfo]) -> String {
    match format {
        RulesFormat::Json => {
            let mut buf = serde_json::to_vec_pretty(&rows(plugins)).unwrap_or_default();
            escape_json_for_terminal(&mut buf);
            String::from_utf8(buf).map(|s| s + "\n").unwrap_or_default()
        }
        RulesFormat::Table => {
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_width(160);
            t.set_header(vec!["规则 rule", "级别", "名称 title", "条款 clause", "参数 parameters", "整改建议 remedy"]);
            for r in rows(plugins) {
                let clause: Vec<String> = r.citations.iter().map(|c| cite_zh(&c.source, &c.article)).collect();
                let params: Vec<String> = r.parameters.iter().map(|p| parameter_zh(p)).collect();
                let cells = [
                    r.id,
                    r.severity.zh().to_string(),
                    format!("{}\n{}", r.title, r.title_en),
                    clause.join("；"),
                    params.join("；"),
                    r.remedy,
                ];
                t.add_row(cells.iter().map(|c| term(c).into_owned()));
            }
            format!("{t}\n")
        }
        RulesFormat::Markdown => term(&markdown(plugins)).into_owned(),
    }
}

fn markdown(plugins: &[PluginInfo]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Jiancha built-in rules / 内置规则\n");
    let _ = writeln!(
        out,
        "Generated by `jiancha rules --format markdown` from the rule catalogue (`core/src/catalogue.rs`).\n"
    );
    let _ = writeln!(out, "## Sources / 依据\n\n| key | document |\n| --- | --- |");
    for (k, v) in SOURCES {
        let _ = writeln!(out, "| `{k}` | {v} |");
    }
    let _ = writeln!(out, "\n## Rules / 规则\n");
    let _ = writeln!(
        out,
        "| id | severity | title | citations | parameters | remedy / 整改建议 |\n| --- | --- | --- | --- | --- | --- |"
    );
    for r in rows(&[]) {
        let clause: Vec<String> = r.citations.iter().map(|c| format!("{} {}", c.source, c.article)).collect();
        let clause = if r.kind == "host" { "(host)".to_string() } else { clause.join("; ") };
        let params: Vec<String> = r.parameters.iter().map(|p| format!("`{p}`")).collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} / {} | {} | {} | {} / {} |",
            r.id,
            r.severity.key(),
            r.title,
            r.title_en,
            clause,
            params.join(", "),
            r.remedy,
            r.remedy_en
        );
    }
    for p in plugins {
        let _ = writeln!(out, "\n### Plugin `{}` v{} — {}（{}）\n", p.id, p.version, p.name, p.department);
        let _ = writeln!(out, "| id | severity | title | citations |\n| --- | --- | --- | --- |");
        for r in &p.rules {
            let clause: Vec<String> = r.citations.iter().map(|c| format!("{} {}", c.source, c.article)).collect();
            let _ = writeln!(
                out,
                "| `{}` | {} | {} / {} | {} |",
                r.id,
                r.severity.key(),
                r.title,
                r.title_en,
                clause.join("; ")
            );
        }
    }
    let _ = writeln!(out, "\n## How each rule is read / 解释说明\n");
    for r in RULES {
        let _ = writeln!(out, "- `{}` — {}", r.id, r.notes);
    }
    let _ = writeln!(
        out,
        "\n## Parameters / 参数（built-in defaults）\n\n| parameter | meaning / 含义 | default | origin |\n| --- | --- | --- | --- |"
    );
    for p in Policy::default().describe() {
        let value = if p.values.is_empty() { "(unset / 未设定)".to_string() } else { p.values };
        let _ = writeln!(out, "| `{}` | {} / {} | {value} | {} |", p.name, p.meaning, p.meaning_en, p.origin.en());
    }
    out
}

/// A parameter as Chinese text shows it: its meaning, then its key.
fn parameter_zh(name: &str) -> String {
    match Policy::meaning(name) {
        Some((zh, _)) => format!("{zh}（{name}）"),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_shows_control_characters_instead_of_obeying_them() {
        assert_eq!(term("磐安县\t市场\n"), "磐安县\t市场\n");
        assert_eq!(term("a\u{1b}[31mb\u{9b}c\u{202e}d\u{7f}"), "a\\u{1b}[31mb\\u{9b}c\\u{202e}d\\u{7f}");
    }

    #[test]
    fn json_for_a_terminal_is_the_same_json() {
        let value = serde_json::json!({"id": "a\u{9b}b\u{202e}c\u{7f}—…磐安", "n": 1});
        let mut buf = serde_json::to_vec(&value).unwrap_or_default();
        escape_json_for_terminal(&mut buf);
        let text = String::from_utf8(buf.clone()).unwrap_or_default();
        assert!(!text.contains('\u{9b}') && !text.contains('\u{202e}') && !text.contains('\u{7f}'), "{text}");
        assert!(text.contains("—…磐安"), "other characters are left alone: {text}");
        assert_eq!(serde_json::from_slice::<serde_json::Value>(&buf).ok(), Some(value));
    }

    /// The byte-level test agrees with the character-level one on every character of the first three planes'
    /// lead bytes concerned, alone and between others.
    #[test]
    fn the_byte_test_finds_exactly_the_characters_concerned() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            let text = format!("磐{c}安");
            let expected = unsafe_on_terminal(c) && !(c.is_ascii_control() && c != '\u{7f}');
            assert_eq!(has_raw_terminal_control(text.as_bytes()), expected, "U+{:04X}", u32::from(c));
        }
        assert!(!has_raw_terminal_control("—…“”‘’•→".as_bytes()));
    }
}
