//! How often: the yearly on-site cap per agency and enterprise (磐安 （二）1（2）), obviously excessive exempt
//! inspections (国办发〔2024〕54号 八), and the county's risk-colour caps (磐安 （三）3).
//!
//! All three count on-site inspections in time order within a calendar year (Asia/Shanghai) and fire on each
//! inspection past the cap, with the earlier counted ones in `related` (the earliest `RELATED_MAX`, and their
//! number in `related_total` when there are more).

use crate::batch::{Batch, Sym};
use crate::dataset::Dataset;
use crate::finding::Finding;
use crate::policy::Caps;
use crate::rules::{Distinct, Found, Groups, Map, ids_of, ordinal, work};

use crate::meta::{RuleKind, RuleMeta, Severity};

// ---------------------------------------------------------------------------------------------------------------
// The rules of this family (their place in the catalogue: `catalogue.rs`)
// ---------------------------------------------------------------------------------------------------------------

/// `frequency.onsite-cap`
pub const FREQUENCY_ONSITE_CAP: RuleMeta = RuleMeta {
    id: "frequency.onsite-cap",
    severity: Severity::Violation,
    kind: RuleKind::CrossRecord,
    title: "同一机关对同一企业年度现场检查超过上限",
    title_en: "on-site inspections of an enterprise by one agency over the yearly cap",
    citations: &[("panan-draft-2025", "（二）1（2）"), ("gbf-2024-54", "四")],
    parameters: &["onsite_cap_per_agency_enterprise_year"],
    notes: "Counted per counted agency, as the organ it acts for (a joint inspection counts for each; an entrusted organization's visits count as its organ's); exempt triggers are not counted. The cap of the n-th for agency A is the parameter in force on its day, or, if larger, the largest `annual_cap` of its items that belong to A (owned by A as organ, or delegable and delegated to A): another agency's item cap never raises A's.",
    remedy: "机关本年度不再对该企业实施非豁免的现场检查，后续改用非现场方式；今后合并检查事项、进一次门查多项事，不超过本县规定的年度现场检查上限",
    remedy_en: "The agency makes no further non-exempt on-site inspections of this enterprise this year and uses off-site methods; next time combine items into one visit to stay within the county's yearly on-site cap.",
};

/// `frequency.excessive-exempt`
pub const FREQUENCY_EXCESSIVE_EXEMPT: RuleMeta = RuleMeta {
    id: "frequency.excessive-exempt",
    severity: Severity::Warning,
    kind: RuleKind::CrossRecord,
    title: "不受频次限制的检查明显超过合理频次",
    title_en: "exempt inspections of one enterprise by one agency obviously excessive",
    citations: &[("gbf-2024-54", "八")],
    parameters: &["excessive_exempt_per_agency_enterprise_year"],
    notes: "Fires on each exempt on-site inspection past the number, counted per counted agency as the organ it acts for.",
    remedy: "复核这些因投诉举报、转办、数据监测、巡查或企业申请的现场检查是否确有必要；同一线索合并处理，能非现场核查的不再入企",
    remedy_en: "Review whether these complaint-, referral-, monitoring-, patrol- or request-based on-site inspections were all needed; handle leads on one matter together and check off site where that serves.",
};

/// `frequency.risk-color`
pub const FREQUENCY_RISK_COLOR: RuleMeta = RuleMeta {
    id: "frequency.risk-color",
    severity: Severity::Warning,
    kind: RuleKind::CrossRecord,
    title: "超过企业风险颜色对应的年度检查频次",
    title_en: "inspections over the cap of the enterprise's risk colour",
    citations: &[("panan-draft-2025", "（三）3")],
    parameters: &["risk_color_caps"],
    notes: "Counts each non-exempt on-site inspection once, all agencies together. No colour has a cap unless the county sets one.",
    remedy: "按企业风险等级（五色）对应的年度频次统筹安排检查；超出的，各部门合并为“综合查一次”联合检查或改用非现场方式",
    remedy_en: "Plan inspections within the yearly frequency of the enterprise's risk colour; beyond it, merge the agencies' visits into one joint inspection (综合查一次) or use off-site methods.",
};

/// `frequency.credit-class`
pub const FREQUENCY_CREDIT_CLASS: RuleMeta = RuleMeta {
    id: "frequency.credit-class",
    severity: Severity::Warning,
    kind: RuleKind::CrossRecord,
    title: "超过企业信用风险分类对应的年度检查频次",
    title_en: "inspections over the cap of the enterprise's credit-risk class",
    citations: &[("panan-draft-2025", "（三）3"), ("panan-draft-2025", "（四）1")],
    parameters: &["credit_class_caps"],
    notes: "Counts each non-exempt on-site inspection once, all agencies together, as frequency.risk-color does. No class has a cap unless the county sets one: the texts say to inspect enterprises of good compliance less often (对合规表现良好的企业，将减少检查频次) without a number.",
    remedy: "按企业信用风险分类对应的年度频次统筹安排检查，对合规表现良好的企业减少检查频次；确需再查的，合并为“综合查一次”联合检查或改用非现场方式",
    remedy_en: "Plan inspections within the yearly frequency of the enterprise's credit-risk class, inspecting enterprises of good compliance less often; where another visit is needed, merge it into one joint inspection (综合查一次) or check off site.",
};

/// What the frequency rules count for one enterprise, kept from one enterprise to the next for its memory.
#[derive(Debug, Default)]
pub struct State {
    /// (agency, year) -> earlier counted records.
    capped: Groups<(Sym, i32)>,
    exempt: Groups<(Sym, i32)>,
    /// year -> earlier counted records, all agencies.
    colour: Groups<i32>,
}

/// Runs the frequency rules over one enterprise's records, in time order. Every count is per enterprise, so the
/// maps stay small (and in cache) however large the province.
pub fn enterprise(ds: &Dataset, b: &Batch, recs: &[u32], st: &mut State, out: &mut Found) {
    let State { capped, exempt, colour } = st;
    capped.clear();
    exempt.clear();
    colour.clear();
    let Some(first) = recs.first().and_then(|&i| b.rec(i as usize)) else { return };
    let enterprise = ds.enterprise(first.enterprise());
    let colour_of = enterprise.and_then(|e| e.risk_color);
    let class_of = enterprise.and_then(|e| e.credit_class);
    for rec in recs.iter().filter_map(|&i| b.rec(i as usize)).filter(|x| x.is_onsite_inspection()) {
        let year = rec.day().year();
        let this = rec.idx as u32;
        // The largest national yearly cap of the record's items per agency (as organ) it applies to. An item's
        // cap is its own agency's (国家另有规定的，从其规定 is about that item): it raises only the cap of the
        // agency that owns it (as organ) or to which it is delegated, never another joint agency's. Built once a
        // record, in time linear in its items, and looked up per counted agency; of equal caps the later item is
        // named.
        let mut item_caps: Map<&str, (u32, &crate::model::InspectionItem)> = Map::default();
        if !rec.exempt() {
            for it in rec.items().filter_map(|id| ds.item(id)) {
                let Some(c) = it.annual_cap else { continue };
                let mut organs: Distinct<&str> = Distinct::default();
                organs.insert(ds.organ(&it.agency));
                if it.delegable {
                    for a in &it.delegated_to {
                        organs.insert(ds.organ(a));
                    }
                }
                for organ in organs.iter() {
                    let slot = item_caps.entry(organ).or_insert((c, it));
                    if c >= slot.0 {
                        *slot = (c, it);
                    }
                }
            }
        }
        for &agency_sym in rec.counted_syms() {
            work::step(1);
            let agency = rec.name(agency_sym);
            let item_cap = item_caps.get(agency).copied();
            let key = (agency_sym, year);
            if rec.exempt() {
                let earlier = exempt.push(key, this);
                let n = earlier.count + 1;
                let param = &ds.policy.excessive_exempt;
                if let Some(&max) = param.on(rec.day()).filter(|max| n > **max as usize) {
                    out.push((
                        rec.idx,
                        Finding::new(
                            &FREQUENCY_EXCESSIVE_EXEMPT,
                            "/enterprise",
                            format!(
                                "{}{year}年第{n}次以不受频次限制的事由（{}）对该企业实施现场检查，超过{max}次，明显超过合理频次（{}）",
                                ds.agency_name(agency),
                                rec.trigger().zh(),
                                param.explain_zh(rec.day())
                            ),
                            format!(
                                "{} exempt on-site inspection of this enterprise by {agency} in {year}; more than {max} is obviously excessive ({})",
                                ordinal(n),
                                param.explain_en(rec.day())
                            ),
                        )
                        .related_of(ids_of(b, &exempt.first(earlier)), earlier.count),
                    ));
                }
            } else {
                let earlier = capped.push(key, this);
                let n = earlier.count + 1;
                let param = &ds.policy.onsite_cap;
                let base = param.on(rec.day()).copied();
                // The cap in force, and the item whose national cap it is (None: the county's parameter).
                let (cap, by_item) = match (base, item_cap) {
                    (_, Some((c, it))) if base.is_none_or(|b| c > b) => (Some(c), Some(it)),
                    (base, _) => (base, None),
                };
                if let Some(cap) = cap.filter(|c| n > *c as usize) {
                    // Worded only for a finding: most visits are within the cap.
                    let (why_zh, why_en) = match by_item {
                        Some(it) => (
                            format!("检查事项「{}」国家规定的年度上限", it.name),
                            format!("the national yearly cap of item `{}`", it.id),
                        ),
                        None => (param.explain_zh(rec.day()), param.explain_en(rec.day())),
                    };
                    out.push((
                        rec.idx,
                        Finding::new(
                            &FREQUENCY_ONSITE_CAP,
                            "/enterprise",
                            format!(
                                "{}{year}年第{n}次对该企业实施现场检查，超过每年{cap}次的上限（{why_zh}）",
                                ds.agency_name(agency)
                            ),
                            format!(
                                "{} on-site inspection of this enterprise by {agency} in {year}; the cap is {cap} ({why_en})",
                                ordinal(n)
                            ),
                        )
                        .related_of(ids_of(b, &capped.first(earlier)), earlier.count),
                    ));
                }
            }
        }
        if rec.exempt() {
            continue;
        }
        let earlier = colour.push(year, this);
        let n = earlier.count + 1;
        let related = || ids_of(b, &colour.first(earlier));
        if let Some(o) = over_cap(&ds.policy.risk_color_caps, colour_of, rec.day(), n) {
            let (c, cap) = (o.kind, o.cap);
            out.push((
                rec.idx,
                Finding::new(
                    &FREQUENCY_RISK_COLOR,
                    "/enterprise",
                    format!(
                        "该企业风险等级为{}，{year}年第{n}次受到现场检查（各部门合计），超过该颜色每年{cap}次的上限（{}）",
                        c.zh(),
                        o.zh
                    ),
                    format!(
                        "{} on-site inspection of this {} enterprise in {year} (all agencies); its colour's cap is {cap} ({})",
                        ordinal(n),
                        c.key(),
                        o.en
                    ),
                )
                .related_of(related(), earlier.count),
            ));
        }
        if let Some(o) = over_cap(&ds.policy.credit_class_caps, class_of, rec.day(), n) {
            let (c, cap) = (o.kind, o.cap);
            out.push((
                rec.idx,
                Finding::new(
                    &FREQUENCY_CREDIT_CLASS,
                    "/enterprise",
                    format!(
                        "该企业信用风险分类为{}，{year}年第{n}次受到现场检查（各部门合计），超过该类每年{cap}次的上限（{}；此上限由县级确定，法规未规定具体次数）",
                        c.zh(),
                        o.zh
                    ),
                    format!(
                        "{} on-site inspection of this class-{} enterprise in {year} (all agencies); its class's cap is {cap} ({}; the county chooses this cap, no text fixes the number)",
                        ordinal(n),
                        c.key(),
                        o.en
                    ),
                )
                .related_of(related(), earlier.count),
            ));
        }
    }
}

/// A cap of an enterprise's kind (its risk colour or its credit class) that the year's `n`-th counted visit
/// exceeds: the kind, the cap, and the parameter as the message states it (`参数 name = {…}，origin`).
struct OverCap<K> {
    kind: K,
    cap: u32,
    zh: String,
    en: String,
}

fn over_cap<K: Ord + crate::policy::CapKey>(
    param: &crate::policy::Param<std::collections::BTreeMap<K, u32>>,
    kind: Option<K>,
    day: crate::time::Date,
    n: usize,
) -> Option<OverCap<K>> {
    let (kind, cap) = (kind?, cap_of(param, kind, day).filter(|cap| n > *cap as usize)?);
    let shown = Caps(param.on(day)?.clone());
    let origin = param.origin(day);
    Some(OverCap {
        kind,
        cap,
        zh: format!("参数 {} = {shown}，{}", param.name, origin.map_or(String::new(), |o| o.zh())),
        en: format!("parameter {} = {shown}, {}", param.name, origin.map_or(String::new(), |o| o.en())),
    })
}

/// The yearly cap of an enterprise's kind (its risk colour or its credit class) in force on `day`; `None` for an
/// enterprise without one or a kind the county did not cap.
fn cap_of<K: Ord + Copy>(
    param: &crate::policy::Param<std::collections::BTreeMap<K, u32>>,
    kind: Option<K>,
    day: crate::time::Date,
) -> Option<u32> {
    param.on(day)?.get(&kind?).copied()
}

/// One cap as it stands for an agency and an enterprise in a year (`GET /v1/enterprises/{uscc}/quota`): the visits
/// that count against it, counted as its rule counts them, the cap in force on a day, and what is left.
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct CapUse {
    /// The rule that fires past the cap.
    pub rule: &'static str,
    /// The cap; `None` when none is set (a colour without a county cap).
    pub cap: Option<u32>,
    /// Visits that count against it in the year.
    pub used: usize,
    /// Visits left before the rule fires; `None` without a cap.
    pub left: Option<u32>,
    /// The ids of the visits counted (the earliest [`crate::finding::RELATED_MAX`]).
    pub counted: Vec<String>,
    /// What the cap is and where it comes from, Chinese and English.
    pub why: String,
    pub why_en: String,
}

/// The four caps of this family for `agency` (as the organ it acts for) and the enterprise of `history` in
/// `year`, the caps as in force on `day`: the yearly on-site cap (non-exempt on-site inspections counted for the
/// agency), the obviously-excessive number of exempt ones, and the enterprise's risk-colour and credit-class caps
/// (non-exempt on-site inspections of all agencies). An item with a national yearly cap of its own raises the on-site cap of
/// a visit that checks it (see the rule's notes); the answer gives the cap without items.
pub fn quota(
    ds: &Dataset,
    history: &[crate::model::Inspection],
    enterprise: &str,
    agency: &str,
    year: i32,
    day: crate::time::Date,
) -> Vec<CapUse> {
    let organ = ds.organ(agency);
    let in_year: Vec<&crate::model::Inspection> = history
        .iter()
        .filter(|r| r.enterprise == enterprise && r.is_onsite_inspection() && r.day().year() == year)
        .collect();
    let counts_for = |r: &crate::model::Inspection| ds.counted_agencies(r).iter().any(|a| *a == organ);
    let ids = |v: &[&&crate::model::Inspection]| -> Vec<String> {
        v.iter().take(crate::finding::RELATED_MAX).map(|r| r.id.to_string()).collect()
    };
    let capped: Vec<&&crate::model::Inspection> =
        in_year.iter().filter(|r| !ds.is_exempt(r) && counts_for(r)).collect();
    let exempt: Vec<&&crate::model::Inspection> = in_year.iter().filter(|r| ds.is_exempt(r) && counts_for(r)).collect();
    let all: Vec<&&crate::model::Inspection> = in_year.iter().filter(|r| !ds.is_exempt(r)).collect();
    let left = |cap: Option<u32>, used: usize| cap.map(|c| c.saturating_sub(u32::try_from(used).unwrap_or(u32::MAX)));
    let onsite = ds.policy.onsite_cap.on(day).copied();
    let excessive = ds.policy.excessive_exempt.on(day).copied();
    let colour = ds.enterprise(enterprise).and_then(|e| e.risk_color);
    let colour_cap = cap_of(&ds.policy.risk_color_caps, colour, day);
    let (colour_why, colour_why_en) = match (colour, colour_cap) {
        (Some(c), Some(cap)) => (
            format!("风险等级{}每年{cap}次（参数 {}，各部门合计）", c.zh(), ds.policy.risk_color_caps.name),
            format!(
                "{} enterprises: {cap} a year, all agencies (parameter {})",
                c.key(),
                ds.policy.risk_color_caps.name
            ),
        ),
        (Some(c), None) => (
            format!("风险等级{}未设年度上限（参数 {}）", c.zh(), ds.policy.risk_color_caps.name),
            format!("no yearly cap for {} enterprises (parameter {})", c.key(), ds.policy.risk_color_caps.name),
        ),
        (None, _) => (
            "企业未评定风险等级，无颜色上限".to_string(),
            "the enterprise has no risk colour: no colour cap".to_string(),
        ),
    };
    let class = ds.enterprise(enterprise).and_then(|e| e.credit_class);
    let class_caps = &ds.policy.credit_class_caps;
    let class_cap = cap_of(class_caps, class, day);
    let (class_why, class_why_en) = match (class, class_cap) {
        (Some(c), Some(cap)) => (
            format!("信用风险分类{}每年{cap}次（参数 {}，各部门合计，县级确定）", c.zh(), class_caps.name),
            format!(
                "class-{} enterprises: {cap} a year, all agencies (parameter {}, the county's choice)",
                c.key(),
                class_caps.name
            ),
        ),
        (Some(c), None) => (
            format!("信用风险分类{}未设年度上限（参数 {}）", c.zh(), class_caps.name),
            format!("no yearly cap for class-{} enterprises (parameter {})", c.key(), class_caps.name),
        ),
        (None, _) => (
            "企业未评定信用风险分类，无分类上限".to_string(),
            "the enterprise has no credit-risk class: no class cap".to_string(),
        ),
    };
    vec![
        CapUse {
            rule: FREQUENCY_ONSITE_CAP.id,
            cap: onsite,
            used: capped.len(),
            left: left(onsite, capped.len()),
            counted: ids(&capped),
            why: ds.policy.onsite_cap.explain_zh(day),
            why_en: ds.policy.onsite_cap.explain_en(day),
        },
        CapUse {
            rule: FREQUENCY_EXCESSIVE_EXEMPT.id,
            cap: excessive,
            used: exempt.len(),
            left: left(excessive, exempt.len()),
            counted: ids(&exempt),
            why: ds.policy.excessive_exempt.explain_zh(day),
            why_en: ds.policy.excessive_exempt.explain_en(day),
        },
        CapUse {
            rule: FREQUENCY_RISK_COLOR.id,
            cap: colour_cap,
            used: all.len(),
            left: left(colour_cap, all.len()),
            counted: ids(&all),
            why: colour_why,
            why_en: colour_why_en,
        },
        CapUse {
            rule: FREQUENCY_CREDIT_CLASS.id,
            cap: class_cap,
            used: all.len(),
            left: left(class_cap, all.len()),
            counted: ids(&all),
            why: class_why,
            why_en: class_why_en,
        },
    ]
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        reason = "tests fail loudly"
    )]

    use super::*;
    use crate::rules::testing::{dataset, rules_of, visit};

    #[test]
    fn the_third_on_site_visit_of_a_year_breaks_the_cap() {
        let ds = dataset("");
        let visits: Vec<_> = ["2025-03-03", "2025-04-07", "2025-05-05"]
            .iter()
            .enumerate()
            .map(|(i, d)| visit(&format!("V{i}"), d))
            .collect();
        let got = rules_of(&ds, &visits);
        assert!(!got["V1"].contains(&FREQUENCY_ONSITE_CAP.id.to_string()));
        assert!(got["V2"].contains(&FREQUENCY_ONSITE_CAP.id.to_string()), "{got:?}");
    }

    /// The quota counts as the rule does: with n visits used, the rule fires on the visit after the `left` more.
    #[test]
    fn the_quota_agrees_with_the_rule() {
        let ds = dataset("");
        let day = crate::time::Date::parse("2025-06-01").unwrap();
        for n in 0..4 {
            let visits: Vec<_> = (0..n).map(|i| visit(&format!("V{i}"), &format!("2025-0{}-03", i + 3))).collect();
            let one = visit("X", "2025-03-03");
            let (agency, enterprise) = (one["lead_agency"].as_str().unwrap(), one["enterprise"].as_str().unwrap());
            let history: Vec<crate::model::Inspection> =
                visits.iter().map(|v| serde_json::from_value(v.clone()).unwrap()).collect();
            let q = quota(&ds, &history, enterprise, agency, 2025, day);
            let cap = &q[0];
            assert_eq!(cap.rule, FREQUENCY_ONSITE_CAP.id);
            assert_eq!(cap.used, n);
            let left = cap.left.unwrap() as usize;
            // `left` more visits pass; the one after fires.
            let mut more = visits.clone();
            for k in 0..=left {
                more.push(visit(&format!("W{k}"), &format!("2025-10-{:02}", k + 6)));
            }
            let got = rules_of(&ds, &more);
            for k in 0..left {
                assert!(!got[&format!("W{k}")].contains(&FREQUENCY_ONSITE_CAP.id.to_string()), "n={n} W{k}: {got:?}");
            }
            assert!(got[&format!("W{left}")].contains(&FREQUENCY_ONSITE_CAP.id.to_string()), "n={n}: {got:?}");
        }
    }
}
