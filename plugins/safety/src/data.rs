//! The plugin's data tables, each row with its provenance. Nothing the rules decide on is a bare constant in
//! `lib.rs`: what applies to which enterprise, which situation counts under which article, and since when.
//!
//! Status: `Sure` — wording seen in a source (or stated as sure in `shared/domain/sectors.md`); `Probable` —
//! consistent secondary sources or the drafter's recollection of the official text, not checked against it;
//! `Open` — not confirmed. Rows marked `Open` are listed so the decision is visible but are **not applied**.

/// How well a row is established.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Seen in a source.
    Sure,
    /// Consistent secondary sources; not checked against the official text.
    Probable,
    /// Not confirmed; listed, not applied.
    Open,
}

/// The sources that citations name: key, full title, in force from (YYYY-MM-DD).
pub const SOURCES: &[(&str, &str, &str)] = &[
    ("aqscf-2021", "中华人民共和国安全生产法（2021年修正）", "2021-09-01"),
    ("yjglb-10-2023", "工贸企业重大事故隐患判定标准（应急管理部令第10号）", "2023-05-15"),
    ("tzsbaqf", "中华人民共和国特种设备安全法", "2014-01-01"),
    ("aqscxkz", "安全生产许可证条例", "2004-01-13"),
];

/// The day a source took effect, if it is in [`SOURCES`].
pub fn in_force_from(source: &str) -> Option<&'static str> {
    SOURCES.iter().find(|(k, _, _)| *k == source).map(|(_, _, d)| *d)
}

/// A GB/T 4754-2017 code prefix with its name.
#[derive(Clone, Copy, Debug)]
pub struct Prefix {
    /// Code prefix, e.g. `C267`.
    pub code: &'static str,
    /// Name in GB/T 4754-2017.
    pub name: &'static str,
    /// Whether enterprises of this class need the licence.
    pub status: Status,
    /// Why.
    pub note: &'static str,
}

/// Which enterprises a checklist item applies to.
#[derive(Clone, Copy, Debug)]
pub enum Scope {
    /// Every enterprise the plugin checks (GB/T 4754 section C, or tagged `major-hazard`).
    Routine,
    /// Enterprises whose industry code starts with one of the non-`Open` prefixes.
    Industries(&'static [Prefix]),
    /// Enterprises carrying the tag.
    Tag(&'static str),
}

/// One item of the safety checklist (`sector_data.safety.checked` values).
#[derive(Clone, Copy, Debug)]
pub struct ChecklistItem {
    /// The enum value in `checked`.
    pub key: &'static str,
    /// Chinese name.
    pub zh: &'static str,
    /// English name.
    pub en: &'static str,
    /// Who it applies to.
    pub scope: Scope,
    /// `(source, article)` the item rests on.
    pub basis: (&'static str, &'static str),
    /// How sure the article number is (the item itself is listed as sure in sectors.md).
    pub status: Status,
}

/// GB/T 4754-2017 classes whose producers need a 安全生产许可证 (安全生产许可证条例 art. 2: mines, construction,
/// hazardous chemicals, fireworks and civil explosives). The licence follows the product (危险化学品目录), not the
/// class, so this is a heuristic; classes where only some producers make hazardous chemicals stay `Open`.
pub const LICENSED_INDUSTRIES: &[Prefix] = &[
    Prefix { code: "B", name: "采矿业", status: Status::Sure, note: "mines: 条例 art. 2 (sure per sectors.md)" },
    Prefix {
        code: "E", name: "建筑业", status: Status::Sure, note: "construction: 条例 art. 2 (sure per sectors.md)"
    },
    Prefix {
        code: "C267",
        name: "炸药、火工及焰火产品制造",
        status: Status::Sure,
        note: "C2671 炸药及火工产品, C2672 焰火、鞭炮产品 (checked in GB/T 4754-2017 copies; C266 is 专用化学产品制造)",
    },
    Prefix {
        code: "C261",
        name: "基础化学原料制造",
        status: Status::Probable,
        note: "inorganic acids/alkalis/salts and organic raw materials: most products are listed hazardous chemicals",
    },
    Prefix {
        code: "C263", name: "农药制造", status: Status::Probable, note: "pesticide technical and formulations"
    },
    Prefix {
        code: "C264",
        name: "涂料、油墨、颜料及类似产品制造",
        status: Status::Probable,
        note: "solvent-borne paints and inks are listed; water-borne ones often are not",
    },
    Prefix { code: "C265", name: "合成材料制造", status: Status::Probable, note: "monomers and resin solutions" },
    Prefix { code: "C251", name: "精炼石油产品制造", status: Status::Probable, note: "refined oil products" },
    Prefix { code: "C2521", name: "炼焦", status: Status::Probable, note: "coke-oven gas, crude benzene, tar" },
    Prefix { code: "C262", name: "肥料制造", status: Status::Open, note: "only some (e.g. ammonium nitrate)" },
    Prefix {
        code: "C266", name: "专用化学产品制造", status: Status::Open, note: "mixed: reagents, auxiliaries, glue"
    },
    Prefix {
        code: "C268",
        name: "日用化学产品制造",
        status: Status::Open,
        note: "mostly not; some aerosols, fragrances",
    },
    Prefix {
        code: "C2710",
        name: "化学药品原料药制造",
        status: Status::Open,
        note: "only where intermediates are listed",
    },
];

/// The checklist. Article numbers of 安全生产法 other than 65/68/97 are the drafter's recollection (`Probable`).
pub const CHECKLIST: &[ChecklistItem] = &[
    ChecklistItem {
        key: "special-operation-certificates",
        zh: "特种作业人员持证上岗",
        en: "special-operation certificates",
        scope: Scope::Routine,
        basis: ("aqscf-2021", "art. 30"),
        status: Status::Probable,
    },
    ChecklistItem {
        key: "training-records",
        zh: "安全生产教育培训档案",
        en: "safety training records",
        scope: Scope::Routine,
        basis: ("aqscf-2021", "art. 28"),
        status: Status::Probable,
    },
    ChecklistItem {
        key: "hazard-ledger",
        zh: "隐患排查治理台账",
        en: "hazard-investigation ledger",
        scope: Scope::Routine,
        basis: ("aqscf-2021", "art. 41"),
        status: Status::Probable,
    },
    ChecklistItem {
        key: "risk-grading",
        zh: "安全风险分级管控",
        en: "risk grading and control",
        scope: Scope::Routine,
        basis: ("aqscf-2021", "art. 41"),
        status: Status::Probable,
    },
    ChecklistItem {
        key: "emergency-plan",
        zh: "应急救援预案及演练",
        en: "emergency plan and drills",
        scope: Scope::Routine,
        basis: ("aqscf-2021", "art. 81"),
        status: Status::Probable,
    },
    ChecklistItem {
        key: "contractor-agreements",
        zh: "承包承租单位安全生产管理协议",
        en: "contractor and tenant safety agreements",
        scope: Scope::Routine,
        basis: ("aqscf-2021", "art. 49"),
        status: Status::Probable,
    },
    ChecklistItem {
        key: "special-equipment",
        zh: "特种设备使用登记和定期检验",
        en: "special-equipment registration and inspection",
        scope: Scope::Routine,
        basis: ("tzsbaqf", "art. 33, 40"),
        status: Status::Sure,
    },
    ChecklistItem {
        key: "production-licence",
        zh: "安全生产许可证",
        en: "work-safety licence",
        scope: Scope::Industries(LICENSED_INDUSTRIES),
        basis: ("aqscxkz", "art. 2"),
        status: Status::Probable,
    },
    ChecklistItem {
        key: "dust-explosion",
        zh: "粉尘防爆",
        en: "dust-explosion prevention",
        scope: Scope::Tag("dust-explosion"),
        basis: ("yjglb-10-2023", "art. 11"),
        status: Status::Sure,
    },
    ChecklistItem {
        key: "ammonia-refrigeration",
        zh: "液氨制冷",
        en: "ammonia refrigeration",
        scope: Scope::Tag("ammonia-refrigeration"),
        basis: ("yjglb-10-2023", "art. 12"),
        status: Status::Sure,
    },
    ChecklistItem {
        key: "confined-space",
        zh: "有限空间作业",
        en: "confined-space work",
        scope: Scope::Tag("confined-space"),
        basis: ("yjglb-10-2023", "art. 13"),
        status: Status::Sure,
    },
];

impl ChecklistItem {
    /// Whether the item applies to an enterprise of `industry` with `tags` (one the plugin checks).
    pub fn applies(&self, industry: &str, tags: &[String]) -> bool {
        match self.scope {
            Scope::Routine => true,
            Scope::Industries(prefixes) => {
                prefixes.iter().any(|p| p.status != Status::Open && industry.starts_with(p.code))
            }
            Scope::Tag(tag) => tags.iter().any(|t| t == tag),
        }
    }
}

/// A 部令10号 situation (`sector_data.safety.situations` values) that must be classified as a 重大事故隐患.
#[derive(Clone, Copy, Debug)]
pub struct Situation {
    /// The enum value in `situations`.
    pub key: &'static str,
    /// Article and item of 应急管理部令第10号.
    pub article: &'static str,
    /// The same in Chinese.
    pub article_zh: &'static str,
    /// The hazard tag the enterprise must carry for the article to apply; `None`: every 工贸 enterprise (art. 3).
    pub tag: Option<&'static str>,
    /// Chinese summary.
    pub zh: &'static str,
    /// English summary.
    pub en: &'static str,
    /// Sure at article level throughout (sectors.md); this is the status of the item number and wording.
    pub status: Status,
}

/// 部令10号 situations. Art. 11 items (一)–(五) were seen quoted in secondary sources (`Sure`); art. 3, 11 (十), 12
/// and 13 item numbers and wording are the drafter's recollection (`Probable`).
pub const SITUATIONS: &[Situation] = &[
    Situation {
        key: "contractor-not-coordinated",
        article: "art. 3 (1)",
        article_zh: "第三条第（一）项",
        tag: None,
        zh: "未对承包单位、承租单位的安全生产工作统一协调、管理或定期安全检查",
        en: "contractors/tenants not coordinated, managed or regularly checked",
        status: Status::Probable,
    },
    Situation {
        key: "dust-zone-unsafe-building",
        article: "art. 11 (1)",
        article_zh: "第十一条第（一）项",
        tag: Some("dust-explosion"),
        zh: "粉尘爆炸危险场所设在非框架结构多层建筑内或场所内设有人员聚集场所",
        en: "dust-explosion zone in a non-frame multi-storey building or with rooms where people gather",
        status: Status::Sure,
    },
    Situation {
        key: "dust-shared-collector",
        article: "art. 11 (2)",
        article_zh: "第十一条第（二）项",
        tag: Some("dust-explosion"),
        zh: "不同类别可燃性粉尘或不同建筑、防火分区共用一套除尘系统",
        en: "one dust-collection system shared across dust types, buildings or fire compartments",
        status: Status::Sure,
    },
    Situation {
        key: "dust-collector-no-venting",
        article: "art. 11 (3)",
        article_zh: "第十一条第（三）项",
        tag: Some("dust-explosion"),
        zh: "干式除尘系统未采取泄爆、惰化、抑爆等任一种爆炸防控措施",
        en: "dry dust collector without venting, inerting or suppression",
        status: Status::Sure,
    },
    Situation {
        key: "dust-gravity-settling",
        article: "art. 11 (5)",
        article_zh: "第十一条第（五）项",
        tag: Some("dust-explosion"),
        zh: "除尘系统采用重力沉降室或干式巷道式构筑物作为风道",
        en: "gravity settling chamber or dry tunnel used for dust collection",
        status: Status::Sure,
    },
    Situation {
        key: "dust-accumulation",
        article: "art. 11 (10)",
        article_zh: "第十一条第（十）项",
        tag: Some("dust-explosion"),
        zh: "未落实粉尘清理制度，作业现场积尘严重",
        en: "dust-cleaning routine not followed, heavy dust accumulation",
        status: Status::Probable,
    },
    Situation {
        key: "ammonia-direct-in-workroom",
        article: "art. 12 (1)",
        article_zh: "第十二条第（一）项",
        tag: Some("ammonia-refrigeration"),
        zh: "包装、分割、产品整理场所的空调系统采用氨直接蒸发制冷",
        en: "direct ammonia evaporation cooling in packing, cutting or product-handling rooms",
        status: Status::Probable,
    },
    Situation {
        key: "ammonia-quick-freezer-crowded",
        article: "art. 12 (2)",
        article_zh: "第十二条第（二）项",
        tag: Some("ammonia-refrigeration"),
        zh: "快速冻结装置未设在单独作业间内或作业间内作业人员超过9人",
        en: "quick freezer not in a separate room, or more than 9 workers in its room",
        status: Status::Probable,
    },
    Situation {
        key: "confined-space-no-ledger",
        article: "art. 13 (1)",
        article_zh: "第十三条第（一）项",
        tag: Some("confined-space"),
        zh: "未对有限空间进行辨识、建立安全管理台账并设置明显警示标志",
        en: "confined spaces not identified, no ledger and no warning signs",
        status: Status::Probable,
    },
    Situation {
        key: "confined-space-no-permit",
        article: "art. 13 (2)",
        article_zh: "第十三条第（二）项",
        tag: Some("confined-space"),
        zh: "未落实有限空间作业审批，或未执行先通风、再检测、后作业，或现场未设监护人员",
        en: "confined-space work without permit, ventilate-test-enter sequence or attendant",
        status: Status::Probable,
    },
];

/// Special-operation workers without valid certificates (`uncertified_special_operators` > 0): art. 3 (2),
/// item number by recollection, content sure per sectors.md. Not a `situations` value: it has its own field.
pub const UNCERTIFIED_OPERATORS: Situation = Situation {
    key: "uncertified_special_operators",
    article: "art. 3 (2)",
    article_zh: "第三条第（二）项",
    tag: None,
    zh: "特种作业人员未按规定经专门的安全作业培训并取得相应资格上岗作业",
    en: "special-operation workers at work without the required training and certificate",
    status: Status::Probable,
};

/// The situation row for an enum value; unknown values give `None` and are ignored.
pub fn situation(key: &str) -> Option<&'static Situation> {
    SITUATIONS.iter().find(|s| s.key == key)
}
