//! Properties that must hold for any input:
//! - shuffling the records never changes any finding (cross-record rules see the batch in time order);
//! - every non-blank input line gets exactly one output line, in input order, whatever garbage it holds.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::collections::BTreeMap;

use jiancha_core::{Dataset, Engine, Input, Report, parse_records};
use jiancha_tests::{root, run_scenario, scenarios};
use proptest::prelude::*;

/// Findings keyed by record id (inspection lines) or by scope and id (other lines), as JSON text.
fn by_id(report: &Report) -> BTreeMap<String, String> {
    report
        .lines
        .iter()
        .map(|l| {
            let key = match (l.line, &l.id) {
                (Some(_), Some(id)) => format!("inspection {id}"),
                (Some(n), None) => format!("error {n}"),
                (None, id) => format!("{} {}", l.scope.key(), id.clone().unwrap_or_default()),
            };
            (key, serde_json::to_string(&l.findings).unwrap())
        })
        .collect()
}

fn records_of(inputs: &[Input]) -> Vec<Input> {
    inputs.iter().filter(|i| matches!(i, Input::Record { .. })).cloned().collect()
}

fn example() -> (Dataset, Vec<Input>) {
    let dir = root().join("examples/panan");
    let ds = jiancha_batch::load_dataset(&dir).unwrap();
    let inputs = jiancha_batch::read_inputs(&dir.join("records-2025.jsonl").display().to_string()).unwrap();
    (ds, records_of(&inputs))
}

/// A small synthetic county: 4 agencies (one vertical), 6 enterprises, 5 items, for generated records.
fn synthetic_dataset() -> Dataset {
    let text = r#"{
      "agencies": [
        {"id": "A1", "name": "甲局", "kind": "administrative-organ"},
        {"id": "A2", "name": "乙局", "kind": "administrative-organ"},
        {"id": "A3", "name": "丙局", "kind": "administrative-organ", "vertical": true},
        {"id": "A4", "name": "丁队", "kind": "entrusted-organization", "entrusted_by": "A1", "entrustment_published_on": "2025-03-01"}
      ],
      "inspectors": [
        {"id": "P1", "name": "一", "agency": "A1", "role": "officer", "certificate": {"number": "1", "issued_by": "A1", "valid_from": "2024-01-01", "valid_until": "2025-06-30"}},
        {"id": "P2", "name": "二", "agency": "A1", "role": "officer", "certificate": {"number": "2", "issued_by": "A1", "valid_from": "2024-01-01", "valid_until": "2026-12-31"}},
        {"id": "P3", "name": "三", "agency": "A2", "role": "officer", "certificate": {"number": "3", "issued_by": "A2", "valid_from": "2024-01-01", "valid_until": "2026-12-31"}},
        {"id": "P4", "name": "四", "agency": "A3", "role": "auxiliary", "certificate": null}
      ],
      "enterprises": [
        {"id": "91330727MA2HQ0008A", "name": "E1", "industry": "C2730", "risk_color": "red"},
        {"id": "91110000600037341L", "name": "E2", "industry": "A0170", "risk_color": "green"},
        {"id": "91330727MA2HQ0016U", "name": "E3", "industry": "F5152"},
        {"id": "91330727MA2HQ0024N", "name": "E4", "industry": "C3000", "risk_color": "yellow"},
        {"id": "91330727MA2HQ0032H", "name": "E5", "industry": "H6210"},
        {"id": "91350100M000100Y4Z", "name": "E6 bad code", "industry": "C2730"}
      ],
      "items": [
        {"id": "I1", "agency": "A1", "name": "一", "legal_basis": "x", "published_on": "2025-01-01", "method": "on-site"},
        {"id": "I2", "agency": "A1", "name": "二", "legal_basis": "x", "published_on": "2025-06-01", "method": "either", "annual_cap": 3},
        {"id": "I3", "agency": "A2", "name": "三", "legal_basis": "x", "published_on": "2025-01-01", "method": "off-site", "delegable": true, "delegated_to": ["A1"]},
        {"id": "I4", "agency": "A3", "name": "四", "legal_basis": "x", "published_on": null, "method": "on-site"},
        {"id": "I5", "agency": "A2", "name": "五", "legal_basis": "x", "published_on": "2024-01-01", "method": "on-site", "industries": ["C"]}
      ],
      "plans": [
        {"id": "PL1", "year": 2025, "kind": "annual", "agencies": ["A1"], "published_on": "2025-03-31",
         "entries": [{"item": "I1", "enterprises": null, "method": "on-site", "times_per_year": 1, "duration_days": 1}]},
        {"id": "PL2", "year": 2025, "kind": "special", "agencies": ["A2", "A3"], "lead": "A2", "published_on": "2025-02-01",
         "entries": [{"item": "I5", "enterprises": ["91330727MA2HQ0008A"], "method": "on-site", "times_per_year": 2, "duration_days": 1.2}],
         "special": {"deployed_by_superior": false, "legality_review_on": "2025-01-10", "collective_discussion_on": "2025-01-12", "approved_on": "2025-05-01", "approved_by": "county-government"}}
      ],
      "policy": {"risk_color_caps": {"red": 3, "yellow": 2}, "joint_rate_target": [{"from": "2025-01-01", "value": 0.3}],
                 "high_frequency_min_inspections": 4, "multi_agency_min_agencies": 2}
    }"#;
    Dataset::from_object("synthetic.json", text).unwrap()
}

const ENTERPRISES: [&str; 6] = [
    "91330727MA2HQ0008A",
    "91110000600037341L",
    "91330727MA2HQ0016U",
    "91330727MA2HQ0024N",
    "91330727MA2HQ0032H",
    "91350100M000100Y4Z",
];

/// One generated record as JSON; many fields are drawn so that every family of rules gets exercised.
fn record_json() -> impl Strategy<Value = serde_json::Value> {
    let agencies = prop::sample::select(vec!["A1", "A2", "A3", "A4", "AX"]);
    let triggers = prop::sample::select(vec!["plan", "special", "random-sampling", "complaint", "patrol"]);
    (
        (agencies.clone(), prop::collection::vec(agencies, 0..2), prop::sample::select(ENTERPRISES.to_vec())),
        (triggers, prop::sample::select(vec![None, Some("PL1"), Some("PL2")]), any::<bool>()),
        (0u32..700, 0u32..24, prop::collection::vec(prop::sample::select(vec!["I1", "I2", "I3", "I4", "I5", "IX"]), 0..3)),
        (any::<bool>(), any::<bool>(), any::<bool>(), 0u8..4),
        prop::collection::vec(prop::sample::select(vec!["P1", "P2", "P3", "P4"]), 0..3),
    )
        .prop_map(|((lead, joint, ent), (trigger, plan, onsite), (day, hour, items), (urgent, coded, noticed, extra), inspectors)| {
            let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(i64::from(day));
            let at = |d: chrono::NaiveDate, h: u32| format!("{}T{:02}:00:00+08:00", d, h.min(23));
            let ended = if extra == 3 { start - chrono::Duration::days(1) } else { start };
            serde_json::json!({
                "id": "",
                "trigger": trigger,
                "plan": plan,
                "mode": if onsite { "on-site" } else { "off-site" },
                "lead_agency": lead,
                "joint_agencies": joint,
                "inspectors": inspectors,
                "enterprise": ent,
                "started_at": at(start, hour),
                "ended_at": at(ended, hour + 1),
                "items": items,
                "approval": if extra == 1 { serde_json::Value::Null } else { serde_json::json!({"approved_at": at(start + chrono::Duration::days(i64::from(urgent)), 8)}) },
                "code": if coded { serde_json::json!("CODE") } else { serde_json::Value::Null },
                "code_assigned_at": if coded { serde_json::json!(at(start, hour)) } else { serde_json::Value::Null },
                "urgency": if urgent { serde_json::json!({"kind": "covert"}) } else { serde_json::Value::Null },
                "notice": if noticed { serde_json::json!({"sent_at": at(start, 7), "time": true, "basis": extra != 2, "purpose": true, "content": true}) } else { serde_json::Value::Null },
                "penalty": if extra == 2 { serde_json::json!({"decided_on": start.to_string(), "first_offense": true, "minor": urgent, "corrected": true}) } else { serde_json::Value::Null },
            })
        })
}

/// A batch of generated records with unique ids, as JSON Lines.
fn batch() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(record_json(), 1..60).prop_map(|recs| {
        recs.into_iter()
            .enumerate()
            .map(|(i, mut r)| {
                r["id"] = serde_json::json!(format!("G{i:03}"));
                r.to_string()
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn shuffling_generated_records_changes_no_finding((lines, perm) in batch().prop_flat_map(|l| {
        let n = l.len();
        (Just(l), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
    })) {
        let ds = synthetic_dataset();
        let engine = Engine::new(&ds);
        let a = engine.check(parse_records(&lines.join("\n")));
        let shuffled: Vec<String> = perm.iter().map(|&i| lines[i].clone()).collect();
        let b = engine.check(parse_records(&shuffled.join("\n")));
        prop_assert_eq!(by_id(&a), by_id(&b));
    }

    #[test]
    fn every_line_gets_exactly_one_output_line(
        lines in prop::collection::vec(prop_oneof![
            record_json().prop_map(|r| r.to_string()),
            "x[ -~]{0,40}",
            Just(String::new()),
            Just("{\"id\": \"dup\", \"trigger\": \"plan\"}".to_string()),
        ], 0..40)
    ) {
        let ds = synthetic_dataset();
        let text = lines.join("\n");
        let report = Engine::new(&ds).check(parse_records(&text));
        let expected: Vec<usize> = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, _)| i + 1).collect();
        let got: Vec<usize> = report.lines.iter().filter_map(|l| l.line).collect();
        // Garbage starts with `x`, so the text is never a well-formed array or multi-line object (read as one).
        prop_assert_eq!(got, expected);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn shuffling_the_example_changes_no_finding(seed in any::<u64>()) {
        let (ds, records) = example();
        let engine = Engine::new(&ds);
        let a = engine.check(records.clone());
        let mut shuffled = records;
        // A deterministic Fisher–Yates from the seed.
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            let j = (x % (i as u64 + 1)) as usize;
            shuffled.swap(i, j);
        }
        let b = engine.check(shuffled);
        prop_assert_eq!(by_id(&a), by_id(&b));
    }
}

#[test]
fn reversing_every_golden_scenario_changes_no_finding() {
    for dir in scenarios() {
        let a = run_scenario(&dir).unwrap();
        let ds_path = dir.join("dataset.json");
        let mut ds = jiancha_batch::load_dataset(&ds_path).unwrap();
        if dir.join("policy.toml").exists() {
            let text = std::fs::read_to_string(dir.join("policy.toml")).unwrap();
            ds.policy.apply_toml("policy.toml", &text).unwrap();
        }
        let inputs = jiancha_batch::read_inputs(&dir.join("records.jsonl").display().to_string()).unwrap();
        let mut records = records_of(&inputs);
        records.reverse();
        let b = Engine::new(&ds).check(records);
        let strip = |m: BTreeMap<String, String>| -> BTreeMap<String, String> {
            m.into_iter().filter(|(k, _)| !k.starts_with("error ")).collect()
        };
        assert_eq!(strip(by_id(&a)), strip(by_id(&b)), "scenario {}", dir.display());
    }
}

/// Splits inputs by enterprise (records keep their input line numbers) and checks each part on its own.
fn split_by_enterprise(ds: &Dataset, inputs: &[Input]) -> BTreeMap<String, String> {
    let mut parts: BTreeMap<String, Vec<Input>> = BTreeMap::new();
    for input in inputs {
        if let Input::Record { inspection, .. } = input {
            parts.entry(inspection.enterprise.clone()).or_default().push(input.clone());
        }
    }
    let mut out = BTreeMap::new();
    for part in parts.into_values() {
        out.extend(by_id(&Engine::new(ds).check(part)).into_iter().filter(|(k, _)| k.starts_with("inspection ")));
    }
    out
}

/// Every inspection line of the whole run, without one rule: `penalty.no-return-visit` asks whether a return
/// visit's deadline has passed by the last day of the batch, so it depends on the batch by design.
fn inspections_without_return_visits(m: BTreeMap<String, String>) -> BTreeMap<String, String> {
    m.into_iter()
        .filter(|(k, _)| k.starts_with("inspection "))
        .map(|(k, v)| {
            let findings: Vec<serde_json::Value> = serde_json::from_str(&v).unwrap();
            let kept: Vec<&serde_json::Value> =
                findings.iter().filter(|f| f["rule"] != "penalty.no-return-visit").collect();
            (k, serde_json::to_string(&kept).unwrap())
        })
        .collect()
}

#[test]
fn splitting_a_batch_by_enterprise_changes_no_inspection_finding() {
    let dir = std::env::temp_dir().join(format!("jiancha-split-{}", std::process::id()));
    let opts = jiancha_gen::GenOptions {
        records: 3000,
        seed: 5,
        enterprises: None,
        agencies: None,
        out: dir.clone(),
        breach_share: None,
        extra_breaches: 0,
    };
    jiancha_gen::generate(&opts).unwrap();
    let generated = {
        let ds = jiancha_batch::load_dataset(&dir.join("dataset")).unwrap();
        let inputs = jiancha_batch::read_inputs(&dir.join("records.jsonl").display().to_string()).unwrap();
        (ds, records_of(&inputs))
    };
    let _ = std::fs::remove_dir_all(&dir);
    for (name, (ds, inputs)) in [("example", example()), ("generated", generated)] {
        let whole = by_id(&Engine::new(&ds).check(inputs.clone()));
        let parts = split_by_enterprise(&ds, &inputs);
        assert_eq!(
            inspections_without_return_visits(whole.clone()).len(),
            parts.len(),
            "{name}: every record has one line either way"
        );
        assert_eq!(inspections_without_return_visits(whole), inspections_without_return_visits(parts), "{name}");
    }
}

/// The JSON Lines output of `n` on-site plan visits of agency A1 to enterprise E1 for item I1, a minute apart
/// from 1 April 2025: all on site, none exempt, in one year, within the repeat window, every one past the caps.
fn visits_output(n: usize) -> String {
    let ds = synthetic_dataset();
    let start = chrono::NaiveDate::from_ymd_opt(2025, 4, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
    let at = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S+08:00").to_string();
    let lines: Vec<String> = (0..n)
        .map(|k| {
            let t = start + chrono::Duration::minutes(k as i64);
            serde_json::json!({
                "id": format!("V{k:06}"), "trigger": "plan", "plan": "PL1", "mode": "on-site", "lead_agency": "A1",
                "inspectors": ["P1", "P2"], "enterprise": ENTERPRISES[0], "started_at": at(t),
                "ended_at": at(t + chrono::Duration::minutes(30)), "items": ["I1"],
            })
            .to_string()
        })
        .collect();
    Engine::new(&ds).check(parse_records(&lines.join("\n"))).to_jsonl()
}

#[test]
fn checking_20000_visits_of_one_agency_and_enterprise_costs_ten_times_2000_not_a_hundred() {
    // The cost is measured as output bytes, not time: before `related` was bounded, every finding listed every
    // earlier visit, so the output (and the work and memory behind it) grew with the square of the visits.
    let (small, large) = (visits_output(2_000), visits_output(20_000));
    let ratio = large.len() as f64 / small.len() as f64;
    assert!(
        (8.0..12.0).contains(&ratio),
        "2,000 visits: {} bytes, 20,000: {} bytes ({ratio:.1}×)",
        small.len(),
        large.len()
    );
    for line in large.lines() {
        let line: serde_json::Value = serde_json::from_str(line).unwrap();
        for f in line["findings"].as_array().unwrap() {
            let listed = f["related"].as_array().unwrap().len();
            assert!(listed <= jiancha_core::finding::RELATED_MAX, "{f}");
            if let Some(total) = f.get("related_total") {
                assert!(total.as_u64().unwrap() > listed as u64, "{f}");
            }
        }
    }
}
