#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use jiancha_plugin_safety::data::{CHECKLIST, LICENSED_INDUSTRIES, SITUATIONS, SOURCES, Status, situation};
use jiancha_plugin_safety::{Safety, applicable_items};
use jiancha_plugin_sdk::testing::{Vectors, check};
use jiancha_plugin_sdk::{Enterprise, Inspection, Plugin};

const VECTORS: &str = include_str!("../vectors.json");

#[test]
fn vectors() {
    jiancha_plugin_sdk::testing::run_vectors::<Safety>(VECTORS).unwrap();
}

#[test]
fn vectors_cover_every_rule_and_its_absence() {
    let v: Vectors = serde_json::from_str(VECTORS).unwrap();
    assert!(v.cases.len() >= 16);
    for rule in Safety::meta().rules {
        assert!(v.cases.iter().any(|c| c.expect.contains(&rule.id)), "no case fires {}", rule.id);
    }
    assert!(v.cases.iter().filter(|c| c.expect.is_empty()).count() >= 8);
}

/// Every finding is complete: a declared rule, its severity, citations of known sources, both messages, a path
/// (or the standard finding of an entry that cannot be read).
#[test]
fn findings_are_well_formed() {
    let meta = Safety::meta();
    let v: Vectors = serde_json::from_str(VECTORS).unwrap();
    for case in v.cases {
        let inspection: Inspection = serde_json::from_value(case.inspection).unwrap();
        for f in check::<Safety>(inspection, case.enterprise) {
            // The standard finding of an entry that cannot be read: undeclared, a warning, no citation.
            if f.rule == jiancha_plugin_sdk::SECTOR_DATA_INVALID {
                assert_eq!(f.severity, Some(jiancha_plugin_sdk::Severity::Warning));
                assert!(f.path == "/sector_data/safety" && f.message.contains("无法读取"), "{f:?}");
                continue;
            }
            let rule = meta.find(&f.rule).unwrap();
            assert_eq!(f.severity, Some(rule.severity));
            assert!(!f.message.is_empty() && !f.message_en.is_empty() && f.path.starts_with('/'), "{f:?}");
            assert!(!f.citations.is_empty());
            for (src, _) in &f.citations {
                assert!(SOURCES.iter().any(|(k, _, _)| k == src), "{}: unknown source {src}", case.name);
            }
        }
    }
}

#[test]
fn rule_catalogue_matches_sectors_md() {
    let meta = Safety::meta();
    let ids: Vec<_> = meta.rules.iter().map(|r| (r.id.as_str(), format!("{:?}", r.severity))).collect();
    assert_eq!(
        ids,
        [
            ("safety.suspension-without-major-hazard", "Violation".to_string()),
            ("safety.checklist-incomplete", "Warning".to_string()),
            ("safety.major-hazard-misclassified", "Violation".to_string()),
            ("safety.record-incomplete", "Warning".to_string()),
        ]
    );
    for r in &meta.rules {
        for (src, _) in &r.citations {
            assert!(SOURCES.iter().any(|(k, _, _)| k == src), "{} cites unknown source {src}", r.id);
        }
    }
}

fn tags(t: &[&str]) -> Vec<String> {
    t.iter().map(|s| s.to_string()).collect()
}

fn keys(industry: &str, t: &[&str]) -> Vec<&'static str> {
    applicable_items(industry, &tags(t)).iter().map(|i| i.key).collect()
}

#[test]
fn checklist_by_industry_and_tags() {
    let routine = [
        "special-operation-certificates",
        "training-records",
        "hazard-ledger",
        "risk-grading",
        "emergency-plan",
        "contractor-agreements",
        "special-equipment",
    ];
    assert_eq!(keys("C3392", &[]), routine);
    assert_eq!(keys("C2672", &[]).last(), Some(&"production-licence"));
    assert_eq!(keys("C2611", &[]).last(), Some(&"production-licence"));
    assert_eq!(keys("B1019", &["major-hazard"]).last(), Some(&"production-licence"));
    // Open rows are listed, not applied.
    for open in ["C2661", "C2621", "C2681", "C2710"] {
        assert_eq!(keys(open, &[]), routine, "{open}");
    }
    assert_eq!(keys("C2031", &["dust-explosion", "confined-space"]).len(), routine.len() + 2);
    assert!(keys("C1353", &["ammonia-refrigeration"]).contains(&"ammonia-refrigeration"));
    // Every key is one of the enum values of sectors.md, once.
    let mut all: Vec<_> = CHECKLIST.iter().map(|i| i.key).collect();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), 11);
}

#[test]
fn licence_prefixes_are_gbt_4754_codes() {
    for p in LICENSED_INDUSTRIES {
        let (section, digits) = p.code.split_at(1);
        assert!(matches!(section, "B" | "C" | "E") && digits.chars().all(|c| c.is_ascii_digit()), "{}", p.code);
        assert!(!p.note.is_empty());
    }
    assert!(LICENSED_INDUSTRIES.iter().any(|p| p.code == "C267" && p.status == Status::Sure));
}

#[test]
fn situations_table() {
    let tagged = |key: &str| situation(key).and_then(|s| s.tag);
    assert_eq!(situation("dust-collector-no-venting").map(|s| s.article), Some("art. 11 (3)"));
    assert_eq!(situation("ammonia-direct-in-workroom").map(|s| s.article), Some("art. 12 (1)"));
    assert_eq!(tagged("confined-space-no-ledger"), Some("confined-space"));
    assert_eq!(tagged("confined-space-no-permit"), Some("confined-space"));
    assert_eq!(tagged("contractor-not-coordinated"), None);
    assert!(situation("forklift-no-licence").is_none());
    for s in SITUATIONS {
        let art = s.article.trim_start_matches("art. ").split(' ').next().unwrap();
        let expected_tag = match art {
            "3" => None,
            "11" => Some("dust-explosion"),
            "12" => Some("ammonia-refrigeration"),
            "13" => Some("confined-space"),
            other => panic!("{}: article {other} outside the table's scope", s.key),
        };
        assert_eq!(s.tag, expected_tag, "{}", s.key);
        assert_eq!(SITUATIONS.iter().filter(|t| t.key == s.key).count(), 1);
    }
}

#[test]
fn messages_state_the_missing_items() {
    let v: Vectors = serde_json::from_str(VECTORS).unwrap();
    let case = v.cases.iter().find(|c| c.name.starts_with("checklist: dust-explosion")).unwrap();
    let inspection: Inspection = serde_json::from_value(case.inspection.clone()).unwrap();
    let f = check::<Safety>(inspection, case.enterprise.clone());
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message.contains("承包承租单位安全生产管理协议") && f[0].message.contains("粉尘防爆"),
        "{}",
        f[0].message
    );
    assert!(f[0].message_en.contains("contractor-agreements") && f[0].message_en.contains("dust-explosion"));
    assert!(f[0].citations.contains(&("yjglb-10-2023".into(), "art. 11".into())));
    assert_eq!(f[0].path, "/sector_data/safety/checked");
}

#[test]
fn out_of_scope_enterprise_is_not_checked() {
    let e = Enterprise {
        id: "x".into(),
        name: "x".into(),
        industry: "F5152".into(),
        tags: vec![],
        risk_color: None,
        credit_class: None,
    };
    assert!(!Safety::meta().applies_to(&e.industry, &e.tags));
    assert!(Safety::meta().applies_to("G5942", &tags(&["major-hazard"])));
}
