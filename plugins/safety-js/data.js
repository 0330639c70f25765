// @ts-check
/**
 * @file The plugin's data tables, each row with its provenance — the same rows as `plugins/safety/src/data.rs`.
 * Nothing the rules decide on is a bare constant in `plugin.js`: what applies to which enterprise, which situation
 * counts under which article, and since when.
 *
 * Status: `sure` — wording seen in a source (or stated as sure in `shared/domain/sectors.md`); `probable` —
 * consistent secondary sources or the drafter's recollection of the official text, not checked against it;
 * `open` — not confirmed. Rows marked `open` are listed so the decision is visible but are **not applied**.
 */

/** How well a row is established. @typedef {'sure' | 'probable' | 'open'} Status */

/**
 * The sources that citations name: key, full title, in force from (YYYY-MM-DD).
 * @type {ReadonlyArray<readonly [key: string, title: string, inForce: string]>}
 */
export const SOURCES = [
  ['aqscf-2021', '中华人民共和国安全生产法（2021年修正）', '2021-09-01'],
  ['yjglb-10-2023', '工贸企业重大事故隐患判定标准（应急管理部令第10号）', '2023-05-15'],
  ['tzsbaqf', '中华人民共和国特种设备安全法', '2014-01-01'],
  ['aqscxkz', '安全生产许可证条例', '2004-01-13'],
];

/**
 * The day a source took effect, if it is in {@link SOURCES}.
 * @param {string} source
 * @returns {string | undefined}
 */
export function inForceFrom(source) {
  return SOURCES.find(([k]) => k === source)?.[2];
}

/**
 * A GB/T 4754-2017 code prefix with its name.
 * @typedef {object} Prefix
 * @property {string} code Code prefix, e.g. `C267`.
 * @property {string} name Name in GB/T 4754-2017.
 * @property {Status} status Whether enterprises of this class need the licence.
 * @property {string} note Why.
 */

/**
 * Which enterprises a checklist item applies to: every enterprise the plugin checks (`routine`), those whose
 * industry code starts with one of the non-`open` prefixes, or those carrying a tag.
 * @typedef {{ kind: 'routine' } | { kind: 'industries', prefixes: readonly Prefix[] } | { kind: 'tag', tag: string }} Scope
 */

/**
 * One item of the safety checklist (`sector_data.safety.checked` values).
 * @typedef {object} ChecklistItem
 * @property {string} key The enum value in `checked`.
 * @property {string} zh Chinese name.
 * @property {string} en English name.
 * @property {Scope} scope Who it applies to.
 * @property {readonly [source: string, article: string]} basis The clause the item rests on.
 * @property {Status} status How sure the article number is (the item itself is listed as sure in sectors.md).
 */

/**
 * GB/T 4754-2017 classes whose producers need a 安全生产许可证 (安全生产许可证条例 art. 2: mines, construction,
 * hazardous chemicals, fireworks and civil explosives). The licence follows the product (危险化学品目录), not the
 * class, so this is a heuristic; classes where only some producers make hazardous chemicals stay `open`.
 * @type {readonly Prefix[]}
 */
export const LICENSED_INDUSTRIES = [
  { code: 'B', name: '采矿业', status: 'sure', note: 'mines: 条例 art. 2 (sure per sectors.md)' },
  { code: 'E', name: '建筑业', status: 'sure', note: 'construction: 条例 art. 2 (sure per sectors.md)' },
  {
    code: 'C267',
    name: '炸药、火工及焰火产品制造',
    status: 'sure',
    note: 'C2671 炸药及火工产品, C2672 焰火、鞭炮产品 (checked in GB/T 4754-2017 copies; C266 is 专用化学产品制造)',
  },
  {
    code: 'C261',
    name: '基础化学原料制造',
    status: 'probable',
    note: 'inorganic acids/alkalis/salts and organic raw materials: most products are listed hazardous chemicals',
  },
  { code: 'C263', name: '农药制造', status: 'probable', note: 'pesticide technical and formulations' },
  {
    code: 'C264',
    name: '涂料、油墨、颜料及类似产品制造',
    status: 'probable',
    note: 'solvent-borne paints and inks are listed; water-borne ones often are not',
  },
  { code: 'C265', name: '合成材料制造', status: 'probable', note: 'monomers and resin solutions' },
  { code: 'C251', name: '精炼石油产品制造', status: 'probable', note: 'refined oil products' },
  { code: 'C2521', name: '炼焦', status: 'probable', note: 'coke-oven gas, crude benzene, tar' },
  { code: 'C262', name: '肥料制造', status: 'open', note: 'only some (e.g. ammonium nitrate)' },
  { code: 'C266', name: '专用化学产品制造', status: 'open', note: 'mixed: reagents, auxiliaries, glue' },
  { code: 'C268', name: '日用化学产品制造', status: 'open', note: 'mostly not; some aerosols, fragrances' },
  { code: 'C2710', name: '化学药品原料药制造', status: 'open', note: 'only where intermediates are listed' },
];

/**
 * The checklist. Article numbers of 安全生产法 other than 65/68/97 are the drafter's recollection (`probable`).
 * @type {readonly ChecklistItem[]}
 */
export const CHECKLIST = [
  {
    key: 'special-operation-certificates',
    zh: '特种作业人员持证上岗',
    en: 'special-operation certificates',
    scope: { kind: 'routine' },
    basis: ['aqscf-2021', 'art. 30'],
    status: 'probable',
  },
  {
    key: 'training-records',
    zh: '安全生产教育培训档案',
    en: 'safety training records',
    scope: { kind: 'routine' },
    basis: ['aqscf-2021', 'art. 28'],
    status: 'probable',
  },
  {
    key: 'hazard-ledger',
    zh: '隐患排查治理台账',
    en: 'hazard-investigation ledger',
    scope: { kind: 'routine' },
    basis: ['aqscf-2021', 'art. 41'],
    status: 'probable',
  },
  {
    key: 'risk-grading',
    zh: '安全风险分级管控',
    en: 'risk grading and control',
    scope: { kind: 'routine' },
    basis: ['aqscf-2021', 'art. 41'],
    status: 'probable',
  },
  {
    key: 'emergency-plan',
    zh: '应急救援预案及演练',
    en: 'emergency plan and drills',
    scope: { kind: 'routine' },
    basis: ['aqscf-2021', 'art. 81'],
    status: 'probable',
  },
  {
    key: 'contractor-agreements',
    zh: '承包承租单位安全生产管理协议',
    en: 'contractor and tenant safety agreements',
    scope: { kind: 'routine' },
    basis: ['aqscf-2021', 'art. 49'],
    status: 'probable',
  },
  {
    key: 'special-equipment',
    zh: '特种设备使用登记和定期检验',
    en: 'special-equipment registration and inspection',
    scope: { kind: 'routine' },
    basis: ['tzsbaqf', 'art. 33, 40'],
    status: 'sure',
  },
  {
    key: 'production-licence',
    zh: '安全生产许可证',
    en: 'work-safety licence',
    scope: { kind: 'industries', prefixes: LICENSED_INDUSTRIES },
    basis: ['aqscxkz', 'art. 2'],
    status: 'probable',
  },
  {
    key: 'dust-explosion',
    zh: '粉尘防爆',
    en: 'dust-explosion prevention',
    scope: { kind: 'tag', tag: 'dust-explosion' },
    basis: ['yjglb-10-2023', 'art. 11'],
    status: 'sure',
  },
  {
    key: 'ammonia-refrigeration',
    zh: '液氨制冷',
    en: 'ammonia refrigeration',
    scope: { kind: 'tag', tag: 'ammonia-refrigeration' },
    basis: ['yjglb-10-2023', 'art. 12'],
    status: 'sure',
  },
  {
    key: 'confined-space',
    zh: '有限空间作业',
    en: 'confined-space work',
    scope: { kind: 'tag', tag: 'confined-space' },
    basis: ['yjglb-10-2023', 'art. 13'],
    status: 'sure',
  },
];

/**
 * Whether a checklist item applies to an enterprise of `industry` with `tags` (one the plugin checks).
 * @param {ChecklistItem} item
 * @param {string} industry
 * @param {readonly string[]} tags
 */
export function applies(item, industry, tags) {
  switch (item.scope.kind) {
    case 'routine':
      return true;
    case 'industries':
      return item.scope.prefixes.some((p) => p.status !== 'open' && industry.startsWith(p.code));
    case 'tag': {
      const { tag } = item.scope;
      return tags.some((t) => t === tag);
    }
  }
}

/**
 * A 部令10号 situation (`sector_data.safety.situations` values) that must be classified as a 重大事故隐患.
 * @typedef {object} Situation
 * @property {string} key The enum value in `situations`.
 * @property {string} article Article and item of 应急管理部令第10号.
 * @property {string} articleZh The same in Chinese.
 * @property {string | null} tag The hazard tag the enterprise must carry; null: every 工贸 enterprise (art. 3).
 * @property {string} zh Chinese summary.
 * @property {string} en English summary.
 * @property {Status} status Sure at article level throughout (sectors.md); this is the status of the item number and wording.
 */

/**
 * 部令10号 situations. Art. 11 items (一)–(五) were seen quoted in secondary sources (`sure`); art. 3, 11 (十), 12
 * and 13 item numbers and wording are the drafter's recollection (`probable`).
 * @type {readonly Situation[]}
 */
export const SITUATIONS = [
  {
    key: 'contractor-not-coordinated',
    article: 'art. 3 (1)',
    articleZh: '第三条第（一）项',
    tag: null,
    zh: '未对承包单位、承租单位的安全生产工作统一协调、管理或定期安全检查',
    en: 'contractors/tenants not coordinated, managed or regularly checked',
    status: 'probable',
  },
  {
    key: 'dust-zone-unsafe-building',
    article: 'art. 11 (1)',
    articleZh: '第十一条第（一）项',
    tag: 'dust-explosion',
    zh: '粉尘爆炸危险场所设在非框架结构多层建筑内或场所内设有人员聚集场所',
    en: 'dust-explosion zone in a non-frame multi-storey building or with rooms where people gather',
    status: 'sure',
  },
  {
    key: 'dust-shared-collector',
    article: 'art. 11 (2)',
    articleZh: '第十一条第（二）项',
    tag: 'dust-explosion',
    zh: '不同类别可燃性粉尘或不同建筑、防火分区共用一套除尘系统',
    en: 'one dust-collection system shared across dust types, buildings or fire compartments',
    status: 'sure',
  },
  {
    key: 'dust-collector-no-venting',
    article: 'art. 11 (3)',
    articleZh: '第十一条第（三）项',
    tag: 'dust-explosion',
    zh: '干式除尘系统未采取泄爆、惰化、抑爆等任一种爆炸防控措施',
    en: 'dry dust collector without venting, inerting or suppression',
    status: 'sure',
  },
  {
    key: 'dust-gravity-settling',
    article: 'art. 11 (5)',
    articleZh: '第十一条第（五）项',
    tag: 'dust-explosion',
    zh: '除尘系统采用重力沉降室或干式巷道式构筑物作为风道',
    en: 'gravity settling chamber or dry tunnel used for dust collection',
    status: 'sure',
  },
  {
    key: 'dust-accumulation',
    article: 'art. 11 (10)',
    articleZh: '第十一条第（十）项',
    tag: 'dust-explosion',
    zh: '未落实粉尘清理制度，作业现场积尘严重',
    en: 'dust-cleaning routine not followed, heavy dust accumulation',
    status: 'probable',
  },
  {
    key: 'ammonia-direct-in-workroom',
    article: 'art. 12 (1)',
    articleZh: '第十二条第（一）项',
    tag: 'ammonia-refrigeration',
    zh: '包装、分割、产品整理场所的空调系统采用氨直接蒸发制冷',
    en: 'direct ammonia evaporation cooling in packing, cutting or product-handling rooms',
    status: 'probable',
  },
  {
    key: 'ammonia-quick-freezer-crowded',
    article: 'art. 12 (2)',
    articleZh: '第十二条第（二）项',
    tag: 'ammonia-refrigeration',
    zh: '快速冻结装置未设在单独作业间内或作业间内作业人员超过9人',
    en: 'quick freezer not in a separate room, or more than 9 workers in its room',
    status: 'probable',
  },
  {
    key: 'confined-space-no-ledger',
    article: 'art. 13 (1)',
    articleZh: '第十三条第（一）项',
    tag: 'confined-space',
    zh: '未对有限空间进行辨识、建立安全管理台账并设置明显警示标志',
    en: 'confined spaces not identified, no ledger and no warning signs',
    status: 'probable',
  },
  {
    key: 'confined-space-no-permit',
    article: 'art. 13 (2)',
    articleZh: '第十三条第（二）项',
    tag: 'confined-space',
    zh: '未落实有限空间作业审批，或未执行先通风、再检测、后作业，或现场未设监护人员',
    en: 'confined-space work without permit, ventilate-test-enter sequence or attendant',
    status: 'probable',
  },
];

/**
 * Special-operation workers without valid certificates (`uncertified_special_operators` > 0): art. 3 (2), item
 * number by recollection, content sure per sectors.md. Not a `situations` value: it has its own field.
 * @type {Situation}
 */
export const UNCERTIFIED_OPERATORS = {
  key: 'uncertified_special_operators',
  article: 'art. 3 (2)',
  articleZh: '第三条第（二）项',
  tag: null,
  zh: '特种作业人员未按规定经专门的安全作业培训并取得相应资格上岗作业',
  en: 'special-operation workers at work without the required training and certificate',
  status: 'probable',
};

/**
 * The situation row for an enum value; unknown values give undefined and are ignored.
 * @param {string} key
 */
export function situation(key) {
  return SITUATIONS.find((s) => s.key === key);
}
