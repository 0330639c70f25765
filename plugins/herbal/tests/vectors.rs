//! The test vectors (the same file `jiancha plugin test` runs against the built component) and the tables.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use jiancha_plugin_herbal::limits::{self, Status};
use jiancha_plugin_herbal::{Herbal, SOURCES};
use jiancha_plugin_sdk::testing::{Vectors, check};
use jiancha_plugin_sdk::{Enterprise, Finding, Inspection, Plugin};

const VECTORS: &str = include_str!("../vectors.json");

#[test]
fn vectors() {
    let n = jiancha_plugin_sdk::testing::run_vectors::<Herbal>(VECTORS).unwrap();
    assert!(n >= 18);
}

/// Runs the vector case named `name` and returns its findings.
fn run(name: &str) -> Vec<Finding> {
    let v: Vectors = serde_json::from_str(VECTORS).unwrap();
    let case = v.cases.into_iter().find(|c| c.name.starts_with(name)).expect(name);
    let inspection: Inspection = serde_json::from_value(case.inspection).unwrap();
    check::<Herbal>(inspection, case.enterprise)
}

#[test]
fn every_rule_has_a_firing_vector_and_a_near_miss() {
    let v: Vectors = serde_json::from_str(VECTORS).unwrap();
    for rule in Herbal::meta().rules {
        assert!(v.cases.iter().any(|c| c.expect.contains(&rule.id)), "no vector fires {}", rule.id);
    }
    assert!(v.cases.iter().filter(|c| c.expect.is_empty()).count() >= 8);
}

#[test]
fn meta_and_citations() {
    let m = Herbal::meta();
    assert_eq!((m.id.as_str(), m.version.as_str()), ("herbal", "0.1.0"));
    assert_eq!(m.industries, ["A0170", "C2730", "F5152", "F5252"]);
    assert!(m.tags.is_empty());
    assert_eq!(m.rules.len(), 7);
    for r in &m.rules {
        assert!(r.id.starts_with("herbal.") && !r.citations.is_empty(), "{}", r.id);
        for (source, _) in &r.citations {
            assert!(SOURCES.iter().any(|(k, ..)| k == source), "{source} is not in SOURCES");
        }
    }
    assert!(m.applies_to("F52520", &[]) && !m.applies_to("C2710", &[]));
}

#[test]
fn so2_table() {
    let lim = |h: &str| limits::so2_limit(&limits::canonical_herb(h), "chp-2020").map(|r| r.mg_per_kg);
    for h in ["白术", "白芍", "天麻", "山药", "牛膝", "粉葛", "天冬", "天花粉", "白及", "党参", "於术", "炒白芍"]
    {
        assert_eq!(lim(h), Some(400.0), "{h}");
    }
    for h in ["元胡", "延胡索", "玄参", "浙贝母", "象贝", "葛根", "黄芪", ""] {
        assert_eq!(lim(h), Some(150.0), "{h}");
    }
    assert_eq!(lim("石膏"), None);
    assert!(limits::so2_limit("白术", "chp-2025").is_none(), "2025 rows are not modelled yet");
}

#[test]
fn aflatoxin_table() {
    let has = |h: &str| limits::aflatoxin_limit(&limits::canonical_herb(h), "chp-2020").is_some();
    assert!(has("延胡索") && has("元胡") && has("醋延胡索") && has("酸枣仁") && has("枣仁"));
    assert!(!has("白术") && !has("白芍") && !has("浙贝母"));
    for r in limits::AFLATOXIN {
        assert_eq!((r.b1_ug_per_kg, r.total_ug_per_kg), (5.0, 10.0));
    }
    let yhs = limits::aflatoxin_limit("延胡索", "chp-2020").unwrap();
    assert_eq!(yhs.status, Status::Likely);
}

#[test]
fn banned_pesticides_table() {
    assert_eq!(limits::BANNED.pesticides.len(), 33);
    let mut names: Vec<_> = limits::BANNED.pesticides.iter().map(|p| p.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 33, "duplicate names");
    assert!(limits::BANNED.pesticides.iter().all(|p| p.loq_mg_per_kg == limits::DEFAULT_LOQ_MG_PER_KG));
    assert_eq!(limits::banned_pesticide(" ddt ").map(|p| p.name), Some("滴滴涕"));
    assert_eq!(limits::banned_pesticide("甲基对硫磷").map(|p| p.name), Some("甲基对硫磷"));
    assert!(limits::banned_pesticide("多菌灵").is_none());
}

#[test]
fn heavy_metals_are_shipped_but_not_checked() {
    assert_eq!(limits::HEAVY_METALS.len(), 5);
    assert!(limits::HEAVY_METALS.iter().all(|r| r.status == Status::Open && !r.status.checked()));
}

#[test]
fn editions_by_policy_day() {
    assert!(limits::in_force("2020-12-29").is_none());
    let e = limits::in_force("2020-12-30").unwrap();
    assert_eq!((e.applied.key, e.unconfirmed.map(|u| u.key)), ("chp-2020", None));
    let e = limits::in_force("2025-09-30").unwrap();
    assert!(e.unconfirmed.is_none());
    let e = limits::in_force("2025-10-01").unwrap();
    assert_eq!((e.applied.key, e.unconfirmed.map(|u| u.key)), ("chp-2020", Some("chp-2025")));
    for ed in limits::EDITIONS {
        assert!(jiancha_plugin_sdk::Date::parse(ed.in_force).is_ok(), "{}", ed.key);
    }
}

#[test]
fn messages_state_value_limit_edition_and_provenance() {
    let f = run("SO2: 元胡 160");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].path, "/sector_data/herbal/samples/0/so2_mg_per_kg");
    for part in ["元胡（延胡索）", "160 mg/kg", "150 mg/kg", "中国药典2020年版", "2020-12-30", "确定"] {
        assert!(f[0].message.contains(part), "{part} missing in {}", f[0].message);
    }
    assert!(f[0].message_en.contains("160 mg/kg exceeds the limit of 150 mg/kg"));
    assert!(!f[0].message.contains("2025"));

    let f = run("F5252 retailer");
    assert!(f[0].message.contains("中国药典2025年版已于2025-10-01施行，其修订未经核实"), "{}", f[0].message);
    assert!(f[0].message_en.contains("changes are unconfirmed"));

    let f = run("policy day is the Shanghai day");
    assert!(f[0].message.contains("2025年版"), "{}", f[0].message);

    let f = run("aflatoxin: B1 and total both over");
    let paths: Vec<_> = f.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/sector_data/herbal/samples/0/aflatoxin_b1_ug_per_kg",
            "/sector_data/herbal/samples/0/aflatoxin_total_ug_per_kg"
        ]
    );
    assert!(f[0].message.contains("可能，待核"));

    let f = run("banned pesticide: reported as DDT");
    assert_eq!(f[0].path, "/sector_data/herbal/samples/0/pesticides/0/mg_per_kg");
    assert_eq!(f[1].path, "/sector_data/herbal/samples/0/pesticides/1/mg_per_kg");
    assert!(f[0].message.contains("DDT（滴滴涕）") && f[0].message.contains("0.01 mg/kg"));

    let f = run("trader: trade_records null");
    assert_eq!(f[0].path, "/sector_data/herbal/trade_records");
    assert!(f[0].message.contains("为空"));
}

#[test]
fn severities_and_citations_come_from_the_catalogue() {
    let f = run("outcome contradicts: inspector found");
    let oc = f.iter().find(|f| f.rule == "herbal.outcome-contradicts-sample").unwrap();
    assert_eq!(oc.path, "/sector_data/herbal/outcome_violation");
    assert_eq!(oc.severity, Some(jiancha_plugin_sdk::Severity::Violation));
    let f = run("grower with 1.5");
    assert_eq!(f[0].severity, Some(jiancha_plugin_sdk::Severity::Warning));
    assert_eq!(f[0].citations, [("nyglytl-2017".to_string(), "art. 36".to_string())]);
}

#[test]
fn unreadable_or_unknown_shapes() {
    let rec = |herbal: serde_json::Value| {
        let insp: Inspection = serde_json::from_value(serde_json::json!({
            "id": "X", "trigger": "patrol", "mode": "on-site", "lead_agency": "A", "inspectors": ["P"],
            "enterprise": "91330727MA2HB00010", "started_at": "2025-06-10T09:00:00+08:00",
            "ended_at": "2025-06-10T10:00:00+08:00", "items": [], "sector_data": {"herbal": herbal}
        }))
        .unwrap();
        let ent = Enterprise {
            id: "E".into(),
            name: "E".into(),
            industry: "F5152".into(),
            tags: vec![],
            risk_color: None,
            credit_class: None,
        };
        check::<Herbal>(insp, ent).into_iter().map(|f| f.rule).collect::<Vec<_>>()
    };
    // An unknown role value only switches off the role checks; extra fields are ignored.
    let got = rec(serde_json::json!({"role": "wholesaler", "note": "x", "sulfur_fumigation_observed": true}));
    assert_eq!(got, ["herbal.sulfur-fumigation"]);
    // A sector entry of the wrong shape gives only the standard finding: it does not pass for checked.
    assert_eq!(rec(serde_json::json!("not an object")), ["plugin.sector-data-invalid"]);
    assert_eq!(
        rec(serde_json::json!({"samples": [{"herb": "元胡", "so2_mg_per_kg": "160"}]})),
        ["plugin.sector-data-invalid"]
    );
}
