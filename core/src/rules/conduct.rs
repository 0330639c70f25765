//! Conduct: 五个严禁、八个不得 (国办发〔2024〕54号 七; 磐安 （二）2（2）) and room for minor and first offences
//! (行政处罚法 第三十三条第一款; 磐安 （四）1). These apply to every activity, inspection or not.

use crate::catalogue::Rule;
use crate::dataset::Dataset;
use crate::finding::Finding;
use crate::model::{Activity, Harm, Inspection};

/// Runs the conduct rules, `penalty.minor-no-harm` and `penalty.first-minor`.
pub fn check(_ds: &Dataset, r: &Inspection, out: &mut Vec<Finding>) {
    let c = &r.conduct;
    let flags = [
        (
            c.gifts,
            Rule::ConductGifts,
            "gifts",
            "检查人员接受了被检查企业的馈赠、报酬或福利待遇",
            "inspectors accepted gifts, pay or benefits from the enterprise",
        ),
        (
            c.hospitality,
            Rule::ConductHospitality,
            "hospitality",
            "检查人员参加了被检查企业提供的宴请、娱乐或旅游活动",
            "inspectors took part in banquets, entertainment or trips offered by the enterprise",
        ),
        (
            c.expenses_charged,
            Rule::ConductExpensesCharged,
            "expenses_charged",
            "由被检查企业支付消费开支或承担检查费用",
            "the enterprise paid expenses or bore inspection costs",
        ),
        (
            c.designated_intermediary,
            Rule::ConductDesignatedIntermediary,
            "designated_intermediary",
            "强制企业接受指定的中介机构提供服务",
            "the enterprise was forced to use a designated intermediary",
        ),
        (
            c.legal_rep_required,
            Rule::ConductLegalRepRequired,
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
                Rule::ConductArbitraryMeasure,
                format!("/measures/{i}/legal_basis"),
                format!("采取{}措施未载明法律依据", m.kind.zh()),
                format!("{} without a stated legal basis", m.kind.en()),
            ));
        }
    }
    if r.activity != Activity::Inspection && !r.items.is_empty() {
        out.push(Finding::new(
            Rule::ConductDisguisedInspection,
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
                Rule::PenaltyMinorNoHarm,
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
                Rule::PenaltyFirstMinor,
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
