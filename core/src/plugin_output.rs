//! What a plugin returns, judged: the host decodes a plugin's answer (one list of findings per record) into
//! findings only through [`decode`], which refuses anything a plugin may not do — a wrong number of lists, too
//! many or too large findings, a rule it did not declare or declared with another severity, a path that is not a
//! JSON pointer — and makes its text safe to print. Pure and without I/O, so that it is fuzzed on its own
//! (`tests/fuzz`) and the host only moves fields out of the WebAssembly types.

use std::collections::HashMap;

use crate::finding::{Finding, RELATED_MAX};
use crate::meta::{Citation, Severity};

/// The standard finding every plugin may report without declaring it: the record's `sector_data` entry does not
/// have the shape the plugin reads (a warning: the record was not fully checked by it).
pub const SECTOR_DATA_INVALID: &str = "plugin.sector-data-invalid";

/// The host's finding of a plugin that failed on a record. A plugin may report it too, undeclared, for an
/// exception it caught (the JavaScript and Python SDKs do), so that its message reaches the user; the host puts it
/// in its own words.
pub const PLUGIN_FAILED: &str = "plugin.failed";

/// Findings a plugin may report on one record.
pub const MAX_FINDINGS_PER_RECORD: usize = 200;

/// One finding as a plugin returned it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawFinding {
    /// Rule id.
    pub rule: String,
    /// Severity.
    pub severity: Severity,
    /// Chinese message.
    pub message: String,
    /// English message.
    pub message_en: String,
    /// (source, article) pairs.
    pub citations: Vec<(String, String)>,
    /// JSON pointer.
    pub path: String,
    /// Related record ids.
    pub related: Vec<String>,
}

/// What the answer is judged against.
#[derive(Clone, Debug)]
pub struct Judge<'a> {
    /// The rules the plugin declared: id and severity.
    pub rules: &'a [(String, Severity)],
    /// Whether the plugin is unverified (its messages are then marked).
    pub unverified: bool,
    /// Largest output for one record, in bytes (see [`output_size`]).
    pub output_cap: usize,
}

/// Plugin text made safe to print: control characters (terminal escapes, carriage returns) become spaces, and
/// the text is cut at `max` characters.
pub fn clean(s: &str, max: usize) -> String {
    s.chars().take(max).map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Bytes of text in a finding, plus a fixed cost per finding and per list entry so that many tiny findings count.
pub fn output_size(f: &RawFinding) -> usize {
    64usize
        .saturating_add(f.rule.len())
        .saturating_add(f.message.len())
        .saturating_add(f.message_en.len())
        .saturating_add(f.path.len())
        .saturating_add(f.citations.iter().map(|(s, a)| 16 + s.len() + a.len()).fold(0, usize::saturating_add))
        .saturating_add(f.related.iter().map(|r| 16 + r.len()).fold(0, usize::saturating_add))
}

/// Decodes the answer to a call of `expected` records; an error says what the plugin did wrong.
pub fn decode(judge: &Judge<'_>, expected: usize, answer: Vec<Vec<RawFinding>>) -> Result<Vec<Vec<Finding>>, String> {
    if answer.len() != expected {
        return Err(format!(
            "返回了{}组结果，应为{}组 / returned {} result lists for {} records",
            answer.len(),
            expected,
            answer.len(),
            expected
        ));
    }
    let declared: HashMap<&str, Severity> = judge.rules.iter().map(|(id, s)| (id.as_str(), *s)).collect();
    let mut results = Vec::with_capacity(answer.len());
    for findings in answer {
        // Each record's answer is judged on its own, so that a neighbour in the batch changes nothing.
        if findings.len() > MAX_FINDINGS_PER_RECORD {
            return Err(format!(
                "一条记录返回了{}条结果（上限{MAX_FINDINGS_PER_RECORD}）/ {} findings for one record (cap {MAX_FINDINGS_PER_RECORD})",
                findings.len(),
                findings.len()
            ));
        }
        let size = findings.iter().map(output_size).fold(0, usize::saturating_add);
        if size > judge.output_cap {
            return Err(format!(
                "输出过大（{size}字节，上限{}）/ output too large ({size} bytes for one record, cap {})",
                judge.output_cap, judge.output_cap
            ));
        }
        let mut converted = Vec::with_capacity(findings.len());
        for f in findings {
            let standard = (f.rule == SECTOR_DATA_INVALID || f.rule == PLUGIN_FAILED).then_some(Severity::Warning);
            let Some(severity) = declared.get(f.rule.as_str()).copied().or(standard) else {
                let shown = clean(&f.rule, 80);
                return Err(format!("报告了未声明的规则 `{shown}` / reported undeclared rule `{shown}`"));
            };
            if f.severity != severity {
                let shown = clean(&f.rule, 80);
                return Err(format!(
                    "规则 `{shown}` 的级别与声明不符 / severity of `{shown}` differs from its declaration"
                ));
            }
            if !(f.path.is_empty() || f.path.starts_with('/')) {
                return Err(format!("路径 `{}` 不是 JSON 指针 / path is not a JSON pointer", clean(&f.path, 80)));
            }
            let (message, message_en) = (clean(&f.message, usize::MAX), clean(&f.message_en, usize::MAX));
            let (message, message_en) = if judge.unverified {
                (format!("【未验证插件】{message}"), format!("[unverified plugin] {message_en}"))
            } else {
                (message, message_en)
            };
            // `related` is bounded for plugins as for the built-in rules: the first RELATED_MAX ids as given.
            let related_total = f.related.len();
            let related = f.related.into_iter().take(RELATED_MAX).map(|r| clean(&r, 256)).collect();
            let finding = Finding {
                rule: f.rule.into(),
                severity,
                message,
                message_en,
                citations: f
                    .citations
                    .into_iter()
                    .map(|(s, a)| Citation { source: s.into(), article: a.into() })
                    .collect(),
                path: clean(&f.path, usize::MAX),
                related: Vec::new(),
                related_total: None,
            };
            converted.push(finding.related_of(related, related_total));
        }
        results.push(converted);
    }
    Ok(results)
}

/// A rule a plugin declares.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PluginRule {
    /// `<plugin-id>.<name>`.
    pub id: String,
    /// Severity.
    pub severity: Severity,
    /// Chinese title.
    pub title: String,
    /// English title.
    pub title_en: String,
    /// Citations.
    pub citations: Vec<Citation>,
}

/// A plugin's metadata as the host keeps it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PluginInfo {
    /// Id.
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// Department.
    pub department: String,
    /// Version.
    pub version: String,
    /// GB/T 4754 prefixes.
    pub industries: Vec<String>,
    /// Enterprise tags.
    pub tags: Vec<String>,
    /// Rules.
    pub rules: Vec<PluginRule>,
}

impl PluginInfo {
    /// Whether the plugin applies to an enterprise.
    pub fn applies_to(&self, e: &crate::model::Enterprise) -> bool {
        crate::model::in_plugin_scope(&e.industry, &e.tags, &self.industries, &self.tags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(rule: &str) -> RawFinding {
        RawFinding {
            rule: rule.into(),
            severity: Severity::Warning,
            message: "消息\u{1b}[31m".into(),
            message_en: "msg\r".into(),
            citations: vec![("law".into(), "art. 1".into())],
            path: "/sector_data/p".into(),
            related: vec![],
        }
    }

    #[test]
    fn judged() {
        let rules = [("p.a".to_string(), Severity::Warning)];
        let judge = Judge { rules: &rules, unverified: true, output_cap: 64 << 10 };
        let ok = decode(&judge, 2, vec![vec![raw("p.a")], vec![]]).unwrap_or_default();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0][0].message, "【未验证插件】消息 [31m");
        assert!(decode(&judge, 1, vec![vec![raw("p.b")]]).is_err_and(|e| e.contains("undeclared")));
        // The standard finding needs no declaration, but keeps its severity.
        assert!(decode(&judge, 1, vec![vec![raw(SECTOR_DATA_INVALID)]]).is_ok());
        let mut loud = raw(SECTOR_DATA_INVALID);
        loud.severity = Severity::Violation;
        assert!(decode(&judge, 1, vec![vec![loud]]).is_err_and(|e| e.contains("severity")));
        assert!(decode(&judge, 3, vec![vec![]]).is_err_and(|e| e.contains("1 result lists for 3")));
        let mut bad_path = raw("p.a");
        bad_path.path = "x".into();
        assert!(decode(&judge, 1, vec![vec![bad_path]]).is_err());
        let mut long = raw("p.a");
        long.related = (0..RELATED_MAX + 5).map(|i| format!("R{i}")).collect();
        let bounded = decode(&judge, 1, vec![vec![long]]).unwrap_or_default();
        assert_eq!(bounded[0][0].related.len(), RELATED_MAX);
        assert_eq!(bounded[0][0].related_total, Some(RELATED_MAX + 5));
        let many = vec![raw("p.a"); MAX_FINDINGS_PER_RECORD + 1];
        assert!(decode(&judge, 1, vec![many]).is_err_and(|e| e.contains("cap 200")));
    }
}
