//! The `herbal` standard written as a rule table (plugins/herbal-table) gives the findings of the Rust plugin
//! (plugins/herbal) on every one of the Rust plugin's test vectors: the same rules, severities and paths.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests")]

use jiancha_core::model::Inspection;
use jiancha_core::vectors::Vectors;
use jiancha_rule_table::Table;

const TABLE: &str = include_str!("../../../plugins/herbal-table/herbal.table.toml");
const VECTORS: &str = include_str!("../../../plugins/herbal/vectors.json");

/// The table's findings on one record, the way the host runs it.
fn table_findings(
    table: &Table,
    inspection: &Inspection,
    e: &jiancha_core::model::Enterprise,
) -> Vec<(String, String, String)> {
    let info = table.info();
    let Some(data) = inspection.sector_data.get(&info.id) else { return Vec::new() };
    if !info.applies_to(e) {
        return Vec::new();
    }
    let json = serde_json::to_value(inspection).unwrap();
    let found = table.check(&json, e, &data.to_value(), &inspection.day().to_string()).unwrap();
    for f in &found {
        // Every placeholder of the messages names a value the record holds.
        assert!(!f.message.contains("null") && !f.message_en.contains(" null "), "{}", f.message_en);
        assert!(
            !f.message.is_empty() && (!f.citations.is_empty() || f.rule == jiancha_rule_table::SECTOR_DATA_INVALID)
        );
    }
    found.into_iter().map(|f| (f.rule, format!("{:?}", f.severity), f.path)).collect()
}

#[test]
fn the_table_gives_the_rust_plugins_findings_on_its_vectors() {
    let table = Table::parse(TABLE).unwrap();
    let vectors: Vectors = serde_json::from_str(VECTORS).unwrap();
    assert!(vectors.cases.len() >= 30);
    let mut fired = 0;
    for case in &vectors.cases {
        let inspection: Inspection = serde_json::from_value(case.inspection.clone()).unwrap();
        let mut rust: Vec<(String, String, String)> =
            jiancha_plugin_sdk::testing::check::<jiancha_plugin_herbal::Herbal>(
                inspection.clone(),
                case.enterprise.clone(),
            )
            .into_iter()
            .map(|f| (f.rule, format!("{:?}", f.severity.unwrap_or(jiancha_plugin_sdk::Severity::Info)), f.path))
            .collect();
        let mut from_table = table_findings(&table, &inspection, &case.enterprise);
        rust.sort();
        from_table.sort();
        assert_eq!(from_table, rust, "{}", case.name);
        let mut expected = case.expect.clone();
        expected.sort();
        assert_eq!(from_table.iter().map(|f| f.0.clone()).collect::<Vec<_>>(), expected, "{}", case.name);
        fired += from_table.len();
    }
    assert!(fired >= 25, "the vectors exercise the rules ({fired} findings)");
}

#[test]
fn the_tables_metadata_is_the_plugins() {
    let table = Table::parse(TABLE).unwrap();
    let info = table.info();
    let meta = <jiancha_plugin_herbal::Herbal as jiancha_plugin_sdk::Plugin>::meta();
    assert_eq!(
        (info.id.as_str(), info.department.as_str(), info.version.as_str()),
        (meta.id.as_str(), meta.department.as_str(), meta.version.as_str())
    );
    let mut a: Vec<_> = info.rules.iter().map(|r| (r.id.clone(), format!("{:?}", r.severity))).collect();
    let mut b: Vec<_> = meta.rules.iter().map(|r| (r.id.clone(), format!("{:?}", r.severity))).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn a_table_that_does_not_hold_together_is_refused_naming_the_place() {
    let broken = [
        (
            "rule = \"herbal.sulfur-fumigation\"\nwhen = \"data.sulfur_fumigation_observed == true\"",
            "rule = \"herbal.sulfur-fumigation\"\nwhen = \"data.sulfur_fumigaton_observed == true and nope\"",
            "unknown name `nope`",
        ),
        ("lookup('so2', herb)", "lookup('so3', herb)", "undefined"),
        ("rule = \"herbal.sulfur-fumigation\"", "rule = \"herbal.sulphur\"", "not declared"),
        ("path = \"/sector_data/herbal/sulfur_fumigation_observed\"", "path = \"sector_data\"", "JSON pointer"),
        ("s.so2_mg_per_kg > limit.mg_per_kg", "s.so2_mg_per_kg > > limit", "checks[0].when"),
        ("{s.so2_mg_per_kg} mg/kg，超过", "{s.so2_mg_per_kg mg/kg，超过", "checks[0].message"),
    ];
    for (from, to, said) in broken {
        assert!(TABLE.contains(from), "{from}");
        let text = TABLE.replacen(from, to, 1);
        let err = Table::parse(&text).expect_err(to);
        assert!(err.contains(said), "{to}: {err}");
    }
}

#[test]
fn a_hostile_table_cannot_run_away() {
    // Three nested lists over a record of 200 × 200 × 200 entries: the step budget ends it with an error.
    let text = r#"
format = "jiancha-rule-table/1"
[plugin]
id = "x"
name = "x"
department = "d"
version = "1"
industries = ["C"]
[[rules]]
id = "x.y"
severity = "warning"
title = "t"
title_en = "t"
[[checks]]
rule = "x.y"
each = ["a in data.l", "b in data.l", "c in data.l"]
when = "a == b and b == c"
message = "m"
message_en = "m"
path = "/sector_data/x"
"#;
    let table = Table::parse(text).unwrap();
    let data = serde_json::json!({"l": vec![1; 200]});
    let e: jiancha_core::model::Enterprise =
        serde_json::from_value(serde_json::json!({"id": "91330727MA2HQ0008A", "name": "n", "industry": "C1"})).unwrap();
    let err = table.check(&serde_json::Value::Null, &e, &data, "2025-01-01").unwrap_err();
    assert!(err.contains("step budget"), "{err}");
}

#[test]
fn an_entry_of_the_wrong_shape_gives_the_standard_finding_like_the_rust_plugin() {
    let table = Table::parse(TABLE).unwrap();
    let e: jiancha_core::model::Enterprise =
        serde_json::from_value(serde_json::json!({"id": "91330727MA2HB00010", "name": "E", "industry": "F5152"}))
            .unwrap();
    for entry in
        [serde_json::json!("not an object"), serde_json::json!({"samples": [{"herb": "元胡", "so2_mg_per_kg": "160"}]})]
    {
        let inspection: Inspection = serde_json::from_value(serde_json::json!({
            "id": "X", "trigger": "patrol", "mode": "on-site", "lead_agency": "A", "inspectors": ["P"],
            "enterprise": "91330727MA2HB00010", "started_at": "2025-06-10T09:00:00+08:00",
            "ended_at": "2025-06-10T10:00:00+08:00", "items": [], "sector_data": {"herbal": entry}
        }))
        .unwrap();
        let rust: Vec<String> =
            jiancha_plugin_sdk::testing::check::<jiancha_plugin_herbal::Herbal>(inspection.clone(), e.clone())
                .into_iter()
                .map(|f| f.rule)
                .collect();
        let from_table: Vec<String> = table_findings(&table, &inspection, &e).into_iter().map(|f| f.0).collect();
        assert_eq!(rust, ["plugin.sector-data-invalid"]);
        assert_eq!(from_table, rust, "{entry}");
    }
}
