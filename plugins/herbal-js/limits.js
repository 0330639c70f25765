// @ts-check
/**
 * @file The limit tables: every number the plugin checks against, each row with its edition and provenance — the
 * same rows as `plugins/herbal/src/limits.rs`.
 *
 * Nothing here is a silent constant. A row names the pharmacopoeia edition it comes from (and so the day it is in
 * force) and how sure we are of it ({@link Status}). Rows marked `open` are shipped for reference and never
 * checked. Adding the Chinese Pharmacopoeia 2025 values, once confirmed, means adding rows with edition
 * `chp-2025`; the lookup then picks them for records from 2025-10-01 on.
 */

/**
 * How sure we are of a row (the scale of `shared/domain/legal-basis.md`): `sure` — the wording was seen in a
 * source; `probable` — consistent secondary sources; `likely` — believed but not confirmed, checked and said so in
 * every message; `open` — not confirmed, shipped for reference, never checked.
 * @typedef {'sure' | 'probable' | 'likely' | 'open'} Status
 */

/**
 * Whether rows of this status are checked.
 * @param {Status} status
 */
export function checked(status) {
  return status !== 'open';
}

/**
 * Chinese and English labels of the statuses.
 * @type {Readonly<{ [K in Status]: readonly [zh: string, en: string] }>}
 */
const LABELS = Object.freeze({
  sure: ['确定', 'sure'],
  probable: ['较可靠', 'probable'],
  likely: ['可能，待核', 'likely, unconfirmed'],
  open: ['待核', 'open'],
});

/**
 * Chinese and English labels of a status.
 * @param {Status} status
 */
export function statusLabel(status) {
  return LABELS[status];
}

/**
 * A pharmacopoeia edition.
 * @typedef {object} Edition
 * @property {string} key Key, also the citation source key.
 * @property {string} name Chinese name.
 * @property {string} nameEn English name.
 * @property {string} inForce The day it took effect, `YYYY-MM-DD`.
 */

/**
 * The editions we know of, oldest first. A record is judged by the newest edition in force on its policy date
 * that has rows; a newer edition without rows (its changes unconfirmed) is named in the message.
 * @type {readonly Edition[]}
 */
export const EDITIONS = [
  { key: 'chp-2020', name: '中国药典2020年版', nameEn: 'Chinese Pharmacopoeia 2020', inForce: '2020-12-30' },
  { key: 'chp-2025', name: '中国药典2025年版', nameEn: 'Chinese Pharmacopoeia 2025', inForce: '2025-10-01' },
];

/**
 * Looks up an edition by key.
 * @param {string} key
 */
export function edition(key) {
  return EDITIONS.find((e) => e.key === key);
}

/**
 * Where the record stands among the editions on a day.
 * @typedef {object} InForce
 * @property {Edition} applied The edition whose rows apply.
 * @property {Edition | null} unconfirmed A newer edition already in force whose changes are unconfirmed (its rows
 *   are not in the tables).
 */

/**
 * Whether any table has rows of an edition (whatever their status).
 * @param {string} key
 */
function hasRows(key) {
  return SO2.some((r) => r.edition === key) || AFLATOXIN.some((r) => r.edition === key) || BANNED.edition === key;
}

/**
 * The edition whose rows apply on `day` (`YYYY-MM-DD`), or null before the oldest modelled edition (then nothing
 * is checked: a limit not yet in force cannot be broken). ISO dates compare correctly as strings.
 * @param {string} day
 * @returns {InForce | null}
 */
export function inForce(day) {
  const newest = EDITIONS.findLast((e) => e.inForce <= day);
  if (newest === undefined) return null;
  const applied = EDITIONS.findLast((e) => e.inForce <= day && hasRows(e.key));
  if (applied === undefined) return null;
  return { applied, unconfirmed: newest.key !== applied.key ? newest : null };
}

/**
 * A sulfur-dioxide residue limit.
 * @typedef {object} So2Row
 * @property {string} edition Edition key.
 * @property {readonly string[]} herbs Canonical herb names; empty for the general limit.
 * @property {number} mgPerKg Limit, mg/kg (a value above it breaks it).
 * @property {readonly [zh: string, en: string]} basis Where it stands in the edition, Chinese and English.
 * @property {Status} status How sure we are.
 */

/**
 * Sulfur-dioxide residue limits (Chinese Pharmacopoeia 2020 通则0212; method 通则2331).
 * @type {readonly So2Row[]}
 */
export const SO2 = [
  {
    edition: 'chp-2020',
    herbs: [],
    mgPerKg: 150,
    basis: ['药材及饮片一般限量（矿物药除外）', 'general limit for herbs and pieces (minerals excepted)'],
    status: 'sure',
  },
  {
    edition: 'chp-2020',
    herbs: ['山药', '牛膝', '粉葛', '天冬', '天麻', '天花粉', '白及', '白芍', '白术', '党参'],
    mgPerKg: 400,
    basis: ['十种药材及饮片的放宽限量（多个二手来源）', 'relaxed limit for ten herbs (several secondary sources)'],
    status: 'probable',
  },
];

/**
 * Mineral drugs, to which the general SO2 limit does not apply. The exception is in the source; this list of names
 * is illustrative (open) and only switches the general limit off, so an omission errs towards checking.
 * @type {readonly string[]}
 */
export const MINERALS = [
  '石膏',
  '芒硝',
  '朱砂',
  '雄黄',
  '滑石',
  '赭石',
  '磁石',
  '自然铜',
  '龙骨',
  '炉甘石',
  '白矾',
  '硫黄',
  '赤石脂',
  '青礞石',
];

/**
 * The SO2 limit for a canonical herb under an edition: the herb's own row, else the general row (not for
 * minerals). Open rows are skipped.
 * @param {string} herb
 * @param {string} editionKey
 * @returns {So2Row | undefined}
 */
export function so2Limit(herb, editionKey) {
  const rows = SO2.filter((r) => r.edition === editionKey && checked(r.status));
  const own = rows.find((r) => r.herbs.includes(herb));
  if (own !== undefined) return own;
  return MINERALS.includes(herb) ? undefined : rows.find((r) => r.herbs.length === 0);
}

/**
 * Aflatoxin limits for the herbs whose monograph sets them.
 * @typedef {object} AflatoxinRow
 * @property {string} edition Edition key.
 * @property {readonly string[]} herbs Canonical herb names.
 * @property {number} b1UgPerKg Aflatoxin B1 limit, μg/kg.
 * @property {number} totalUgPerKg B1+B2+G1+G2 limit, μg/kg.
 * @property {readonly [zh: string, en: string]} basis Where it stands, Chinese and English.
 * @property {Status} status How sure we are of the herb list (the values themselves are probable).
 */

/**
 * Aflatoxin limits (品种项下【检查】; method 通则2351). Which herbs carry them is open: the first row is the list
 * commonly cited for the 2015 edition and carried into 2020, the second is 延胡索, likely added in 2020. 白术 is
 * deliberately absent.
 * @type {readonly AflatoxinRow[]}
 */
export const AFLATOXIN = [
  {
    edition: 'chp-2020',
    herbs: [
      '桃仁',
      '酸枣仁',
      '僵蚕',
      '胖大海',
      '柏子仁',
      '莲子',
      '使君子',
      '槟榔',
      '麦芽',
      '肉豆蔻',
      '决明子',
      '远志',
      '薏苡仁',
      '大枣',
      '地龙',
      '蜈蚣',
      '水蛭',
      '全蝎',
      '陈皮',
    ],
    b1UgPerKg: 5,
    totalUgPerKg: 10,
    basis: [
      '品种项下黄曲霉毒素限量（常引的19种，未逐一核对正文）',
      'monograph aflatoxin limits (commonly cited 19 herbs, monographs not checked one by one)',
    ],
    status: 'likely',
  },
  {
    edition: 'chp-2020',
    herbs: ['延胡索'],
    b1UgPerKg: 5,
    totalUgPerKg: 10,
    basis: ['延胡索品种项下黄曲霉毒素限量（出处待核）', '延胡索 monograph aflatoxin limits (provenance open)'],
    status: 'likely',
  },
];

/**
 * The aflatoxin row for a canonical herb under an edition, if its monograph sets limits.
 * @param {string} herb
 * @param {string} editionKey
 * @returns {AflatoxinRow | undefined}
 */
export function aflatoxinLimit(herb, editionKey) {
  return AFLATOXIN.find((r) => r.edition === editionKey && checked(r.status) && r.herbs.includes(herb));
}

/**
 * The default limit of quantification for a banned pesticide, mg/kg. An open parameter: the 2020 edition sets a
 * limit per pesticide (通则0212 and 2341), which we have not confirmed; 0.01 mg/kg is a common LOQ of the
 * multi-residue methods.
 */
export const DEFAULT_LOQ_MG_PER_KG = 0.01;

/**
 * A banned pesticide: its name, other names it is reported under, and its limit of quantification.
 * @typedef {object} BannedPesticide
 * @property {string} name Chinese name.
 * @property {readonly string[]} aliases Other names (common names, English abbreviations).
 * @property {number} loqMgPerKg Limit of quantification, mg/kg; detected at or above it breaks the ban.
 */

/**
 * @param {string} name
 * @param {readonly string[]} aliases
 * @returns {BannedPesticide}
 */
function banned(name, aliases) {
  return { name, aliases, loqMgPerKg: DEFAULT_LOQ_MG_PER_KG };
}

/**
 * The banned-pesticide list and its provenance.
 * @typedef {object} BannedList
 * @property {string} edition Edition key.
 * @property {readonly [zh: string, en: string]} basis Where it stands, Chinese and English.
 * @property {Status} status How sure we are.
 * @property {readonly BannedPesticide[]} pesticides The pesticides.
 */

/**
 * The 33 pesticides that must not be detected in plant herbs (probable). The exact official list of the 2020
 * edition is open: this is the commonly cited list of 33 pesticides banned from use in China, which overlaps it
 * heavily but may differ. Classes (汞制剂, 砷类, 铅类) match only when reported under that name.
 * @type {BannedList}
 */
export const BANNED = {
  edition: 'chp-2020',
  basis: [
    '植物类药材禁用农药不得检出（33种，清单待核；定量限暂取0.01 mg/kg）',
    '33 banned pesticides not detectable in plant herbs (list open; LOQ 0.01 mg/kg assumed)',
  ],
  status: 'probable',
  pesticides: [
    banned('甲胺磷', ['methamidophos']),
    banned('甲基对硫磷', ['甲基1605', 'parathion-methyl']),
    banned('对硫磷', ['1605', 'parathion']),
    banned('久效磷', ['monocrotophos']),
    banned('磷胺', ['phosphamidon']),
    banned('六六六', ['六六六（总量）', 'HCH', 'BHC', '666']),
    banned('滴滴涕', ['滴滴涕（总量）', 'DDT']),
    banned('毒杀芬', ['toxaphene']),
    banned('二溴氯丙烷', ['DBCP']),
    banned('杀虫脒', ['chlordimeform']),
    banned('二溴乙烷', ['EDB']),
    banned('除草醚', ['nitrofen']),
    banned('艾氏剂', ['aldrin']),
    banned('狄氏剂', ['dieldrin']),
    banned('汞制剂', []),
    banned('砷类', []),
    banned('铅类', []),
    banned('敌枯双', []),
    banned('氟乙酰胺', ['fluoroacetamide']),
    banned('甘氟', ['gliftor']),
    banned('毒鼠强', ['tetramine']),
    banned('氟乙酸钠', ['sodium fluoroacetate']),
    banned('毒鼠硅', ['silatrane']),
    banned('苯线磷', ['fenamiphos']),
    banned('地虫硫磷', ['fonofos']),
    banned('甲基硫环磷', ['phosfolan-methyl']),
    banned('磷化钙', ['calcium phosphide']),
    banned('磷化镁', ['magnesium phosphide']),
    banned('磷化锌', ['zinc phosphide']),
    banned('硫线磷', ['cadusafos']),
    banned('蝇毒磷', ['coumaphos']),
    banned('治螟磷', ['sulfotep']),
    banned('特丁硫磷', ['terbufos']),
  ],
};

/**
 * A text with ASCII capitals made small and nothing else changed (Rust's `to_ascii_lowercase`; `toLowerCase`
 * would also change non-ASCII letters).
 * @param {string} text
 */
function asciiLower(text) {
  return text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/**
 * The banned pesticide reported under `name` (trimmed; aliases compared ignoring ASCII case).
 * @param {string} name
 * @returns {BannedPesticide | undefined}
 */
export function bannedPesticide(name) {
  const trimmed = trim(name);
  const lower = asciiLower(trimmed);
  return BANNED.pesticides.find((p) => p.name === trimmed || p.aliases.some((a) => asciiLower(a) === lower));
}

/**
 * A heavy-metal limit row.
 * @typedef {object} HeavyMetalRow
 * @property {readonly [zh: string, symbol: string]} metal Element, Chinese and symbol.
 * @property {number} mgPerKg Limit, mg/kg.
 * @property {string} basis Where it comes from.
 * @property {Status} status How sure we are.
 */

/**
 * General heavy-metal values of the 2020 draft: open, so not checked (the limits are per monograph, and the
 * `sector_data.herbal` contract carries no heavy-metal measurements yet).
 * @type {readonly HeavyMetalRow[]}
 */
export const HEAVY_METALS = [
  { metal: ['铅', 'Pb'], mgPerKg: 5, basis: '2020年版征求意见稿通用值', status: 'open' },
  { metal: ['镉', 'Cd'], mgPerKg: 1, basis: '2020年版征求意见稿通用值', status: 'open' },
  { metal: ['砷', 'As'], mgPerKg: 2, basis: '2020年版征求意见稿通用值', status: 'open' },
  { metal: ['汞', 'Hg'], mgPerKg: 0.2, basis: '2020年版征求意见稿通用值', status: 'open' },
  { metal: ['铜', 'Cu'], mgPerKg: 20, basis: '2020年版征求意见稿通用值', status: 'open' },
];

/**
 * Other names of herbs, mapped to the monograph name the tables use.
 * @type {ReadonlyArray<readonly [alias: string, canonical: string]>}
 */
export const SYNONYMS = [
  ['元胡', '延胡索'],
  ['玄胡', '延胡索'],
  ['玄胡索', '延胡索'],
  ['浙贝', '浙贝母'],
  ['象贝', '浙贝母'],
  ['象贝母', '浙贝母'],
  ['于术', '白术'],
  ['於术', '白术'],
  ['杭白芍', '白芍'],
  ['怀山药', '山药'],
  ['淮山', '山药'],
  ['怀牛膝', '牛膝'],
  ['枣仁', '酸枣仁'],
  ['苡仁', '薏苡仁'],
];

/** Processing prefixes of decoction pieces (炮制): 醋延胡索 and 麸炒白术 are pieces of the herb's own monograph. */
const PROCESSING = ['麸炒', '土炒', '清炒', '炒', '焦', '醋', '酒', '盐', '蜜', '姜', '生'];

/** @param {string} name */
function synonym(name) {
  return SYNONYMS.find(([alias]) => alias === name)?.[1];
}

/** @param {string} name */
function known(name) {
  return (
    SO2.some((r) => r.herbs.includes(name)) ||
    AFLATOXIN.some((r) => r.herbs.includes(name)) ||
    MINERALS.includes(name) ||
    SYNONYMS.some(([, canon]) => canon === name)
  );
}

/** White space by the Unicode White_Space property, as a character class (the SDK's `isBlank`). */
const SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
/** Leading and trailing white space. */
const EDGE_SPACE = new RegExp(`^${SPACE}+|${SPACE}+$`, 'g');

/**
 * A text without leading and trailing white space, as Rust's `str::trim` cuts it (`String.prototype.trim` also
 * cuts U+FEFF and keeps U+0085).
 * @param {string} text
 */
export function trim(text) {
  return text.replace(EDGE_SPACE, '');
}

/**
 * The monograph name for a reported herb name: synonyms resolved, and a processing prefix dropped when what
 * remains is a herb we know. Anything else is returned trimmed, unchanged.
 * @param {string} name
 */
export function canonicalHerb(name) {
  const trimmed = trim(name);
  const c = synonym(trimmed);
  if (c !== undefined) return c;
  for (const prefix of PROCESSING) {
    if (trimmed.startsWith(prefix)) {
      const bare = trimmed.slice(prefix.length);
      const rest = synonym(bare) ?? bare;
      if (known(rest)) return rest;
    }
  }
  return trimmed;
}

/** Years a grower keeps pesticide-use records: 农药管理条例 art. 36, "不少于2年" (sure). */
export const PESTICIDE_RECORD_YEARS = 2;
