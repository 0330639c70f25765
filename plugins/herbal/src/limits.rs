//! The limit tables: every number the plugin checks against, each row with its edition and provenance.
//!
//! Nothing here is a silent constant. A row names the pharmacopoeia edition it comes from (and so the day it is
//! in force) and how sure we are of it ([`Status`]). Rows marked [`Status::Open`] are shipped for reference and
//! never checked. Adding the Chinese Pharmacopoeia 2025 values, once confirmed, means adding rows with edition
//! `chp-2025`; the lookup then picks them for records from 2025-10-01 on.

/// How sure we are of a row (the scale of `shared/domain/legal-basis.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The wording was seen in a source.
    Sure,
    /// Consistent secondary sources.
    Probable,
    /// Believed but not confirmed; checked, and said so in every message.
    Likely,
    /// Not confirmed: shipped for reference, never checked.
    Open,
}

impl Status {
    /// Whether rows of this status are checked.
    pub fn checked(self) -> bool {
        self != Status::Open
    }

    /// Chinese and English labels.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Status::Sure => ("确定", "sure"),
            Status::Probable => ("较可靠", "probable"),
            Status::Likely => ("可能，待核", "likely, unconfirmed"),
            Status::Open => ("待核", "open"),
        }
    }
}

/// A pharmacopoeia edition.
#[derive(Clone, Copy, Debug)]
pub struct Edition {
    /// Key, also the citation source key.
    pub key: &'static str,
    /// Chinese name.
    pub name: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// The day it took effect, `YYYY-MM-DD`.
    pub in_force: &'static str,
}

/// The editions we know of, oldest first. A record is judged by the newest edition in force on its policy date
/// that has rows; a newer edition without rows (its changes unconfirmed) is named in the message.
pub const EDITIONS: &[Edition] = &[
    Edition {
        key: "chp-2020",
        name: "中国药典2020年版",
        name_en: "Chinese Pharmacopoeia 2020",
        in_force: "2020-12-30",
    },
    Edition {
        key: "chp-2025",
        name: "中国药典2025年版",
        name_en: "Chinese Pharmacopoeia 2025",
        in_force: "2025-10-01",
    },
];

/// Looks up an edition by key.
pub fn edition(key: &str) -> Option<&'static Edition> {
    EDITIONS.iter().find(|e| e.key == key)
}

/// Where the record stands among the editions on `day` (`YYYY-MM-DD`).
#[derive(Clone, Copy, Debug)]
pub struct InForce {
    /// The edition whose rows apply.
    pub applied: &'static Edition,
    /// A newer edition already in force whose changes are unconfirmed (its rows are not in the tables).
    pub unconfirmed: Option<&'static Edition>,
}

/// The edition whose rows apply on `day`, or `None` before the oldest modelled edition (then nothing is checked:
/// a limit not yet in force cannot be broken). ISO dates compare correctly as strings.
pub fn in_force(day: &str) -> Option<InForce> {
    let has_rows = |key: &str| {
        SO2.iter().any(|r| r.edition == key) || AFLATOXIN.iter().any(|r| r.edition == key) || BANNED.edition == key
    };
    let newest = EDITIONS.iter().rev().find(|e| e.in_force <= day)?;
    let applied = EDITIONS.iter().rev().find(|e| e.in_force <= day && has_rows(e.key))?;
    Some(InForce { applied, unconfirmed: (newest.key != applied.key).then_some(newest) })
}

/// A sulfur-dioxide residue limit.
#[derive(Clone, Copy, Debug)]
pub struct So2Row {
    /// Edition key.
    pub edition: &'static str,
    /// Canonical herb names; empty for the general limit.
    pub herbs: &'static [&'static str],
    /// Limit, mg/kg (a value above it breaks it).
    pub mg_per_kg: f64,
    /// Where it stands in the edition, Chinese and English.
    pub basis: (&'static str, &'static str),
    /// How sure we are.
    pub status: Status,
}

/// Sulfur-dioxide residue limits (Chinese Pharmacopoeia 2020 通则0212; method 通则2331).
pub const SO2: &[So2Row] = &[
    So2Row {
        edition: "chp-2020",
        herbs: &[],
        mg_per_kg: 150.0,
        basis: ("药材及饮片一般限量（矿物药除外）", "general limit for herbs and pieces (minerals excepted)"),
        status: Status::Sure,
    },
    So2Row {
        edition: "chp-2020",
        herbs: &["山药", "牛膝", "粉葛", "天冬", "天麻", "天花粉", "白及", "白芍", "白术", "党参"],
        mg_per_kg: 400.0,
        basis: ("十种药材及饮片的放宽限量（多个二手来源）", "relaxed limit for ten herbs (several secondary sources)"),
        status: Status::Probable,
    },
];

/// Mineral drugs, to which the general SO2 limit does not apply. The exception is in the source; this list of
/// names is illustrative (open) and only switches the general limit off, so an omission errs towards checking.
pub const MINERALS: &[&str] = &[
    "石膏",
    "芒硝",
    "朱砂",
    "雄黄",
    "滑石",
    "赭石",
    "磁石",
    "自然铜",
    "龙骨",
    "炉甘石",
    "白矾",
    "硫黄",
    "赤石脂",
    "青礞石",
];

/// The SO2 limit for a canonical herb under an edition: the herb's own row, else the general row (not for
/// minerals). Open rows are skipped.
pub fn so2_limit(herb: &str, edition: &str) -> Option<&'static So2Row> {
    let rows = || SO2.iter().filter(|r| r.edition == edition && r.status.checked());
    rows()
        .find(|r| r.herbs.contains(&herb))
        .or_else(|| if MINERALS.contains(&herb) { None } else { rows().find(|r| r.herbs.is_empty()) })
}

/// Aflatoxin limits for the herbs whose monograph sets them.
#[derive(Clone, Copy, Debug)]
pub struct AflatoxinRow {
    /// Edition key.
    pub edition: &'static str,
    /// Canonical herb names.
    pub herbs: &'static [&'static str],
    /// Aflatoxin B1 limit, μg/kg.
    pub b1_ug_per_kg: f64,
    /// B1+B2+G1+G2 limit, μg/kg.
    pub total_ug_per_kg: f64,
    /// Where it stands, Chinese and English.
    pub basis: (&'static str, &'static str),
    /// How sure we are of the herb list (the values themselves are probable).
    pub status: Status,
}

/// Aflatoxin limits (品种项下【检查】; method 通则2351). Which herbs carry them is open: the first row is the list
/// commonly cited for the 2015 edition and carried into 2020, the second is 延胡索, likely added in 2020.
/// 白术 is deliberately absent.
pub const AFLATOXIN: &[AflatoxinRow] = &[
    AflatoxinRow {
        edition: "chp-2020",
        herbs: &[
            "桃仁",
            "酸枣仁",
            "僵蚕",
            "胖大海",
            "柏子仁",
            "莲子",
            "使君子",
            "槟榔",
            "麦芽",
            "肉豆蔻",
            "决明子",
            "远志",
            "薏苡仁",
            "大枣",
            "地龙",
            "蜈蚣",
            "水蛭",
            "全蝎",
            "陈皮",
        ],
        b1_ug_per_kg: 5.0,
        total_ug_per_kg: 10.0,
        basis: (
            "品种项下黄曲霉毒素限量（常引的19种，未逐一核对正文）",
            "monograph aflatoxin limits (commonly cited 19 herbs, monographs not checked one by one)",
        ),
        status: Status::Likely,
    },
    AflatoxinRow {
        edition: "chp-2020",
        herbs: &["延胡索"],
        b1_ug_per_kg: 5.0,
        total_ug_per_kg: 10.0,
        basis: ("延胡索品种项下黄曲霉毒素限量（出处待核）", "延胡索 monograph aflatoxin limits (provenance open)"),
        status: Status::Likely,
    },
];

/// The aflatoxin row for a canonical herb under an edition, if its monograph sets limits.
pub fn aflatoxin_limit(herb: &str, edition: &str) -> Option<&'static AflatoxinRow> {
    AFLATOXIN.iter().find(|r| r.edition == edition && r.status.checked() && r.herbs.contains(&herb))
}

/// The default limit of quantification for a banned pesticide, mg/kg. An open parameter: the 2020 edition sets
/// a limit per pesticide (通则0212 and 2341), which we have not confirmed; 0.01 mg/kg is a common LOQ of the
/// multi-residue methods.
pub const DEFAULT_LOQ_MG_PER_KG: f64 = 0.01;

/// A banned pesticide: its name, other names it is reported under, and its limit of quantification.
#[derive(Clone, Copy, Debug)]
pub struct BannedPesticide {
    /// Chinese name.
    pub name: &'static str,
    /// Other names (common names, English abbreviations).
    pub aliases: &'static [&'static str],
    /// Limit of quantification, mg/kg; detected at or above it breaks the ban.
    pub loq_mg_per_kg: f64,
}

const fn banned(name: &'static str, aliases: &'static [&'static str]) -> BannedPesticide {
    BannedPesticide { name, aliases, loq_mg_per_kg: DEFAULT_LOQ_MG_PER_KG }
}

/// The banned-pesticide list and its provenance.
#[derive(Clone, Copy, Debug)]
pub struct BannedList {
    /// Edition key.
    pub edition: &'static str,
    /// Where it stands, Chinese and English.
    pub basis: (&'static str, &'static str),
    /// How sure we are.
    pub status: Status,
    /// The pesticides.
    pub pesticides: &'static [BannedPesticide],
}

/// The 33 pesticides that must not be detected in plant herbs (probable). The exact official list of the
/// 2020 edition is open: this is the commonly cited list of 33 pesticides banned from use in China, which
/// overlaps it heavily but may differ. Classes (汞制剂, 砷类, 铅类) match only when reported under that name.
pub const BANNED: BannedList = BannedList {
    edition: "chp-2020",
    basis: (
        "植物类药材禁用农药不得检出（33种，清单待核；定量限暂取0.01 mg/kg）",
        "33 banned pesticides not detectable in plant herbs (list open; LOQ 0.01 mg/kg assumed)",
    ),
    status: Status::Probable,
    pesticides: &[
        banned("甲胺磷", &["methamidophos"]),
        banned("甲基对硫磷", &["甲基1605", "parathion-methyl"]),
        banned("对硫磷", &["1605", "parathion"]),
        banned("久效磷", &["monocrotophos"]),
        banned("磷胺", &["phosphamidon"]),
        banned("六六六", &["六六六（总量）", "HCH", "BHC", "666"]),
        banned("滴滴涕", &["滴滴涕（总量）", "DDT"]),
        banned("毒杀芬", &["toxaphene"]),
        banned("二溴氯丙烷", &["DBCP"]),
        banned("杀虫脒", &["chlordimeform"]),
        banned("二溴乙烷", &["EDB"]),
        banned("除草醚", &["nitrofen"]),
        banned("艾氏剂", &["aldrin"]),
        banned("狄氏剂", &["dieldrin"]),
        banned("汞制剂", &[]),
        banned("砷类", &[]),
        banned("铅类", &[]),
        banned("敌枯双", &[]),
        banned("氟乙酰胺", &["fluoroacetamide"]),
        banned("甘氟", &["gliftor"]),
        banned("毒鼠强", &["tetramine"]),
        banned("氟乙酸钠", &["sodium fluoroacetate"]),
        banned("毒鼠硅", &["silatrane"]),
        banned("苯线磷", &["fenamiphos"]),
        banned("地虫硫磷", &["fonofos"]),
        banned("甲基硫环磷", &["phosfolan-methyl"]),
        banned("磷化钙", &["calcium phosphide"]),
        banned("磷化镁", &["magnesium phosphide"]),
        banned("磷化锌", &["zinc phosphide"]),
        banned("硫线磷", &["cadusafos"]),
        banned("蝇毒磷", &["coumaphos"]),
        banned("治螟磷", &["sulfotep"]),
        banned("特丁硫磷", &["terbufos"]),
    ],
};

/// The banned pesticide reported under `name` (trimmed; aliases compared ignoring ASCII case).
pub fn banned_pesticide(name: &str) -> Option<&'static BannedPesticide> {
    let name = name.trim();
    BANNED.pesticides.iter().find(|p| p.name == name || p.aliases.iter().any(|a| a.eq_ignore_ascii_case(name)))
}

/// A heavy-metal limit row.
#[derive(Clone, Copy, Debug)]
pub struct HeavyMetalRow {
    /// Element, Chinese and symbol.
    pub metal: (&'static str, &'static str),
    /// Limit, mg/kg.
    pub mg_per_kg: f64,
    /// Where it comes from.
    pub basis: &'static str,
    /// How sure we are.
    pub status: Status,
}

/// General heavy-metal values of the 2020 draft: open, so not checked (the limits are per monograph, and the
/// `sector_data.herbal` contract carries no heavy-metal measurements yet).
pub const HEAVY_METALS: &[HeavyMetalRow] = &[
    HeavyMetalRow {
        metal: ("铅", "Pb"), mg_per_kg: 5.0, basis: "2020年版征求意见稿通用值", status: Status::Open
    },
    HeavyMetalRow {
        metal: ("镉", "Cd"), mg_per_kg: 1.0, basis: "2020年版征求意见稿通用值", status: Status::Open
    },
    HeavyMetalRow {
        metal: ("砷", "As"), mg_per_kg: 2.0, basis: "2020年版征求意见稿通用值", status: Status::Open
    },
    HeavyMetalRow {
        metal: ("汞", "Hg"), mg_per_kg: 0.2, basis: "2020年版征求意见稿通用值", status: Status::Open
    },
    HeavyMetalRow {
        metal: ("铜", "Cu"), mg_per_kg: 20.0, basis: "2020年版征求意见稿通用值", status: Status::Open
    },
];

/// Other names of herbs, mapped to the monograph name the tables use.
pub const SYNONYMS: &[(&str, &str)] = &[
    ("元胡", "延胡索"),
    ("玄胡", "延胡索"),
    ("玄胡索", "延胡索"),
    ("浙贝", "浙贝母"),
    ("象贝", "浙贝母"),
    ("象贝母", "浙贝母"),
    ("于术", "白术"),
    ("於术", "白术"),
    ("杭白芍", "白芍"),
    ("怀山药", "山药"),
    ("淮山", "山药"),
    ("怀牛膝", "牛膝"),
    ("枣仁", "酸枣仁"),
    ("苡仁", "薏苡仁"),
];

/// Processing prefixes of decoction pieces (炮制): 醋延胡索 and 麸炒白术 are pieces of the herb's own monograph.
const PROCESSING: &[&str] = &["麸炒", "土炒", "清炒", "炒", "焦", "醋", "酒", "盐", "蜜", "姜", "生"];

fn synonym(name: &str) -> Option<&'static str> {
    SYNONYMS.iter().find(|(alias, _)| *alias == name).map(|(_, canon)| *canon)
}

fn known(name: &str) -> bool {
    SO2.iter().any(|r| r.herbs.contains(&name))
        || AFLATOXIN.iter().any(|r| r.herbs.contains(&name))
        || MINERALS.contains(&name)
        || SYNONYMS.iter().any(|(_, canon)| *canon == name)
}

/// The monograph name for a reported herb name: synonyms resolved, and a processing prefix dropped when what
/// remains is a herb we know. Anything else is returned trimmed, unchanged.
pub fn canonical_herb(name: &str) -> String {
    let name = name.trim();
    if let Some(c) = synonym(name) {
        return c.to_string();
    }
    for prefix in PROCESSING {
        if let Some(rest) = name.strip_prefix(prefix) {
            let rest = synonym(rest).unwrap_or(rest);
            if known(rest) {
                return rest.to_string();
            }
        }
    }
    name.to_string()
}

/// Years a grower keeps pesticide-use records: 农药管理条例 art. 36, "不少于2年" (sure).
pub const PESTICIDE_RECORD_YEARS: f64 = 2.0;
