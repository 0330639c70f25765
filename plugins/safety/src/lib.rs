//! `safety`: the workplace-safety sample plugin of 磐安县应急管理局 (see `README.md` and
//! `shared/domain/sectors.md`, "Workplace safety").
//!
//! It reads `sector_data.safety` of an inspection of a manufacturing (GB/T 4754 section C) enterprise or of one
//! tagged `major-hazard`, and checks four things: that an order to suspend production rests on a classified
//! 重大事故隐患 and the art. 65 statement; that a routine on-site inspection covered the checklist that applies to
//! the enterprise; that 部令10号 situations found were classified as 重大事故隐患; and that the record states what
//! art. 68 requires. What applies to whom lives in [`data`], row by row with its provenance.

pub mod data;

use jiancha_core::model::{MeasureKind, Trigger};
use jiancha_plugin_sdk::prelude::*;
use serde::Deserialize;

use data::{CHECKLIST, Situation, UNCERTIFIED_OPERATORS};

/// Rule: a suspension order without a qualifying 重大事故隐患 or without the art. 65 statement.
pub const SUSPENSION: &str = "safety.suspension-without-major-hazard";
/// Rule: a routine on-site inspection missed applicable checklist items.
pub const CHECKLIST_INCOMPLETE: &str = "safety.checklist-incomplete";
/// Rule: a 部令10号 situation found but no hazard classified as major.
pub const MISCLASSIFIED: &str = "safety.major-hazard-misclassified";
/// Rule: the record lacks an element of art. 68.
pub const RECORD_INCOMPLETE: &str = "safety.record-incomplete";

/// `sector_data.safety` (public contract, sectors.md). Unknown fields are tolerated, as everywhere in
/// `sector_data`; a misspelt field is therefore read as absent.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SafetyData {
    /// Checklist items covered; `None` (absent or null): not reported, so coverage is not judged.
    #[serde(default)]
    pub checked: Option<Vec<String>>,
    /// Hazards found.
    #[serde(default)]
    pub hazards: Vec<Hazard>,
    /// Special-operation workers found without valid certificates.
    #[serde(default)]
    pub uncertified_special_operators: u32,
    /// 部令10号 situations observed; values not in [`data::SITUATIONS`] are ignored.
    #[serde(default)]
    pub situations: Vec<String>,
    /// The art. 65 statement that safety cannot be ensured while the hazard is removed.
    #[serde(default)]
    pub cannot_ensure_safety: bool,
    /// What the written record states; `None`: nothing shows it.
    #[serde(default)]
    pub record: Option<RecordElements>,
}

/// One hazard found.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Hazard {
    /// What was found.
    #[serde(default)]
    pub description: String,
    /// Classified as 重大事故隐患.
    #[serde(default)]
    pub major: bool,
    /// The 判定标准 article cited, or null.
    #[serde(default)]
    pub standard_article: Option<String>,
}

impl Hazard {
    /// Classified as major and citing a (non-blank) 判定标准 article.
    fn qualifies(&self) -> bool {
        self.major && self.standard_article.as_deref().is_some_and(|a| !a.trim().is_empty())
    }
}

/// The elements of the written record (安全生产法 art. 68); an absent element counts as not stated.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct RecordElements {
    /// Place of the inspection.
    #[serde(default)]
    pub place: bool,
    /// Problems found.
    #[serde(default)]
    pub problems: bool,
    /// How they were handled.
    #[serde(default)]
    pub handling: bool,
    /// Signatures of the inspectors and of the unit's head (or a noted refusal).
    #[serde(default)]
    pub signatures: bool,
}

impl RecordElements {
    /// The elements not stated: `(field, zh, en)`.
    fn missing(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        [
            (self.place, "place", "检查地点", "place"),
            (self.problems, "problems", "发现的问题", "problems found"),
            (self.handling, "handling", "处理情况", "handling"),
            (self.signatures, "signatures", "检查人员和被检查单位负责人签字", "signatures"),
        ]
        .into_iter()
        .filter(|(stated, ..)| !stated)
        .map(|(_, key, zh, en)| (key, zh, en))
        .collect()
    }
}

/// The plugin.
#[derive(Debug)]
pub struct Safety;

impl Plugin for Safety {
    fn meta() -> Meta {
        Meta::new("safety", "安全生产检查标准", "磐安县应急管理局", "0.1.0")
            .industries(&["C"])
            .tags(&["major-hazard"])
            .rule(
                RuleDef::new(
                    SUSPENSION,
                    Severity::Violation,
                    "责令停产停业缺少重大事故隐患依据",
                    "suspension without a major accident hazard",
                )
                .cite("aqscf-2021", "art. 65")
                .cite("yjglb-10-2023", "art. 3–13"),
            )
            .rule(
                RuleDef::new(
                    CHECKLIST_INCOMPLETE,
                    Severity::Warning,
                    "例行检查未覆盖适用的检查项",
                    "routine inspection missed checklist items",
                )
                .cite("aqscf-2021", "art. 28, 30, 41, 49, 81")
                .cite("tzsbaqf", "art. 33, 40")
                .cite("yjglb-10-2023", "art. 11, 12, 13"),
            )
            .rule(
                RuleDef::new(
                    MISCLASSIFIED,
                    Severity::Violation,
                    "应判定为重大事故隐患而未判定",
                    "major accident hazard not classified as such",
                )
                .cite("yjglb-10-2023", "art. 3")
                .cite("yjglb-10-2023", "art. 11")
                .cite("yjglb-10-2023", "art. 12")
                .cite("yjglb-10-2023", "art. 13"),
            )
            .rule(
                RuleDef::new(RECORD_INCOMPLETE, Severity::Warning, "检查记录要素不全", "inspection record incomplete")
                    .cite("aqscf-2021", "art. 68"),
            )
    }

    /// Findings of one record. A `sector_data.safety` that does not decode (e.g. a string where a number is due)
    /// gives the standard `plugin.sector-data-invalid` finding and nothing else: the plugin does not guess at data
    /// it cannot read, and the record does not pass for checked.
    fn check(record: &Record) -> Vec<Finding> {
        let data = match record.read::<SafetyData>("safety") {
            Ok(d) => d,
            Err(f) => return vec![f],
        };
        let mut out = suspension(record, &data);
        out.extend(checklist(record, &data));
        out.extend(misclassified(record, &data));
        out.extend(record_incomplete(record, &data));
        out
    }
}

jiancha_plugin_sdk::export_plugin!(Safety);

/// One finding per `suspend` measure when no hazard is major with a 判定标准 article, or the art. 65 statement
/// is missing.
fn suspension(record: &Record, data: &SafetyData) -> Vec<Finding> {
    let Some(insp) = record.inspection() else { return Vec::new() };
    let measures = insp.measures.iter().enumerate();
    let suspends: Vec<usize> = measures.filter_map(|(i, m)| (m.kind == MeasureKind::Suspend).then_some(i)).collect();
    if suspends.is_empty() {
        return Vec::new();
    }
    let mut zh = Vec::new();
    let mut en = Vec::new();
    if !data.hazards.iter().any(Hazard::qualifies) {
        let (n, majors) = (data.hazards.len(), data.hazards.iter().filter(|h| h.major).count());
        if n == 0 {
            zh.push("记录中没有任何隐患".to_string());
            en.push("the record lists no hazard".to_string());
        } else if majors == 0 {
            zh.push(format!("记录的{n}项隐患均未判定为重大事故隐患"));
            en.push(format!("none of the {n} hazard(s) recorded is classified as a major accident hazard"));
        } else {
            zh.push(format!("{majors}项重大事故隐患均未引用《工贸企业重大事故隐患判定标准》条款"));
            en.push(format!("none of the {majors} major hazard(s) cites an article of the 判定标准 (部令10号)"));
        }
    }
    if !data.cannot_ensure_safety {
        zh.push("未载明隐患排除前或排除过程中无法保证安全".to_string());
        en.push(
            "the record does not state that safety cannot be ensured before or while the hazard is removed".to_string(),
        );
    }
    if zh.is_empty() {
        return Vec::new();
    }
    suspends
        .into_iter()
        .map(|i| {
            Finding::new(
                SUSPENSION,
                format!("第{}项措施为责令停产停业，但{}（安全生产法第六十五条）", i + 1, zh.join("；")),
                format!("measure {} orders a suspension, but {} (Work Safety Law art. 65)", i + 1, en.join("; ")),
            )
            .at(format!("/measures/{i}"))
        })
        .collect()
}

/// The checklist items that apply to the record's enterprise.
pub fn applicable_items(industry: &str, tags: &[String]) -> Vec<&'static data::ChecklistItem> {
    CHECKLIST.iter().filter(|item| item.applies(industry, tags)).collect()
}

/// One finding when a routine (plan or random-sampling) on-site inspection did not cover every applicable item.
fn checklist(record: &Record, data: &SafetyData) -> Vec<Finding> {
    let Some(insp) = record.inspection() else { return Vec::new() };
    let routine = matches!(insp.trigger, Trigger::Plan | Trigger::RandomSampling);
    let Some(checked) = data.checked.as_ref().filter(|_| routine && insp.is_onsite_inspection()) else {
        return Vec::new();
    };
    let e = &record.enterprise;
    let missing: Vec<_> = applicable_items(&e.industry, &e.tags)
        .into_iter()
        .filter(|item| !checked.iter().any(|c| c == item.key))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let zh: Vec<_> = missing.iter().map(|i| format!("{}（{}）", i.zh, i.key)).collect();
    let en: Vec<_> = missing.iter().map(|i| format!("{} ({})", i.en, i.key)).collect();
    let who = std::iter::once(e.industry.as_str()).chain(e.tags.iter().map(String::as_str)).collect::<Vec<_>>();
    let mut f = Finding::new(
        CHECKLIST_INCOMPLETE,
        format!(
            "例行现场检查（{}）未覆盖适用于该企业（{}）的{}项检查内容：{}",
            insp.trigger.zh(),
            who.join("，"),
            missing.len(),
            zh.join("、")
        ),
        format!(
            "routine on-site inspection missed {} checklist item(s) that apply to this enterprise ({}): {}",
            missing.len(),
            who.join(", "),
            en.join(", ")
        ),
    )
    .at("/sector_data/safety/checked");
    let mut cited: Vec<(&str, &str)> = Vec::new();
    for item in &missing {
        if !cited.contains(&item.basis) {
            cited.push(item.basis);
            f = f.cite(item.basis.0, item.basis.1);
        }
    }
    vec![f]
}

/// Whether 部令10号 was in force on the inspection day (facts before 2023-05-15 are not judged under it).
fn yjglb_in_force(record: &Record) -> bool {
    match (record.policy_date(), data::in_force_from("yjglb-10-2023")) {
        (Some(day), Some(from)) => day.to_string().as_str() >= from,
        _ => true,
    }
}

/// One finding per fact that 部令10号 makes a 重大事故隐患 (uncertified special operators; each distinct known
/// situation whose hazard tag the enterprise carries) when no hazard is classified as major.
fn misclassified(record: &Record, data: &SafetyData) -> Vec<Finding> {
    if data.hazards.iter().any(|h| h.major) || !yjglb_in_force(record) {
        return Vec::new();
    }
    let tags = &record.enterprise.tags;
    let mut facts: Vec<(String, &Situation, String, String)> = Vec::new();
    if data.uncertified_special_operators > 0 {
        let n = data.uncertified_special_operators;
        let s = &UNCERTIFIED_OPERATORS;
        facts.push((
            "/sector_data/safety/uncertified_special_operators".into(),
            s,
            format!("发现{n}名特种作业人员未持有效证件上岗"),
            format!("{n} special-operation worker(s) without valid certificates"),
        ));
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, key) in data.situations.iter().enumerate() {
        let Some(s) = data::situation(key) else { continue };
        if seen.contains(&s.key) || s.tag.is_some_and(|t| !tags.iter().any(|x| x == t)) {
            continue;
        }
        seen.push(s.key);
        facts.push((
            format!("/sector_data/safety/situations/{i}"),
            s,
            format!("记录的情形“{}”（{}）", s.zh, s.key),
            format!("situation `{}` ({})", s.key, s.en),
        ));
    }
    facts
        .into_iter()
        .map(|(path, s, zh, en)| {
            Finding::new(
                MISCLASSIFIED,
                format!("{zh}，依《工贸企业重大事故隐患判定标准》{}应判定为重大事故隐患，但记录中没有任何隐患被判定为重大事故隐患", s.article_zh),
                format!("{en}: a major accident hazard under 部令10号 {}, yet no hazard in the record is classified as major", s.article),
            )
            .at(path)
            .cite("yjglb-10-2023", s.article)
        })
        .collect()
}

/// One finding when an inspection's record object is absent or lacks an art. 68 element.
fn record_incomplete(record: &Record, data: &SafetyData) -> Vec<Finding> {
    if !record.inspection().is_some_and(|i| i.is_inspection()) {
        return Vec::new();
    }
    let Some(elements) = &data.record else {
        return vec![Finding::new(
            RECORD_INCOMPLETE,
            "sector_data.safety 中没有 record：无法确认检查记录载明地点、发现的问题、处理情况和签字（安全生产法第六十八条）",
            "no `record` in sector_data.safety: nothing shows that the written record states place, problems found, handling and signatures (Work Safety Law art. 68)",
        )
        .at("/sector_data/safety/record")];
    };
    let missing = elements.missing();
    let path = match missing.as_slice() {
        [] => return Vec::new(),
        [(key, ..)] => format!("/sector_data/safety/record/{key}"),
        _ => "/sector_data/safety/record".to_string(),
    };
    let zh: Vec<_> = missing.iter().map(|m| m.1).collect();
    let en: Vec<_> = missing.iter().map(|m| m.2).collect();
    vec![
        Finding::new(
            RECORD_INCOMPLETE,
            format!("检查记录缺少：{}（安全生产法第六十八条）", zh.join("、")),
            format!("the inspection record lacks: {} (Work Safety Law art. 68)", en.join(", ")),
        )
        .at(path),
    ]
}
