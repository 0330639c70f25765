//! Nothing a record sends makes the engine quadratic (issue 11): lists inside a record are capped where records
//! are parsed, and a finding's `related` names at most `RELATED_MAX` records, the earliest, with `related_total`
//! beside it when it rests on more.
//!
//! Each test is named after the failure it pins. The outputs are read as JSON values (not through the core's
//! types), so that the same tests run against the code from before the fix, where they fail: the lists were not
//! capped, and `related` listed every earlier record (10,000 visits of one enterprise gave gigabytes of output).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::sync::OnceLock;

use jiancha_core::{Dataset, Engine, parse_records};
use serde_json::Value;

/// One agency with two officers, one red enterprise, one published item, and an annual plan that covers the item
/// once a year; the policy is the built-in one (cap 2, repeat window 180 days, multi-agency 3 in 30 days) with a
/// yearly cap of 3 visits for a red enterprise.
const DATASET: &str = include_str!("data/one-red-enterprise.json");

fn dataset() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| Dataset::from_object("bounded.json", DATASET).unwrap())
}

/// The k-th of `n` on-site plan visits of agency `lead` to the enterprise for item I1, a minute apart from
/// 1 February 2025 (100,000 minutes is 69 days: one year, one repeat window).
fn visit(k: usize, lead: &str, trigger: &str) -> String {
    let t = chrono::NaiveDate::from_ymd_opt(2025, 2, 1).unwrap().and_hms_opt(8, 0, 0).unwrap()
        + chrono::Duration::minutes(k as i64);
    let at = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S+08:00").to_string();
    let plan = if trigger == "plan" { "\"PL1\"" } else { "null" };
    format!(
        r#"{{"id":"S{k:06}","trigger":"{trigger}","plan":{plan},"mode":"on-site","lead_agency":"{lead}","inspectors":["P1","P2"],"enterprise":"91330727MA2HQ0008A","started_at":"{}","ended_at":"{}","items":["I1"]}}"#,
        at(t),
        at(t + chrono::Duration::minutes(30))
    )
}

/// The JSON Lines output of checking `text`.
fn check(text: &str) -> String {
    Engine::new(dataset()).check(parse_records(text)).to_jsonl()
}

fn lines(jsonl: &str) -> Vec<Value> {
    jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The finding of `rule` on the inspection line of record `id`.
fn finding<'a>(out: &'a [Value], id: &str, rule: &str) -> &'a Value {
    let line = out.iter().find(|l| l["id"] == id).unwrap_or_else(|| panic!("no line for {id}"));
    let found = line["findings"].as_array().unwrap().iter().find(|f| f["rule"] == rule);
    found.unwrap_or_else(|| panic!("no {rule} on {id}: {line}"))
}

fn ids(f: &Value) -> Vec<String> {
    f["related"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

fn first_ids(n: usize) -> Vec<String> {
    (0..n).map(|k| format!("S{k:06}")).collect()
}

const N: usize = 10_000;

/// 10,000 plan visits of agency A to the one enterprise, as output lines.
fn one_agency() -> &'static [Value] {
    static OUT: OnceLock<Vec<Value>> = OnceLock::new();
    OUT.get_or_init(|| {
        let text: Vec<String> = (0..N).map(|k| visit(k, "A", "plan")).collect();
        lines(&check(&text.join("\n")))
    })
}

/// 10,000 separate visits to the one enterprise, each by another agency.
fn many_agencies() -> &'static [Value] {
    static OUT: OnceLock<Vec<Value>> = OnceLock::new();
    OUT.get_or_init(|| {
        let text: Vec<String> = (0..N).map(|k| visit(k, &format!("X{k:05}"), "random-sampling")).collect();
        lines(&check(&text.join("\n")))
    })
}

/// Asserts that the finding names the 20 earliest visits and counts all `total`.
fn names_the_earliest_and_counts(f: &Value, total: usize) {
    assert_eq!(ids(f), first_ids(20), "{f}");
    assert_eq!(f["related_total"], total, "{f}");
}

#[test]
fn related_of_the_cap_finding_on_the_10000th_visit_names_the_first_20_visits_not_all_9999() {
    let out = one_agency();
    let last = format!("S{:06}", N - 1);
    names_the_earliest_and_counts(finding(out, &last, "frequency.onsite-cap"), N - 1);
    names_the_earliest_and_counts(finding(out, &last, "frequency.risk-color"), N - 1);
    // A list of 20 or fewer is complete, as it always was, and has no `related_total`.
    let third = finding(out, "S000002", "frequency.onsite-cap");
    assert_eq!(ids(third), first_ids(2));
    assert!(third.get("related_total").is_none(), "{third}");
    let at_21 = finding(out, "S000020", "frequency.onsite-cap");
    assert_eq!(ids(at_21), first_ids(20));
    assert!(at_21.get("related_total").is_none(), "{at_21}");
    names_the_earliest_and_counts(finding(out, "S000021", "frequency.onsite-cap"), 21);
}

#[test]
fn related_of_beyond_plan_on_the_10000th_visit_names_the_first_20_uses_not_all_9999() {
    let out = one_agency();
    let f = finding(out, &format!("S{:06}", N - 1), "plan.outside-plan");
    assert!(f["message"].as_str().unwrap().contains("超计划"), "{f}");
    names_the_earliest_and_counts(f, N - 1);
}

#[test]
fn related_of_a_repeated_item_on_the_10000th_visit_names_the_first_20_in_the_window_not_all_9999() {
    let out = one_agency();
    names_the_earliest_and_counts(finding(out, &format!("S{:06}", N - 1), "alert.repeated"), N - 1);
}

#[test]
fn related_of_multi_agency_on_the_10000th_separate_visit_names_the_first_20_not_all_9999() {
    let out = many_agencies();
    let f = finding(out, &format!("S{:06}", N - 1), "alert.multi-agency");
    names_the_earliest_and_counts(f, N - 1);
    // The message counts every agency and names the first 20 of them.
    let message = f["message"].as_str().unwrap();
    assert!(message.contains(&format!("已有{N}个部门")), "{message}");
    assert!(message.contains("X00019等）"), "{message}");
    assert!(!message.contains("X00020"), "{message}");
}

#[test]
fn no_finding_of_10000_visits_lists_more_than_20_related_ids() {
    for out in [one_agency(), many_agencies()] {
        for f in out.iter().flat_map(|l| l["findings"].as_array().unwrap()) {
            let n = f["related"].as_array().unwrap().len();
            assert!(n <= 20, "{f}");
            if let Some(t) = f.get("related_total") {
                assert!(t.as_u64().unwrap() > n as u64, "{f}");
            }
        }
    }
}

/// One record whose list `field` holds `n` distinct entries.
fn record_with(field: &str, n: usize) -> Value {
    let mut r: Value = serde_json::from_str(&visit(0, "A", "plan")).unwrap();
    let entries: Vec<Value> = (0..n)
        .map(|i| match field {
            "measures" => serde_json::json!({"kind": "seal", "legal_basis": format!("basis {i}")}),
            _ => Value::String(format!("{field}-{i}")),
        })
        .collect();
    r[field] = Value::Array(entries);
    r
}

#[test]
fn a_record_with_100000_entries_in_a_list_is_one_error_line_naming_the_field() {
    for field in ["joint_agencies", "inspectors", "items", "measures"] {
        let record = record_with(field, 100_000);
        let want_message = format!(
            "列表 {field} 有 100000 项，超过每条记录 1000 项的上限 / {field} has 100000 entries, more than the limit of 1000 per record"
        );
        // As a JSON Lines line; `items` also as the one element of an array and as one pretty-printed object
        // (read as a JSON value first).
        let mut texts = vec![record.to_string()];
        if field == "items" {
            texts.push(Value::Array(vec![record.clone()]).to_string());
            texts.push(serde_json::to_string_pretty(&record).unwrap());
        }
        for text in texts {
            let out = lines(&check(&text));
            assert_eq!(out.len(), 1, "{field}: {:?}", out.iter().map(|l| l["scope"].clone()).collect::<Vec<_>>());
            assert_eq!(out[0]["id"], Value::Null, "{field}");
            assert_eq!(out[0]["error"]["path"], format!("/{field}"), "{field}");
            assert_eq!(out[0]["error"]["message"], want_message.as_str(), "{field}");
        }
    }
}

#[test]
fn a_record_of_1000_entries_in_a_list_is_within_the_cap() {
    for field in ["joint_agencies", "inspectors", "items", "measures"] {
        let out = lines(&check(&record_with(field, 1000).to_string()));
        assert!(out[0].get("error").is_none(), "{field}: {}", out[0]);
        assert_eq!(out[0]["id"], "S000000");
    }
}

/// The dataset with `n` officers of agency B, who takes no part in the records below.
fn dataset_with_officers_of_b(n: usize) -> Dataset {
    let mut ds: Value = serde_json::from_str(DATASET).unwrap();
    ds["agencies"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"id": "B", "name": "乙局", "kind": "administrative-organ"}));
    for i in 0..n {
        ds["inspectors"].as_array_mut().unwrap().push(serde_json::json!({
            "id": format!("B{i}"), "name": format!("乙{i}"), "agency": "B", "role": "officer",
            "certificate": {"number": format!("B{i}"), "issued_by": "B", "valid_from": "2024-01-01", "valid_until": "2027-12-31"}
        }));
    }
    Dataset::from_object("officers.json", &ds.to_string()).unwrap()
}

/// Output bytes of one record of agency A with `n` joint agencies, `n` officers of B (none taking part) and `n`
/// items.
fn bytes_of_one_record_with_lists_of(ds: &Dataset, n: usize) -> usize {
    let mut r: Value = serde_json::from_str(&visit(0, "A", "random-sampling")).unwrap();
    r["joint_agencies"] = (0..n).map(|i| Value::String(format!("J{i}"))).collect();
    r["inspectors"] = (0..n).map(|i| Value::String(format!("B{i}"))).collect();
    r["items"] = (0..n).map(|i| Value::String(format!("I{i}"))).collect();
    Engine::new(ds).check(parse_records(&r.to_string())).to_jsonl().len()
}

#[test]
fn a_record_of_1000_officers_and_agencies_gives_output_linear_in_its_lists_not_quadratic() {
    // Each officer who takes no part is a finding naming the inspecting agencies: all 1,001 of them before, so
    // that the output grew with officers × agencies.
    let ds = dataset_with_officers_of_b(1000);
    let (small, large) = (bytes_of_one_record_with_lists_of(&ds, 100), bytes_of_one_record_with_lists_of(&ds, 1000));
    let ratio = large as f64 / small as f64;
    assert!((8.0..12.0).contains(&ratio), "1,000 entries: {large} bytes, 100: {small} bytes, ratio {ratio:.1}");
}

/// Wall-clock figures for RELIABILITY.md (not a test of speed: the project has no timed unit tests). Run with
/// `cargo test --release -p jiancha-core --test bounded -- --ignored --nocapture`.
#[test]
#[ignore = "prints wall-clock figures"]
fn wall_clock_of_one_agency_and_enterprise() {
    for n in [10_000, 100_000] {
        let text: Vec<String> = (0..n).map(|k| visit(k, "A", "plan")).collect();
        let text = text.join("\n");
        let start = std::time::Instant::now();
        let out = check(&text);
        println!(
            "{n} visits of one agency and enterprise: {:.2} s, {} bytes of output",
            start.elapsed().as_secs_f64(),
            out.len()
        );
        let text: Vec<String> = (0..n).map(|k| visit(k, &format!("X{k:06}"), "random-sampling")).collect();
        let text = text.join("\n");
        let start = std::time::Instant::now();
        let out = check(&text);
        println!(
            "{n} separate visits by as many agencies: {:.2} s, {} bytes of output",
            start.elapsed().as_secs_f64(),
            out.len()
        );
    }
    for field in ["joint_agencies", "items", "inspectors"] {
        let text = record_with(field, 100_000).to_string();
        let start = std::time::Instant::now();
        let out = check(&text);
        println!(
            "one record of 100,000 {field} ({} bytes): {:.3} s, {} bytes of output",
            text.len(),
            start.elapsed().as_secs_f64(),
            out.len()
        );
    }
}
