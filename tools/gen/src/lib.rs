//! `jiancha-gen`: a synthetic county (or province) with realistic distributions, deterministic for a seed.
//!
//! The reference data (agencies, inspectors, enterprises, the item catalogue, plans, policy) is modelled on the
//! hand-made Pan'an example (`examples/panan/`); a province repeats a county's set-up over Zhejiang's county-level
//! divisions. Records are generated enterprise by enterprise, in time order within each enterprise, keeping only a
//! small per-enterprise state (visits per agency, items checked, plan entries used, …) so that a record meant to be
//! clean stays clean under the cross-record rules, and a breach is put in on purpose at a known rate. Every record is
//! written as soon as it is made: memory does not grow with `--records`. See `docs/generate.md` for the rates.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
#[cfg(test)]
use jiancha_core::Rule;

/// Options of `jiancha-gen`.
#[derive(Debug, Clone, clap::Args)]
pub struct GenOptions {
    /// Number of inspection records.
    #[arg(long, default_value_t = 10_000)]
    pub records: usize,
    /// Seed: the same seed gives the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Number of enterprises (default: scales with the records, county-sized).
    #[arg(long)]
    pub enterprises: Option<usize>,
    /// Number of agencies (default: a county's ~14; a province has hundreds).
    #[arg(long)]
    pub agencies: Option<usize>,
    /// Output directory: `dataset/` (directory form) and `records.jsonl`.
    #[arg(long)]
    pub out: PathBuf,
    /// Percent of records drawn with a breach (default: the built-in rates, about 10.4 %): the rates are scaled
    /// alike. 100 makes every record a breach where one fits (a finding-storm). A dirty county is 40–50.
    #[arg(long, value_name = "PERCENT")]
    pub breach_share: Option<f64>,
    /// With `--breach-share`: further breaches of one record's own fields (code, approval, notice, conduct) put
    /// into each breached record, up to N, so that a dirty record has several findings.
    #[arg(long, value_name = "N", default_value_t = 0, requires = "breach_share")]
    pub extra_breaches: usize,
}

/// A county's agencies: ten inspecting organs, one entrusted town team and three bodies that may not inspect.
const COUNTY_AGENCIES: usize = 14;
/// Default enterprises per record: about six records per enterprise and year, as in the Pan'an example (7.2).
const RECORDS_PER_ENTERPRISE: usize = 6;
/// Fewest enterprises by default.
const MIN_ENTERPRISES: usize = 60;
/// Most enterprises by default (a province has about ten million market entities; two million is plenty).
const MAX_DEFAULT_ENTERPRISES: usize = 2_000_000;
/// Hard limits, so that a mistyped number is an error rather than a full disk.
const MAX_ENTERPRISES: usize = 20_000_000;
const MAX_AGENCIES: usize = 20_000;

/// The default number of enterprises for `records` records.
fn default_enterprises(records: usize) -> usize {
    (records / RECORDS_PER_ENTERPRISE).clamp(MIN_ENTERPRISES, MAX_DEFAULT_ENTERPRISES)
}

/// Generates the dataset and records; returns a one-line summary.
pub fn generate(opts: &GenOptions) -> Result<String> {
    let started = Instant::now();
    let agencies = opts.agencies.unwrap_or(COUNTY_AGENCIES);
    if agencies == 0 || agencies > MAX_AGENCIES {
        bail!("--agencies 应在 1 到 {MAX_AGENCIES} 之间 / --agencies must be between 1 and {MAX_AGENCIES}");
    }
    let enterprises = opts.enterprises.unwrap_or_else(|| default_enterprises(opts.records));
    if enterprises == 0 || enterprises > MAX_ENTERPRISES {
        bail!("--enterprises 应在 1 到 {MAX_ENTERPRISES} 之间 / --enterprises must be between 1 and {MAX_ENTERPRISES}");
    }
    let dataset = opts.out.join("dataset");
    std::fs::create_dir_all(&dataset)
        .with_context(|| format!("无法创建目录 / cannot create `{}`", dataset.display()))?;
    let share = match opts.breach_share {
        None => None,
        Some(p) if p.is_finite() && p > 0.0 && p <= 100.0 => Some(p),
        Some(p) => {
            bail!("--breach-share 应在 0 到 100 之间 / --breach-share must be above 0 and at most 100 (got {p})")
        }
    };
    let world = World::build(opts.seed, agencies, enterprises, &dataset)?;
    let records_path = opts.out.join("records.jsonl");
    let bytes = write_records(&world, opts.records, &records_path, share.map(|s| (s, opts.extra_breaches)))?;
    let secs = started.elapsed().as_secs_f64();
    let per = if opts.records == 0 { 0 } else { bytes / opts.records as u64 };
    let rate = if secs > 0.0 { opts.records as f64 / secs } else { 0.0 };
    Ok(format!(
        "已生成 / generated: {} records, {} enterprises, {} agencies ({} {}), {} bytes ({} B/record), {:.2} s ({:.0} records/s) → {}",
        opts.records,
        world.ents.len(),
        world.agencies.len(),
        world.counties.len(),
        if world.counties.len() == 1 { "county" } else { "counties" },
        bytes,
        per,
        secs,
        rate,
        opts.out.display()
    ))
}

// ---------------------------------------------------------------------------------------------------------
// Deterministic randomness: SplitMix64
// ---------------------------------------------------------------------------------------------------------

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A hash of two numbers, for decisions that must be the same wherever they are taken (plan membership).
fn hash2(a: u64, b: u64) -> u64 {
    mix64(mix64(a.wrapping_add(GOLDEN)) ^ b.wrapping_mul(GOLDEN))
}

/// SplitMix64 (Steele, Lea, Flood 2014): small, fast and good enough for synthetic data.
#[derive(Debug, Clone)]
struct Rng {
    s: u64,
}

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng { s: mix64(seed ^ 0x6A09_E667_F3BC_C909) }
    }

    fn next(&mut self) -> u64 {
        self.s = self.s.wrapping_add(GOLDEN);
        mix64(self.s)
    }

    /// Uniform in `0..n` (0 when n is 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: i32, hi: i32) -> i32 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as usize) as i32
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) * (1.0 / 9_007_199_254_740_992.0) < p
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> Option<&'a T> {
        xs.get(self.below(xs.len()))
    }

    fn weighted(&mut self, weights: impl Iterator<Item = u32> + Clone) -> Option<usize> {
        let total: u64 = weights.clone().map(u64::from).sum();
        if total == 0 {
            return None;
        }
        let mut r = ((u128::from(self.next()) * u128::from(total)) >> 64) as u64;
        for (i, w) in weights.enumerate() {
            let w = u64::from(w);
            if r < w {
                return Some(i);
            }
            r -= w;
        }
        None
    }

    /// A value in `lo..hi` with one decimal.
    fn tenths(&mut self, lo: f64, hi: f64) -> f64 {
        let v = lo + (hi - lo) * ((self.next() >> 11) as f64) * (1.0 / 9_007_199_254_740_992.0);
        (v * 10.0).round() / 10.0
    }
}

// ---------------------------------------------------------------------------------------------------------
// Dates: day numbers from 2025-01-01, times in minutes from 2025-01-01T00:00+08:00 (Asia/Shanghai)
// ---------------------------------------------------------------------------------------------------------

const fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

const EPOCH: i32 = days_from_civil(2025, 1, 1);
const DAY_MIN: i32 = 1440;
/// Days of 2025.
const YEAR_DAYS: i32 = 365;

/// The day number of a date.
const fn day_num(y: i32, m: u32, d: u32) -> i32 {
    days_from_civil(y, m, d) - EPOCH
}

/// The date of a day number.
fn civil(day: i32) -> (i32, u32, u32) {
    let z = day + EPOCH + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m as u32, d as u32)
}

/// Monday = 0.
fn weekday(day: i32) -> i32 {
    (day + 2).rem_euclid(7)
}

/// Working days as the engine counts them (`jiancha_core::calendar`: the State Council schedules, and the statutory
/// days off in a year without one), looked up for the years around the generated one.
#[derive(Debug)]
struct Cal {
    /// From [`CAL_FIRST`], one entry a day.
    working: Vec<bool>,
    /// Working days from 2 January to 31 December.
    workdays: Vec<i32>,
}

/// The first day [`Cal`] holds (2024-01-01), as a day number, and how many days it holds (three years).
const CAL_FIRST: i32 = day_num(2024, 1, 1);
const CAL_DAYS: i32 = 3 * YEAR_DAYS + 1;

impl Cal {
    fn new() -> Cal {
        let calendar = jiancha_core::calendar::Calendar::default();
        let working: Vec<bool> = (CAL_FIRST..CAL_FIRST + CAL_DAYS)
            .map(|d| {
                let (y, m, day) = civil(d);
                chrono::NaiveDate::from_ymd_opt(y, m, day)
                    .map_or(weekday(d) < 5, |date| calendar.is_working_day(jiancha_core::time::Date(date)).0)
            })
            .collect();
        let cal = Cal { working, workdays: Vec::new() };
        let workdays = (1..YEAR_DAYS).filter(|&d| cal.is_working(d)).collect();
        Cal { workdays, ..cal }
    }

    /// Whether `day` is a working day (weekends only, outside the years held).
    fn is_working(&self, day: i32) -> bool {
        match usize::try_from(day - CAL_FIRST).ok().and_then(|i| self.working.get(i)) {
            Some(w) => *w,
            None => weekday(day) < 5,
        }
    }

    /// The n-th working day before `day`.
    fn prev_working(&self, day: i32, n: i32) -> i32 {
        let mut d = day;
        let mut left = n;
        while left > 0 {
            d -= 1;
            if self.is_working(d) {
                left -= 1;
            }
        }
        d
    }

    /// The first working day after `day`.
    fn next_working(&self, day: i32) -> i32 {
        let mut d = day + 1;
        while !self.is_working(d) {
            d += 1;
        }
        d
    }
}

// ---------------------------------------------------------------------------------------------------------
// JSON writing by hand: fast, and the field order is the contract's
// ---------------------------------------------------------------------------------------------------------

fn js(buf: &mut String, s: &str) {
    buf.push('"');
    if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        buf.push_str(s);
        buf.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => buf.push_str("\\\""),
            '\\' => buf.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(buf, "\\u{:04x}", c as u32);
            }
            c => buf.push(c),
        }
    }
    buf.push('"');
}

fn js_opt(buf: &mut String, s: Option<&str>) {
    match s {
        Some(s) => js(buf, s),
        None => buf.push_str("null"),
    }
}

fn push_bool(buf: &mut String, b: bool) {
    buf.push_str(if b { "true" } else { "false" });
}

fn push_date(buf: &mut String, day: i32) {
    let (y, m, d) = civil(day);
    let _ = write!(buf, "\"{y:04}-{m:02}-{d:02}\"");
}

fn push_date_opt(buf: &mut String, day: Option<i32>) {
    match day {
        Some(d) => push_date(buf, d),
        None => buf.push_str("null"),
    }
}

fn push_time(buf: &mut String, t: i32) {
    let (y, m, d) = civil(t.div_euclid(DAY_MIN));
    let min = t.rem_euclid(DAY_MIN);
    let _ = write!(buf, "\"{y:04}-{m:02}-{d:02}T{:02}:{:02}:00+08:00\"", min / 60, min % 60);
}

fn push_list<'a>(buf: &mut String, xs: impl Iterator<Item = &'a str>) {
    buf.push('[');
    for (i, x) in xs.enumerate() {
        if i > 0 {
            buf.push(',');
        }
        js(buf, x);
    }
    buf.push(']');
}

/// Writes `[` + one object per line + `]`.
#[derive(Debug)]
struct ArrayFile {
    out: BufWriter<File>,
    n: usize,
    path: PathBuf,
}

impl ArrayFile {
    fn create(path: PathBuf) -> Result<ArrayFile> {
        let file = File::create(&path).with_context(|| format!("无法写入 / cannot write `{}`", path.display()))?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        out.write_all(b"[")?;
        Ok(ArrayFile { out, n: 0, path })
    }

    fn push(&mut self, obj: &str) -> Result<()> {
        self.out.write_all(if self.n == 0 { b"\n" } else { b",\n" })?;
        self.out.write_all(obj.as_bytes())?;
        self.n += 1;
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        self.out.write_all(b"\n]\n")?;
        self.out.flush().with_context(|| format!("无法写入 / cannot write `{}`", self.path.display()))?;
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------------------
// Reference tables
// ---------------------------------------------------------------------------------------------------------

/// Zhejiang's county-level divisions (GB/T 2260 codes): code, city, name. Pan'an comes first: a county run is Pan'an.
const COUNTIES: &[(&str, &str, &str)] = &[
    ("330727", "金华市", "磐安县"),
    ("330702", "金华市", "婺城区"),
    ("330703", "金华市", "金东区"),
    ("330723", "金华市", "武义县"),
    ("330726", "金华市", "浦江县"),
    ("330781", "金华市", "兰溪市"),
    ("330782", "金华市", "义乌市"),
    ("330783", "金华市", "东阳市"),
    ("330784", "金华市", "永康市"),
    ("330102", "杭州市", "上城区"),
    ("330105", "杭州市", "拱墅区"),
    ("330106", "杭州市", "西湖区"),
    ("330108", "杭州市", "滨江区"),
    ("330109", "杭州市", "萧山区"),
    ("330110", "杭州市", "余杭区"),
    ("330111", "杭州市", "富阳区"),
    ("330112", "杭州市", "临安区"),
    ("330113", "杭州市", "临平区"),
    ("330114", "杭州市", "钱塘区"),
    ("330122", "杭州市", "桐庐县"),
    ("330127", "杭州市", "淳安县"),
    ("330182", "杭州市", "建德市"),
    ("330203", "宁波市", "海曙区"),
    ("330205", "宁波市", "江北区"),
    ("330206", "宁波市", "北仑区"),
    ("330211", "宁波市", "镇海区"),
    ("330212", "宁波市", "鄞州区"),
    ("330213", "宁波市", "奉化区"),
    ("330225", "宁波市", "象山县"),
    ("330226", "宁波市", "宁海县"),
    ("330281", "宁波市", "余姚市"),
    ("330282", "宁波市", "慈溪市"),
    ("330302", "温州市", "鹿城区"),
    ("330303", "温州市", "龙湾区"),
    ("330304", "温州市", "瓯海区"),
    ("330305", "温州市", "洞头区"),
    ("330324", "温州市", "永嘉县"),
    ("330326", "温州市", "平阳县"),
    ("330327", "温州市", "苍南县"),
    ("330328", "温州市", "文成县"),
    ("330329", "温州市", "泰顺县"),
    ("330381", "温州市", "瑞安市"),
    ("330382", "温州市", "乐清市"),
    ("330383", "温州市", "龙港市"),
    ("330402", "嘉兴市", "南湖区"),
    ("330411", "嘉兴市", "秀洲区"),
    ("330421", "嘉兴市", "嘉善县"),
    ("330424", "嘉兴市", "海盐县"),
    ("330481", "嘉兴市", "海宁市"),
    ("330482", "嘉兴市", "平湖市"),
    ("330483", "嘉兴市", "桐乡市"),
    ("330502", "湖州市", "吴兴区"),
    ("330503", "湖州市", "南浔区"),
    ("330521", "湖州市", "德清县"),
    ("330522", "湖州市", "长兴县"),
    ("330523", "湖州市", "安吉县"),
    ("330602", "绍兴市", "越城区"),
    ("330603", "绍兴市", "柯桥区"),
    ("330604", "绍兴市", "上虞区"),
    ("330624", "绍兴市", "新昌县"),
    ("330681", "绍兴市", "诸暨市"),
    ("330683", "绍兴市", "嵊州市"),
    ("330802", "衢州市", "柯城区"),
    ("330803", "衢州市", "衢江区"),
    ("330822", "衢州市", "常山县"),
    ("330824", "衢州市", "开化县"),
    ("330825", "衢州市", "龙游县"),
    ("330881", "衢州市", "江山市"),
    ("330902", "舟山市", "定海区"),
    ("330903", "舟山市", "普陀区"),
    ("330921", "舟山市", "岱山县"),
    ("330922", "舟山市", "嵊泗县"),
    ("331002", "台州市", "椒江区"),
    ("331003", "台州市", "黄岩区"),
    ("331004", "台州市", "路桥区"),
    ("331022", "台州市", "三门县"),
    ("331023", "台州市", "天台县"),
    ("331024", "台州市", "仙居县"),
    ("331081", "台州市", "温岭市"),
    ("331082", "台州市", "临海市"),
    ("331083", "台州市", "玉环市"),
    ("331102", "丽水市", "莲都区"),
    ("331121", "丽水市", "青田县"),
    ("331122", "丽水市", "缙云县"),
    ("331123", "丽水市", "遂昌县"),
    ("331124", "丽水市", "松阳县"),
    ("331125", "丽水市", "云和县"),
    ("331126", "丽水市", "庆元县"),
    ("331127", "丽水市", "景宁畲族自治县"),
    ("331181", "丽水市", "龙泉市"),
];

const PANAN_TOWNS: &[&str] = &[
    "尖山镇",
    "新渥街道",
    "方前镇",
    "玉山镇",
    "仁川镇",
    "大盘镇",
    "冷水镇",
    "双溪乡",
    "胡宅乡",
    "九和乡",
    "维新乡",
    "万苍乡",
    "深泽乡",
    "窈川乡",
    "盘峰乡",
    "双峰乡",
    "尚湖镇",
    "安文街道",
];
const TOWNS: &[&str] = &[
    "城东街道",
    "城西街道",
    "城南街道",
    "城北街道",
    "新城街道",
    "东湖街道",
    "南山街道",
    "溪口镇",
    "白石镇",
    "石门镇",
    "清湖镇",
    "长乐镇",
    "桥头镇",
    "大洋镇",
    "横街镇",
    "水阁街道",
    "凤凰镇",
    "龙潭镇",
    "青山乡",
    "柳溪乡",
    "塘头镇",
    "湖滨街道",
    "新桥镇",
    "黄泥岗镇",
];
const PANAN_PLACES: &[&str] = &[
    "安文",
    "新渥",
    "尖山",
    "玉山",
    "仁川",
    "冷水",
    "方前",
    "双溪",
    "胡宅",
    "维新",
    "盘峰",
    "窈川",
    "大盘",
    "九和",
    "万苍",
    "深泽",
    "双峰",
    "花溪",
    "榉溪",
    "乌石",
    "管头",
    "十八涡",
    "大皿",
    "云山",
];
const PLACES: &[&str] = &[
    "城东", "城西", "城南", "城北", "新城", "东湖", "南山", "北岙", "溪口", "白石", "石门", "清湖", "长乐", "桥头",
    "大洋", "横街", "水阁", "凤凰", "龙潭", "青山", "柳溪", "下宅", "塘头", "湖滨", "樟树", "枫林",
];
const BRANDS: &[&str] = &[
    "恒达",
    "兴旺",
    "华峰",
    "永盛",
    "宏运",
    "精工",
    "鑫源",
    "和济",
    "同济",
    "天和",
    "仁和",
    "济生",
    "杏林",
    "回春",
    "百草",
    "道地",
    "康源",
    "金鼎",
    "瑞丰",
    "立信",
    "宏泰",
    "诚信",
    "长盛",
    "华康",
    "顺发",
    "联盛",
    "海川",
    "天成",
    "嘉禾",
    "万隆",
    "新星",
    "金诚",
    "众鑫",
    "博远",
    "安泰",
    "润泽",
    "青禾",
    "丰源",
    "绿野",
    "山珍",
    "云峰",
    "盛世",
    "恒昌",
    "东方",
    "大通",
    "利民",
    "佳和",
    "德丰",
    "信达",
    "荣华",
    "金鹰",
    "远航",
    "正大",
    "兴业",
    "新兴",
    "百川",
    "泰和",
    "汇丰",
    "鸿福",
    "磐康",
    "磐宝",
    "浙八味",
    "养心堂",
    "九草堂",
    "江南",
    "明康",
    "益寿",
    "福寿",
    "天顺",
    "春晖",
    "锦程",
    "晨光",
    "四季",
    "好味道",
    "老屋",
    "望山",
    "云上",
    "听溪",
    "悦来",
    "聚贤",
    "和鑫",
    "通达",
];
const GROWN_HERBS: &[&str] = &["白术", "元胡", "浙贝母", "玄参", "白芍", "天麻", "铁皮石斛", "灵芝", "百合", "桔梗"];
const SURNAMES: &[&str] = &[
    "陈", "王", "张", "李", "吴", "周", "徐", "金", "胡", "朱", "杨", "黄", "林", "郑", "施", "应", "俞", "厉", "羊",
    "孔", "卢", "楼", "蒋", "马", "潘", "杜", "傅", "曹", "赵", "钱", "孙", "何", "沈", "方", "叶", "鲍", "董", "毛",
    "邵", "洪", "章", "余", "汪", "夏", "蔡", "丁", "许", "韩", "冯", "程", "戴", "范", "袁", "项", "童", "葛", "陆",
];
const GIVEN: &[&str] = &[
    "建军", "晓燕", "立新", "德明", "海波", "小芳", "志强", "伟东", "国平", "红英", "立峰", "晓东", "卫国", "建华",
    "雪梅", "志刚", "文斌", "玉兰", "永明", "俊杰", "卫红", "明华", "斌", "丽萍", "国庆", "晓丽", "浩", "建平", "祥瑞",
    "磊", "志华", "伟", "文杰", "晓华", "静", "海燕", "立平", "建军", "志远", "佳慧", "国强", "小军", "丽娟", "振宇",
    "婷婷", "一鸣", "慧敏", "建国", "春燕", "海军", "晓峰", "亚萍", "宏伟", "利民", "秀英", "嘉豪", "思远", "雨涵",
    "子涵", "凯", "鹏", "琳", "晨", "敏", "杰", "勇", "军", "芳", "燕", "涛",
];

// Agency templates: a county's set-up, in the order in which `--agencies` below 14 keeps them.
const SCJG: usize = 0;
const YJGL: usize = 1;
const ZHZF: usize = 2;
const NYNC: usize = 3;
const STHJ: usize = 4;
const WSJK: usize = 5;
const XFJY: usize = 6;
const ZRZY: usize = 7;
const JTYS: usize = 8;
const WGLY: usize = 9;
const TOWN: usize = 10;
const AQW: usize = 11;
const JCJY: usize = 12;
const ZJJG: usize = 13;
const AG_KEYS: [&str; 14] =
    ["scjg", "yjgl", "zhzf", "nync", "sthj", "wsjk", "xfjy", "zrzy", "jtys", "wgly", "jszf", "aqw", "jcjy", "zjjg"];
/// Certified officers of each inspecting template in a small county (the Pan'an example's numbers).
const AG_OFFICERS: [usize; 11] = [7, 5, 5, 3, 3, 3, 4, 2, 2, 2, 3];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    OnSite,
    OffSite,
    Either,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::OnSite => "on-site",
            Method::OffSite => "off-site",
            Method::Either => "either",
        }
    }

    fn offsite_ok(self) -> bool {
        self != Method::OnSite
    }
}

/// An item of the catalogue (the Pan'an example's 36).
#[derive(Debug)]
struct ItemSpec {
    key: &'static str,
    agency: usize,
    name: &'static str,
    basis: &'static str,
    published: Option<(i32, u32, u32)>,
    method: Method,
    annual_cap: Option<u32>,
    /// Agency templates it is delegated to (一表通查); not empty = delegable.
    delegated_to: &'static [usize],
    industries: &'static [&'static str],
}

const fn item(
    key: &'static str,
    agency: usize,
    name: &'static str,
    basis: &'static str,
    published: Option<(i32, u32, u32)>,
    method: Method,
) -> ItemSpec {
    ItemSpec { key, agency, name, basis, published, method, annual_cap: None, delegated_to: &[], industries: &[] }
}

const fn cap(mut s: ItemSpec, n: u32) -> ItemSpec {
    s.annual_cap = Some(n);
    s
}

const fn deleg(mut s: ItemSpec, to: &'static [usize]) -> ItemSpec {
    s.delegated_to = to;
    s
}

const fn ind(mut s: ItemSpec, industries: &'static [&'static str]) -> ItemSpec {
    s.industries = industries;
    s
}

const P_SCJG: Option<(i32, u32, u32)> = Some((2024, 12, 20));
const P_YJGL: Option<(i32, u32, u32)> = Some((2024, 12, 24));
const P_ZHZF: Option<(i32, u32, u32)> = Some((2024, 12, 26));
const P_NYNC: Option<(i32, u32, u32)> = Some((2024, 12, 27));
const P_STHJ: Option<(i32, u32, u32)> = Some((2024, 12, 23));
const P_WSJK: Option<(i32, u32, u32)> = Some((2024, 12, 30));
const P_XFJY: Option<(i32, u32, u32)> = Some((2024, 12, 18));
const P_ZRZY: Option<(i32, u32, u32)> = Some((2024, 12, 31));
const P_JTYS: Option<(i32, u32, u32)> = Some((2024, 12, 27));
const P_WGLY: Option<(i32, u32, u32)> = Some((2024, 12, 30));

const SCJG_01: usize = 0;
const SCJG_02: usize = 1;
const SCJG_03: usize = 2;
const SCJG_04: usize = 3;
const SCJG_05: usize = 4;
const SCJG_07: usize = 6;
const SCJG_08: usize = 7;
const YJGL_01: usize = 8;
const YJGL_02: usize = 9;
const YJGL_03: usize = 10;
const YJGL_04: usize = 11;
const YJGL_06: usize = 13;
const YJGL_07: usize = 14;
const ZHZF_01: usize = 15;
const ZHZF_02: usize = 16;
const ZHZF_03: usize = 17;
const ZHZF_04: usize = 18;
const NYNC_01: usize = 19;
const NYNC_02: usize = 20;
const NYNC_03: usize = 21;
const NYNC_04: usize = 22;
const STHJ_01: usize = 23;
const STHJ_02: usize = 24;
const STHJ_03: usize = 25;
const WSJK_01: usize = 26;
const WSJK_02: usize = 27;
const XFJY_01: usize = 28;
const ZRZY_01: usize = 30;
const ZRZY_02: usize = 31;
const JTYS_01: usize = 32;
const JTYS_02: usize = 33;
const WGLY_01: usize = 34;
const WGLY_02: usize = 35;

const ITEMS: [ItemSpec; 36] = [
    ind(
        item(
            "scjg-01",
            SCJG,
            "食品经营许可及经营过程检查",
            "《中华人民共和国食品安全法》第三十五条、第八十七条；《食品生产经营监督检查管理办法》第十四条",
            P_SCJG,
            Method::OnSite,
        ),
        &["H61", "H62"],
    ),
    cap(
        ind(
            item(
                "scjg-02",
                SCJG,
                "食品生产企业监督检查",
                "《中华人民共和国食品安全法》第八十七条、第一百一十条；《食品生产经营监督检查管理办法》第十三条",
                P_SCJG,
                Method::OnSite,
            ),
            &["C13", "C14", "C15"],
        ),
        4,
    ),
    ind(
        item(
            "scjg-03",
            SCJG,
            "药品经营质量管理规范（GSP）执行情况检查",
            "《中华人民共和国药品管理法》第五十三条、第九十九条；《药品经营和使用质量监督管理办法》第六十二条",
            P_SCJG,
            Method::OnSite,
        ),
        &["F5152", "F5252"],
    ),
    ind(
        item(
            "scjg-04",
            SCJG,
            "中药饮片质量监督检查",
            "《中华人民共和国药品管理法》第九十九条；《中华人民共和国中医药法》第二十五条",
            P_SCJG,
            Method::OnSite,
        ),
        &["C2730", "F5152", "F5252"],
    ),
    ind(
        item(
            "scjg-05",
            SCJG,
            "特种设备使用单位监督检查",
            "《中华人民共和国特种设备安全法》第五十七条、第六十一条",
            P_SCJG,
            Method::OnSite,
        ),
        &["C", "H61"],
    ),
    item(
        "scjg-06",
        SCJG,
        "企业年度报告公示信息抽查",
        "《企业信息公示暂行条例》第十二条、第十四条",
        P_SCJG,
        Method::OffSite,
    ),
    ind(
        item(
            "scjg-07",
            SCJG,
            "计量器具使用情况检查",
            "《中华人民共和国计量法》第九条；《中华人民共和国计量法实施细则》第十一条",
            P_SCJG,
            Method::Either,
        ),
        &["F51", "F52", "H62"],
    ),
    ind(
        item(
            "scjg-08",
            SCJG,
            "中药材特产市场质量专项检查事项",
            "《中华人民共和国中医药法》第二十四条；《中华人民共和国药品管理法》第九十八条",
            Some((2025, 6, 16)),
            Method::OnSite,
        ),
        &["F5152", "F5252"],
    ),
    ind(
        item(
            "yjgl-01",
            YJGL,
            "工贸企业安全生产监督检查",
            "《中华人民共和国安全生产法》第六十五条；《工贸企业重大事故隐患判定标准》（应急管理部令第10号）",
            P_YJGL,
            Method::OnSite,
        ),
        &["C"],
    ),
    ind(
        item(
            "yjgl-02",
            YJGL,
            "粉尘涉爆企业安全检查",
            "《工贸企业粉尘防爆安全规定》（应急管理部令第6号）第二十八条",
            P_YJGL,
            Method::OnSite,
        ),
        &["C"],
    ),
    ind(
        item(
            "yjgl-03",
            YJGL,
            "涉氨制冷企业安全检查",
            "《工贸企业重大事故隐患判定标准》（应急管理部令第10号）第十二条",
            P_YJGL,
            Method::OnSite,
        ),
        &["C"],
    ),
    ind(
        item(
            "yjgl-04",
            YJGL,
            "有限空间作业安全检查",
            "《工贸企业有限空间作业安全规定》（应急管理部令第13号）第二十二条",
            P_YJGL,
            Method::OnSite,
        ),
        &["C"],
    ),
    ind(
        item(
            "yjgl-05",
            YJGL,
            "安全生产教育和培训情况核查",
            "《中华人民共和国安全生产法》第二十八条、第三十条",
            P_YJGL,
            Method::Either,
        ),
        &["C", "B"],
    ),
    ind(
        item(
            "yjgl-06",
            YJGL,
            "生产安全事故应急预案备案及演练情况核查",
            "《生产安全事故应急预案管理办法》第二十六条、第三十三条",
            P_YJGL,
            Method::OffSite,
        ),
        &["C", "B"],
    ),
    cap(
        ind(
            item(
                "yjgl-07",
                YJGL,
                "危险化学品重大危险源安全检查",
                "《危险化学品安全管理条例》第二十五条；《危险化学品重大危险源监督管理暂行规定》第二十九条",
                P_YJGL,
                Method::OnSite,
            ),
            &["C26"],
        ),
        4,
    ),
    deleg(
        ind(
            item(
                "zhzf-01",
                ZHZF,
                "餐饮服务单位油烟污染防治检查",
                "《中华人民共和国大气污染防治法》第八十一条、第一百一十八条",
                P_ZHZF,
                Method::OnSite,
            ),
            &["H62"],
        ),
        &[TOWN, SCJG],
    ),
    deleg(
        ind(
            item(
                "zhzf-02",
                ZHZF,
                "餐饮住宿场所燃气使用安全检查",
                "《城镇燃气管理条例》第二十八条；《浙江省燃气管理条例》第三十五条",
                P_ZHZF,
                Method::OnSite,
            ),
            &["H61", "H62"],
        ),
        &[TOWN, XFJY],
    ),
    deleg(
        item(
            "zhzf-03",
            ZHZF,
            "户外广告设施和招牌设置检查",
            "《浙江省城市市容和环境卫生管理条例》第十五条、第二十条",
            P_ZHZF,
            Method::Either,
        ),
        &[TOWN],
    ),
    ind(
        item(
            "zhzf-04",
            ZHZF,
            "排水户污水排入排水管网情况检查",
            "《城镇排水与污水处理条例》第二十一条、第五十条",
            P_ZHZF,
            Method::OnSite,
        ),
        &["H62", "C"],
    ),
    ind(
        item(
            "nync-01",
            NYNC,
            "农药使用及农药使用记录检查",
            "《农药管理条例》第三十四条、第三十六条",
            P_NYNC,
            Method::OnSite,
        ),
        &["A01"],
    ),
    ind(
        item(
            "nync-02",
            NYNC,
            "中药材种植基地农产品质量安全检查",
            "《中华人民共和国农产品质量安全法》第四十八条、第五十五条",
            P_NYNC,
            Method::Either,
        ),
        &["A0170"],
    ),
    ind(
        item(
            "nync-03",
            NYNC,
            "农作物种子种苗生产经营检查",
            "《中华人民共和国种子法》第三十一条、第五十条",
            P_NYNC,
            Method::OnSite,
        ),
        &["A01"],
    ),
    ind(
        item(
            "nync-04",
            NYNC,
            "中药材产地初加工硫磺熏蒸情况检查",
            "《中华人民共和国中医药法》第二十二条、第五十七条",
            None,
            Method::OnSite,
        ),
        &["A0170"],
    ),
    ind(
        item(
            "sthj-01",
            STHJ,
            "排污许可证执行情况检查",
            "《排污许可管理条例》第三十条；《中华人民共和国环境保护法》第二十四条",
            P_STHJ,
            Method::OnSite,
        ),
        &["C"],
    ),
    ind(
        item(
            "sthj-02",
            STHJ,
            "排污单位自行监测数据核查",
            "《排污许可管理条例》第十九条、第三十三条",
            P_STHJ,
            Method::OffSite,
        ),
        &["C"],
    ),
    ind(
        item(
            "sthj-03",
            STHJ,
            "危险废物规范化环境管理检查",
            "《中华人民共和国固体废物污染环境防治法》第七十八条、第一百一十二条",
            P_STHJ,
            Method::OnSite,
        ),
        &["C"],
    ),
    deleg(
        ind(
            item(
                "wsjk-01",
                WSJK,
                "公共场所卫生监督检查",
                "《公共场所卫生管理条例》第十四条；《公共场所卫生管理条例实施细则》第三十二条",
                P_WSJK,
                Method::OnSite,
            ),
            &["H61"],
        ),
        &[SCJG],
    ),
    ind(
        item(
            "wsjk-02",
            WSJK,
            "用人单位职业病危害防治情况检查",
            "《中华人民共和国职业病防治法》第六十二条、第六十三条",
            P_WSJK,
            Method::Either,
        ),
        &["C"],
    ),
    item(
        "xfjy-01",
        XFJY,
        "消防安全检查",
        "《中华人民共和国消防法》第五十三条；《消防监督检查规定》（公安部令第120号）第六条",
        P_XFJY,
        Method::OnSite,
    ),
    deleg(
        item(
            "xfjy-02",
            XFJY,
            "消防设施维护保养检测记录核查",
            "《中华人民共和国消防法》第十六条；《消防设施通用规范》",
            P_XFJY,
            Method::Either,
        ),
        &[ZHZF, TOWN],
    ),
    ind(
        item(
            "zrzy-01",
            ZRZY,
            "矿产资源开采监督检查",
            "《中华人民共和国矿产资源法》第四十五条；《矿产资源开采登记管理办法》",
            P_ZRZY,
            Method::OnSite,
        ),
        &["B"],
    ),
    item("zrzy-02", ZRZY, "建设用地批后监管检查", "《中华人民共和国土地管理法》第六十七条", P_ZRZY, Method::Either),
    ind(
        item(
            "jtys-01",
            JTYS,
            "道路货物运输企业安全生产检查",
            "《中华人民共和国道路运输条例》第七十七条；《道路货物运输及站场管理规定》",
            P_JTYS,
            Method::OnSite,
        ),
        &["G54"],
    ),
    ind(
        item(
            "jtys-02",
            JTYS,
            "道路运输车辆动态监控情况核查",
            "《道路运输车辆动态监督管理办法》第三十三条",
            P_JTYS,
            Method::OffSite,
        ),
        &["G54"],
    ),
    ind(item("wgly-01", WGLY, "旅行社经营行为检查", "《旅行社条例》第四十一条", P_WGLY, Method::Either), &["L7291"]),
    ind(
        item("wgly-02", WGLY, "娱乐场所经营活动检查", "《娱乐场所管理条例》第三十五条", P_WGLY, Method::OnSite),
        &["R901"],
    ),
];

// Enterprise tags (bits).
const T_MAJOR: u8 = 1;
const T_DUST: u8 = 2;
const T_AMMONIA: u8 = 4;
const T_CONFINED: u8 = 8;
const TAG_NAMES: [(u8, &str); 4] = [
    (T_MAJOR, "major-hazard"),
    (T_DUST, "dust-explosion"),
    (T_AMMONIA, "ammonia-refrigeration"),
    (T_CONFINED, "confined-space"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    Grower,
    Pieces,
    HerbWholesale,
    HerbRetail,
    Maker(&'static str),
    Hotel(&'static str),
    Homestay,
    Restaurant,
    Snack,
    Freight,
    Quarry,
    Travel,
    Ktv,
}

/// An industry (GB/T 4754-2017 class) of the generated enterprises.
#[derive(Debug)]
struct IndustrySpec {
    code: &'static str,
    group: Group,
    /// Weight in the herb county (Pan'an) and elsewhere.
    weight_herb: u32,
    weight: u32,
    /// USCC registration kinds with weights: 91 enterprise, 92 individual business, 93 farmers' cooperative.
    kinds: &'static [(&'static str, u32)],
    /// Tags with their probability in thousandths.
    tags: &'static [(u8, u32)],
    /// How often such an enterprise is inspected, relative (10 = average).
    activity: u32,
}

const K91: &[(&str, u32)] = &[("91", 1)];
const K_MIX: &[(&str, u32)] = &[("91", 45), ("92", 55)];

const INDUSTRIES: [IndustrySpec; 35] = [
    IndustrySpec {
        code: "A0170",
        group: Group::Grower,
        weight_herb: 120,
        weight: 20,
        kinds: &[("93", 60), ("92", 25), ("91", 15)],
        tags: &[],
        activity: 8,
    },
    IndustrySpec {
        code: "C2730",
        group: Group::Pieces,
        weight_herb: 90,
        weight: 12,
        kinds: K91,
        tags: &[(T_DUST, 150), (T_CONFINED, 100)],
        activity: 14,
    },
    IndustrySpec {
        code: "F5152",
        group: Group::HerbWholesale,
        weight_herb: 80,
        weight: 12,
        kinds: K_MIX,
        tags: &[],
        activity: 11,
    },
    IndustrySpec {
        code: "F5252",
        group: Group::HerbRetail,
        weight_herb: 50,
        weight: 30,
        kinds: &[("91", 40), ("92", 60)],
        tags: &[],
        activity: 9,
    },
    IndustrySpec {
        code: "C1372",
        group: Group::Maker("食品"),
        weight_herb: 15,
        weight: 15,
        kinds: K91,
        tags: &[(T_AMMONIA, 500)],
        activity: 13,
    },
    IndustrySpec {
        code: "C1530",
        group: Group::Maker("茶业"),
        weight_herb: 15,
        weight: 15,
        kinds: K91,
        tags: &[],
        activity: 11,
    },
    IndustrySpec {
        code: "C1432",
        group: Group::Maker("速冻食品"),
        weight_herb: 8,
        weight: 12,
        kinds: K91,
        tags: &[(T_AMMONIA, 500)],
        activity: 13,
    },
    IndustrySpec {
        code: "C1515",
        group: Group::Maker("酒业"),
        weight_herb: 6,
        weight: 10,
        kinds: K91,
        tags: &[(T_CONFINED, 500)],
        activity: 12,
    },
    IndustrySpec {
        code: "C1431",
        group: Group::Maker("米面制品"),
        weight_herb: 8,
        weight: 12,
        kinds: K91,
        tags: &[],
        activity: 11,
    },
    IndustrySpec {
        code: "C1492",
        group: Group::Maker("食品"),
        weight_herb: 6,
        weight: 8,
        kinds: K91,
        tags: &[(T_DUST, 400)],
        activity: 12,
    },
    IndustrySpec {
        code: "C2021",
        group: Group::Maker("木业"),
        weight_herb: 10,
        weight: 15,
        kinds: K91,
        tags: &[(T_DUST, 600)],
        activity: 12,
    },
    IndustrySpec {
        code: "C2041",
        group: Group::Maker("竹木制品"),
        weight_herb: 8,
        weight: 10,
        kinds: K91,
        tags: &[(T_DUST, 500)],
        activity: 12,
    },
    IndustrySpec {
        code: "C3392",
        group: Group::Maker("铝业"),
        weight_herb: 6,
        weight: 12,
        kinds: K91,
        tags: &[(T_DUST, 500)],
        activity: 12,
    },
    IndustrySpec {
        code: "C2661",
        group: Group::Maker("化工"),
        weight_herb: 4,
        weight: 10,
        kinds: K91,
        tags: &[(T_MAJOR, 600), (T_CONFINED, 400)],
        activity: 15,
    },
    IndustrySpec {
        code: "C2669",
        group: Group::Maker("精细化工"),
        weight_herb: 4,
        weight: 8,
        kinds: K91,
        tags: &[(T_MAJOR, 500)],
        activity: 15,
    },
    IndustrySpec {
        code: "C2614",
        group: Group::Maker("化学"),
        weight_herb: 1,
        weight: 5,
        kinds: K91,
        tags: &[(T_MAJOR, 700), (T_CONFINED, 500)],
        activity: 16,
    },
    IndustrySpec {
        code: "C3670",
        group: Group::Maker("汽配实业"),
        weight_herb: 10,
        weight: 30,
        kinds: K91,
        tags: &[],
        activity: 11,
    },
    IndustrySpec {
        code: "C3752",
        group: Group::Maker("摩托车配件"),
        weight_herb: 6,
        weight: 15,
        kinds: K91,
        tags: &[],
        activity: 11,
    },
    IndustrySpec {
        code: "C3389",
        group: Group::Maker("五金"),
        weight_herb: 12,
        weight: 40,
        kinds: K91,
        tags: &[],
        activity: 10,
    },
    IndustrySpec {
        code: "C3985",
        group: Group::Maker("磁业"),
        weight_herb: 6,
        weight: 12,
        kinds: K91,
        tags: &[],
        activity: 10,
    },
    IndustrySpec {
        code: "C2927",
        group: Group::Maker("塑业"),
        weight_herb: 8,
        weight: 25,
        kinds: K91,
        tags: &[],
        activity: 11,
    },
    IndustrySpec {
        code: "C3484",
        group: Group::Maker("机械"),
        weight_herb: 10,
        weight: 35,
        kinds: K91,
        tags: &[],
        activity: 10,
    },
    IndustrySpec {
        code: "C2231",
        group: Group::Maker("包装"),
        weight_herb: 5,
        weight: 15,
        kinds: K91,
        tags: &[],
        activity: 10,
    },
    IndustrySpec {
        code: "C1713",
        group: Group::Maker("纺织印染"),
        weight_herb: 4,
        weight: 25,
        kinds: K91,
        tags: &[(T_CONFINED, 500)],
        activity: 12,
    },
    IndustrySpec {
        code: "C3856",
        group: Group::Maker("电器"),
        weight_herb: 8,
        weight: 30,
        kinds: K91,
        tags: &[],
        activity: 10,
    },
    IndustrySpec {
        code: "C1329",
        group: Group::Maker("饲料"),
        weight_herb: 3,
        weight: 6,
        kinds: K91,
        tags: &[(T_DUST, 600)],
        activity: 12,
    },
    IndustrySpec {
        code: "C2319",
        group: Group::Maker("印刷"),
        weight_herb: 4,
        weight: 15,
        kinds: K91,
        tags: &[],
        activity: 10,
    },
    IndustrySpec {
        code: "H6110",
        group: Group::Hotel("大酒店"),
        weight_herb: 10,
        weight: 15,
        kinds: K91,
        tags: &[],
        activity: 11,
    },
    IndustrySpec {
        code: "H6121",
        group: Group::Hotel("宾馆"),
        weight_herb: 8,
        weight: 12,
        kinds: K91,
        tags: &[],
        activity: 10,
    },
    IndustrySpec {
        code: "H6130",
        group: Group::Homestay,
        weight_herb: 30,
        weight: 20,
        kinds: &[("91", 40), ("92", 60)],
        tags: &[],
        activity: 8,
    },
    IndustrySpec {
        code: "H6210",
        group: Group::Restaurant,
        weight_herb: 60,
        weight: 80,
        kinds: &[("91", 35), ("92", 65)],
        tags: &[],
        activity: 12,
    },
    IndustrySpec {
        code: "H6220",
        group: Group::Snack,
        weight_herb: 25,
        weight: 40,
        kinds: &[("91", 30), ("92", 70)],
        tags: &[],
        activity: 10,
    },
    IndustrySpec {
        code: "G5430",
        group: Group::Freight,
        weight_herb: 20,
        weight: 25,
        kinds: K91,
        tags: &[],
        activity: 10,
    },
    IndustrySpec {
        code: "B1019",
        group: Group::Quarry,
        weight_herb: 5,
        weight: 4,
        kinds: K91,
        tags: &[],
        activity: 14,
    },
    IndustrySpec { code: "L7291", group: Group::Travel, weight_herb: 6, weight: 8, kinds: K91, tags: &[], activity: 6 },
];

/// The last industry (KTV), kept out of the array so that `industry()` has a fallback without indexing.
const KTV: IndustrySpec = IndustrySpec {
    code: "R9011",
    group: Group::Ktv,
    weight_herb: 6,
    weight: 10,
    kinds: K_MIX,
    tags: &[],
    activity: 10,
};

fn industry(i: u8) -> &'static IndustrySpec {
    INDUSTRIES.get(usize::from(i)).unwrap_or(&KTV)
}

fn is_herbal(code: &str) -> bool {
    matches!(code, "A0170" | "C2730" | "F5152" | "F5252")
}

/// Whether an item applies to an industry (empty list: all).
fn applies(industries: &[&str], code: &str) -> bool {
    industries.is_empty() || industries.iter().any(|p| code.starts_with(p))
}

// ---------------------------------------------------------------------------------------------------------
// Plans: a county's annual plans, three joint plans, four special plans and last year's plan
// ---------------------------------------------------------------------------------------------------------

#[derive(Debug)]
struct EntryTpl {
    item: usize,
    /// Narrower than the item's industries (empty: the item's).
    industries: &'static [&'static str],
    /// Only enterprises with this tag (0: all).
    tag: u8,
    onsite: bool,
    times: u8,
    duration: f64,
    /// Share of the eligible enterprises listed, in thousandths.
    permille: u64,
}

const fn en(
    item: usize,
    industries: &'static [&'static str],
    onsite: bool,
    times: u8,
    duration: f64,
    permille: u64,
) -> EntryTpl {
    EntryTpl { item, industries, tag: 0, onsite, times, duration, permille }
}

const fn tagged(mut e: EntryTpl, tag: u8) -> EntryTpl {
    e.tag = tag;
    e
}

#[derive(Debug)]
struct PlanTpl {
    key: &'static str,
    special: bool,
    year: i32,
    agencies: &'static [usize],
    lead: Option<usize>,
    published: (i32, u32, u32),
    entries: &'static [EntryTpl],
}

const PLAN_TPLS: [PlanTpl; 18] = [
    PlanTpl {
        key: "SCJG",
        special: false,
        year: 2025,
        agencies: &[SCJG],
        lead: None,
        published: (2025, 2, 20),
        entries: &[
            en(SCJG_02, &[], true, 1, 0.25, 630),
            en(SCJG_05, &["C"], true, 1, 0.25, 280),
            en(SCJG_03, &[], true, 1, 0.25, 490),
            en(SCJG_07, &[], false, 1, 0.125, 210),
        ],
    },
    PlanTpl {
        key: "YJGL",
        special: false,
        year: 2025,
        agencies: &[YJGL],
        lead: None,
        published: (2025, 2, 28),
        entries: &[
            en(YJGL_01, &[], true, 1, 1.0, 490),
            tagged(en(YJGL_02, &[], true, 2, 1.0, 700), T_DUST),
            tagged(en(YJGL_03, &[], true, 1, 1.0, 840), T_AMMONIA),
            tagged(en(YJGL_04, &[], true, 1, 1.0, 700), T_CONFINED),
            tagged(en(YJGL_07, &[], true, 2, 1.0, 900), T_MAJOR),
            en(YJGL_06, &[], false, 1, 0.25, 280),
        ],
    },
    PlanTpl {
        key: "ZHZF",
        special: false,
        year: 2025,
        agencies: &[ZHZF],
        lead: None,
        published: (2025, 3, 10),
        entries: &[en(ZHZF_04, &[], true, 1, 0.125, 280), en(ZHZF_03, &[], false, 1, 0.125, 80)],
    },
    PlanTpl {
        key: "NYNC",
        special: false,
        year: 2025,
        agencies: &[NYNC],
        lead: None,
        published: (2025, 3, 5),
        entries: &[
            en(NYNC_01, &[], true, 1, 1.0, 630),
            en(NYNC_03, &[], true, 1, 1.0, 280),
            en(NYNC_02, &[], false, 1, 0.25, 420),
        ],
    },
    PlanTpl {
        key: "STHJ",
        special: false,
        year: 2025,
        agencies: &[STHJ],
        lead: None,
        published: (2025, 3, 12),
        entries: &[
            en(STHJ_01, &[], true, 1, 0.5, 350),
            en(STHJ_03, &[], true, 1, 0.5, 210),
            en(STHJ_02, &[], false, 2, 0.5, 280),
        ],
    },
    PlanTpl {
        key: "WSJK",
        special: false,
        year: 2025,
        agencies: &[WSJK],
        lead: None,
        published: (2025, 3, 18),
        entries: &[en(WSJK_02, &[], false, 1, 0.25, 280)],
    },
    PlanTpl {
        key: "XFJY",
        special: false,
        year: 2025,
        agencies: &[XFJY],
        lead: None,
        published: (2025, 2, 25),
        entries: &[en(XFJY_01, &["C", "H61", "R901", "F51"], true, 1, 0.25, 280)],
    },
    PlanTpl {
        key: "ZRZY",
        special: false,
        year: 2025,
        agencies: &[ZRZY],
        lead: None,
        published: (2025, 3, 28),
        entries: &[en(ZRZY_01, &[], true, 2, 1.0, 900), en(ZRZY_02, &["C"], false, 1, 0.5, 60)],
    },
    PlanTpl {
        key: "JTYS",
        special: false,
        year: 2025,
        agencies: &[JTYS],
        lead: None,
        published: (2025, 3, 27),
        entries: &[en(JTYS_01, &[], true, 1, 0.5, 840), en(JTYS_02, &[], false, 2, 0.125, 840)],
    },
    PlanTpl {
        key: "WGLY",
        special: false,
        year: 2025,
        agencies: &[WGLY],
        lead: None,
        published: (2025, 3, 20),
        entries: &[en(WGLY_01, &[], false, 1, 0.25, 840), en(WGLY_02, &[], true, 1, 0.5, 840)],
    },
    // 综合查一次: joint plans with a lead.
    PlanTpl {
        key: "HERB",
        special: false,
        year: 2025,
        agencies: &[SCJG, YJGL, STHJ, XFJY],
        lead: Some(SCJG),
        published: (2025, 3, 25),
        entries: &[
            en(SCJG_04, &["C2730", "F5152"], true, 1, 0.5, 630),
            en(YJGL_01, &["C2730"], true, 1, 0.5, 630),
            en(STHJ_01, &["C2730"], true, 1, 0.5, 490),
            en(XFJY_01, &["C2730", "F5152"], true, 1, 0.5, 560),
        ],
    },
    PlanTpl {
        key: "HOSP",
        special: false,
        year: 2025,
        agencies: &[ZHZF, SCJG, XFJY, WSJK],
        lead: Some(ZHZF),
        published: (2025, 3, 26),
        entries: &[
            en(ZHZF_01, &["H62"], true, 1, 0.25, 560),
            en(ZHZF_02, &[], true, 1, 0.25, 490),
            en(SCJG_01, &[], true, 1, 0.25, 560),
            en(XFJY_01, &["H61", "H62"], true, 1, 0.25, 490),
            en(WSJK_01, &["H611", "H612"], true, 1, 0.25, 490),
        ],
    },
    // Two agencies; in some counties without a lead (plan.missing-lead).
    PlanTpl {
        key: "MINSU",
        special: false,
        year: 2025,
        agencies: &[WSJK, SCJG],
        lead: Some(WSJK),
        published: (2025, 3, 28),
        entries: &[en(WSJK_01, &["H6130"], true, 1, 0.25, 700), en(SCJG_01, &["H6130"], true, 1, 0.25, 700)],
    },
    // Special inspections (专项检查).
    PlanTpl {
        key: "SCJG-YP",
        special: true,
        year: 2025,
        agencies: &[SCJG],
        lead: None,
        published: (2025, 4, 18),
        entries: &[en(SCJG_04, &["F51", "F52"], true, 1, 0.25, 490)],
    },
    PlanTpl {
        key: "XFJY-DC",
        special: true,
        year: 2025,
        agencies: &[XFJY],
        lead: None,
        published: (2025, 1, 10),
        entries: &[en(XFJY_01, &["H6130", "H62", "R901"], true, 1, 0.125, 350)],
    },
    PlanTpl {
        key: "STHJ-VOC",
        special: true,
        year: 2025,
        agencies: &[STHJ],
        lead: None,
        published: (2025, 5, 20),
        entries: &[en(STHJ_01, &["C22", "C23", "C26", "C29"], true, 1, 0.5, 560)],
    },
    PlanTpl {
        key: "ZHZF-YY",
        special: true,
        year: 2025,
        agencies: &[ZHZF],
        lead: None,
        published: (2025, 6, 20),
        entries: &[en(ZHZF_01, &["H62"], true, 1, 0.25, 350)],
    },
    // Last year's plan, named by mistake on some 2025 records.
    PlanTpl {
        key: "NYNC",
        special: false,
        year: 2024,
        agencies: &[NYNC],
        lead: None,
        published: (2024, 3, 22),
        entries: &[en(NYNC_01, &[], true, 1, 1.0, 560)],
    },
];
const PT_JTYS: usize = 8;
const PT_MINSU: usize = 12;
const PT_XFJY_DC: usize = 14;
const PT_STHJ_VOC: usize = 15;
const PT_ZHZF_YY: usize = 16;
const PT_2024: usize = 17;

// ---------------------------------------------------------------------------------------------------------
// The world: reference data in memory, compact
// ---------------------------------------------------------------------------------------------------------

#[derive(Debug)]
struct County {
    code: &'static str,
    /// e.g. 磐安县, 杭州市上城区.
    display: String,
    /// Id prefix: "" for a county run, "330727-" for a province.
    prefix: String,
    agency_by_tpl: [Option<u32>; COUNTY_AGENCIES],
    towns: Vec<u32>,
    /// Agencies that may not inspect (coordinating body, third party, intermediary).
    barred: Vec<u32>,
    item_by_tpl: [Option<u32>; 36],
    plans: Vec<u32>,
    ent_start: u32,
    ent_end: u32,
}

impl County {
    fn agency(&self, tpl: usize) -> Option<u32> {
        self.agency_by_tpl.get(tpl).copied().flatten()
    }

    fn item(&self, tpl: usize) -> Option<u32> {
        self.item_by_tpl.get(tpl).copied().flatten()
    }
}

#[derive(Debug)]
struct Agency {
    id: String,
    name: String,
    kind: &'static str,
    tpl: usize,
    county: u32,
    entrusted_by: Option<u32>,
    entrustment_published_on: Option<i32>,
    vertical: bool,
    assessment: bool,
    /// Officers with a certificate valid all year.
    officers: Vec<u32>,
    expired: Option<u32>,
    revoked: Option<u32>,
    uncertified: Option<u32>,
}

#[derive(Debug)]
struct Cert {
    number: String,
    issued_by: u32,
    from: i32,
    until: i32,
    revoked: Option<i32>,
}

#[derive(Debug)]
struct Inspector {
    id: String,
    name: String,
    agency: u32,
    role: &'static str,
    cert: Option<Cert>,
}

#[derive(Debug)]
struct Item {
    id: String,
    spec: &'static ItemSpec,
    tpl: usize,
    agency: u32,
    published: Option<i32>,
    delegated_to: Vec<u32>,
}

#[derive(Debug)]
struct Entry {
    item: u32,
    tpl: &'static EntryTpl,
    salt: u64,
}

#[derive(Debug)]
struct Plan {
    id: String,
    tpl: usize,
    spec: &'static PlanTpl,
    agencies: Vec<u32>,
    lead: Option<u32>,
    published: Option<i32>,
    entries: Vec<Entry>,
    /// `special` block: deployed by superior, legality review, collective discussion, approval, approver.
    superior: bool,
    legality: Option<i32>,
    collective: Option<i32>,
    approved: Option<i32>,
    approved_by: Option<&'static str>,
}

impl Plan {
    /// Exempt trigger: a special inspection deployed by a superior.
    fn exempt(&self) -> bool {
        self.spec.special && self.superior
    }
}

#[derive(Clone, Copy, Debug)]
struct Ent {
    uscc: [u8; 18],
    county: u32,
    industry: u8,
    /// 0 none, 1 green, 2 blue, 3 yellow, 4 orange, 5 red.
    color: u8,
    tags: u8,
    /// The town team whose area it is in (u32::MAX: none).
    town: u32,
    weight: u32,
}

impl Ent {
    fn id(&self) -> &str {
        std::str::from_utf8(&self.uscc).unwrap_or("")
    }

    fn code(&self) -> &'static str {
        industry(self.industry).code
    }
}

/// 五色 caps of the generated policy (non-exempt on-site inspections of an enterprise by all agencies per year).
fn color_cap(color: u8) -> Option<u8> {
    params().color_caps.get(usize::from(color)).copied().flatten()
}

const COLORS: [&str; 6] = ["", "green", "blue", "yellow", "orange", "red"];

#[derive(Debug)]
struct World {
    seed: u64,
    counties: Vec<County>,
    agencies: Vec<Agency>,
    inspectors: Vec<Inspector>,
    items: Vec<Item>,
    plans: Vec<Plan>,
    ents: Vec<Ent>,
    cal: Cal,
}

const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// GB 11714-1997 check character of an organisation code's 8-character body.
fn org_check(body: &[u8; 8]) -> u8 {
    const W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .iter()
        .zip(W)
        .map(|(c, w)| {
            let v = if c.is_ascii_digit() { u32::from(c - b'0') } else { u32::from(c.saturating_sub(b'A')) + 10 };
            v * w
        })
        .sum();
    match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        c => b'0' + c as u8,
    }
}

/// A USCC (GB 32100-2015) for the `local`-th enterprise of a region: distinct `local`s give distinct codes, since
/// the organisation-code body is an affine bijection of `local` (old-style numeric bodies and new-style `MA2…`
/// bodies never coincide).
fn make_uscc(kind: &str, region: &str, local: u64, old: bool, salt: u64) -> Result<[u8; 18]> {
    let mut body = [b'0'; 8];
    if old {
        const M: u64 = 10_000_000;
        let n = (local % M * 7_919_861 + salt % M) % M;
        body[0] = *b"7531".get((local % 4) as usize).unwrap_or(&b'7');
        let mut x = n;
        for b in body.iter_mut().skip(1).rev() {
            *b = b'0' + (x % 10) as u8;
            x /= 10;
        }
    } else {
        const M: u64 = 31 * 31 * 31 * 31 * 31;
        let n = (local % M * 17_322_647 + salt % M) % M;
        body[0] = b'M';
        body[1] = b'A';
        body[2] = b'2';
        let mut x = n;
        for b in body.iter_mut().skip(3).rev() {
            *b = *USCC_ALPHABET.get((x % 31) as usize).unwrap_or(&b'0');
            x /= 31;
        }
    }
    let mut code = [b'0'; 18];
    let mut first17 = String::with_capacity(17);
    first17.push_str(kind);
    first17.push_str(region);
    first17.push_str(std::str::from_utf8(&body).unwrap_or("00000000"));
    first17.push(char::from(org_check(&body)));
    let check = jiancha_core::uscc::check_character(&first17)
        .map_err(|e| anyhow::anyhow!("统一社会信用代码生成错误 / bad USCC `{first17}`: {e}"))?;
    first17.push(check);
    for (dst, src) in code.iter_mut().zip(first17.bytes()) {
        *dst = src;
    }
    Ok(code)
}

fn person_name(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(9);
    s.push_str(rng.pick(SURNAMES).copied().unwrap_or("王"));
    s.push_str(rng.pick(GIVEN).copied().unwrap_or("伟"));
    s
}

fn ent_name(rng: &mut Rng, county: &County, herb_county: bool, group: Group, kind: &str) -> String {
    let places = if herb_county { PANAN_PLACES } else { PLACES };
    let c = county.display.as_str();
    let p = rng.pick(places).copied().unwrap_or("城东");
    let b = rng.pick(BRANDS).copied().unwrap_or("恒达");
    let herb = rng.pick(GROWN_HERBS).copied().unwrap_or("白术");
    let pr = if herb_county { "浙江磐安" } else { "浙江" };
    let alt = rng.chance(0.5);
    match group {
        Group::Grower => match kind {
            "93" => format!("{c}{p}{herb}专业合作社"),
            "92" => format!("{c}{p}{herb}种植家庭农场"),
            _ if alt => format!("{c}{b}中药材种植有限公司"),
            _ => format!("{c}{p}道地药材种植有限公司"),
        },
        Group::Pieces if alt => format!("{c}{b}中药饮片有限公司"),
        Group::Pieces => format!("{pr}{b}中药饮片有限公司"),
        Group::HerbWholesale => match kind {
            "92" if alt => format!("{c}{p}{b}中药材经营部"),
            "92" => format!("{c}{b}药材商行"),
            _ if alt => format!("{c}{b}中药材有限公司"),
            _ => format!("{c}{b}药材贸易有限公司"),
        },
        Group::HerbRetail => match kind {
            "92" => format!("{c}{p}{b}堂中药店"),
            _ if alt => format!("{c}{b}大药房有限公司"),
            _ => format!("{c}{b}国药馆有限公司"),
        },
        Group::Maker(what) if rng.chance(0.2) => format!("{pr}{b}{what}有限公司"),
        Group::Maker(what) => format!("{c}{b}{what}有限公司"),
        Group::Hotel(what) => format!("{c}{b}{what}有限公司"),
        Group::Homestay => match kind {
            "92" => format!("{c}{p}{b}民宿"),
            _ => format!("{c}{p}{b}山居民宿有限公司"),
        },
        Group::Restaurant => match kind {
            "92" if alt => format!("{c}{p}{b}饭店"),
            "92" => format!("{c}{p}{b}农家乐"),
            _ => format!("{c}{b}餐饮有限公司"),
        },
        Group::Snack => match kind {
            "92" if alt => format!("{c}{b}小吃店"),
            "92" => format!("{c}{b}快餐店"),
            _ => format!("{c}{b}餐饮管理有限公司"),
        },
        Group::Freight if alt => format!("{c}{b}物流有限公司"),
        Group::Freight => format!("{c}{b}货运有限公司"),
        Group::Quarry if alt => format!("{c}{p}建材石料有限公司"),
        Group::Quarry => format!("{c}{b}矿业有限公司"),
        Group::Travel if alt => format!("{c}{b}国际旅行社有限公司"),
        Group::Travel => format!("{c}{b}旅行社有限公司"),
        Group::Ktv => match kind {
            "92" => format!("{c}{b}歌舞厅"),
            _ => format!("{c}{b}娱乐有限公司"),
        },
    }
}

/// Splits `total` over weights: part i is floor(total·cum(i+1)/W) − floor(total·cum(i)/W), so the parts add up.
fn split(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    let mut out = Vec::with_capacity(weights.len());
    let mut cum: u128 = 0;
    let mut prev: u128 = 0;
    for w in weights {
        cum += u128::from(*w);
        let upto = (u128::from(total) * cum).checked_div(sum).unwrap_or(0);
        out.push((upto - prev) as u64);
        prev = upto;
    }
    out
}

impl World {
    fn build(seed: u64, n_agencies: usize, n_ents: usize, dir: &Path) -> Result<World> {
        let mut rng = Rng::new(seed);
        let n_counties = n_agencies.div_ceil(COUNTY_AGENCIES).clamp(1, COUNTIES.len());
        let prefixed = n_counties > 1;
        let county_weights: Vec<u64> =
            (0..n_counties).map(|c| if c == 0 { 3 } else { 2 + hash2(seed, c as u64) % 3 }).collect();
        let ents_per_county = split(n_ents as u64, &county_weights);
        let mut w = World {
            seed,
            counties: Vec::new(),
            agencies: Vec::new(),
            inspectors: Vec::new(),
            items: Vec::new(),
            plans: Vec::new(),
            ents: Vec::with_capacity(n_ents),
            cal: Cal::new(),
        };
        let mut ent_start = 0u32;
        for (c, &(code, city, name)) in COUNTIES.iter().enumerate().take(n_counties) {
            let n_here = n_agencies / n_counties + usize::from(c < n_agencies % n_counties);
            let n_ents_here = ents_per_county.get(c).copied().unwrap_or(0) as u32;
            let display = if name.ends_with('区') { format!("{city}{name}") } else { name.to_string() };
            let prefix = if prefixed { format!("{code}-") } else { String::new() };
            let county = County {
                code,
                display,
                prefix,
                agency_by_tpl: [None; COUNTY_AGENCIES],
                towns: Vec::new(),
                barred: Vec::new(),
                item_by_tpl: [None; 36],
                plans: Vec::new(),
                ent_start,
                ent_end: ent_start + n_ents_here,
            };
            ent_start += n_ents_here;
            w.counties.push(county);
            w.add_agencies(&mut rng, c, city, name, n_here, n_ents_here as usize)?;
            w.add_items(c);
        }
        w.write_agencies(dir)?;
        w.write_inspectors(dir)?;
        w.write_items(dir)?;
        w.add_enterprises(&mut rng, dir)?;
        w.add_plans();
        w.write_plans(dir)?;
        std::fs::write(dir.join("policy.toml"), POLICY_TOML)
            .with_context(|| format!("无法写入 / cannot write `{}`", dir.join("policy.toml").display()))?;
        Ok(w)
    }

    fn add_agencies(&mut self, rng: &mut Rng, c: usize, city: &str, name: &str, n: usize, n_ents: usize) -> Result<()> {
        let herb_county = c == 0;
        let short = name.strip_suffix("畲族自治县").or_else(|| name.strip_suffix(['县', '区', '市'])).unwrap_or(name);
        let city_short = city.strip_suffix('市').unwrap_or(city);
        let Some(county) = self.counties.get(c) else { bail!("county {c}") };
        let (display, prefix, code) = (county.display.clone(), county.prefix.clone(), county.code);
        let towns_list = if herb_county { PANAN_TOWNS } else { TOWNS };
        for slot in 0..n {
            let tpl = if slot < COUNTY_AGENCIES { slot } else { TOWN };
            let idx = self.agencies.len() as u32;
            let (key, agency_name, kind) = match tpl {
                TOWN => {
                    let j = if slot < COUNTY_AGENCIES { 0 } else { slot - COUNTY_AGENCIES + 1 };
                    let town = match towns_list.get(j) {
                        Some(t) => (*t).to_string(),
                        None => format!("第{}片区", j + 1),
                    };
                    let key = if c == 0 && j == 0 { "jszf".to_string() } else { format!("xzzf{:02}", j + 1) };
                    (key, format!("{display}{town}综合行政执法队"), "entrusted-organization")
                }
                _ => {
                    let key = AG_KEYS.get(tpl).copied().unwrap_or("ag").to_string();
                    let n = match tpl {
                        SCJG => format!("{display}市场监督管理局"),
                        YJGL => format!("{display}应急管理局"),
                        ZHZF => format!("{display}综合行政执法局"),
                        NYNC => format!("{display}农业农村局"),
                        STHJ => format!("{city}生态环境局{short}分局"),
                        WSJK => format!("{display}卫生健康局"),
                        XFJY => format!("{display}消防救援大队"),
                        ZRZY => format!("{display}自然资源和规划局"),
                        JTYS => format!("{display}交通运输局"),
                        WGLY => format!("{display}文化和广电旅游体育局"),
                        AQW => format!("{display}安全生产委员会办公室"),
                        JCJY if herb_county => format!("{display}中药材检验检测中心"),
                        JCJY => format!("{display}综合检验检测中心"),
                        _ => {
                            let b = BRANDS.get((hash2(self.seed, c as u64 + 77) % BRANDS.len() as u64) as usize);
                            format!("{city_short}{}安全技术咨询有限公司", b.copied().unwrap_or("安泰"))
                        }
                    };
                    let kind = match tpl {
                        AQW => "coordinating-body",
                        JCJY => "third-party",
                        ZJJG => "intermediary",
                        _ => "administrative-organ",
                    };
                    (key, n, kind)
                }
            };
            let (entrusted_by, published) = if tpl == TOWN {
                let first = slot < COUNTY_AGENCIES;
                // The first team's entrustment is published in March 2025 (as in Pan'an); later teams' in 2024.
                let day =
                    if first { day_num(2025, 3, 15) + (c % 10) as i32 } else { day_num(2024, 6, 18) + slot as i32 };
                (self.counties.get(c).and_then(|x| x.agency(ZHZF)), Some(day))
            } else {
                (None, None)
            };
            self.agencies.push(Agency {
                id: format!("{prefix}{key}"),
                name: agency_name,
                kind,
                tpl,
                county: c as u32,
                entrusted_by,
                entrustment_published_on: published,
                vertical: matches!(tpl, STHJ | XFJY),
                assessment: tpl == JTYS && c.is_multiple_of(3),
                officers: Vec::new(),
                expired: None,
                revoked: None,
                uncertified: None,
            });
            if let Some(county) = self.counties.get_mut(c) {
                match tpl {
                    TOWN => county.towns.push(idx),
                    AQW | JCJY | ZJJG => county.barred.push(idx),
                    _ => {}
                }
                if slot < COUNTY_AGENCIES
                    && let Some(s) = county.agency_by_tpl.get_mut(tpl)
                {
                    *s = Some(idx);
                }
            }
            if tpl <= TOWN {
                self.add_inspectors(rng, idx, code, tpl, slot < COUNTY_AGENCIES, n_ents)?;
            }
        }
        Ok(())
    }

    fn add_inspectors(
        &mut self,
        rng: &mut Rng,
        a: u32,
        region: &str,
        tpl: usize,
        first: bool,
        n_ents: usize,
    ) -> Result<()> {
        let base = AG_OFFICERS.get(tpl).copied().unwrap_or(2);
        let n = (base + n_ents * base / 400).min(400);
        let Some(agency) = self.agencies.get(a as usize) else { bail!("agency {a}") };
        let id = agency.id.clone();
        let vertical = agency.vertical;
        let issuer = if tpl == TOWN { agency.entrusted_by.unwrap_or(a) } else { a };
        let region_part = region.get(2..6).unwrap_or("0727");
        let cert_prefix =
            if vertical { format!("浙{}00", region.get(2..4).unwrap_or("07")) } else { format!("浙{region_part}") };
        let mut officers = Vec::with_capacity(n);
        let (mut expired, mut revoked) = (None, None);
        for k in 1..=n {
            let idx = self.inspectors.len() as u32;
            let y = rng.between(2021, 2024);
            let (m, d) = (rng.between(1, 12) as u32, rng.between(1, 28) as u32);
            let (mut from, mut until) = (day_num(y, m, d), day_num(y + 5, m, d));
            let mut rev = None;
            let last = k == n && first;
            if tpl == TOWN {
                from = day_num(2024, 11, 20);
                until = day_num(2029, 11, 19);
            }
            let clean = match tpl {
                SCJG if last => {
                    from = day_num(2020, 7, 1);
                    until = day_num(2025, 6, 30);
                    expired = Some(idx);
                    false
                }
                ZHZF if last => {
                    rev = Some(day_num(2025, 8, 15));
                    revoked = Some(idx);
                    false
                }
                YJGL if last => {
                    from = day_num(2025, 3, 1);
                    until = day_num(2030, 2, 28);
                    false
                }
                _ => true,
            };
            if clean {
                officers.push(idx);
            }
            let number = format!("{cert_prefix}{:02}{:05}", tpl + 1, rng.between(10_000, 99_999));
            self.inspectors.push(Inspector {
                id: format!("{id}-{k:02}"),
                name: person_name(rng),
                agency: a,
                role: "officer",
                cert: Some(Cert { number, issued_by: issuer, from, until, revoked: rev }),
            });
        }
        let uncertified = match tpl {
            SCJG => Some(("t01", "temporary")),
            ZHZF => Some(("a01", "auxiliary")),
            TOWN => Some(("g01", "grid-worker")),
            _ => None,
        };
        let uncertified = uncertified.map(|(suffix, role)| {
            let idx = self.inspectors.len() as u32;
            self.inspectors.push(Inspector {
                id: format!("{id}-{suffix}"),
                name: person_name(rng),
                agency: a,
                role,
                cert: None,
            });
            idx
        });
        if let Some(agency) = self.agencies.get_mut(a as usize) {
            agency.officers = officers;
            agency.expired = expired;
            agency.revoked = revoked;
            agency.uncertified = uncertified;
        }
        Ok(())
    }

    fn add_items(&mut self, c: usize) {
        let Some(county) = self.counties.get(c) else { return };
        let prefix = county.prefix.clone();
        let mut by_tpl = [None; 36];
        let mut new_items = Vec::new();
        for (tpl, spec) in ITEMS.iter().enumerate() {
            let Some(agency) = county.agency(spec.agency) else { continue };
            let mut delegated_to = Vec::new();
            for &t in spec.delegated_to {
                if t == TOWN {
                    delegated_to.extend(county.towns.iter().copied());
                } else if let Some(a) = county.agency(t) {
                    delegated_to.push(a);
                }
            }
            if let Some(s) = by_tpl.get_mut(tpl) {
                *s = Some((self.items.len() + new_items.len()) as u32);
            }
            new_items.push(Item {
                id: format!("{prefix}{}", spec.key),
                spec,
                tpl,
                agency,
                published: spec.published.map(|(y, m, d)| day_num(y, m, d)),
                delegated_to,
            });
        }
        self.items.extend(new_items);
        if let Some(county) = self.counties.get_mut(c) {
            county.item_by_tpl = by_tpl;
        }
    }

    fn add_enterprises(&mut self, rng: &mut Rng, dir: &Path) -> Result<()> {
        let mut file = ArrayFile::create(dir.join("enterprises.json"))?;
        let mut buf = String::with_capacity(512);
        for c in 0..self.counties.len() {
            let Some(county) = self.counties.get(c) else { continue };
            let herb_county = c == 0;
            let salt_old = hash2(self.seed ^ 0x0D, c as u64);
            let salt_new = hash2(self.seed ^ 0x17, c as u64);
            for local in 0..(county.ent_end - county.ent_start) {
                let all = INDUSTRIES.iter().chain(std::iter::once(&KTV));
                let i = rng.weighted(all.map(|s| if herb_county { s.weight_herb } else { s.weight })).unwrap_or(0);
                let spec = industry(i as u8);
                let kind =
                    rng.weighted(spec.kinds.iter().map(|k| k.1)).and_then(|k| spec.kinds.get(k)).map_or("91", |k| k.0);
                let old = kind == "91" && rng.chance(0.3);
                let uscc = make_uscc(kind, county.code, u64::from(local), old, if old { salt_old } else { salt_new })?;
                let mut tags = 0u8;
                for &(t, p) in spec.tags {
                    if rng.below(1000) < p as usize {
                        tags |= t;
                    }
                }
                let color = if rng.chance(0.04) {
                    0
                } else {
                    rng.weighted([30u32, 30, 24, 11, 5].into_iter()).map_or(1, |x| x as u8 + 1)
                };
                let credit = if color == 0 { None } else { rng.weighted([30u32, 50, 15, 5].into_iter()) };
                let name = ent_name(rng, county, herb_county, spec.group, kind);
                let walkable =
                    matches!(spec.group, Group::Restaurant | Group::Snack | Group::Hotel(_) | Group::Homestay);
                let town = if walkable && !county.towns.is_empty() && rng.chance(0.35) {
                    rng.pick(&county.towns).copied().unwrap_or(u32::MAX)
                } else {
                    u32::MAX
                };
                let color_weight = [6u32, 5, 6, 7, 8, 10].get(usize::from(color)).copied().unwrap_or(3);
                let weight = color_weight * (spec.activity + if tags & T_MAJOR != 0 { 6 } else { 0 });
                let ent = Ent { uscc, county: c as u32, industry: i as u8, color, tags, town, weight };
                buf.clear();
                buf.push_str("{\"id\":");
                js(&mut buf, ent.id());
                buf.push_str(",\"name\":");
                js(&mut buf, &name);
                buf.push_str(",\"industry\":");
                js(&mut buf, spec.code);
                buf.push_str(",\"risk_color\":");
                js_opt(&mut buf, COLORS.get(usize::from(color)).filter(|s| !s.is_empty()).copied());
                buf.push_str(",\"credit_class\":");
                js_opt(&mut buf, credit.and_then(|k| ["A", "B", "C", "D"].get(k).copied()));
                buf.push_str(",\"tags\":");
                push_list(&mut buf, TAG_NAMES.iter().filter(|(t, _)| tags & t != 0).map(|(_, n)| *n));
                buf.push('}');
                file.push(&buf)?;
                self.ents.push(ent);
            }
        }
        file.finish()
    }

    fn add_plans(&mut self) {
        for c in 0..self.counties.len() {
            let mut ids = Vec::new();
            for (t, spec) in PLAN_TPLS.iter().enumerate() {
                let Some(county) = self.counties.get(c) else { return };
                let agencies: Vec<u32> = spec.agencies.iter().filter_map(|&a| county.agency(a)).collect();
                if agencies.is_empty() {
                    continue;
                }
                let mut lead = spec.lead.and_then(|a| county.agency(a));
                if t == PT_MINSU && c % 2 == 0 {
                    lead = None;
                }
                let pidx = self.plans.len() as u64;
                let entries: Vec<Entry> = spec
                    .entries
                    .iter()
                    .enumerate()
                    .filter_map(|(j, e)| {
                        county.item(e.item).map(|item| Entry {
                            item,
                            tpl: e,
                            salt: hash2(self.seed ^ 0x9A, pidx * 64 + j as u64),
                        })
                    })
                    .collect();
                if entries.is_empty() {
                    continue;
                }
                let (y, m, d) = spec.published;
                let mut published = Some(day_num(y, m, d));
                if t == PT_JTYS && c % 3 == 0 {
                    published = Some(day_num(2025, 4, 18));
                }
                let (mut superior, mut legality, mut collective, mut approved, mut approved_by) =
                    (false, None, None, None, None);
                if spec.special {
                    let p = published.unwrap_or(0);
                    match t {
                        PT_XFJY_DC => superior = true,
                        PT_ZHZF_YY if c % 2 == 0 => legality = Some(day_num(2025, 6, 3)),
                        _ => {
                            legality = Some(p - 17);
                            collective = Some(p - 10);
                            approved = Some(p - 3);
                            approved_by =
                                Some(if t == PT_STHJ_VOC { "vertical-superior" } else { "county-government" });
                        }
                    }
                }
                let key = spec.key;
                let id = if spec.special {
                    format!("SP-{}-{}{key}", spec.year, county.prefix)
                } else {
                    format!("PL-{}-{}{key}", spec.year, county.prefix)
                };
                ids.push(self.plans.len() as u32);
                self.plans.push(Plan {
                    id,
                    tpl: t,
                    spec,
                    agencies,
                    lead,
                    published,
                    entries,
                    superior,
                    legality,
                    collective,
                    approved,
                    approved_by,
                });
            }
            if let Some(county) = self.counties.get_mut(c) {
                county.plans = ids;
            }
        }
    }

    /// Whether a plan entry lists an enterprise.
    fn entry_has(&self, e: &Entry, ent_idx: u32, ent: &Ent) -> bool {
        let code = ent.code();
        let Some(item) = self.items.get(e.item as usize) else { return false };
        applies(item.spec.industries, code)
            && (e.tpl.industries.is_empty() || applies(e.tpl.industries, code))
            && (e.tpl.tag == 0 || ent.tags & e.tpl.tag != 0)
            && hash2(e.salt, u64::from(ent_idx)) % 1000 < e.tpl.permille
    }

    fn agency_id(&self, a: u32) -> &str {
        self.agencies.get(a as usize).map_or("", |x| x.id.as_str())
    }

    fn write_agencies(&self, dir: &Path) -> Result<()> {
        let mut file = ArrayFile::create(dir.join("agencies.json"))?;
        let mut b = String::new();
        for a in &self.agencies {
            b.clear();
            b.push_str("{\"id\":");
            js(&mut b, &a.id);
            b.push_str(",\"name\":");
            js(&mut b, &a.name);
            b.push_str(",\"kind\":");
            js(&mut b, a.kind);
            b.push_str(",\"entrusted_by\":");
            js_opt(&mut b, a.entrusted_by.map(|x| self.agency_id(x)));
            b.push_str(",\"entrustment_published_on\":");
            push_date_opt(&mut b, a.entrustment_published_on);
            b.push_str(",\"vertical\":");
            push_bool(&mut b, a.vertical);
            b.push_str(",\"assessment_links\":");
            b.push_str(if a.assessment { "[\"inspection-count\"]" } else { "[]" });
            b.push('}');
            file.push(&b)?;
        }
        file.finish()
    }

    fn write_inspectors(&self, dir: &Path) -> Result<()> {
        let mut file = ArrayFile::create(dir.join("inspectors.json"))?;
        let mut b = String::new();
        for p in &self.inspectors {
            b.clear();
            b.push_str("{\"id\":");
            js(&mut b, &p.id);
            b.push_str(",\"name\":");
            js(&mut b, &p.name);
            b.push_str(",\"agency\":");
            js(&mut b, self.agency_id(p.agency));
            b.push_str(",\"role\":");
            js(&mut b, p.role);
            b.push_str(",\"certificate\":");
            match &p.cert {
                Some(c) => {
                    b.push_str("{\"number\":");
                    js(&mut b, &c.number);
                    b.push_str(",\"issued_by\":");
                    js(&mut b, self.agency_id(c.issued_by));
                    b.push_str(",\"valid_from\":");
                    push_date(&mut b, c.from);
                    b.push_str(",\"valid_until\":");
                    push_date(&mut b, c.until);
                    b.push_str(",\"revoked_on\":");
                    push_date_opt(&mut b, c.revoked);
                    b.push('}');
                }
                None => b.push_str("null"),
            }
            b.push('}');
            file.push(&b)?;
        }
        file.finish()
    }

    fn write_items(&self, dir: &Path) -> Result<()> {
        let mut file = ArrayFile::create(dir.join("items.json"))?;
        let mut b = String::new();
        for it in &self.items {
            let s = it.spec;
            b.clear();
            b.push_str("{\"id\":");
            js(&mut b, &it.id);
            b.push_str(",\"agency\":");
            js(&mut b, self.agency_id(it.agency));
            b.push_str(",\"name\":");
            js(&mut b, s.name);
            b.push_str(",\"legal_basis\":");
            js(&mut b, s.basis);
            b.push_str(",\"published_on\":");
            push_date_opt(&mut b, it.published);
            b.push_str(",\"method\":");
            js(&mut b, s.method.as_str());
            b.push_str(",\"annual_cap\":");
            match s.annual_cap {
                Some(n) => {
                    let _ = write!(b, "{n}");
                }
                None => b.push_str("null"),
            }
            b.push_str(",\"delegable\":");
            push_bool(&mut b, !s.delegated_to.is_empty());
            b.push_str(",\"delegated_to\":");
            push_list(&mut b, it.delegated_to.iter().map(|a| self.agency_id(*a)));
            b.push_str(",\"industries\":");
            push_list(&mut b, s.industries.iter().copied());
            b.push('}');
            file.push(&b)?;
        }
        file.finish()
    }

    fn write_plans(&self, dir: &Path) -> Result<()> {
        let mut file = ArrayFile::create(dir.join("plans.json"))?;
        let mut b = String::new();
        for p in &self.plans {
            let Some(county) = self
                .counties
                .get(p.agencies.first().and_then(|a| self.agencies.get(*a as usize)).map_or(0, |a| a.county as usize))
            else {
                continue;
            };
            b.clear();
            b.push_str("{\"id\":");
            js(&mut b, &p.id);
            let _ = write!(b, ",\"year\":{},\"kind\":", p.spec.year);
            js(&mut b, if p.spec.special { "special" } else { "annual" });
            b.push_str(",\"agencies\":");
            push_list(&mut b, p.agencies.iter().map(|a| self.agency_id(*a)));
            b.push_str(",\"lead\":");
            js_opt(&mut b, p.lead.map(|a| self.agency_id(a)));
            b.push_str(",\"published_on\":");
            push_date_opt(&mut b, p.published);
            b.push_str(",\"entries\":[");
            for (j, e) in p.entries.iter().enumerate() {
                if j > 0 {
                    b.push(',');
                }
                b.push_str("{\"item\":");
                js(&mut b, self.items.get(e.item as usize).map_or("", |i| i.id.as_str()));
                b.push_str(",\"enterprises\":[");
                let mut first = true;
                for x in county.ent_start..county.ent_end {
                    let Some(ent) = self.ents.get(x as usize) else { continue };
                    if self.entry_has(e, x, ent) {
                        if !first {
                            b.push(',');
                        }
                        first = false;
                        js(&mut b, ent.id());
                    }
                }
                b.push_str("],\"method\":");
                js(&mut b, if e.tpl.onsite { "on-site" } else { "off-site" });
                let _ = write!(b, ",\"times_per_year\":{},\"duration_days\":{}}}", e.tpl.times, e.tpl.duration);
            }
            b.push_str("],\"special\":");
            if p.spec.special {
                b.push_str("{\"deployed_by_superior\":");
                push_bool(&mut b, p.superior);
                b.push_str(",\"legality_review_on\":");
                push_date_opt(&mut b, p.legality);
                b.push_str(",\"collective_discussion_on\":");
                push_date_opt(&mut b, p.collective);
                b.push_str(",\"approved_on\":");
                push_date_opt(&mut b, p.approved);
                b.push_str(",\"approved_by\":");
                js_opt(&mut b, p.approved_by);
                b.push('}');
            } else {
                b.push_str("null");
            }
            b.push('}');
            file.push(&b)?;
        }
        file.finish()
    }
}

const POLICY_TOML: &str = r#"# 县级涉企行政检查规则参数（jiancha gen 生成的模拟数据）/ county policy of a synthetic dataset (jiancha gen)
#
# Every key is optional; a key left out keeps the built-in default of shared/spec/rules.md. The values are those of
# the Pan'an example (examples/panan/policy.toml).

onsite_cap_per_agency_enterprise_year = 2
plan_publication_deadline = "03-31"
urgent_approval_grace_working_days = 1
min_officers_on_site = 2

# 年度联合检查实施率：2025年按50%掌握，2027年达到80%（浙政办发〔2025〕5号）
joint_rate_target = [
  { from = "2025-01-01", value = 0.5 },
  { from = "2027-01-01", value = 0.8 },
]

# “五色工作法”：各色企业全年非豁免现场检查（各部门合计）上限，县级自定
risk_color_caps = { red = 6, orange = 5, yellow = 4, blue = 3, green = 2 }

excessive_exempt_per_agency_enterprise_year = 6
multi_agency_window_days = 30
multi_agency_min_agencies = 3
repeat_window_days = 180
high_frequency_window_days = 365
high_frequency_min_inspections = 6
return_visit_days = 90
plan_merge_duration_ratio = 1.5
"#;

// ---------------------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Trig {
    #[default]
    Random,
    Plan,
    Special,
    Complaint,
    Referral,
    DataMon,
    Patrol,
    EntReq,
}

impl Trig {
    fn as_str(self) -> &'static str {
        match self {
            Trig::Random => "random-sampling",
            Trig::Plan => "plan",
            Trig::Special => "special",
            Trig::Complaint => "complaint",
            Trig::Referral => "referral",
            Trig::DataMon => "data-monitoring",
            Trig::Patrol => "patrol",
            Trig::EntReq => "enterprise-request",
        }
    }

    /// Exempt from the frequency cap whatever the plan (rules.md "Exempt triggers").
    fn always_exempt(self) -> bool {
        matches!(self, Trig::Complaint | Trig::Referral | Trig::DataMon | Trig::Patrol | Trig::EntReq)
    }
}

/// A breach put in on purpose, one for each rule it breaks ([`Breach::rule`]). Rates are per 100 000 records; see
/// docs/generate.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Breach {
    CodeMissing,
    CodeLate,
    ApprovalMissing,
    NoticeMissing,
    NoticeIncomplete,
    UrgentLate,
    UnknownYear,
    Uncertified,
    TooFew,
    Mismatch,
    Unqualified,
    Entrustment,
    Unpublished,
    Foreign,
    Delegation,
    Gifts,
    Hospitality,
    Expenses,
    Intermediary,
    LegalRep,
    Arbitrary,
    Disguised,
    OffsiteCapable,
    FirstMinor,
    NoReturn,
    InvalidUscc,
    UnknownRef,
    TimeOrder,
    OutsidePlan,
    OverCap,
    MultiAgency,
    Repeated,
    RiskColor,
    HighFreq,
    ExcessiveExempt,
}

// The key that ties a breach to its rule, for the test that holds the table and docs/generate.md to the catalogue.
#[cfg(test)]
impl Breach {
    /// The rule the breach is put in to break (each breach breaks its own rule).
    const fn rule(self) -> Rule {
        match self {
            Breach::CodeMissing => Rule::CodeMissing,
            Breach::CodeLate => Rule::CodeLate,
            Breach::ApprovalMissing => Rule::ApprovalMissing,
            Breach::NoticeMissing => Rule::NoticeMissing,
            Breach::NoticeIncomplete => Rule::NoticeIncomplete,
            Breach::UrgentLate => Rule::CodeUrgentLate,
            Breach::UnknownYear => Rule::CalendarUnknownYear,
            Breach::Uncertified => Rule::SubjectUncertifiedInspector,
            Breach::TooFew => Rule::SubjectTooFewOfficers,
            Breach::Mismatch => Rule::SubjectInspectorAgencyMismatch,
            Breach::Unqualified => Rule::SubjectUnqualifiedAgency,
            Breach::Entrustment => Rule::SubjectInvalidEntrustment,
            Breach::Unpublished => Rule::ItemUnpublished,
            Breach::Foreign => Rule::ItemForeignAgency,
            Breach::Delegation => Rule::ItemInvalidDelegation,
            Breach::Gifts => Rule::ConductGifts,
            Breach::Hospitality => Rule::ConductHospitality,
            Breach::Expenses => Rule::ConductExpensesCharged,
            Breach::Intermediary => Rule::ConductDesignatedIntermediary,
            Breach::LegalRep => Rule::ConductLegalRepRequired,
            Breach::Arbitrary => Rule::ConductArbitraryMeasure,
            Breach::Disguised => Rule::ConductDisguisedInspection,
            Breach::OffsiteCapable => Rule::MethodOffsiteCapable,
            Breach::FirstMinor => Rule::PenaltyFirstMinor,
            Breach::NoReturn => Rule::PenaltyNoReturnVisit,
            Breach::InvalidUscc => Rule::DataInvalidUscc,
            Breach::UnknownRef => Rule::DataUnknownReference,
            Breach::TimeOrder => Rule::DataTimeOrder,
            Breach::OutsidePlan => Rule::PlanOutsidePlan,
            Breach::OverCap => Rule::FrequencyOnsiteCap,
            Breach::MultiAgency => Rule::AlertMultiAgency,
            Breach::Repeated => Rule::AlertRepeated,
            Breach::RiskColor => Rule::FrequencyRiskColor,
            Breach::HighFreq => Rule::AlertHighFrequency,
            Breach::ExcessiveExempt => Rule::FrequencyExcessiveExempt,
        }
    }
}

/// Each breach with its rate per 100 000 records; docs/generate.md gives the same table by rule id.
const BREACHES: [(Breach, u32); 35] = [
    (Breach::CodeMissing, 1000),
    (Breach::CodeLate, 550),
    (Breach::ApprovalMissing, 650),
    (Breach::NoticeMissing, 750),
    (Breach::NoticeIncomplete, 550),
    (Breach::UrgentLate, 300),
    (Breach::UnknownYear, 20),
    (Breach::Uncertified, 550),
    (Breach::TooFew, 400),
    (Breach::Mismatch, 250),
    (Breach::Unqualified, 150),
    (Breach::Entrustment, 100),
    (Breach::Unpublished, 200),
    (Breach::Foreign, 300),
    (Breach::Delegation, 150),
    (Breach::Gifts, 80),
    (Breach::Hospitality, 100),
    (Breach::Expenses, 80),
    (Breach::Intermediary, 80),
    (Breach::LegalRep, 100),
    (Breach::Arbitrary, 120),
    (Breach::Disguised, 250),
    (Breach::OffsiteCapable, 600),
    (Breach::FirstMinor, 200),
    (Breach::NoReturn, 300),
    (Breach::InvalidUscc, 50),
    (Breach::UnknownRef, 50),
    (Breach::TimeOrder, 50),
    (Breach::OutsidePlan, 400),
    (Breach::OverCap, 500),
    (Breach::MultiAgency, 300),
    (Breach::Repeated, 500),
    (Breach::RiskColor, 200),
    (Breach::HighFreq, 150),
    (Breach::ExcessiveExempt, 30),
];

/// Breaches of a record's own fields, that `--extra-breaches` adds to a breached record.
const EXTRA_BREACHES: [Breach; 12] = [
    Breach::CodeMissing,
    Breach::CodeLate,
    Breach::ApprovalMissing,
    Breach::NoticeMissing,
    Breach::NoticeIncomplete,
    Breach::Gifts,
    Breach::Hospitality,
    Breach::Expenses,
    Breach::Intermediary,
    Breach::LegalRep,
    Breach::Arbitrary,
    Breach::Disguised,
];

/// The shapes of a clean record, with their weights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    PlanVisit,
    Random,
    JointRandom,
    Delegated,
    Complaint,
    Referral,
    Patrol,
    DataMon,
    EntReq,
    Offsite,
    Urgent,
    Visit,
}

const KINDS: [(Kind, u32); 12] = [
    (Kind::PlanVisit, 30),
    (Kind::Random, 12),
    (Kind::JointRandom, 15),
    (Kind::Delegated, 2),
    (Kind::Complaint, 9),
    (Kind::Referral, 3),
    (Kind::Patrol, 6),
    (Kind::DataMon, 4),
    (Kind::EntReq, 2),
    (Kind::Offsite, 11),
    (Kind::Urgent, 3),
    (Kind::Visit, 2),
];

// Which agencies act on which trigger, by template (scjg yjgl zhzf nync sthj wsjk xfjy zrzy jtys wgly town).
const W_RANDOM: [u32; 11] = [30, 14, 8, 6, 8, 5, 12, 3, 4, 3, 0];
const W_COMPLAINT: [u32; 11] = [30, 6, 22, 3, 16, 6, 8, 2, 3, 3, 10];
const W_REFERRAL: [u32; 11] = [20, 14, 12, 6, 12, 6, 10, 6, 5, 3, 3];
const W_PATROL: [u32; 11] = [15, 8, 22, 10, 8, 3, 10, 6, 5, 3, 20];
const W_DATAMON: [u32; 11] = [15, 10, 4, 4, 35, 3, 6, 3, 15, 2, 0];
const W_ENTREQ: [u32; 11] = [30, 15, 8, 8, 10, 6, 12, 4, 4, 3, 0];
const W_URGENT: [u32; 11] = [20, 20, 15, 4, 18, 4, 12, 2, 3, 2, 5];
const W_OFFSITE: [u32; 11] = [35, 12, 6, 8, 12, 6, 6, 4, 6, 5, 0];
const W_VISIT: [u32; 11] = [25, 15, 12, 10, 8, 5, 10, 5, 5, 5, 3];
const W_UNCERT: [u32; 11] = [3, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1];

const MINOR_HAZARDS: &[&str] = &[
    "配电箱未上锁、未张贴警示标识",
    "安全出口处堆放杂物",
    "部分灭火器压力不足",
    "个别员工未佩戴劳动防护用品",
    "危险作业场所警示标志缺失",
    "安全教育培训档案未及时更新",
    "叉车未按期进行定期检验",
    "车间安全通道标线不清",
    "隐患排查治理台账记录不完整",
    "应急演练记录缺少评估内容",
];
const SAFETY_BASIS: &str = "《中华人民共和国安全生产法》第六十五条";

#[derive(Clone, Copy, Debug, Default)]
struct Sample {
    herb: &'static str,
    so2: Option<f64>,
    b1: Option<f64>,
    total: Option<f64>,
    pesticide: Option<(&'static str, f64)>,
}

#[derive(Debug, Default)]
struct SafetyData {
    on: bool,
    checked: Vec<&'static str>,
    hazards: Vec<(&'static str, bool, Option<&'static str>)>,
    uncertified: u32,
    situations: Vec<&'static str>,
    cannot_ensure: bool,
    record: [bool; 4],
}

#[derive(Debug, Default)]
struct HerbalData {
    on: bool,
    role: &'static str,
    samples: Vec<Sample>,
    pesticide_years: Option<f64>,
    trade: Option<bool>,
    origin: Option<bool>,
    fumigation: bool,
    outcome: Option<bool>,
}

#[derive(Clone, Copy, Debug)]
struct Penalty {
    decided: i32,
    first: bool,
    minor: bool,
    corrected: bool,
    visit: Option<i32>,
}

/// The enterprise a record names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum EntRef {
    #[default]
    Known,
    /// The USCC with a mistyped check character.
    Typo(u8),
    /// A valid USCC missing from the dataset.
    Unknown(u32),
}

#[derive(Debug, Default)]
struct Rec {
    activity: &'static str,
    trig: Trig,
    plan: Option<u32>,
    onsite: bool,
    lead: u32,
    joint: Vec<u32>,
    delegated_by: Option<u32>,
    inspectors: Vec<u32>,
    ent: EntRef,
    start: i32,
    end: i32,
    items: Vec<u32>,
    approval: Option<i32>,
    code_at: Option<i32>,
    urgency: Option<&'static str>,
    notice: Option<(i32, [bool; 4])>,
    exemption: Option<&'static str>,
    conduct: [bool; 5],
    measures: Vec<(&'static str, Option<&'static str>)>,
    penalty: Option<Penalty>,
    safety: SafetyData,
    herbal: HerbalData,
}

impl Rec {
    fn reset(&mut self) {
        self.activity = "inspection";
        self.trig = Trig::Random;
        self.plan = None;
        self.onsite = true;
        self.lead = 0;
        self.joint.clear();
        self.delegated_by = None;
        self.inspectors.clear();
        self.ent = EntRef::Known;
        self.start = 0;
        self.end = 0;
        self.items.clear();
        self.approval = None;
        self.code_at = None;
        self.urgency = None;
        self.notice = None;
        self.exemption = None;
        self.conduct = [false; 5];
        self.measures.clear();
        self.penalty = None;
        self.safety.on = false;
        self.safety.checked.clear();
        self.safety.hazards.clear();
        self.safety.situations.clear();
        self.safety.uncertified = 0;
        self.safety.cannot_ensure = false;
        self.safety.record = [true; 4];
        self.herbal.on = false;
        self.herbal.samples.clear();
        self.herbal.pesticide_years = None;
        self.herbal.trade = None;
        self.herbal.origin = None;
        self.herbal.fumigation = false;
        self.herbal.outcome = None;
    }

    fn day(&self) -> i32 {
        self.start.div_euclid(DAY_MIN)
    }

    /// An inspection in substance (docs/interpretation.md).
    fn is_insp(&self) -> bool {
        self.activity == "inspection" || !self.items.is_empty()
    }

    fn counted(&self, out: &mut Vec<u32>) {
        out.clear();
        out.push(self.lead);
        for &a in self.joint.iter().chain(self.delegated_by.iter()) {
            if !out.contains(&a) {
                out.push(a);
            }
        }
    }

    fn is_joint(&self) -> bool {
        self.joint.iter().any(|a| *a != self.lead)
    }
}

/// What a record's enterprise has seen so far this year (the cross-record rules' inputs).
#[derive(Debug, Default)]
struct State {
    nonexempt: Vec<(u32, u8)>,
    exempt: Vec<(u32, u8)>,
    ent_nonexempt: u8,
    onsite: u8,
    /// Separate (non-joint) on-site inspections: day, lead.
    separate: Vec<(i32, u32)>,
    /// Last non-exempt check of an item.
    item_last: Vec<(u32, i32)>,
    /// Plan entry visits: plan, entry, count.
    used: Vec<(u32, u8, u8)>,
}

fn count_of(v: &[(u32, u8)], a: u32) -> u8 {
    v.iter().find(|x| x.0 == a).map_or(0, |x| x.1)
}

fn bump(v: &mut Vec<(u32, u8)>, a: u32) {
    match v.iter_mut().find(|x| x.0 == a) {
        Some(x) => x.1 = x.1.saturating_add(1),
        None => v.push((a, 1)),
    }
}

const CAP: u8 = 2;
const EXEMPT_CAP: u8 = 6;
/// The windows and thresholds of the generated policy, as the engine reads them: `POLICY_TOML` applied to core's
/// `Policy`, taken on a day of the generated year, so that the breaches are put in against the numbers the check
/// will use.
#[derive(Debug)]
struct Params {
    high_frequency: u8,
    repeat_days: i32,
    multi_days: i32,
    return_days: i32,
    /// 五色 caps by colour index (1 green … 5 red).
    color_caps: [Option<u8>; 6],
}

fn params() -> &'static Params {
    static PARAMS: std::sync::OnceLock<Params> = std::sync::OnceLock::new();
    PARAMS.get_or_init(|| {
        let mut policy = jiancha_core::policy::Policy::default();
        // The text is this crate's own and tested; a failure would show as default numbers.
        let applied = policy.apply_toml("policy.toml", POLICY_TOML);
        debug_assert!(applied.is_ok(), "POLICY_TOML does not read: {applied:?}");
        let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 30).map(jiancha_core::time::Date);
        let on = |p: &jiancha_core::policy::Param<u32>| day.and_then(|d| p.on(d)).copied().unwrap_or(0);
        let num = |p: &jiancha_core::policy::Param<u32>| i32::try_from(on(p)).unwrap_or(i32::MAX);
        let caps = day.and_then(|d| policy.risk_color_caps.on(d)).cloned().unwrap_or_default();
        use jiancha_core::model::RiskColor as C;
        let cap = |c: C| caps.get(&c).and_then(|n| u8::try_from(*n).ok());
        Params {
            high_frequency: u8::try_from(on(&policy.high_frequency_min_inspections)).unwrap_or(u8::MAX),
            repeat_days: num(&policy.repeat_window_days),
            multi_days: num(&policy.multi_agency_window_days),
            return_days: num(&policy.return_visit_days),
            color_caps: [None, cap(C::Green), cap(C::Blue), cap(C::Yellow), cap(C::Orange), cap(C::Red)],
        }
    })
}

impl State {
    fn clear(&mut self) {
        self.nonexempt.clear();
        self.exempt.clear();
        self.ent_nonexempt = 0;
        self.onsite = 0;
        self.separate.clear();
        self.item_last.clear();
        self.used.clear();
    }

    fn recent(&self, item: u32, day: i32) -> bool {
        self.item_last.iter().any(|&(i, d)| i == item && day - d < params().repeat_days)
    }

    fn used(&self, plan: u32, entry: u8) -> u8 {
        self.used.iter().find(|x| x.0 == plan && x.1 == entry).map_or(0, |x| x.2)
    }
}

/// An (agency, item) pair usable at an enterprise.
#[derive(Clone, Copy, Debug)]
struct Opt {
    agency: u32,
    item: u32,
    method: Method,
    capped: bool,
    /// First day it may be used (item published; entrustment published for a town team).
    from: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Need {
    OnSite { exempt: bool },
    Offsite,
    Any,
}

impl Need {
    fn fits(self, m: Method) -> bool {
        match self {
            Need::OnSite { .. } => m == Method::OnSite,
            Need::Offsite => m.offsite_ok(),
            Need::Any => true,
        }
    }
}

const NO_CAP: u8 = 1;
const ALLOW_RECENT: u8 = 2;

/// A record forced by a scenario (a burst of records that ends in a cross-record breach).
#[derive(Clone, Copy, Debug)]
struct Force {
    agency: u32,
    exempt: bool,
    item: Option<u32>,
}

#[derive(Debug)]
struct Gen<'w> {
    w: &'w World,
    /// `--breach-share` and `--extra-breaches`: None for the built-in rates.
    share: Option<(f64, usize)>,
    rng: Rng,
    st: State,
    rec: Rec,
    days: Vec<i32>,
    k: usize,
    pending: VecDeque<Force>,
    opts: Vec<Opt>,
    cands: Vec<(u32, u32)>,
    scratch: Vec<u32>,
    picks: Vec<(u32, u8)>,
    ent_idx: u32,
    ent: Ent,
    county: &'w County,
    seq: u64,
    width: usize,
    buf: String,
}

fn write_records(w: &World, n: usize, path: &Path, share: Option<(f64, usize)>) -> Result<u64> {
    let file = File::create(path).with_context(|| format!("无法写入 / cannot write `{}`", path.display()))?;
    let mut out = BufWriter::with_capacity(4 << 20, file);
    let Some(first) = w.counties.first() else { bail!("no county") };
    let mut g = Gen {
        w,
        share,
        rng: Rng::new(w.seed),
        st: State::default(),
        rec: Rec::default(),
        days: Vec::with_capacity(400),
        k: 0,
        pending: VecDeque::new(),
        opts: Vec::with_capacity(64),
        cands: Vec::with_capacity(16),
        scratch: Vec::with_capacity(8),
        picks: Vec::with_capacity(64),
        ent_idx: 0,
        ent: Ent { uscc: [b'0'; 18], county: 0, industry: 0, color: 0, tags: 0, town: u32::MAX, weight: 0 },
        county: first,
        seq: 0,
        width: n.to_string().len().max(7),
        buf: String::with_capacity(4096),
    };
    let total: u128 = w.ents.iter().map(|e| u128::from(e.weight)).sum();
    let mut cum: u128 = 0;
    let mut prev: u128 = 0;
    let mut bytes = 0u64;
    for (i, ent) in w.ents.iter().enumerate() {
        cum += u128::from(ent.weight);
        let upto = (n as u128 * cum).checked_div(total).unwrap_or(0);
        let k = (upto - prev) as usize;
        prev = upto;
        if k > 0 {
            bytes += g.enterprise(i as u32, *ent, k, &mut out)?;
        }
    }
    out.flush().with_context(|| format!("无法写入 / cannot write `{}`", path.display()))?;
    Ok(bytes)
}

impl<'w> Gen<'w> {
    fn agency(&self, a: u32) -> Option<&'w Agency> {
        self.w.agencies.get(a as usize)
    }

    fn tpl_of(&self, a: u32) -> usize {
        self.agency(a).map_or(usize::MAX, |x| x.tpl)
    }

    fn item(&self, i: u32) -> Option<&'w Item> {
        self.w.items.get(i as usize)
    }

    fn has_officers(&self, a: u32) -> bool {
        self.agency(a).is_some_and(|x| !x.officers.is_empty())
    }

    fn enterprise(&mut self, idx: u32, ent: Ent, k: usize, out: &mut impl Write) -> Result<u64> {
        self.ent_idx = idx;
        self.ent = ent;
        if let Some(c) = self.w.counties.get(ent.county as usize) {
            self.county = c;
        }
        self.rng = Rng::new(hash2(self.w.seed ^ 0x05EC_04D5, u64::from(idx)));
        self.st.clear();
        self.pending.clear();
        self.build_opts();
        self.choose_days(k);
        let mut bytes = 0u64;
        for t in 0..k {
            let day = self.day_at(t);
            self.rec.reset();
            match self.pending.pop_front() {
                Some(f) => self.forced(f, day),
                None => self.draw(t, day),
            }
            self.extras();
            self.sector();
            self.commit();
            bytes += self.emit(out)?;
        }
        Ok(bytes)
    }

    fn build_opts(&mut self) {
        self.opts.clear();
        let code = self.ent.code();
        let town = self.agency(self.ent.town);
        for &slot in &self.county.item_by_tpl {
            let Some(i) = slot else { continue };
            let Some(item) = self.item(i) else { continue };
            if !applies(item.spec.industries, code) {
                continue;
            }
            let from = item.published.unwrap_or(i32::MAX);
            let capped = item.spec.annual_cap.is_some();
            self.opts.push(Opt { agency: item.agency, item: i, method: item.spec.method, capped, from });
            if let Some(t) = town {
                let own = item.spec.agency == ZHZF || item.delegated_to.contains(&self.ent.town);
                if own {
                    let entrusted = t.entrustment_published_on.map_or(i32::MAX, |d| d + 1);
                    self.opts.push(Opt {
                        agency: self.ent.town,
                        item: i,
                        method: item.spec.method,
                        capped,
                        from: from.max(entrusted),
                    });
                }
            }
        }
    }

    /// k days, sorted: one in each of k equal stretches of the working year (so that visits spread out).
    fn choose_days(&mut self, k: usize) {
        self.days.clear();
        self.k = k;
        let wd = &self.w.cal.workdays;
        let n = wd.len();
        if k > n || n == 0 {
            return;
        }
        for s in 0..k {
            let lo = s * n / k;
            let hi = ((s + 1) * n / k).max(lo + 1);
            let i = lo + self.rng.below(hi - lo);
            self.days.push(wd.get(i).copied().unwrap_or(1));
        }
    }

    fn day_at(&self, t: usize) -> i32 {
        match self.days.get(t) {
            Some(d) => *d,
            None => {
                let wd = &self.w.cal.workdays;
                let i = (t * wd.len()).checked_div(self.k).unwrap_or(0);
                wd.get(i).copied().unwrap_or(1)
            }
        }
    }

    // ---- choosing ---------------------------------------------------------------------------------------

    fn usable(&self, o: &Opt, day: i32, flags: u8) -> bool {
        o.from <= day
            && (flags & ALLOW_RECENT != 0 || !self.st.recent(o.item, day))
            && (flags & NO_CAP == 0 || !o.capped)
            && !self.rec.items.contains(&o.item)
    }

    fn room(&self, a: u32, need: Need) -> bool {
        match need {
            Need::OnSite { exempt: false } => count_of(&self.st.nonexempt, a) < CAP,
            Need::OnSite { exempt: true } => count_of(&self.st.exempt, a) < EXEMPT_CAP,
            _ => true,
        }
    }

    /// An agency with a usable item fitting `need`, weighted by template, not yet in the record; with
    /// `check_room`, one that may still visit on site without breaking a cap.
    fn pick_agency(&mut self, day: i32, need: Need, weights: &[u32; 11], flags: u8, check_room: bool) -> Option<u32> {
        let mut cands = std::mem::take(&mut self.cands);
        cands.clear();
        for o in &self.opts {
            if !need.fits(o.method) || !self.usable(o, day, flags) {
                continue;
            }
            if cands.iter().any(|c| c.0 == o.agency) || o.agency == self.rec.lead && !self.rec.items.is_empty() {
                continue;
            }
            if self.rec.joint.contains(&o.agency)
                || check_room && !self.room(o.agency, need)
                || !self.has_officers(o.agency)
            {
                continue;
            }
            let w = weights.get(self.tpl_of(o.agency)).copied().unwrap_or(1);
            if w > 0 {
                cands.push((o.agency, w));
            }
        }
        let pick = self.rng.weighted(cands.iter().map(|c| c.1)).and_then(|i| cands.get(i)).map(|c| c.0);
        self.cands = cands;
        pick
    }

    /// Adds one item of `agency` fitting `need`, and with probability `extra` a second one.
    fn add_items(&mut self, agency: u32, day: i32, need: Need, extra: f64, flags: u8) -> bool {
        let mut added = false;
        for round in 0..2 {
            if round == 1 && !(added && self.rng.chance(extra)) {
                break;
            }
            let need = if round == 0 {
                need
            } else if need == Need::Offsite {
                Need::Offsite
            } else {
                Need::Any
            };
            self.scratch.clear();
            for o in &self.opts {
                if o.agency == agency && need.fits(o.method) && self.usable(o, day, flags) {
                    self.scratch.push(o.item);
                }
            }
            if let Some(&i) = self.rng.pick(&self.scratch) {
                self.rec.items.push(i);
                added = true;
            }
        }
        added
    }

    /// Whether an on-site record as built so far keeps every cross-record rule quiet.
    fn onsite_ok(&mut self, exempt: bool) -> bool {
        if self.st.onsite + 1 >= params().high_frequency {
            return false;
        }
        let mut counted = std::mem::take(&mut self.scratch);
        self.rec.counted(&mut counted);
        let mut ok = counted.iter().all(|&a| {
            if exempt { count_of(&self.st.exempt, a) < EXEMPT_CAP } else { count_of(&self.st.nonexempt, a) < CAP }
        });
        self.scratch = counted;
        if ok
            && !exempt
            && let Some(c) = color_cap(self.ent.color)
        {
            ok = self.st.ent_nonexempt < c;
        }
        if ok && !self.rec.is_joint() {
            let day = self.rec.day();
            let lead = self.rec.lead;
            let mut leads: [u32; 2] = [u32::MAX; 2];
            let mut n = 0usize;
            let mut own = false;
            for &(d, a) in &self.st.separate {
                if day - d < params().multi_days {
                    own |= a == lead;
                    if !leads.contains(&a) && a != lead {
                        if let Some(s) = leads.get_mut(n) {
                            *s = a;
                        }
                        n += 1;
                    }
                }
            }
            ok = own || n < 2;
        }
        ok
    }

    // ---- times, people, procedure ----------------------------------------------------------------------

    fn times(&mut self, day: i32, evening: bool) {
        let long = self.rec.onsite
            && self
                .rec
                .items
                .iter()
                .any(|&i| self.item(i).is_some_and(|x| matches!(x.tpl, YJGL_01 | NYNC_01 | ZRZY_01 | YJGL_07)))
            && self.rng.chance(0.7);
        let (start, dur) = if evening {
            (self.rng.between(18 * 6 + 2, 20 * 6 + 3) * 10, self.rng.between(50, 120))
        } else if long {
            (8 * 60 + self.rng.between(3, 5) * 10, self.rng.between(360, 450))
        } else {
            let h = *self.rng.pick(&[8, 9, 9, 10, 10, 11, 13, 14, 14, 15]).unwrap_or(&9);
            let m = self.rng.between(if h == 8 { 3 } else { 0 }, 5) * 10;
            (h * 60 + m, if self.rec.onsite { self.rng.between(60, 200) } else { self.rng.between(30, 150) })
        };
        self.rec.start = day * DAY_MIN + start;
        self.rec.end = self.rec.start + dur;
    }

    fn officers(&mut self, a: u32, n: usize) {
        let Some(ag) = self.agency(a) else { return };
        let pool = &ag.officers;
        let want = n.min(pool.len());
        let mut got = 0;
        let mut tries = 0;
        while got < want && tries < 40 {
            tries += 1;
            if let Some(&p) = self.rng.pick(pool)
                && !self.rec.inspectors.contains(&p)
            {
                self.rec.inspectors.push(p);
                got += 1;
            }
        }
    }

    /// Two or three officers of the lead, one of each joint agency; off site one or two.
    fn staff(&mut self) {
        let n = if !self.rec.onsite {
            if self.rng.chance(0.6) { 2 } else { 1 }
        } else if self.rng.chance(0.2) {
            3
        } else {
            2
        };
        self.officers(self.rec.lead, n);
        for j in 0..self.rec.joint.len() {
            if let Some(&a) = self.rec.joint.get(j) {
                self.officers(a, 1);
            }
        }
    }

    /// Approval, code and notice some working days ahead (plans, sampling).
    fn planned(&mut self) {
        let day = self.rec.day();
        let ad = self.w.cal.prev_working(day, self.rng.between(2, 6));
        let ap = ad * DAY_MIN + self.rng.between(54, 101) * 10;
        self.rec.approval = Some(ap);
        if self.rec.onsite {
            self.rec.code_at = Some(ap + self.rng.between(2, 40));
        }
        if self.rec.exemption.is_none() {
            self.rec.notice = Some((ap + self.rng.between(30, 150), [true; 4]));
        }
    }

    /// Approval, code and notice the same day, before starting (complaints, referrals).
    fn same_day(&mut self) {
        let s = self.rec.start;
        let ahead = if s.rem_euclid(DAY_MIN) >= 11 * 60 { self.rng.between(40, 150) } else { self.rng.between(25, 50) };
        let ap = s - ahead;
        self.rec.approval = Some(ap);
        if self.rec.onsite {
            self.rec.code_at = Some(ap + self.rng.between(1, 10));
        }
        if self.rec.exemption.is_none() {
            self.rec.notice = Some((ap + self.rng.between(11, 20), [true; 4]));
        }
    }

    /// Urgent inspections: approved just before, or (after the fact) the next working day.
    fn urgent_proc(&mut self, after: bool) {
        let next = self.w.cal.next_working(self.rec.end.div_euclid(DAY_MIN));
        let ap = if after && next < YEAR_DAYS - 1 {
            next * DAY_MIN + self.rng.between(52, 69) * 10
        } else {
            self.rec.start - self.rng.between(10, 45)
        };
        self.rec.approval = Some(ap);
        if self.rec.onsite {
            self.rec.code_at = Some(ap + self.rng.between(1, 5));
        }
    }

    fn procedure(&mut self, trig: Trig) {
        match trig {
            Trig::Random | Trig::Plan | Trig::Special | Trig::EntReq => self.planned(),
            Trig::Complaint | Trig::Patrol => {
                if self.rng.chance(0.75) {
                    self.rec.exemption = Some("unsuitable");
                }
                self.same_day();
            }
            Trig::Referral | Trig::DataMon => self.same_day(),
        }
    }

    // ---- clean records ---------------------------------------------------------------------------------

    fn draw(&mut self, t: usize, day: i32) {
        if let Some((share, extra)) = self.share {
            return self.draw_share(share, extra, t, day);
        }
        let r = self.rng.below(100_000) as u32;
        let mut acc = 0u32;
        let mut breach = None;
        for (b, rate) in BREACHES {
            acc += rate;
            if r < acc {
                breach = Some(b);
                break;
            }
        }
        match breach {
            None => self.clean(day),
            Some(b) => {
                if !self.breach(b, t, day) {
                    self.clean(day);
                }
            }
        }
    }

    /// A record of `--breach-share`: a breach with that chance, each breach as likely against the others as its
    /// built-in rate says; at 100 %, breaches are drawn until one fits (at most 16 tries).
    fn draw_share(&mut self, share: f64, extra: usize, t: usize, day: i32) {
        let total: u32 = BREACHES.iter().map(|(_, r)| r).sum();
        let tries = if share >= 100.0 {
            16
        } else if self.rng.below(1_000_000) < (share * 10_000.0) as usize {
            1
        } else {
            0
        };
        for _ in 0..tries {
            let r = self.rng.below(total as usize) as u32;
            let mut acc = 0u32;
            let Some(b) = BREACHES.iter().find_map(|&(b, rate)| {
                acc += rate;
                (r < acc).then_some(b)
            }) else {
                break;
            };
            if self.breach(b, t, day) {
                for _ in 0..self.rng.below(extra + 1) {
                    let more = EXTRA_BREACHES.get(self.rng.below(EXTRA_BREACHES.len())).copied();
                    if let Some(more) = more.filter(|m| *m != b) {
                        self.mutate(more, day);
                    }
                }
                return;
            }
        }
        self.clean(day);
    }

    fn clean(&mut self, day: i32) {
        let kind =
            self.rng.weighted(KINDS.iter().map(|k| k.1)).and_then(|i| KINDS.get(i)).map_or(Kind::Random, |k| k.0);
        let ok = self.build(kind, day);
        let retry = matches!(kind, Kind::PlanVisit | Kind::JointRandom | Kind::Delegated);
        if !(ok || retry && self.build(Kind::Random, day) || self.build(Kind::Offsite, day)) {
            self.build(Kind::Visit, day);
        }
    }

    fn build(&mut self, kind: Kind, day: i32) -> bool {
        self.rec.reset();
        match kind {
            Kind::PlanVisit => self.plan_visit(day),
            Kind::Random => self.onsite(day, Trig::Random, 0, &W_RANDOM),
            Kind::JointRandom => {
                let partners = if self.rng.chance(0.3) { 2 } else { 1 };
                self.onsite(day, Trig::Random, partners, &W_RANDOM)
            }
            Kind::Delegated => self.delegated(day),
            Kind::Complaint => {
                let partners = usize::from(self.rng.chance(0.15));
                self.onsite(day, Trig::Complaint, partners, &W_COMPLAINT)
            }
            Kind::Referral => {
                let partners = usize::from(self.rng.chance(0.2));
                self.onsite(day, Trig::Referral, partners, &W_REFERRAL)
            }
            Kind::Patrol => self.onsite(day, Trig::Patrol, 0, &W_PATROL),
            Kind::DataMon if self.rng.chance(0.5) => self.offsite(day, Trig::DataMon),
            Kind::DataMon => self.onsite(day, Trig::DataMon, 0, &W_DATAMON),
            Kind::EntReq => self.onsite(day, Trig::EntReq, 0, &W_ENTREQ),
            Kind::Offsite => {
                let t = if self.rng.chance(0.7) { Trig::Random } else { Trig::DataMon };
                self.offsite(day, t)
            }
            Kind::Urgent => self.urgent(day),
            Kind::Visit => self.visit(day),
        }
    }

    fn onsite(&mut self, day: i32, trig: Trig, partners: usize, weights: &[u32; 11]) -> bool {
        let exempt = trig.always_exempt();
        let need = Need::OnSite { exempt };
        let Some(lead) = self.pick_agency(day, need, weights, 0, true) else { return false };
        self.rec.trig = trig;
        self.rec.onsite = true;
        self.rec.lead = lead;
        if !self.add_items(lead, day, need, 0.3, 0) {
            return false;
        }
        for _ in 0..partners {
            let room = if exempt { Need::OnSite { exempt: true } } else { Need::OnSite { exempt: false } };
            let Some(p) = self.pick_agency(day, Need::Any, &W_RANDOM, 0, false) else { break };
            if !self.room(p, room) {
                continue;
            }
            if self.add_items(p, day, Need::Any, 0.0, 0) {
                self.rec.joint.push(p);
            }
        }
        if !self.onsite_ok(exempt) {
            return false;
        }
        let evening = trig == Trig::Complaint && self.ent.code().starts_with("H62") && self.rng.chance(0.4);
        self.times(day, evening);
        self.staff();
        self.procedure(trig);
        true
    }

    fn offsite(&mut self, day: i32, trig: Trig) -> bool {
        let weights = if trig == Trig::DataMon { &W_DATAMON } else { &W_OFFSITE };
        let Some(lead) = self.pick_agency(day, Need::Offsite, weights, 0, false) else { return false };
        self.rec.trig = trig;
        self.rec.onsite = false;
        self.rec.lead = lead;
        if !self.add_items(lead, day, Need::Offsite, 0.25, 0) {
            return false;
        }
        self.times(day, false);
        self.staff();
        if trig == Trig::DataMon {
            self.same_day()
        } else {
            self.planned()
        }
        true
    }

    fn urgent(&mut self, day: i32) -> bool {
        let trig = match self.rng.weighted([40u32, 25, 15, 20].into_iter()) {
            Some(0) => Trig::Complaint,
            Some(1) => Trig::Referral,
            Some(2) => Trig::DataMon,
            _ => Trig::Patrol,
        };
        let need = Need::OnSite { exempt: true };
        let Some(lead) = self.pick_agency(day, need, &W_URGENT, 0, true) else { return false };
        self.rec.trig = trig;
        self.rec.lead = lead;
        if !self.add_items(lead, day, need, 0.2, 0) || !self.onsite_ok(true) {
            return false;
        }
        let kind = self.rng.weighted([40u32, 35, 25].into_iter()).unwrap_or(0);
        self.rec.urgency = ["temporary", "four-no-two-direct", "covert"].get(kind).copied();
        let evening = kind == 2 && self.rng.chance(0.4);
        self.times(day, evening);
        self.staff();
        let after = self.rng.chance(0.35);
        self.urgent_proc(after);
        true
    }

    fn visit(&mut self, day: i32) -> bool {
        let lead = self
            .pick_agency(day, Need::Any, &W_VISIT, ALLOW_RECENT, false)
            .or_else(|| (0..COUNTY_AGENCIES).filter_map(|t| self.county.agency(t)).find(|&a| self.has_officers(a)));
        let Some(lead) = lead else { return false };
        let act = self.rng.weighted([70u32, 15, 15].into_iter()).unwrap_or(0);
        self.rec.activity = ["visit", "study-visit", "supervision"].get(act).copied().unwrap_or("visit");
        self.rec.trig = if act == 2 { Trig::Referral } else { Trig::EntReq };
        self.rec.lead = lead;
        self.rec.onsite = true;
        self.times(day, false);
        let n = if self.rng.chance(0.5) { 2 } else { 1 };
        self.officers(lead, n);
        true
    }

    fn plan_visit(&mut self, day: i32) -> bool {
        let mut picks = std::mem::take(&mut self.picks);
        picks.clear();
        for &p in &self.county.plans {
            let Some(plan) = self.w.plans.get(p as usize) else { continue };
            if plan.spec.year != 2025 || plan.published.is_none_or(|d| d + 3 > day) {
                continue;
            }
            for (j, e) in plan.entries.iter().enumerate() {
                let j = j as u8;
                if !self.w.entry_has(e, self.ent_idx, &self.ent)
                    || self.st.used(p, j) >= e.tpl.times
                    || self.item(e.item).is_none_or(|i| i.published.is_none_or(|d| d > day))
                    || self.st.recent(e.item, day)
                    || !self.item(e.item).is_some_and(|i| self.has_officers(i.agency))
                {
                    continue;
                }
                picks.push((p, j));
            }
        }
        let chosen = self.rng.pick(&picks).copied();
        self.picks = picks;
        let Some((p, j)) = chosen else { return false };
        let Some(plan) = self.w.plans.get(p as usize) else { return false };
        let Some(first) = plan.entries.get(usize::from(j)) else { return false };
        let onsite = first.tpl.onsite;
        let joint_plan = plan.agencies.len() > 1;
        self.rec.items.push(first.item);
        let first_agency = self.item(first.item).map_or(0, |i| i.agency);
        for k in 0..self.picks.len() {
            let Some(&(p2, j2)) = self.picks.get(k) else { continue };
            if p2 != p || j2 == j {
                continue;
            }
            let Some(e) = plan.entries.get(usize::from(j2)) else { continue };
            if e.tpl.onsite != onsite || self.rec.items.contains(&e.item) {
                continue;
            }
            let a = self.item(e.item).map_or(0, |i| i.agency);
            let same_agency = self.rec.items.iter().any(|&i| self.item(i).is_some_and(|x| x.agency == a));
            let p_take = if joint_plan && !same_agency { 0.85 } else { 0.25 };
            if self.rng.chance(p_take) {
                self.rec.items.push(e.item);
            }
        }
        let lead = match plan.lead {
            Some(l) if self.rec.items.iter().any(|&i| self.item(i).is_some_and(|x| x.agency == l)) => l,
            _ => first_agency,
        };
        self.rec.lead = lead;
        for k in 0..self.rec.items.len() {
            let Some(a) = self.rec.items.get(k).and_then(|&i| self.item(i)).map(|x| x.agency) else { continue };
            if a != lead && !self.rec.joint.contains(&a) {
                self.rec.joint.push(a);
            }
        }
        self.rec.plan = Some(p);
        self.rec.trig = if plan.spec.special { Trig::Special } else { Trig::Plan };
        self.rec.onsite = onsite;
        if onsite && !self.onsite_ok(plan.exempt()) {
            return false;
        }
        self.times(day, false);
        self.staff();
        self.planned();
        true
    }

    /// 一表通查: an agency checks another agency's simple (delegable) item on its behalf.
    fn delegated(&mut self, day: i32) -> bool {
        self.cands.clear();
        for o in &self.opts {
            if !self.usable(o, day, 0) {
                continue;
            }
            let Some(item) = self.item(o.item) else { continue };
            if o.agency != item.agency {
                continue;
            }
            for &to in &item.delegated_to {
                if self.tpl_of(to) != TOWN && self.has_officers(to) && self.opts.iter().any(|x| x.agency == to) {
                    self.cands.push((to, o.item));
                }
            }
        }
        let Some(&(lead, item)) = self.rng.pick(&self.cands) else { return false };
        let Some(spec) = self.item(item) else { return false };
        self.rec.lead = lead;
        self.rec.delegated_by = Some(spec.agency);
        self.rec.items.push(item);
        self.rec.trig = Trig::Random;
        self.rec.onsite = true;
        let need = Need::OnSite { exempt: false };
        if spec.spec.method != Method::OnSite {
            if !self.add_items(lead, day, need, 0.0, 0) {
                return false;
            }
        } else if self.rng.chance(0.5) {
            self.add_items(lead, day, Need::Any, 0.0, 0);
        }
        if !self.onsite_ok(false) {
            return false;
        }
        self.times(day, false);
        self.staff();
        self.planned();
        true
    }

    /// Penalties (and the odd seizure) after some on-site inspections; sometimes the return visit is still to come.
    fn extras(&mut self) {
        if !self.rec.onsite || !self.rec.is_insp() || self.rec.penalty.is_some() || !self.rng.chance(0.045) {
            return;
        }
        self.penalty(false, false);
    }

    fn penalty(&mut self, first_minor: bool, no_return: bool) {
        let day = self.rec.day();
        // Decided within a few weeks, and within the year of the batch.
        let decided = (day + self.rng.between(5, 25)).min(YEAR_DAYS - 1).max(day);
        let (mut first, mut minor, mut corrected) = (self.rng.chance(0.5), self.rng.chance(0.35), self.rng.chance(0.7));
        if first_minor {
            (first, minor, corrected) = (true, true, true);
        } else if first && minor && corrected {
            corrected = false;
        }
        let visit = if no_return && decided + params().return_days < YEAR_DAYS - 5 {
            let late = decided + self.rng.between(100, 130);
            if self.rng.chance(0.6) || late >= YEAR_DAYS { None } else { Some(late) }
        } else {
            let v = decided + self.rng.between(20, 85);
            if v >= YEAR_DAYS || decided >= 280 && self.rng.chance(0.4) { None } else { Some(v) }
        };
        self.rec.penalty = Some(Penalty { decided, first, minor, corrected, visit });
        if self.rng.chance(0.2) {
            let basis =
                self.rec.items.first().and_then(|&i| self.item(i)).and_then(|x| x.spec.basis.split('；').next());
            let kind = if self.rng.chance(0.6) { "seize" } else { "seal" };
            self.rec.measures.push((kind, Some(basis.unwrap_or("《中华人民共和国行政强制法》第九条"))));
        }
    }

    // ---- breaches --------------------------------------------------------------------------------------

    /// Puts in a breach; false when it does not fit this enterprise or day (a clean record is made instead).
    fn breach(&mut self, b: Breach, t: usize, day: i32) -> bool {
        use Breach as B;
        match b {
            B::OverCap | B::MultiAgency | B::Repeated | B::RiskColor | B::HighFreq | B::ExcessiveExempt => {
                return self.burst(b, t, day);
            }
            B::CodeMissing
            | B::CodeLate
            | B::TooFew
            | B::Mismatch
            | B::Unqualified
            | B::Foreign
            | B::Arbitrary
            | B::Gifts
            | B::Hospitality
            | B::Expenses
            | B::Intermediary
            | B::LegalRep
            | B::FirstMinor
            | B::NoReturn
            | B::Disguised
            | B::Delegation => {
                // An added item (foreign, delegated) would also put a plan visit outside its plan: no plan then.
                let plan_weight = if matches!(b, B::Foreign | B::Delegation) { 0 } else { 35 };
                let kind = match self.rng.weighted([45u32, plan_weight, 20].into_iter()) {
                    Some(0) => Kind::Random,
                    Some(1) => Kind::PlanVisit,
                    _ => Kind::Complaint,
                };
                let ok = self.build(kind, day) && self.rec.onsite
                    || self.build(Kind::Random, day)
                    || self.build(Kind::Complaint, day);
                if !ok {
                    return false;
                }
            }
            B::ApprovalMissing | B::NoticeMissing | B::NoticeIncomplete => {
                let kind = match self.rng.weighted([40u32, 40, 20].into_iter()) {
                    Some(0) => Kind::Random,
                    Some(1) => Kind::PlanVisit,
                    _ => Kind::Offsite,
                };
                if !(self.build(kind, day) || self.build(Kind::Random, day) || self.build(Kind::Offsite, day)) {
                    return false;
                }
            }
            B::UrgentLate | B::UnknownYear => {
                if !self.build(Kind::Urgent, day) {
                    return false;
                }
            }
            B::Uncertified => {
                self.rec.reset();
                if !self.onsite(day, Trig::Random, 0, &W_UNCERT) {
                    self.rec.reset();
                    if !self.onsite(day, Trig::Complaint, 0, &W_UNCERT) {
                        return false;
                    }
                }
            }
            B::Entrustment => return self.early_town(day),
            B::Unpublished => return self.unpublished(day),
            B::OffsiteCapable => return self.offsite_capable(day),
            B::OutsidePlan => {
                self.rec.reset();
                if !self.onsite(day, Trig::Random, 0, &W_RANDOM) {
                    return false;
                }
            }
            B::InvalidUscc | B::UnknownRef | B::TimeOrder => {
                // Not a plan visit: an enterprise missing from the dataset is in no plan either.
                let kind = match self.rng.weighted([40u32, 25, 20, 15].into_iter()) {
                    Some(0) => Kind::Random,
                    Some(1) => Kind::Offsite,
                    Some(2) => Kind::Complaint,
                    _ => Kind::Patrol,
                };
                if !(self.build(kind, day) || self.build(Kind::Offsite, day) || self.build(Kind::Visit, day)) {
                    return false;
                }
            }
        }
        self.mutate(b, day)
    }

    fn mutate(&mut self, b: Breach, day: i32) -> bool {
        use Breach as B;
        let r = &mut self.rec;
        let urgent = r.urgency.is_some();
        match b {
            B::CodeMissing if r.onsite && r.is_insp() => r.code_at = None,
            B::CodeLate if r.onsite && !urgent && r.code_at.is_some() => {
                r.code_at = Some(r.start + self.rng.between(15, 90));
            }
            B::ApprovalMissing if !urgent => {
                r.approval = if self.rng.chance(0.5) { None } else { Some(r.start + self.rng.between(20, 240)) };
            }
            B::NoticeMissing if !urgent => {
                r.exemption = None;
                r.notice =
                    if self.rng.chance(0.6) { None } else { Some((r.start + self.rng.between(10, 120), [true; 4])) };
            }
            B::NoticeIncomplete if !urgent => {
                let sent = r.notice.map_or(r.start - self.rng.between(60, 600), |n| n.0);
                let mut flags = [true; 4];
                if let Some(f) = flags.get_mut(self.rng.below(4)) {
                    *f = false;
                }
                r.exemption = None;
                r.notice = Some((sent, flags));
            }
            B::UrgentLate if urgent => {
                let end_day = r.end.div_euclid(DAY_MIN);
                let late = self.w.cal.next_working(self.w.cal.next_working(end_day) + self.rng.between(0, 2));
                if late < YEAR_DAYS {
                    // Approved and coded days later, or coded late and never approved.
                    let ap = late * DAY_MIN + self.rng.between(54, 100) * 10;
                    r.approval = if self.rng.chance(0.7) { Some(ap) } else { None };
                    r.code_at = r.onsite.then_some(ap + 3);
                } else {
                    r.approval = None;
                }
            }
            B::UnknownYear if urgent => {
                // The end time typed with 2027 for 2025: the grace deadline falls in a year with no schedule.
                let ap = r.end + self.rng.between(10, 60);
                r.approval = Some(ap);
                r.code_at = r.onsite.then_some(ap + 2);
                r.end += (day_num(2027, 1, 1) - day_num(2025, 1, 1)) * DAY_MIN;
            }
            B::Uncertified => return self.add_uncertified(day),
            B::TooFew if r.onsite => {
                r.inspectors.truncate(1);
                if r.inspectors.is_empty() {
                    return false;
                }
            }
            B::Mismatch => return self.add_stranger(),
            B::Unqualified => {
                let Some(&a) = self.rng.pick(&self.county.barred) else { return false };
                self.rec.joint.push(a);
            }
            B::Foreign => return self.add_foreign(day),
            B::Delegation => return self.bad_delegation(day),
            B::Gifts => r.conduct[0] = true,
            B::Hospitality => r.conduct[1] = true,
            B::Expenses => r.conduct[2] = true,
            B::Intermediary => r.conduct[3] = true,
            B::LegalRep => r.conduct[4] = true,
            B::Arbitrary => {
                let kind = if self.rng.chance(0.5) { "seal" } else { "seize" };
                r.measures.push((kind, None));
            }
            B::Disguised if r.onsite && !r.items.is_empty() => {
                let a = self.rng.below(4);
                r.activity = ["observation", "supervision", "study-visit", "visit"].get(a).copied().unwrap_or("visit");
            }
            B::FirstMinor if r.onsite => self.penalty(true, false),
            B::NoReturn if r.onsite && day + 30 + params().return_days < YEAR_DAYS - 5 => self.penalty(false, true),
            B::InvalidUscc => {
                let actual = self.ent.uscc.get(17).copied().unwrap_or(b'0');
                let pos = USCC_ALPHABET.iter().position(|c| *c == actual).unwrap_or(0);
                let typo = USCC_ALPHABET.get((pos + 1 + self.rng.below(29)) % 31).copied().unwrap_or(b'0');
                r.ent = EntRef::Typo(typo);
            }
            B::UnknownRef => r.ent = EntRef::Unknown(self.rng.below(1_000_000) as u32),
            B::TimeOrder => r.end = r.start - self.rng.between(30, 240),
            B::OutsidePlan => return self.outside_plan(day),
            _ => return false,
        }
        true
    }

    fn add_uncertified(&mut self, day: i32) -> bool {
        let mut counted = std::mem::take(&mut self.scratch);
        self.rec.counted(&mut counted);
        let mut pick = None;
        for &a in &counted {
            let Some(ag) = self.agency(a) else { continue };
            let mut choices: [Option<u32>; 3] = [ag.uncertified, None, None];
            if day >= day_num(2025, 7, 1) {
                choices[1] = ag.expired;
            }
            if day >= day_num(2025, 8, 15) {
                choices[2] = ag.revoked;
            }
            let n = choices.iter().flatten().count();
            if n > 0 {
                let k = self.rng.below(n);
                pick = choices.iter().flatten().nth(k).copied();
                break;
            }
        }
        self.scratch = counted;
        match pick {
            Some(p) => {
                self.rec.inspectors.push(p);
                true
            }
            None => false,
        }
    }

    fn add_stranger(&mut self) -> bool {
        let mut counted = std::mem::take(&mut self.scratch);
        self.rec.counted(&mut counted);
        let others: Vec<u32> = (0..COUNTY_AGENCIES)
            .filter_map(|t| self.county.agency(t))
            .filter(|a| !counted.contains(a) && self.has_officers(*a))
            .collect();
        self.scratch = counted;
        let Some(&a) = self.rng.pick(&others) else { return false };
        let Some(&p) = self.agency(a).and_then(|x| self.rng.pick(&x.officers)) else { return false };
        self.rec.inspectors.push(p);
        true
    }

    fn add_foreign(&mut self, day: i32) -> bool {
        let mut counted = std::mem::take(&mut self.scratch);
        self.rec.counted(&mut counted);
        let lead = self.rec.lead;
        let mut found = Vec::new();
        for o in &self.opts {
            let Some(item) = self.item(o.item) else { continue };
            if o.agency == item.agency
                && !counted.contains(&item.agency)
                && !item.delegated_to.contains(&lead)
                && o.from <= day
                && !self.rec.items.contains(&o.item)
            {
                found.push(o.item);
            }
        }
        self.scratch = counted;
        let Some(&i) = self.rng.pick(&found) else { return false };
        self.rec.items.push(i);
        true
    }

    fn bad_delegation(&mut self, day: i32) -> bool {
        for (agency_tpl, item_tpl) in [(XFJY, XFJY_01), (WSJK, WSJK_01 + 1)] {
            let (Some(a), Some(i)) = (self.county.agency(agency_tpl), self.county.item(item_tpl)) else { continue };
            let usable = self.opts.iter().any(|o| o.item == i && o.agency == a && o.from <= day);
            if a == self.rec.lead || self.rec.joint.contains(&a) || !usable || self.rec.items.contains(&i) {
                continue;
            }
            self.rec.delegated_by = Some(a);
            self.rec.items.push(i);
            return true;
        }
        false
    }

    fn outside_plan(&mut self, day: i32) -> bool {
        let lead = self.rec.lead;
        let mut best = None;
        for &p in &self.county.plans {
            let Some(plan) = self.w.plans.get(p as usize) else { continue };
            if plan.spec.special || !plan.agencies.contains(&lead) || plan.published.is_none_or(|d| d >= day) {
                continue;
            }
            let covered = self
                .rec
                .items
                .iter()
                .all(|&i| plan.entries.iter().any(|e| e.item == i && self.w.entry_has(e, self.ent_idx, &self.ent)));
            if plan.spec.year != 2025 || !covered {
                best = Some(p);
                if plan.tpl == PT_2024 || self.rng.chance(0.5) {
                    break;
                }
            }
        }
        let Some(p) = best else { return false };
        self.rec.trig = Trig::Plan;
        self.rec.plan = Some(p);
        true
    }

    /// An entrusted town team inspecting before its entrustment was published.
    fn early_town(&mut self, day: i32) -> bool {
        let town = if self.ent.town != u32::MAX { Some(self.ent.town) } else { self.county.towns.first().copied() };
        let Some(town) = town else { return false };
        let Some(ag) = self.agency(town) else { return false };
        if ag.entrustment_published_on.is_none_or(|d| d < day) || ag.officers.is_empty() {
            return false;
        }
        let items: Vec<u32> = self
            .opts
            .iter()
            .filter(|o| {
                o.method == Method::OnSite
                    && self.item(o.item).is_some_and(|i| i.spec.agency == ZHZF && i.published.is_some_and(|p| p <= day))
                    && !self.st.recent(o.item, day)
            })
            .map(|o| o.item)
            .collect();
        let Some(&i) = self.rng.pick(&items) else { return false };
        self.rec.reset();
        self.rec.lead = town;
        self.rec.trig = Trig::Patrol;
        self.rec.items.push(i);
        self.times(day, false);
        self.staff();
        self.rec.exemption = Some("unsuitable");
        self.same_day();
        true
    }

    /// An item not (yet) in the published catalogue.
    fn unpublished(&mut self, day: i32) -> bool {
        let code = self.ent.code();
        let (agency_tpl, item_tpl) = if code == "A0170" {
            (NYNC, NYNC_04)
        } else if (code == "F5152" || code == "F5252") && day < day_num(2025, 6, 16) {
            (SCJG, SCJG_08)
        } else {
            return false;
        };
        let (Some(_), Some(i)) = (self.county.agency(agency_tpl), self.county.item(item_tpl)) else { return false };
        let mut weights = [0u32; 11];
        if let Some(w) = weights.get_mut(agency_tpl) {
            *w = 1;
        }
        self.rec.reset();
        let trig = if self.rng.chance(0.5) { Trig::Patrol } else { Trig::Random };
        if !self.onsite(day, trig, 0, &weights) {
            return false;
        }
        self.rec.items.push(i);
        true
    }

    /// An on-site inspection of items that a written check (书面核查) could serve.
    fn offsite_capable(&mut self, day: i32) -> bool {
        self.rec.reset();
        let Some(lead) = self.pick_agency(day, Need::Offsite, &W_OFFSITE, 0, false) else { return false };
        if !self.room(lead, Need::OnSite { exempt: false }) {
            return false;
        }
        self.rec.lead = lead;
        self.rec.trig = Trig::Random;
        if !self.add_items(lead, day, Need::Offsite, 0.2, 0) {
            return false;
        }
        self.rec.onsite = true;
        if !self.onsite_ok(false) {
            return false;
        }
        self.times(day, false);
        self.staff();
        self.planned();
        true
    }

    // ---- bursts: cross-record breaches -----------------------------------------------------------------

    /// Agencies with a usable on-site item, for forced records.
    fn onsite_agencies(&mut self, day: i32) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for o in &self.opts {
            if o.method == Method::OnSite
                && !o.capped
                && o.from <= day
                && !out.contains(&o.agency)
                && self.has_officers(o.agency)
            {
                out.push(o.agency);
            }
        }
        out
    }

    fn burst(&mut self, b: Breach, t: usize, day: i32) -> bool {
        use Breach as B;
        let left = self.k.saturating_sub(t);
        let mut agencies = self.onsite_agencies(day);
        if agencies.is_empty() {
            return false;
        }
        match b {
            B::OverCap => {
                let best = agencies.iter().map(|&a| count_of(&self.st.nonexempt, a)).max().unwrap_or(0);
                agencies.retain(|&a| count_of(&self.st.nonexempt, a) == best);
                let Some(&a) = self.rng.pick(&agencies) else { return false };
                let need = usize::from((CAP + 1).saturating_sub(best).max(1));
                if need > left {
                    return false;
                }
                for _ in 1..need {
                    self.pending.push_back(Force { agency: a, exempt: false, item: None });
                }
                self.forced(Force { agency: a, exempt: false, item: None }, day);
            }
            B::MultiAgency => {
                if left < 3 || agencies.len() < 3 || self.days.len() < t + 3 {
                    return false;
                }
                let d1 = self.w.cal.next_working(day + self.rng.between(3, 8));
                let d2 = self.w.cal.next_working(d1 + self.rng.between(3, 8));
                let limit = self.days.get(t + 3).copied().unwrap_or(YEAR_DAYS);
                if d2 - day >= params().multi_days || d2 >= limit || d2 >= YEAR_DAYS {
                    return false;
                }
                if let Some(x) = self.days.get_mut(t + 1) {
                    *x = d1;
                }
                if let Some(x) = self.days.get_mut(t + 2) {
                    *x = d2;
                }
                let mut chosen = [0u32; 3];
                for c in &mut chosen {
                    let i = self.rng.below(agencies.len());
                    *c = agencies.swap_remove(i.min(agencies.len().saturating_sub(1)));
                }
                let [a0, a1, a2] = chosen;
                let ex = [self.rng.chance(0.5), self.rng.chance(0.5), self.rng.chance(0.5)];
                self.pending.push_back(Force {
                    agency: a1,
                    exempt: ex[1] || count_of(&self.st.nonexempt, a1) >= CAP,
                    item: None,
                });
                self.pending.push_back(Force {
                    agency: a2,
                    exempt: ex[2] || count_of(&self.st.nonexempt, a2) >= CAP,
                    item: None,
                });
                self.forced(
                    Force { agency: a0, exempt: ex[0] || count_of(&self.st.nonexempt, a0) >= CAP, item: None },
                    day,
                );
            }
            B::Repeated => {
                let recent: Vec<u32> = self
                    .st
                    .item_last
                    .iter()
                    .filter(|&&(i, d)| {
                        day - d < params().repeat_days
                            && self.opts.iter().any(|o| o.item == i && o.from <= day && o.method == Method::OnSite)
                    })
                    .map(|x| x.0)
                    .collect();
                if let Some(&i) = self.rng.pick(&recent) {
                    let a = self.item(i).map_or(0, |x| x.agency);
                    let exempt = self.rng.chance(0.5) || count_of(&self.st.nonexempt, a) >= CAP;
                    self.forced(Force { agency: a, exempt, item: Some(i) }, day);
                } else {
                    let next = self.days.get(t + 1).copied();
                    if left < 2 || next.is_none_or(|d| d - day >= params().repeat_days) {
                        return false;
                    }
                    let Some(&a) = self.rng.pick(&agencies) else { return false };
                    let items: Vec<u32> = self
                        .opts
                        .iter()
                        .filter(|o| o.agency == a && o.method == Method::OnSite && o.from <= day && !o.capped)
                        .map(|o| o.item)
                        .collect();
                    let Some(&i) = self.rng.pick(&items) else { return false };
                    let exempt = count_of(&self.st.nonexempt, a) >= CAP;
                    self.pending.push_back(Force { agency: a, exempt: true, item: Some(i) });
                    self.forced(Force { agency: a, exempt, item: Some(i) }, day);
                }
            }
            B::RiskColor => {
                let Some(cap) = color_cap(self.ent.color) else { return false };
                let need = usize::from((cap + 1).saturating_sub(self.st.ent_nonexempt));
                if need == 0 || need > left || need > 4 {
                    return false;
                }
                let mut plan: Vec<u32> = Vec::with_capacity(need);
                let mut taken: Vec<(u32, u8)> = Vec::new();
                for _ in 0..need * 4 {
                    if plan.len() == need {
                        break;
                    }
                    let Some(&a) = self.rng.pick(&agencies) else { break };
                    let used = count_of(&self.st.nonexempt, a) + count_of(&taken, a);
                    if used < CAP {
                        plan.push(a);
                        bump(&mut taken, a);
                    }
                }
                if plan.len() < need {
                    return false;
                }
                for &a in plan.iter().skip(1) {
                    self.pending.push_back(Force { agency: a, exempt: false, item: None });
                }
                let first = plan.first().copied().unwrap_or(0);
                self.forced(Force { agency: first, exempt: false, item: None }, day);
            }
            B::HighFreq => {
                let need = usize::from(params().high_frequency.saturating_sub(self.st.onsite));
                if need == 0 || need > left {
                    return false;
                }
                let mut forced = Vec::with_capacity(need);
                for n in 0..need {
                    let a = agencies.get((n + t) % agencies.len()).copied().unwrap_or(0);
                    forced.push(Force { agency: a, exempt: true, item: None });
                }
                let mut it = forced.into_iter();
                let Some(first) = it.next() else { return false };
                self.pending.extend(it);
                self.forced(first, day);
            }
            B::ExcessiveExempt => {
                let preferred = agencies.iter().copied().find(|&a| matches!(self.tpl_of(a), ZHZF | SCJG | STHJ));
                let Some(a) = preferred.or_else(|| agencies.first().copied()) else { return false };
                let need = usize::from((EXEMPT_CAP + 1).saturating_sub(count_of(&self.st.exempt, a)));
                if need == 0 || need > left {
                    return false;
                }
                for _ in 1..need {
                    self.pending.push_back(Force { agency: a, exempt: true, item: None });
                }
                self.forced(Force { agency: a, exempt: true, item: None }, day);
            }
            _ => return false,
        }
        true
    }

    fn forced(&mut self, f: Force, day: i32) {
        self.rec.reset();
        let trig = if f.exempt {
            match self.rng.weighted([50u32, 30, 20].into_iter()) {
                Some(0) => Trig::Complaint,
                Some(1) => Trig::Patrol,
                _ => Trig::Referral,
            }
        } else {
            Trig::Random
        };
        self.rec.trig = trig;
        self.rec.lead = f.agency;
        self.rec.onsite = true;
        match f.item {
            Some(i) => self.rec.items.push(i),
            None => {
                let need = Need::OnSite { exempt: f.exempt };
                if !self.add_items(f.agency, day, need, 0.0, NO_CAP) {
                    self.add_items(f.agency, day, need, 0.0, NO_CAP | ALLOW_RECENT);
                }
            }
        }
        self.times(day, false);
        self.staff();
        self.procedure(trig);
    }

    // ---- sector data -----------------------------------------------------------------------------------

    fn counted_has(&mut self, tpls: &[usize]) -> bool {
        let mut counted = std::mem::take(&mut self.scratch);
        self.rec.counted(&mut counted);
        let found = counted.iter().any(|&a| tpls.contains(&self.tpl_of(a)));
        self.scratch = counted;
        found
    }

    fn sector(&mut self) {
        if !self.rec.onsite || !self.rec.is_insp() {
            return;
        }
        let code = self.ent.code();
        if code.starts_with('C') && self.counted_has(&[YJGL]) && self.rng.chance(0.7) {
            self.safety();
        }
        if is_herbal(code) && self.counted_has(&[SCJG, NYNC]) && self.rng.chance(0.6) {
            self.herbal();
        }
    }

    fn safety(&mut self) {
        let code = self.ent.code();
        let tags = self.ent.tags;
        let r = self.rng.below(1000);
        let n_hazards = self.rng.below(3);
        let mut hazards: [&'static str; 2] = [""; 2];
        for h in hazards.iter_mut().take(n_hazards) {
            *h = self.rng.pick(MINOR_HAZARDS).copied().unwrap_or("安全出口处堆放杂物");
        }
        let tag_situation = if tags & T_DUST != 0 {
            Some(("除尘系统未采取泄爆等爆炸防控措施", "dust-collector-no-venting", "第十一条第（三）项"))
        } else if tags & T_AMMONIA != 0 {
            Some(("速冻间作业人员超过9人", "ammonia-quick-freezer-crowded", "第十二条第（二）项"))
        } else if tags & T_CONFINED != 0 {
            Some(("有限空间作业未经审批、未设监护人员", "confined-space-no-permit", "第十三条第（二）项"))
        } else {
            None
        };
        let s = &mut self.rec.safety;
        s.on = true;
        s.checked.extend(safety_routine());
        if safety_licensed(code) {
            s.checked.push("production-licence");
        }
        for (t, name) in
            [(T_DUST, "dust-explosion"), (T_AMMONIA, "ammonia-refrigeration"), (T_CONFINED, "confined-space")]
        {
            if tags & t != 0 {
                s.checked.push(name);
            }
        }
        for h in hazards.iter().take(n_hazards) {
            s.hazards.push((h, false, None));
        }
        s.record = [true; 4];
        match r {
            // checklist not covered (routine inspections only are judged)
            0..=29 => {
                let n = 1 + self.rng.below(2);
                for _ in 0..n {
                    let k = self.rng.below(s.checked.len());
                    if k < s.checked.len() {
                        s.checked.remove(k);
                    }
                }
            }
            // uncertified special operators, not classified as a major hazard
            30..=54 => s.uncertified = 1 + self.rng.below(3) as u32,
            // a 部令10号 situation, not classified
            55..=74 => match tag_situation {
                Some((_, key, _)) => s.situations.push(key),
                None => s.situations.push("contractor-not-coordinated"),
            },
            // record lacks an art. 68 element
            75..=99 => {
                if let Some(x) = s.record.get_mut(self.rng.below(4)) {
                    *x = false;
                }
            }
            // suspension without a qualifying hazard or the art. 65 statement
            100..=114 => {
                if self.rng.chance(0.5) {
                    s.hazards.push(("作业现场存在较大安全隐患", true, None));
                    s.cannot_ensure = true;
                } else {
                    s.hazards.push(("作业现场存在重大事故隐患", true, Some("第三条第（二）项")));
                }
                self.rec.measures.push(("suspend", Some(SAFETY_BASIS)));
            }
            // a major hazard found and handled by the book: classified, cited, suspended with the statement
            115..=139 => {
                let (desc, key, article) = tag_situation.unwrap_or((
                    "特种作业人员未持证上岗",
                    "contractor-not-coordinated",
                    "第三条第（二）项",
                ));
                if key != "contractor-not-coordinated" {
                    s.situations.push(key);
                }
                s.hazards.push((desc, true, Some(article)));
                s.cannot_ensure = true;
                self.rec.measures.push(("suspend", Some(SAFETY_BASIS)));
            }
            _ => {}
        }
    }

    fn herbal(&mut self) {
        const TRADED: [&str; 9] = ["白术", "元胡", "浙贝母", "玄参", "白芍", "天麻", "山药", "党参", "当归"];
        let code = self.ent.code();
        let role = match code {
            "A0170" => "grower",
            "C2730" => "processor",
            _ => "trader",
        };
        let n = if self.rng.chance(0.7) { 1 } else { 2 };
        let pool: &[&'static str] = if role == "trader" { &TRADED } else { TRADED.get(..6).unwrap_or(&TRADED) };
        let mut samples = [Sample::default(); 2];
        for s in samples.iter_mut().take(n) {
            let herb = self.rng.pick(pool).copied().unwrap_or("白术");
            let limit = so2_limit(herb);
            s.herb = herb;
            s.so2 = Some(self.rng.tenths(limit * 0.02, limit * 0.6));
            if herb == "元胡" {
                let b1 = self.rng.tenths(0.2, 3.0);
                s.b1 = Some(b1);
                s.total = Some(((b1 + self.rng.tenths(0.3, 3.0)) * 10.0).round() / 10.0);
            }
            if self.rng.chance(0.15) {
                let name = if self.rng.chance(0.5) { "多菌灵" } else { "吡虫啉" };
                s.pesticide = Some((name, hundredths(&mut self.rng, 0.01, 0.2)));
            }
        }
        let h = &mut self.rec.herbal;
        h.on = true;
        h.role = role;
        if role == "grower" {
            h.pesticide_years = Some(if self.rng.chance(0.6) { 2.0 } else { 3.0 });
        } else {
            h.trade = Some(true);
            h.origin = Some(true);
        }
        h.outcome = Some(false);
        let r = self.rng.below(1000);
        match r {
            0..=29 => {
                if let Some(s) = samples.first_mut() {
                    let limit = so2_limit(s.herb);
                    s.so2 = Some(self.rng.tenths(limit * 1.2, limit * 3.0));
                }
                h.outcome = Some(self.rng.chance(0.5));
            }
            30..=49 => {
                if let Some(s) = samples.first_mut() {
                    let name = self.rng.pick(&["甲胺磷", "六六六", "对硫磷", "氟乙酰胺"]).copied().unwrap_or("甲胺磷");
                    s.pesticide = Some((name, hundredths(&mut self.rng, 0.02, 0.3)));
                }
                h.outcome = Some(self.rng.chance(0.6));
            }
            50..=74 => {
                if role == "grower" {
                    h.pesticide_years = Some(if self.rng.chance(0.5) { 0.5 } else { 1.0 });
                } else if self.rng.chance(0.5) {
                    h.trade = Some(false);
                } else {
                    h.origin = Some(false);
                }
            }
            75..=89 if role != "trader" => {
                h.fumigation = true;
                h.outcome = Some(true);
            }
            90..=99 => {
                if let Some(s) = samples.first_mut() {
                    s.herb = "元胡";
                    s.so2 = Some(self.rng.tenths(3.0, 90.0));
                    let b1 = self.rng.tenths(6.0, 12.0);
                    s.b1 = Some(b1);
                    s.total = Some(((b1 + self.rng.tenths(2.0, 5.0)) * 10.0).round() / 10.0);
                }
                h.outcome = Some(true);
            }
            _ => {}
        }
        h.samples.extend(samples.iter().take(n).copied());
    }

    // ---- state and output ------------------------------------------------------------------------------

    fn commit(&mut self) {
        if !self.rec.is_insp() {
            return;
        }
        let day = self.rec.day();
        let plan = self.rec.plan.and_then(|p| self.w.plans.get(p as usize));
        let exempt = self.rec.trig.always_exempt() || self.rec.trig == Trig::Special && plan.is_some_and(Plan::exempt);
        let mut counted = std::mem::take(&mut self.scratch);
        self.rec.counted(&mut counted);
        if self.rec.onsite {
            self.st.onsite = self.st.onsite.saturating_add(1);
            for &a in &counted {
                bump(if exempt { &mut self.st.exempt } else { &mut self.st.nonexempt }, a);
            }
            if !exempt {
                self.st.ent_nonexempt = self.st.ent_nonexempt.saturating_add(1);
            }
            if !self.rec.is_joint() {
                // Only the last separate visit of each lead matters for the 30-day window (days never go back).
                let lead = self.rec.lead;
                match self.st.separate.iter_mut().find(|x| x.1 == lead) {
                    Some(x) => x.0 = x.0.max(day),
                    None => self.st.separate.push((day, lead)),
                }
            }
        }
        self.scratch = counted;
        if !exempt {
            for &i in &self.rec.items {
                match self.st.item_last.iter_mut().find(|x| x.0 == i) {
                    Some(x) => x.1 = x.1.max(day),
                    None => self.st.item_last.push((i, day)),
                }
            }
        }
        if let (Trig::Plan | Trig::Special, Some(plan), Some(p)) = (self.rec.trig, plan, self.rec.plan) {
            for &i in &self.rec.items {
                for (j, e) in plan.entries.iter().enumerate() {
                    if e.item == i && self.w.entry_has(e, self.ent_idx, &self.ent) {
                        let j = j as u8;
                        match self.st.used.iter_mut().find(|x| x.0 == p && x.1 == j) {
                            Some(x) => x.2 = x.2.saturating_add(1),
                            None => self.st.used.push((p, j, 1)),
                        }
                    }
                }
            }
        }
    }

    fn emit(&mut self, out: &mut impl Write) -> Result<u64> {
        self.seq += 1;
        let mut b = std::mem::take(&mut self.buf);
        b.clear();
        let w = self.w;
        let r = &self.rec;
        let _ = write!(b, "{{\"id\":\"I-2025-{:0width$}\",\"activity\":", self.seq, width = self.width);
        js(&mut b, r.activity);
        b.push_str(",\"trigger\":");
        js(&mut b, r.trig.as_str());
        b.push_str(",\"plan\":");
        js_opt(&mut b, r.plan.and_then(|p| w.plans.get(p as usize)).map(|p| p.id.as_str()));
        b.push_str(",\"mode\":");
        js(&mut b, if r.onsite { "on-site" } else { "off-site" });
        b.push_str(",\"lead_agency\":");
        js(&mut b, w.agency_id(r.lead));
        b.push_str(",\"joint_agencies\":");
        push_list(&mut b, r.joint.iter().map(|a| w.agency_id(*a)));
        b.push_str(",\"delegated_by\":");
        js_opt(&mut b, r.delegated_by.map(|a| w.agency_id(a)));
        b.push_str(",\"inspectors\":");
        push_list(&mut b, r.inspectors.iter().map(|p| w.inspectors.get(*p as usize).map_or("", |x| x.id.as_str())));
        b.push_str(",\"enterprise\":");
        match r.ent {
            EntRef::Known => js(&mut b, self.ent.id()),
            EntRef::Typo(c) => {
                let mut id = self.ent.uscc;
                if let Some(x) = id.get_mut(17) {
                    *x = c;
                }
                js(&mut b, std::str::from_utf8(&id).unwrap_or(""));
            }
            EntRef::Unknown(n) => {
                let size = u64::from(self.county.ent_end - self.county.ent_start);
                let salt = hash2(w.seed ^ 0x17, u64::from(self.ent.county));
                let id = make_uscc("92", self.county.code, size + u64::from(n), false, salt)?;
                js(&mut b, std::str::from_utf8(&id).unwrap_or(""));
            }
        }
        b.push_str(",\"started_at\":");
        push_time(&mut b, r.start);
        b.push_str(",\"ended_at\":");
        push_time(&mut b, r.end);
        b.push_str(",\"items\":");
        push_list(&mut b, r.items.iter().map(|i| w.items.get(*i as usize).map_or("", |x| x.id.as_str())));
        b.push_str(",\"approval\":");
        match r.approval {
            Some(t) => {
                b.push_str("{\"approved_at\":");
                push_time(&mut b, t);
                b.push('}');
            }
            None => b.push_str("null"),
        }
        match r.code_at {
            Some(t) => {
                let (y, m, d) = civil(t.div_euclid(DAY_MIN));
                let _ = write!(
                    b,
                    ",\"code\":\"ZJXZ{}{y:04}{m:02}{d:02}{:05}\",\"code_assigned_at\":",
                    self.county.code,
                    self.seq % 100_000
                );
                push_time(&mut b, t);
            }
            None => b.push_str(",\"code\":null,\"code_assigned_at\":null"),
        }
        b.push_str(",\"urgency\":");
        match r.urgency {
            Some(k) => {
                b.push_str("{\"kind\":");
                js(&mut b, k);
                b.push('}');
            }
            None => b.push_str("null"),
        }
        b.push_str(",\"notice\":");
        match r.notice {
            Some((t, [a, c, d, e])) => {
                b.push_str("{\"sent_at\":");
                push_time(&mut b, t);
                let _ = write!(b, ",\"time\":{a},\"basis\":{c},\"purpose\":{d},\"content\":{e}}}");
            }
            None => b.push_str("null"),
        }
        b.push_str(",\"notice_exemption\":");
        js_opt(&mut b, r.exemption);
        let [g, h, x, i, l] = r.conduct;
        let _ = write!(
            b,
            ",\"conduct\":{{\"gifts\":{g},\"hospitality\":{h},\"expenses_charged\":{x},\"designated_intermediary\":{i},\"legal_rep_required\":{l}}},\"measures\":["
        );
        for (k, (kind, basis)) in r.measures.iter().enumerate() {
            if k > 0 {
                b.push(',');
            }
            b.push_str("{\"kind\":");
            js(&mut b, kind);
            b.push_str(",\"legal_basis\":");
            js_opt(&mut b, *basis);
            b.push('}');
        }
        b.push_str("],\"penalty\":");
        match r.penalty {
            Some(p) => {
                b.push_str("{\"decided_on\":");
                push_date(&mut b, p.decided);
                let _ = write!(
                    b,
                    ",\"first_offense\":{},\"minor\":{},\"corrected\":{},\"return_visit_on\":",
                    p.first, p.minor, p.corrected
                );
                push_date_opt(&mut b, p.visit);
                b.push('}');
            }
            None => b.push_str("null"),
        }
        b.push_str(",\"sector_data\":{");
        if r.safety.on {
            write_safety(&mut b, &r.safety);
        }
        if r.herbal.on {
            if r.safety.on {
                b.push(',');
            }
            write_herbal(&mut b, &r.herbal);
        }
        b.push_str("}}\n");
        out.write_all(b.as_bytes())?;
        let n = b.len() as u64;
        self.buf = b;
        Ok(n)
    }
}

/// The SO2 residue limit of a herb as the herbal plugin judges it (Chinese Pharmacopoeia 2020), in mg/kg.
fn so2_limit(herb: &str) -> f64 {
    jiancha_plugin_herbal::limits::so2_limit(herb, "chp-2020").map_or(150.0, |row| row.mg_per_kg)
}

/// The routine items of the safety plugin's checklist (every checked enterprise), in its order.
fn safety_routine() -> impl Iterator<Item = &'static str> {
    use jiancha_plugin_safety::data::{CHECKLIST, Scope};
    CHECKLIST.iter().filter(|c| matches!(c.scope, Scope::Routine)).map(|c| c.key)
}

/// Whether the safety plugin judges a 安全生产许可证 for the industry: one of its non-open licensed classes.
fn safety_licensed(industry: &str) -> bool {
    use jiancha_plugin_safety::data::{LICENSED_INDUSTRIES, Status};
    LICENSED_INDUSTRIES.iter().any(|p| p.status != Status::Open && industry.starts_with(p.code))
}

fn hundredths(rng: &mut Rng, lo: f64, hi: f64) -> f64 {
    let v = lo + (hi - lo) * ((rng.next() >> 11) as f64) * (1.0 / 9_007_199_254_740_992.0);
    ((v * 100.0).round() / 100.0).max(0.01)
}

fn push_num(b: &mut String, v: Option<f64>) {
    match v {
        Some(x) => {
            let _ = write!(b, "{x}");
        }
        None => b.push_str("null"),
    }
}

fn write_safety(b: &mut String, s: &SafetyData) {
    b.push_str("\"safety\":{\"checked\":");
    push_list(b, s.checked.iter().copied());
    b.push_str(",\"hazards\":[");
    for (k, (desc, major, article)) in s.hazards.iter().enumerate() {
        if k > 0 {
            b.push(',');
        }
        b.push_str("{\"description\":");
        js(b, desc);
        let _ = write!(b, ",\"major\":{major},\"standard_article\":");
        js_opt(b, *article);
        b.push('}');
    }
    let _ = write!(b, "],\"uncertified_special_operators\":{},\"situations\":", s.uncertified);
    push_list(b, s.situations.iter().copied());
    let [p, q, h, g] = s.record;
    let _ = write!(
        b,
        ",\"cannot_ensure_safety\":{},\"record\":{{\"place\":{p},\"problems\":{q},\"handling\":{h},\"signatures\":{g}}}}}",
        s.cannot_ensure
    );
}

fn write_herbal(b: &mut String, h: &HerbalData) {
    b.push_str("\"herbal\":{\"role\":");
    js(b, h.role);
    b.push_str(",\"samples\":[");
    for (k, s) in h.samples.iter().enumerate() {
        if k > 0 {
            b.push(',');
        }
        b.push_str("{\"herb\":");
        js(b, s.herb);
        b.push_str(",\"so2_mg_per_kg\":");
        push_num(b, s.so2);
        b.push_str(",\"aflatoxin_b1_ug_per_kg\":");
        push_num(b, s.b1);
        b.push_str(",\"aflatoxin_total_ug_per_kg\":");
        push_num(b, s.total);
        b.push_str(",\"pesticides\":[");
        if let Some((name, v)) = s.pesticide {
            b.push_str("{\"name\":");
            js(b, name);
            let _ = write!(b, ",\"mg_per_kg\":{v}}}");
        }
        b.push_str("]}");
    }
    b.push_str("],\"pesticide_record_years\":");
    push_num(b, h.pesticide_years);
    b.push_str(",\"trade_records\":");
    match h.trade {
        Some(x) => push_bool(b, x),
        None => b.push_str("null"),
    }
    b.push_str(",\"origin_stated\":");
    match h.origin {
        Some(x) => push_bool(b, x),
        None => b.push_str("null"),
    }
    let _ = write!(b, ",\"sulfur_fumigation_observed\":{},\"outcome_violation\":", h.fumigation);
    match h.outcome {
        Some(x) => push_bool(b, x),
        None => b.push_str("null"),
    }
    b.push('}');
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail loudly")]

    use super::*;

    /// Each breach breaks a rule of its own, and docs/generate.md gives each rule's rate as BREACHES does.
    #[test]
    fn breaches_are_keyed_by_rule_and_documented() {
        let rules: std::collections::BTreeSet<Rule> = BREACHES.iter().map(|(b, _)| b.rule()).collect();
        assert_eq!(rules.len(), BREACHES.len());
        let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/generate.md")).unwrap();
        for (b, rate) in BREACHES {
            let id = b.rule().id();
            let short = id.split_once('.').map_or(id, |(_, n)| n);
            let row = docs
                .lines()
                .find(|l| {
                    l.starts_with("| ")
                        && (l.contains(&format!("`{id}`"))
                            || (id.starts_with("conduct.") && l.contains(short) && l.contains("`conduct.")))
                })
                .unwrap_or_else(|| panic!("docs/generate.md has no row for {id}"));
            let rate = format!("{rate}")
                .chars()
                .rev()
                .collect::<Vec<_>>()
                .chunks(3)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .rev()
                .collect::<String>();
            assert!(row.contains(&rate), "{id}: docs/generate.md does not give {rate} per 100 000: {row}");
        }
    }
}
