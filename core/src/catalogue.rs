//! The rule catalogue: every built-in rule, in order. Each rule's metadata (id, severity, titles, clauses,
//! parameters, notes, remedy) is declared beside its check in its family's module of `rules/`; this list only puts
//! them in the order of the spec, which is the order in which findings of one output line are listed. The engine,
//! `jiancha rules`, the generated documentation and the web demo all read [`RULES`]. Ids are public and stable
//! (`shared/spec/rules.md`).

use crate::finding::Finding;
pub use crate::meta::{Citation, RuleId, RuleKind, RuleMeta, SOURCES, Severity, cite_en, cite_zh, source_zh};

macro_rules! catalogue {
    ($( $variant:ident = $module:ident :: $meta:ident; )*) => {
        /// Every built-in rule, in catalogue order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $( #[doc = concat!("`", stringify!($module), "::", stringify!($meta), "`")] $variant, )* }

        /// The catalogue, indexed by `Rule as usize`.
        pub static RULES: &[RuleMeta] = &[ $( crate::rules::$module::$meta, )* ];

        impl Rule {
            /// Every rule in catalogue order.
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* ];
        }
    };
}

impl Rule {
    /// The rule's metadata.
    pub fn meta(self) -> &'static RuleMeta {
        // The table and the enum come from one macro invocation, so the index is always in range.
        #[expect(clippy::indexing_slicing, reason = "RULES has one entry per Rule variant, by construction")]
        &RULES[self as usize]
    }

    /// Public id.
    pub fn id(self) -> &'static str {
        self.meta().id
    }

    /// Position in the catalogue (the order of findings in a line).
    pub fn order(self) -> usize {
        self as usize
    }

    /// Looks a rule up by id.
    pub fn from_id(id: &str) -> Option<Rule> {
        index(id).and_then(|i| Rule::ALL.get(i)).copied()
    }
}

/// Looks up a rule's metadata by id.
pub fn lookup(id: &str) -> Option<&'static RuleMeta> {
    index(id).and_then(|i| RULES.get(i))
}

/// A rule's place in the catalogue, by id: hashed, since every finding read back or sorted asks.
fn index(id: &str) -> Option<usize> {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&str, usize, foldhash::fast::FixedState>> =
        std::sync::OnceLock::new();
    INDEX.get_or_init(|| RULES.iter().enumerate().map(|(i, r)| (r.id, i)).collect()).get(id).copied()
}

impl Finding {
    /// Position of the rule in the catalogue; plugin rules come after every built-in rule.
    pub fn order(&self) -> usize {
        Rule::from_id(&self.rule).map_or(usize::MAX, Rule::order)
    }
}

catalogue! {
    SubjectUnqualifiedAgency = subject::SUBJECT_UNQUALIFIED_AGENCY;
    SubjectInvalidEntrustment = subject::SUBJECT_INVALID_ENTRUSTMENT;
    SubjectUncertifiedInspector = subject::SUBJECT_UNCERTIFIED_INSPECTOR;
    SubjectInspectorAgencyMismatch = subject::SUBJECT_INSPECTOR_AGENCY_MISMATCH;
    SubjectTooFewOfficers = subject::SUBJECT_TOO_FEW_OFFICERS;
    ItemUnpublished = items::ITEM_UNPUBLISHED;
    ItemForeignAgency = items::ITEM_FOREIGN_AGENCY;
    ItemInvalidDelegation = items::ITEM_INVALID_DELEGATION;
    ApprovalMissing = procedure::APPROVAL_MISSING;
    CodeMissing = procedure::CODE_MISSING;
    CodeLate = procedure::CODE_LATE;
    CodeTimeMissing = procedure::CODE_TIME_MISSING;
    CodeMalformed = procedure::CODE_MALFORMED;
    CodeUrgentLate = procedure::CODE_URGENT_LATE;
    CalendarUnknownYear = procedure::CALENDAR_UNKNOWN_YEAR;
    NoticeMissing = procedure::NOTICE_MISSING;
    NoticeIncomplete = procedure::NOTICE_INCOMPLETE;
    ConductGifts = conduct::CONDUCT_GIFTS;
    ConductHospitality = conduct::CONDUCT_HOSPITALITY;
    ConductExpensesCharged = conduct::CONDUCT_EXPENSES_CHARGED;
    ConductDesignatedIntermediary = conduct::CONDUCT_DESIGNATED_INTERMEDIARY;
    ConductLegalRepRequired = conduct::CONDUCT_LEGAL_REP_REQUIRED;
    ConductArbitraryMeasure = conduct::CONDUCT_ARBITRARY_MEASURE;
    ConductDisguisedInspection = conduct::CONDUCT_DISGUISED_INSPECTION;
    MethodOffsiteCapable = items::METHOD_OFFSITE_CAPABLE;
    PenaltyMinorNoHarm = conduct::PENALTY_MINOR_NO_HARM;
    PenaltyFirstMinor = conduct::PENALTY_FIRST_MINOR;
    DataInvalidUscc = data::DATA_INVALID_USCC;
    DataUsccOrgCode = data::DATA_USCC_ORG_CODE;
    DataUnknownReference = data::DATA_UNKNOWN_REFERENCE;
    DataTimeOrder = data::DATA_TIME_ORDER;
    FrequencyOnsiteCap = frequency::FREQUENCY_ONSITE_CAP;
    FrequencyExcessiveExempt = frequency::FREQUENCY_EXCESSIVE_EXEMPT;
    FrequencyRiskColor = frequency::FREQUENCY_RISK_COLOR;
    FrequencyCreditClass = frequency::FREQUENCY_CREDIT_CLASS;
    PlanOutsidePlan = plans::PLAN_OUTSIDE_PLAN;
    AlertMultiAgency = alerts::ALERT_MULTI_AGENCY;
    AlertRepeated = alerts::ALERT_REPEATED;
    AlertHighFrequency = alerts::ALERT_HIGH_FREQUENCY;
    PenaltyNoReturnVisit = alerts::PENALTY_NO_RETURN_VISIT;
    PlanLatePublication = plans::PLAN_LATE_PUBLICATION;
    PlanMissingLead = plans::PLAN_MISSING_LEAD;
    PlanSpecialUnapproved = plans::PLAN_SPECIAL_UNAPPROVED;
    PlanMergeSuggestion = plans::PLAN_MERGE_SUGGESTION;
    AgencyAssessmentQuota = dataset::AGENCY_ASSESSMENT_QUOTA;
    JointRateBelowTarget = dataset::JOINT_RATE_BELOW_TARGET;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_indexed() {
        for (i, r) in Rule::ALL.iter().enumerate() {
            assert_eq!(r.order(), i);
            assert_eq!(Rule::from_id(r.id()), Some(*r));
        }
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        assert_eq!(RULES.len(), 46);
    }

    /// A rule id is `<family>.<name>`: the family is a module of `rules/` (or the host's `plugin`), the name
    /// lower-case kebab-case; every rule has both titles, and every rule but those about the data cites a clause.
    #[test]
    fn ids_name_a_family_and_every_rule_is_complete() {
        use crate::meta::RULE_FAMILIES as FAMILIES;
        for r in RULES {
            let (family, name) = r.id.split_once('.').unwrap_or_else(|| panic!("{}: no family", r.id));
            assert!(FAMILIES.contains(&family), "{}: unknown family `{family}`", r.id);
            let kebab = !name.is_empty()
                && !name.starts_with('-')
                && !name.ends_with('-')
                && !name.contains("--")
                && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            assert!(kebab, "{}: the name is not kebab-case", r.id);
            assert!(!r.title.is_empty() && !r.title_en.is_empty(), "{}: a title is missing", r.id);
            // Only findings about the data itself (an unknown calendar year, a dangling reference) rest on no clause.
            let about_the_data = matches!(family, "data" | "calendar");
            assert!(about_the_data || !r.citations.is_empty(), "{}: cites nothing", r.id);
        }
    }

    #[test]
    fn citations_read_in_chinese() {
        assert_eq!(cite_zh("xzcff-2021", "art. 42"), "《行政处罚法》第四十二条");
        assert_eq!(cite_zh("xzcff-2021", "art. 33(1)"), "《行政处罚法》第三十三条第一款");
        assert_eq!(cite_zh("xzcff-2021", "art. 20"), "《行政处罚法》第二十条");
        assert_eq!(cite_zh("gbf-2024-54", "七 ⑧"), "国办发〔2024〕54号第七部分⑧");
        assert_eq!(cite_zh("panan-draft-2025", "（二）1（2）"), "磐安县实施意见（征求意见稿）（二）1（2）");
        assert_eq!(cite_zh("zj-2025-5", "综合查一次"), "浙政办发〔2025〕5号（综合查一次）");
        for r in RULES {
            for (src, art) in r.citations {
                assert!(!cite_zh(src, art).contains("art."), "{} {src} {art}", r.id);
            }
        }
    }

    #[test]
    fn listed_parameters_are_real_policy_parameters() {
        for r in RULES {
            for p in r.parameters {
                assert!(
                    crate::policy::Policy::meaning(p).is_some(),
                    "{} lists `{p}`, which is no policy parameter",
                    r.id
                );
            }
        }
    }

    #[test]
    fn every_rule_has_a_concrete_remedy() {
        for r in RULES {
            assert!(r.remedy.chars().count() >= 15, "{}: remedy too short", r.id);
            assert!(r.remedy_en.len() >= 30, "{}: English remedy too short", r.id);
            assert!(!r.remedy.contains("art."), "{}: Chinese remedy names an article in English", r.id);
            for p in r.parameters {
                assert!(!r.remedy.contains(p), "{}: remedy shows the parameter name {p}", r.id);
            }
        }
    }

    #[test]
    fn citations_name_known_sources() {
        for r in RULES {
            for (src, _) in r.citations {
                assert!(SOURCES.iter().any(|(k, _)| k == src), "{} cites unknown source {src}", r.id);
            }
        }
    }
}
