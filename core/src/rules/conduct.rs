//! Conduct: 五个严禁、八个不得 (国办发〔2024〕54号 七; 磐安 （二）2（2）) and room for minor and first offences
//! (行政处罚法 第三十三条第一款; 磐安 （四）1). These apply to every activity, inspection or not.

use crate::dataset::Dataset;
use crate::finding::Finding;
use crate::model::{Activity, Harm, Inspection};

use crate::meta::{RuleKind, RuleMeta, Severity};

// ---------------------------------------------------------------------------------------------------------------
// The rules of this family (their place in the catalogue: `catalogue.rs`)
// ---------------------------------------------------------------------------------------------------------------

/// `conduct.gifts`
pub const CONDUCT_GIFTS: RuleMeta = RuleMeta {
    id: "conduct.gifts",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "接受被检查企业馈赠、报酬、福利待遇",
    title_en: "accepted gifts, pay or benefits",
    citations: &[("gbf-2024-54", "七 ①")],
    parameters: &[],
    notes: "Applies to every activity.",
    remedy: "涉事人员退还所收馈赠、报酬或福利，机关依纪依法查处（发现一起查处一起），问题线索按“行纪联动”机制移送纪检监察机关",
    remedy_en: "The officers return the gifts, pay or benefits; the agency investigates and deals with each case, and refers it to the discipline inspection organs under the 行纪联动 mechanism.",
};

/// `conduct.hospitality`
pub const CONDUCT_HOSPITALITY: RuleMeta = RuleMeta {
    id: "conduct.hospitality",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "参加被检查企业提供的宴请、娱乐、旅游",
    title_en: "took part in banquets, entertainment or trips",
    citations: &[("gbf-2024-54", "七 ②")],
    parameters: &[],
    notes: "Applies to every activity.",
    remedy: "涉事人员退赔宴请、娱乐、旅游费用，机关依纪依法查处，问题线索按“行纪联动”机制移送纪检监察机关；今后不得参加企业提供的此类活动",
    remedy_en: "The officers repay the banquets, entertainment or trips; the agency deals with the case and refers it to the discipline inspection organs; never accept such hospitality from an inspected enterprise.",
};

/// `conduct.expenses-charged`
pub const CONDUCT_EXPENSES_CHARGED: RuleMeta = RuleMeta {
    id: "conduct.expenses-charged",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "由企业支付消费开支或转嫁检查费用",
    title_en: "expenses or inspection costs charged to the enterprise",
    citations: &[("gbf-2024-54", "七 ③")],
    parameters: &[],
    notes: "Applies to every activity.",
    remedy: "机关退还由企业支付的消费开支和转嫁给企业的检查费用，检查经费由机关自行承担，并依纪依法处理涉事人员",
    remedy_en: "The agency refunds the expenses the enterprise paid and any inspection costs passed to it, bears its inspection costs itself, and deals with the officers responsible.",
};

/// `conduct.designated-intermediary`
pub const CONDUCT_DESIGNATED_INTERMEDIARY: RuleMeta = RuleMeta {
    id: "conduct.designated-intermediary",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "强制企业接受指定中介机构服务",
    title_en: "designated intermediary forced on the enterprise",
    citations: &[("gbf-2024-54", "七 ④")],
    parameters: &[],
    notes: "Applies to every activity.",
    remedy: "撤回要求企业接受指定中介机构服务的要求并书面告知企业，不得以此作为检查结论条件，依纪依法处理涉事人员",
    remedy_en: "Withdraw the requirement to use the designated intermediary and tell the enterprise in writing; never make an inspection outcome depend on it, and deal with the officers responsible.",
};

/// `conduct.legal-rep-required`
pub const CONDUCT_LEGAL_REP_REQUIRED: RuleMeta = RuleMeta {
    id: "conduct.legal-rep-required",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "刻意要求法定代表人到场",
    title_en: "legal representative required to be present",
    citations: &[("gbf-2024-54", "七 ⑤")],
    parameters: &[],
    notes: "Applies to every activity.",
    remedy: "不再刻意要求法定代表人到场，由企业指定的负责人或工作人员配合检查即可，避免干扰企业正常生产经营",
    remedy_en: "Stop requiring the legal representative to be present; a manager or staff member the enterprise chooses can assist, so normal business is not disrupted.",
};

/// `conduct.arbitrary-measure`
pub const CONDUCT_ARBITRARY_MEASURE: RuleMeta = RuleMeta {
    id: "conduct.arbitrary-measure",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "无法律依据采取查封、扣押、冻结或责令停产停业",
    title_en: "compulsory measure without legal basis",
    citations: &[("gbf-2024-54", "七 ⑥")],
    parameters: &[],
    notes: "Fires once per measure whose `legal_basis` is null or blank.",
    remedy: "查明查封、扣押、冻结或责令停产停业的法律依据：确无依据的立即解除并依法处理；有依据但漏记的，在记录中补录具体法律条款",
    remedy_en: "Establish the legal basis of the sealing, seizure, freezing or suspension: without one, lift it at once and deal with it; if the basis was just not recorded, add the exact provision to the record.",
};

/// `conduct.disguised-inspection`
pub const CONDUCT_DISGUISED_INSPECTION: RuleMeta = RuleMeta {
    id: "conduct.disguised-inspection",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "以观摩、督导、考察、走访等名义行检查之实",
    title_en: "inspection disguised as another activity",
    citations: &[("gbf-2024-54", "七 ⑧"), ("panan-draft-2025", "（二）2（2）")],
    parameters: &[],
    notes: "Such a record is an inspection in substance: every inspection rule applies to it too.",
    remedy: "不得以观摩、督导、考察、走访名义检查：确需检查的，按行政检查办理审批、通知、赋码等程序；不检查的，不在活动中查验检查事项",
    remedy_en: "Do not inspect under the name of an observation, supervision, study visit or visit: if checks are needed, run them as an inspection with approval, notice and code; otherwise check no items.",
};

/// `penalty.minor-no-harm`
pub const PENALTY_MINOR_NO_HARM: RuleMeta = RuleMeta {
    id: "penalty.minor-no-harm",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "违法行为轻微、及时改正且无危害后果仍予处罚",
    title_en: "penalty on a minor, corrected violation without harm",
    citations: &[("xzcff-2021", "art. 33"), ("panan-draft-2025", "（四）1")],
    parameters: &[],
    notes: "Art. 33(1), first sentence: 不予行政处罚 (mandatory), first offence or not: `minor`, `corrected` and `harm` `none`. Applies to every activity.",
    remedy: "违法行为轻微并及时改正、没有造成危害后果的，依《行政处罚法》第三十三条第一款不予处罚：作出决定的机关应依法纠正该处罚决定，改为对当事人教育",
    remedy_en: "Administrative Penalty Law art. 33(1) forbids a penalty for a minor, promptly corrected violation with no harm: the deciding agency corrects the decision and educates the party instead.",
};

/// `penalty.first-minor`
pub const PENALTY_FIRST_MINOR: RuleMeta = RuleMeta {
    id: "penalty.first-minor",
    severity: Severity::Warning,
    kind: RuleKind::PerRecord,
    title: "首违轻微且已改正仍予处罚",
    title_en: "penalty on a first, minor, corrected offense",
    citations: &[("xzcff-2021", "art. 33"), ("panan-draft-2025", "（四）1")],
    parameters: &[],
    notes: "Art. 33(1), second sentence: 可以不予行政处罚 (discretionary): `first_offense`, `corrected`, and `harm` `minor` (or, `harm` null, `minor` true). Not reported where `penalty.minor-no-harm` is. Applies to every activity.",
    remedy: "复核是否适用《行政处罚法》第三十三条第一款“初次违法可以不予处罚”，并记录裁量理由；今后对首次、轻微已改正的违法优先教育和限期整改",
    remedy_en: "Review whether art. 33(1) (a first, slightly harmful, corrected violation may go unpunished) should apply and record the reasoning; prefer education and deadlines to correct for such cases.",
};

/// Runs the conduct rules, `penalty.minor-no-harm` and `penalty.first-minor`.
pub fn check(_ds: &Dataset, r: &Inspection, out: &mut Vec<Finding>) {
    let c = &r.conduct;
    let flags = [
        (
            c.gifts,
            &CONDUCT_GIFTS,
            "gifts",
            "检查人员接受了被检查企业的馈赠、报酬或福利待遇",
            "inspectors accepted gifts, pay or benefits from the enterprise",
        ),
        (
            c.hospitality,
            &CONDUCT_HOSPITALITY,
            "hospitality",
            "检查人员参加了被检查企业提供的宴请、娱乐或旅游活动",
            "inspectors took part in banquets, entertainment or trips offered by the enterprise",
        ),
        (
            c.expenses_charged,
            &CONDUCT_EXPENSES_CHARGED,
            "expenses_charged",
            "由被检查企业支付消费开支或承担检查费用",
            "the enterprise paid expenses or bore inspection costs",
        ),
        (
            c.designated_intermediary,
            &CONDUCT_DESIGNATED_INTERMEDIARY,
            "designated_intermediary",
            "强制企业接受指定的中介机构提供服务",
            "the enterprise was forced to use a designated intermediary",
        ),
        (
            c.legal_rep_required,
            &CONDUCT_LEGAL_REP_REQUIRED,
            "legal_rep_required",
            "刻意要求企业法定代表人到场",
            "the legal representative was required to be present",
        ),
    ];
    for (set, rule, field, zh, en) in flags {
        if set {
            out.push(Finding::new(rule, format!("/conduct/{field}"), zh.to_string(), en.to_string()));
        }
    }
    for (i, m) in r.measures.iter().enumerate() {
        if m.legal_basis.as_deref().is_none_or(|b| b.trim().is_empty()) {
            out.push(Finding::new(
                &CONDUCT_ARBITRARY_MEASURE,
                format!("/measures/{i}/legal_basis"),
                format!("采取{}措施未载明法律依据", m.kind.zh()),
                format!("{} without a stated legal basis", m.kind.en()),
            ));
        }
    }
    if r.activity != Activity::Inspection && !r.items.is_empty() {
        out.push(Finding::new(
            &CONDUCT_DISGUISED_INSPECTION,
            "/activity",
            format!("以{}名义开展活动，却检查了{}项检查事项（变相检查）", r.activity.zh(), r.items.len()),
            format!("a {} that checked {} item(s): a disguised inspection", r.activity.key(), r.items.len()),
        ));
    }
    if let Some(p) = &r.penalty {
        // 行政处罚法 第三十三条第一款 has two sentences of different force. The first: 违法行为轻微并及时改正，没有造成
        // 危害后果的，不予行政处罚 (mandatory, first offence or not). The second: 初次违法且危害后果轻微并及时改正的，
        // 可以不予行政处罚 (discretionary); where the harm is unknown, a minor violation stands for a slight harm.
        if p.minor && p.corrected && p.harm == Some(Harm::None) {
            out.push(Finding::new(
                &PENALTY_MINOR_NO_HARM,
                "/penalty",
                format!(
                    "{}作出的处罚针对轻微、已及时改正且没有造成危害后果的违法行为：依《行政处罚法》第三十三条第一款第一句，应当不予行政处罚",
                    p.decided_on
                ),
                format!(
                    "the penalty of {} is for a minor violation that was corrected in time and caused no harm: art. 33(1), first sentence, says it is not to be punished",
                    p.decided_on
                ),
            ));
        } else if p.first_offense && p.corrected && (p.harm == Some(Harm::Minor) || (p.harm.is_none() && p.minor)) {
            let (zh, en) = if p.harm.is_some() {
                ("危害后果轻微", "slight harm")
            } else {
                ("轻微（危害后果未载明）", "minor (harm not stated)")
            };
            out.push(Finding::new(
                &PENALTY_FIRST_MINOR,
                "/penalty",
                format!(
                    "{}作出的处罚针对初次、{zh}且已及时改正的违法行为：依《行政处罚法》第三十三条第一款第二句，可以不予行政处罚，请复核裁量",
                    p.decided_on
                ),
                format!(
                    "the penalty of {} is for a first offence with {en} that was corrected in time: art. 33(1), second sentence, says it may go unpunished; review the discretion",
                    p.decided_on
                ),
            ));
        }
    }
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

    use serde_json::json;

    use super::*;
    use crate::rules::testing::{rules_of_one, visit};

    #[test]
    fn gifts_and_a_measure_without_basis_are_named() {
        let mut v = visit("V1", "2025-03-03");
        v["conduct"] = json!({"gifts": true});
        v["measures"] = json!([{"kind": "seal", "legal_basis": " "}]);
        assert_eq!(rules_of_one(v), [CONDUCT_GIFTS.id, CONDUCT_ARBITRARY_MEASURE.id]);
    }
}
