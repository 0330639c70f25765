//! The `herbal` sample plugin: quality and trade rules for Chinese medicinal herbs (中药材), the sector that
//! Pan'an County names beside workplace safety (panan-draft-2025 （一）3).
//!
//! It reads `sector_data.herbal` (shape in `shared/domain/sectors.md`) and checks the samples against the
//! limit tables of [`limits`], picked by the record's policy date, and the grower and trader records against
//! 农药管理条例 and 中医药法. Every message states the measured value, the limit, its edition and how sure we
//! are of it.

pub mod limits;

use jiancha_plugin_sdk::prelude::*;
use limits::{InForce, Status};
use serde::Deserialize;

/// The plugin.
#[derive(Debug)]
pub struct Herbal;

jiancha_plugin_sdk::export_plugin!(Herbal);

/// Citation sources: key, Chinese title, English title.
pub const SOURCES: &[(&str, &str, &str)] = &[
    ("chp-2020", "中华人民共和国药典（2020年版），2020-12-30施行", "Chinese Pharmacopoeia 2020, in force 2020-12-30"),
    (
        "nyglytl-2017",
        "农药管理条例（国务院令第677号，2017-06-01施行）",
        "Regulation on Pesticide Administration (2017)",
    ),
    ("zyyf-2017", "中华人民共和国中医药法（2017-07-01施行）", "Law on Traditional Chinese Medicine (2017)"),
    (
        "gap-2022",
        "中药材生产质量管理规范（2022年第22号公告，2022-03-01施行）",
        "Good Agricultural Practice for Chinese medicinal herbs (2022 No. 22, in force 2022-03-01)",
    ),
    (
        "sulfur-ban-2013",
        "2013年全国禁止硫磺熏蒸中药材的规定（文号待核）",
        "2013 national ban on sulfur fumigation of herbs (document number open)",
    ),
];

const SO2: &str = "herbal.so2-over-limit";
const AFLATOXIN: &str = "herbal.aflatoxin-over-limit";
const PESTICIDE: &str = "herbal.banned-pesticide";
const OUTCOME: &str = "herbal.outcome-contradicts-sample";
const PESTICIDE_RECORDS: &str = "herbal.pesticide-records-missing";
const TRADE_RECORDS: &str = "herbal.trade-records-missing";
const FUMIGATION: &str = "herbal.sulfur-fumigation";

impl Plugin for Herbal {
    fn meta() -> Meta {
        Meta::new("herbal", "中药材质量与经营规范", "磐安县市场监督管理局", "0.1.0")
            .industries(&["A0170", "C2730", "F5152", "F5252"])
            .rule(
                RuleDef::new(SO2, Severity::Violation, "二氧化硫残留超标", "sulfur dioxide residue over the limit")
                    .cite("chp-2020", "通则0212; 通则2331"),
            )
            .rule(
                RuleDef::new(AFLATOXIN, Severity::Violation, "黄曲霉毒素超标", "aflatoxins over the limit")
                    .cite("chp-2020", "品种项下【检查】黄曲霉毒素; 通则2351"),
            )
            .rule(
                RuleDef::new(PESTICIDE, Severity::Violation, "检出禁用农药", "banned pesticide detected")
                    .cite("chp-2020", "通则0212; 通则2341")
                    .cite("nyglytl-2017", "art. 34")
                    .cite("zyyf-2017", "art. 22"),
            )
            .rule(
                RuleDef::new(
                    OUTCOME,
                    Severity::Violation,
                    "检查结论与抽检结果矛盾",
                    "outcome says no violation although a sample breaks a limit",
                )
                .cite("chp-2020", "通则0212"),
            )
            .rule(
                RuleDef::new(
                    PESTICIDE_RECORDS,
                    Severity::Warning,
                    "种植者农药使用记录不足2年",
                    "grower's pesticide-use records missing for the past 2 years",
                )
                .cite("nyglytl-2017", "art. 36"),
            )
            .rule(
                RuleDef::new(
                    TRADE_RECORDS,
                    Severity::Warning,
                    "经营者缺少购销记录或未标明产地",
                    "trader lacks purchase/sales records or the origin",
                )
                .cite("zyyf-2017", "art. 24"),
            )
            .rule(
                RuleDef::new(FUMIGATION, Severity::Violation, "硫磺熏蒸中药材", "sulfur fumigation of herbs")
                    .cite("sulfur-ban-2013", "全文（文号待核）")
                    .cite("gap-2022", "产地加工（条款待核）"),
            )
    }

    fn check(record: &Record) -> Vec<Finding> {
        // Inside `sector_data` unknown fields are allowed (data model); a shape we cannot read at all gives the
        // standard `plugin.sector-data-invalid` finding, so that the record does not pass for checked.
        let data = match record.read::<HerbalData>("herbal") {
            Ok(d) => d,
            Err(f) => return vec![f],
        };
        let Some(day) = record.policy_date() else {
            return Vec::new();
        };
        let day = day.to_string();
        let mut out = Vec::new();

        let mut breaking = Vec::new();
        if let Some(ed) = limits::in_force(&day) {
            for (i, sample) in data.samples.iter().enumerate() {
                let before = out.len();
                check_sample(i, sample, ed, &mut out);
                if out.len() > before {
                    breaking.push(format!("[{i}]"));
                }
            }
        }
        if data.outcome_violation == Some(false) && !breaking.is_empty() {
            let (list, list_en) = (breaking.join("、"), breaking.join(", "));
            out.push(
                Finding::new(
                    OUTCOME,
                    format!("检查结论记为未发现违法（outcome_violation 为 false），但样品{list}超出限量"),
                    format!("the inspector concluded no violation (outcome_violation is false) but sample(s) {list_en} break a limit"),
                )
                .at("/sector_data/herbal/outcome_violation"),
            );
        }

        match data.role {
            Some(Role::Grower) => check_grower(&data, &mut out),
            Some(Role::Trader) => check_trader(&data, &mut out),
            _ => {}
        }

        if data.sulfur_fumigation_observed == Some(true) {
            out.push(
                Finding::new(
                    FUMIGATION,
                    "检查发现使用硫磺熏蒸中药材（2013年起全国禁止）",
                    "sulfur fumigation of herbs was observed (banned nationally since 2013)",
                )
                .at("/sector_data/herbal/sulfur_fumigation_observed"),
            );
        }
        out
    }
}

/// `sector_data.herbal`. Every field is optional so that one missing field switches off only its own checks.
#[derive(Debug, Default, Deserialize)]
pub struct HerbalData {
    /// Who was inspected.
    #[serde(default)]
    pub role: Option<Role>,
    /// Samples tested.
    #[serde(default)]
    pub samples: Vec<Sample>,
    /// Years of pesticide-use records found (growers).
    #[serde(default)]
    pub pesticide_record_years: Option<f64>,
    /// Purchase and sales records found (traders).
    #[serde(default)]
    pub trade_records: Option<bool>,
    /// Origin (产地) stated (traders).
    #[serde(default)]
    pub origin_stated: Option<bool>,
    /// Sulfur fumigation observed; null reads as false (the contract's default).
    #[serde(default)]
    pub sulfur_fumigation_observed: Option<bool>,
    /// The inspector's own conclusion: was a violation found.
    #[serde(default)]
    pub outcome_violation: Option<bool>,
}

/// The role of the enterprise in the herb chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// 种植.
    Grower,
    /// 加工.
    Processor,
    /// 经营.
    Trader,
    /// Any other value: no role-specific checks.
    #[serde(other)]
    Other,
}

/// One sample tested.
#[derive(Debug, Default, Deserialize)]
pub struct Sample {
    /// Herb name as reported (synonyms and processed pieces accepted).
    #[serde(default)]
    pub herb: String,
    /// SO2 residue, mg/kg.
    #[serde(default)]
    pub so2_mg_per_kg: Option<f64>,
    /// Aflatoxin B1, μg/kg.
    #[serde(default)]
    pub aflatoxin_b1_ug_per_kg: Option<f64>,
    /// Aflatoxins B1+B2+G1+G2, μg/kg.
    #[serde(default)]
    pub aflatoxin_total_ug_per_kg: Option<f64>,
    /// Pesticides detected.
    #[serde(default)]
    pub pesticides: Vec<Pesticide>,
}

/// A pesticide result.
#[derive(Debug, Default, Deserialize)]
pub struct Pesticide {
    /// Name as reported.
    #[serde(default)]
    pub name: String,
    /// Amount, mg/kg; null is not checked (no amount, no comparison with the LOQ).
    #[serde(default)]
    pub mg_per_kg: Option<f64>,
}

/// The herb as reported and, when it differs, its monograph name: `元胡（延胡索）`.
fn herb_label(reported: &str, canon: &str) -> (String, String) {
    let reported = reported.trim();
    if reported.is_empty() {
        ("（未注明品名）".into(), "unnamed herb".into())
    } else if reported == canon {
        (reported.into(), reported.into())
    } else {
        (format!("{reported}（{canon}）"), format!("{reported} = {canon}"))
    }
}

/// The edition and provenance clause of a message.
fn provenance(ed: InForce, basis: (&str, &str), status: Status) -> (String, String) {
    let (sz, se) = status.label();
    let mut zh = format!("{}（{}施行）；{}；可靠性：{sz}", ed.applied.name, ed.applied.in_force, basis.0);
    let mut en = format!("{}, in force {}; {}; {se}", ed.applied.name_en, ed.applied.in_force, basis.1);
    if let Some(n) = ed.unconfirmed {
        zh += &format!("；{}已于{}施行，其修订未经核实，暂按{}限量", n.name, n.in_force, ed.applied.name);
        en += &format!(
            "; the {} took effect {} and its changes are unconfirmed, so the {} value is applied",
            n.name_en, n.in_force, ed.applied.name_en
        );
    }
    (zh, en)
}

fn check_sample(i: usize, s: &Sample, ed: InForce, out: &mut Vec<Finding>) {
    let canon = limits::canonical_herb(&s.herb);
    let (hz, he) = herb_label(&s.herb, &canon);
    let at = |field: &str| format!("/sector_data/herbal/samples/{i}/{field}");

    let so2 = s.so2_mg_per_kg.zip(limits::so2_limit(&canon, ed.applied.key)).filter(|(v, row)| *v > row.mg_per_kg);
    if let Some((v, row)) = so2 {
        let (pz, pe) = provenance(ed, row.basis, row.status);
        let limit = row.mg_per_kg;
        out.push(
            Finding::new(
                SO2,
                format!("样品[{i}]{hz}二氧化硫残留量 {v} mg/kg，超过限量 {limit} mg/kg（{pz}）"),
                format!("sample [{i}] ({he}): SO2 residue {v} mg/kg exceeds the limit of {limit} mg/kg ({pe})"),
            )
            .at(at("so2_mg_per_kg")),
        );
    }

    if let Some(row) = limits::aflatoxin_limit(&canon, ed.applied.key) {
        let (pz, pe) = provenance(ed, row.basis, row.status);
        let measured = [
            ("aflatoxin_b1_ug_per_kg", "黄曲霉毒素B1", "aflatoxin B1", s.aflatoxin_b1_ug_per_kg, row.b1_ug_per_kg),
            (
                "aflatoxin_total_ug_per_kg",
                "黄曲霉毒素总量（B1+B2+G1+G2）",
                "total aflatoxins (B1+B2+G1+G2)",
                s.aflatoxin_total_ug_per_kg,
                row.total_ug_per_kg,
            ),
        ];
        for (field, nz, ne, value, limit) in measured {
            if let Some(v) = value.filter(|v| *v > limit) {
                out.push(
                    Finding::new(
                        AFLATOXIN,
                        format!("样品[{i}]{hz}{nz} {v} μg/kg，超过限量 {limit} μg/kg（{pz}）"),
                        format!("sample [{i}] ({he}): {ne} {v} μg/kg exceeds the limit of {limit} μg/kg ({pe})"),
                    )
                    .at(at(field)),
                );
            }
        }
    }

    let list = limits::BANNED;
    if list.edition == ed.applied.key && list.status.checked() {
        for (j, p) in s.pesticides.iter().enumerate() {
            let hit = p.mg_per_kg.zip(limits::banned_pesticide(&p.name)).filter(|(v, b)| *v >= b.loq_mg_per_kg);
            if let Some((v, banned)) = hit {
                let (pz, pe) = provenance(ed, list.basis, list.status);
                let (name, loq) = (p.name.trim(), banned.loq_mg_per_kg);
                let (nz, ne) = if name == banned.name {
                    (name.to_string(), name.to_string())
                } else {
                    (format!("{name}（{}）", banned.name), format!("{name} = {}", banned.name))
                };
                out.push(
                    Finding::new(
                        PESTICIDE,
                        format!("样品[{i}]{hz}检出禁用农药{nz} {v} mg/kg，不低于定量限 {loq} mg/kg（定量限为待核参数；{pz}）"),
                        format!(
                            "sample [{i}] ({he}): banned pesticide {ne} detected at {v} mg/kg, at or above the limit of quantification {loq} mg/kg (LOQ is an open parameter; {pe})"
                        ),
                    )
                    .at(format!("/sector_data/herbal/samples/{i}/pesticides/{j}/mg_per_kg")),
                );
            }
        }
    }
}

fn check_grower(data: &HerbalData, out: &mut Vec<Finding>) {
    let need = limits::PESTICIDE_RECORD_YEARS;
    let (zh, en) = match data.pesticide_record_years {
        Some(y) if y >= need => return,
        Some(y) => (
            format!("种植者的农药使用记录仅 {y} 年，少于应保存的 {need} 年"),
            format!("the grower's pesticide-use records cover {y} years, fewer than the {need} years required"),
        ),
        None => (
            format!("检查未载明查见种植者的农药使用记录（pesticide_record_years 为空），应保存不少于 {need} 年"),
            format!(
                "no pesticide-use records of the grower are recorded (pesticide_record_years is null); {need} years are required"
            ),
        ),
    };
    out.push(Finding::new(PESTICIDE_RECORDS, zh, en).at("/sector_data/herbal/pesticide_record_years"));
}

/// A trader's records and origin: false and null both fire, null because the inspection of a trader did not
/// establish what the law requires it to show; the message says which.
fn check_trader(data: &HerbalData, out: &mut Vec<Finding>) {
    let checks = [
        (
            "trade_records",
            data.trade_records,
            ("经营者未能提供进货查验和购销记录", "the trader showed no purchase-inspection and sales records"),
            ("是否查见进货查验和购销记录", "whether the trader showed purchase-inspection and sales records"),
        ),
        (
            "origin_stated",
            data.origin_stated,
            ("经营者未标明中药材产地", "the trader did not state the herbs' origin"),
            ("是否标明中药材产地", "whether the trader stated the herbs' origin"),
        ),
    ];
    for (field, value, (fz, fe), (wz, we)) in checks {
        let (zh, en) = match value {
            Some(true) => continue,
            Some(false) => (fz.to_string(), fe.to_string()),
            None => (
                format!("检查记录未载明{wz}（{field} 为空），按未查见处理"),
                format!("the record does not say {we} ({field} is null); read as not shown"),
            ),
        };
        out.push(Finding::new(TRADE_RECORDS, zh, en).at(format!("/sector_data/herbal/{field}")));
    }
}
