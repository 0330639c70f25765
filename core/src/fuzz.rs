//! The bodies of the fuzz targets (`tests/fuzz`, run with `cargo fuzz`) and of their regression tests
//! (`core/tests/fuzz_regressions.rs`, on every file of the corpora): each takes arbitrary bytes, must never panic
//! for a reason other than a broken invariant, and checks the invariants that must hold for any input.

#![allow(clippy::panic, clippy::indexing_slicing, reason = "a broken invariant must stop the fuzzer")]

use std::sync::OnceLock;

use crate::catalogue::Severity;
use crate::dataset::Dataset;
use crate::engine::{Engine, Input, parse_records};
use crate::plugin_output::{Judge, RawFinding, decode};
use crate::{Scope, calendar::Calendar, policy::Policy};

/// A small county: two agencies (one may not inspect), two entrusted organizations entrusting each other, two
/// inspectors, two enterprises, three items, an annual plan and a special one.
const DATASET: &str = r#"{
"agencies": [
 {"id": "A1", "name": "应急管理局", "kind": "administrative-organ"},
 {"id": "A2", "name": "市场监管局", "kind": "administrative-organ", "assessment_links": ["inspection-count"]},
 {"id": "C1", "name": "某协调机构", "kind": "coordinating-body"},
 {"id": "E1", "name": "受委托组织", "kind": "entrusted-organization", "entrusted_by": "E2", "entrustment_published_on": "2025-01-01"},
 {"id": "E2", "name": "受委托组织二", "kind": "entrusted-organization", "entrusted_by": "E1"}],
"inspectors": [
 {"id": "P1", "name": "甲", "agency": "A1", "role": "officer", "certificate": {"number": "1", "issued_by": "A1", "valid_from": "2024-01-01", "valid_until": "2026-12-31"}},
 {"id": "P2", "name": "乙", "agency": "A2", "role": "officer", "certificate": {"number": "2", "issued_by": "A2", "valid_from": "2024-01-01", "valid_until": "2025-06-30"}}],
"enterprises": [
 {"id": "91330727MA2HQ0008A", "name": "企业甲", "industry": "C2730", "risk_color": "red"},
 {"id": "91330727MA2HQ0009B", "name": "企业乙", "industry": "F5251"}],
"items": [
 {"id": "I1", "agency": "A1", "name": "安全", "legal_basis": "法", "published_on": "2025-01-01", "method": "on-site", "delegable": true, "delegated_to": ["A2"]},
 {"id": "I2", "agency": "A2", "name": "质量", "legal_basis": "法", "published_on": "2025-03-01", "method": "either", "annual_cap": 3},
 {"id": "I3", "agency": "A2", "name": "未公布", "legal_basis": "法", "method": "off-site"}],
"plans": [
 {"id": "PL1", "year": 2025, "kind": "annual", "agencies": ["A1", "A2"], "lead": "A1", "published_on": "2025-03-15",
  "entries": [{"item": "I1", "enterprises": ["91330727MA2HQ0008A"], "method": "on-site", "times_per_year": 1, "duration_days": 1},
              {"item": "I2", "method": "on-site", "times_per_year": 2, "duration_days": 1.5}]},
 {"id": "PL2", "year": 2025, "kind": "special", "agencies": ["A2"], "entries": []}]
}"#;

fn dataset() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| Dataset::from_object("fuzz", DATASET).unwrap_or_default())
}

/// Every inspection line of a check, by input line: `id` and its findings' rules, or the error.
fn by_line(inputs: Vec<Input>) -> (usize, Vec<(Option<usize>, String)>) {
    by_line_in(dataset(), inputs)
}

/// The same over another dataset.
fn by_line_in(ds: &Dataset, inputs: Vec<Input>) -> (usize, Vec<(Option<usize>, String)>) {
    let n = inputs.len();
    let report = Engine::new(ds).check(inputs);
    let mut lines: Vec<(Option<usize>, String)> = report
        .lines
        .iter()
        .filter(|l| l.scope == Scope::Inspection)
        .map(|l| {
            let rules: Vec<&str> = l.findings.iter().map(|f| f.rule.as_ref()).collect();
            (l.line, format!("{:?} {:?} {}", l.id, l.error.as_ref().map(|e| &e.path), rules.join(",")))
        })
        .collect();
    lines.sort();
    (n, lines)
}

/// Record readers and the engine on arbitrary text: every non-blank line (or array element) gets exactly one
/// inspection line.
pub fn records(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let inputs = parse_records(text);
    let (n, lines) = by_line(inputs);
    assert_eq!(n, lines.len(), "one output line per input");
}

/// Dataset, policy and calendar readers: `data[0]` picks the reader, the rest is its text. A dataset that reads
/// must then check a record without trouble.
pub fn readers(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    match which % 4 {
        0 => {
            if let Ok(ds) = Dataset::from_object("fuzz", text) {
                let record = r#"{"id":"R","trigger":"plan","plan":"PL1","mode":"on-site","lead_agency":"A1","inspectors":["P1"],"enterprise":"91330727MA2HQ0008A","started_at":"2025-05-01T09:00:00+08:00","ended_at":"2025-05-01T10:00:00+08:00","items":["I1"]}"#;
                let report = Engine::new(&ds).check(parse_records(record));
                assert!(report.lines.iter().filter(|l| l.scope == Scope::Inspection).count() == 1);
            }
        }
        1 => {
            let _ = Policy::default().apply_toml("fuzz.toml", text);
        }
        2 => {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
                let _ = Policy::default().apply_json("fuzz.json", v);
            }
        }
        _ => {
            let mut calendar = Calendar::built_in();
            if calendar.add_json("calendar.json", text).is_ok() {
                for year in calendar.known_years().collect::<Vec<_>>() {
                    if let Some(d) = chrono::NaiveDate::from_ymd_opt(year, 12, 20).map(crate::time::Date) {
                        let _ = calendar.working_days_after(d, 10);
                    }
                }
            }
        }
    }
}

/// A reader of choices from fuzz bytes (0 when they run out).
struct Choices<'a>(&'a [u8]);

impl Choices<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    fn pick<'b>(&mut self, from: &[&'b str]) -> &'b str {
        from[self.byte() as usize % from.len()]
    }

    /// True with odds `in_256` / 256 for uniform bytes; false once the bytes run out.
    fn chance(&mut self, in_256: u8) -> bool {
        self.byte() > u8::MAX - in_256
    }
}

/// Records built from choices over the small county's vocabulary, so that the cross-record rules (caps, alerts,
/// plans, duplicates) meet each other. Returns JSON Lines.
fn structured_records(data: &[u8]) -> String {
    let mut c = Choices(data);
    let n = 1 + c.byte() as usize % 48;
    let mut out = String::new();
    for i in 0..n {
        let id = if c.chance(12) { format!("R{}", c.byte() % 4) } else { format!("R{i}") };
        let mut r = serde_json::json!({
            "id": id,
            "activity": c.pick(&["inspection", "inspection", "inspection", "observation", "supervision", "study-visit", "visit"]),
            "trigger": c.pick(&["plan", "random-sampling", "complaint", "special", "patrol", "enterprise-request", "referral"]),
            "mode": c.pick(&["on-site", "on-site", "off-site"]),
            "lead_agency": c.pick(&["A1", "A2", "A1", "C1", "E1", "X9"]),
            "inspectors": [c.pick(&["P1", "P2", "P1", "P9"]), c.pick(&["P1", "P2", "P2"])],
            "enterprise": c.pick(&["91330727MA2HQ0008A", "91330727MA2HQ0009B", "91330727MA2HQ0008A", "bad"]),
            "started_at": format!("2025-{:02}-{:02}T{:02}:00:00+08:00", 1 + c.byte() % 12, 1 + c.byte() % 28, c.byte() % 24),
            "items": (0..c.byte() % 3).map(|_| c.pick(&["I1", "I2", "I3", "I9"])).collect::<Vec<_>>(),
        });
        let start = r["started_at"].as_str().unwrap_or_default().to_string();
        r["ended_at"] = if c.chance(16) { "2024-01-01T00:00:00+08:00".into() } else { start.clone().into() };
        if c.chance(128) {
            r["plan"] = c.pick(&["PL1", "PL2", "PL9"]).into();
        }
        if c.chance(64) {
            r["joint_agencies"] = serde_json::json!([c.pick(&["A1", "A2", "C1"])]);
        }
        if c.chance(200) {
            r["approval"] = serde_json::json!({"approved_at": start.replace("T09", "T08")});
        }
        if c.chance(200) {
            r["code"] = format!("C{i}").into();
            r["code_assigned_at"] = start.clone().into();
        }
        if c.chance(180) {
            r["notice"] = serde_json::json!({"sent_at": start, "time": c.chance(220), "basis": true, "purpose": true, "content": c.chance(220)});
        }
        if c.chance(24) {
            r["urgency"] = serde_json::json!({"kind": c.pick(&["temporary", "four-no-two-direct", "covert"])});
        }
        if c.chance(24) {
            r["penalty"] = serde_json::json!({"decided_on": "2025-03-01", "return_visit_on": if c.chance(128) { serde_json::Value::Null } else { "2025-03-05".into() }});
        }
        if c.chance(16) {
            r["conduct"] = serde_json::json!({"gifts": true});
        }
        out.push_str(&r.to_string());
        out.push('\n');
        if c.chance(4) {
            out.push_str("{ not json\n");
        }
    }
    out
}

/// The county's policy varied by the first bytes: caps, windows and thresholds (dated from a day in 2025 for
/// some), so that the batch meets other parameter values than the defaults.
fn structured_dataset(c: &mut Choices<'_>) -> Option<Dataset> {
    if !c.chance(160) {
        return None;
    }
    let mut ds = dataset().clone();
    let n = |c: &mut Choices<'_>, hi: u8| 1 + c.byte() % hi;
    let toml = format!(
        "onsite_cap_per_agency_enterprise_year = [{{ from = \"2025-{:02}-01\", value = {} }}]\n\
         excessive_exempt_per_agency_enterprise_year = {}\nmulti_agency_window_days = {}\nmulti_agency_min_agencies = {}\n\
         repeat_window_days = {}\nhigh_frequency_window_days = {}\nhigh_frequency_min_inspections = {}\n\
         return_visit_days = {}\nmin_officers_on_site = {}\nrisk_color_caps = {{ red = {}, green = {} }}\n",
        n(c, 12),
        n(c, 4),
        n(c, 6),
        n(c, 60),
        n(c, 4),
        n(c, 90),
        n(c, 60),
        n(c, 8),
        n(c, 40),
        n(c, 3),
        n(c, 5),
        n(c, 5),
    );
    // Values out of their bounds are refused with an error; then the defaults stand.
    let _ = ds.policy.apply_toml("fuzz.toml", &toml);
    Some(ds)
}

/// The engine on structured batches (and policies): one line per input, and the same findings for every record
/// whatever the order of the input.
pub fn engine(data: &[u8]) {
    let mut c = Choices(data);
    let custom = structured_dataset(&mut c);
    let ds = custom.as_ref().unwrap_or_else(|| dataset());
    let text = structured_records(c.0);
    let (n, forward) = by_line_in(ds, parse_records(&text));
    assert_eq!(n, forward.len(), "one output line per input");
    let reversed: Vec<&str> = text.lines().rev().collect();
    let mut back = parse_records(&reversed.join("\n"));
    // Give the reversed records their forward line numbers, so the two runs compare line by line.
    let total = back.len();
    for (k, input) in back.iter_mut().enumerate() {
        let forward_line = total - k;
        match input {
            Input::Record { line, .. } | Input::Error { line, .. } => *line = forward_line,
        }
    }
    let (_, backward) = by_line_in(ds, back);
    assert_eq!(forward, backward, "findings must not depend on input order");
}

/// The plugin output decoder on arbitrary answers: never panics; an accepted answer has one list per record and
/// only declared rules.
pub fn plugin_output(data: &[u8]) {
    let mut c = Choices(data);
    let severities = [Severity::Info, Severity::Warning, Severity::Violation];
    let rules: Vec<(String, Severity)> =
        (0..c.byte() % 4).map(|i| (format!("p.r{i}"), severities[c.byte() as usize % 3])).collect();
    let expected = c.byte() as usize % 5;
    let lists = c.byte() as usize % 6;
    let text = |c: &mut Choices<'_>| -> String {
        let n = c.byte() as usize % 40;
        (0..n).map(|_| char::from_u32(u32::from(c.byte()) * 37 % 0x3000).unwrap_or('?')).collect()
    };
    let mut answer = Vec::new();
    for _ in 0..lists {
        let mut list = Vec::new();
        for _ in 0..c.byte() % 8 {
            list.push(RawFinding {
                rule: if c.chance(200) { format!("p.r{}", c.byte() % 5) } else { text(&mut c) },
                severity: severities[c.byte() as usize % 3],
                message: text(&mut c),
                message_en: text(&mut c),
                citations: (0..c.byte() % 3).map(|_| (text(&mut c), text(&mut c))).collect(),
                path: if c.chance(200) { format!("/{}", text(&mut c)) } else { text(&mut c) },
                related: (0..c.byte() % 3).map(|_| text(&mut c)).collect(),
            });
        }
        answer.push(list);
    }
    let judge = Judge { rules: &rules, unverified: c.chance(128), output_cap: 64 + c.byte() as usize * 16 };
    if let Ok(decoded) = decode(&judge, expected, answer) {
        assert_eq!(decoded.len(), expected);
        for f in decoded.iter().flatten() {
            assert!(rules.iter().any(|(id, s)| id.as_str() == f.rule.as_ref() && *s == f.severity));
            assert!(!f.message.chars().any(char::is_control) && !f.path.chars().any(char::is_control));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fuzz_policies_apply() {
        let bytes = [255u8, 3, 1, 2, 2, 20, 20, 3, 10, 1, 2, 2];
        let ds = super::structured_dataset(&mut super::Choices(&bytes));
        let ds = ds.unwrap_or_default();
        let day = crate::time::Date::parse("2025-06-01").ok();
        assert_eq!(day.and_then(|d| ds.policy.repeat_window_days.on(d).copied()), Some(21));
    }

    #[test]
    fn the_fuzz_county_reads_and_its_records_meet() {
        let ds = super::Dataset::from_object("fuzz", super::DATASET);
        assert!(ds.as_ref().is_ok_and(|d| d.plans.len() == 2), "{:?}", ds.err());
        // A structured batch gets findings of cross-record rules, so the engine target reaches them.
        let bytes: Vec<u8> = (0..4000u32).map(|i| ((i * 37 + 47) % 251) as u8).collect();
        let text = super::structured_records(&bytes);
        let report = crate::Engine::new(super::dataset()).check(crate::parse_records(&text));
        let rules: Vec<String> = report
            .lines
            .iter()
            .map(|l| format!("{:?} {:?}", l.error, l.findings.iter().map(|f| f.rule.to_string()).collect::<Vec<_>>()))
            .collect();
        assert!(
            report
                .lines
                .iter()
                .flat_map(|l| &l.findings)
                .any(|f| f.rule.starts_with("frequency.") || f.rule.starts_with("alert.")),
            "{rules:#?}"
        );
    }
}
