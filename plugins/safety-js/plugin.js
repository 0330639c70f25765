// @ts-check
/**
 * @file `safety`: the workplace-safety sample plugin of 磐安县应急管理局, in JavaScript — a port of
 * `plugins/safety` (Rust) that passes the same test vectors (`plugins/safety/vectors.json`).
 *
 * It reads `sector_data.safety` of an inspection of a manufacturing (GB/T 4754 section C) enterprise or of one
 * tagged `major-hazard`, and checks four things: that an order to suspend production rests on a classified
 * 重大事故隐患 and the art. 65 statement; that a routine on-site inspection covered the checklist that applies to
 * the enterprise; that 部令10号 situations found were classified as 重大事故隐患; and that the record states what
 * art. 68 requires. What applies to whom lives in `data.js`, row by row with its provenance.
 *
 * An entry that cannot be read (e.g. a string where a count is due) gives only the standard
 * `plugin.sector-data-invalid` finding at `/sector_data/safety`, as in the Rust plugin; its message names the field.
 */

import {
  definePlugin,
  finding,
  isBlank,
  isInspection,
  isOnsiteInspection,
  pluginMeta,
  rule,
  t,
  TRIGGER_ZH,
} from '../sdk-js/jiancha.js';
import { applies, CHECKLIST, inForceFrom, situation, UNCERTIFIED_OPERATORS } from './data.js';

/** @typedef {import('../sdk-js/jiancha.js').Record} Record */
/** @typedef {import('../sdk-js/jiancha.js').Finding} Finding */
/** @typedef {import('./data.js').Situation} Situation */

/** Rule: a suspension order without a qualifying 重大事故隐患 or without the art. 65 statement. */
export const SUSPENSION = 'safety.suspension-without-major-hazard';
/** Rule: a routine on-site inspection missed applicable checklist items. */
export const CHECKLIST_INCOMPLETE = 'safety.checklist-incomplete';
/** Rule: a 部令10号 situation found but no hazard classified as major. */
export const MISCLASSIFIED = 'safety.major-hazard-misclassified';
/** Rule: the record lacks an element of art. 68. */
export const RECORD_INCOMPLETE = 'safety.record-incomplete';

/** One hazard found: what, classified as 重大事故隐患, the 判定标准 article cited (or null). */
const Hazard = t.object({
  description: t.string.default(''),
  major: t.bool.default(false),
  standard_article: t.optional(t.string),
});

/** The elements of the written record (安全生产法 art. 68); an absent element counts as not stated. */
const RecordElements = t.object({
  place: t.bool.default(false),
  problems: t.bool.default(false),
  handling: t.bool.default(false),
  signatures: t.bool.default(false),
});

/**
 * `sector_data.safety` (public contract, sectors.md). Unknown fields are tolerated, as everywhere in `sector_data`;
 * a misspelt field is therefore read as absent. `checked` null or absent: not reported, so coverage is not judged;
 * `record` null or absent: nothing shows it.
 */
export const SafetyData = t.object({
  checked: t.optional(t.array(t.string)),
  hazards: t.array(Hazard).default([]),
  uncertified_special_operators: t.u32.default(0),
  situations: t.array(t.string).default([]),
  cannot_ensure_safety: t.bool.default(false),
  record: t.optional(RecordElements),
});

/** @typedef {import('../sdk-js/jiancha.js').Infer<typeof SafetyData>} Data */
/** @typedef {Data['hazards'][number]} HazardValue */

/**
 * Classified as major and citing a (non-blank) 判定标准 article.
 * @param {HazardValue} h
 */
function qualifies(h) {
  return h.major && h.standard_article !== null && !isBlank(h.standard_article);
}

export const META = pluginMeta('safety', '安全生产检查标准', '磐安县应急管理局', '0.1.0')
  .industries('C')
  .tags('major-hazard')
  .rule(
    rule(SUSPENSION, 'violation', '责令停产停业缺少重大事故隐患依据', 'suspension without a major accident hazard')
      .cite('aqscf-2021', 'art. 65')
      .cite('yjglb-10-2023', 'art. 3–13'),
  )
  .rule(
    rule(CHECKLIST_INCOMPLETE, 'warning', '例行检查未覆盖适用的检查项', 'routine inspection missed checklist items')
      .cite('aqscf-2021', 'art. 28, 30, 41, 49, 81')
      .cite('tzsbaqf', 'art. 33, 40')
      .cite('yjglb-10-2023', 'art. 11, 12, 13'),
  )
  .rule(
    rule(MISCLASSIFIED, 'violation', '应判定为重大事故隐患而未判定', 'major accident hazard not classified as such')
      .cite('yjglb-10-2023', 'art. 3')
      .cite('yjglb-10-2023', 'art. 11')
      .cite('yjglb-10-2023', 'art. 12')
      .cite('yjglb-10-2023', 'art. 13'),
  )
  .rule(
    rule(RECORD_INCOMPLETE, 'warning', '检查记录要素不全', 'inspection record incomplete').cite('aqscf-2021', 'art. 68'),
  );

/**
 * One finding per `suspend` measure when no hazard is major with a 判定标准 article, or the art. 65 statement is
 * missing.
 * @param {Record} record
 * @param {Data} data
 * @returns {Finding[]}
 */
function suspension(record, data) {
  const measures = record.inspection.measures ?? [];
  const suspends = measures.flatMap((m, i) => (m.kind === 'suspend' ? [i] : []));
  if (suspends.length === 0) return [];
  /** @type {string[]} */
  const zh = [];
  /** @type {string[]} */
  const en = [];
  if (!data.hazards.some(qualifies)) {
    const n = data.hazards.length;
    const majors = data.hazards.filter((h) => h.major).length;
    if (n === 0) {
      zh.push('记录中没有任何隐患');
      en.push('the record lists no hazard');
    } else if (majors === 0) {
      zh.push(`记录的${n}项隐患均未判定为重大事故隐患`);
      en.push(`none of the ${n} hazard(s) recorded is classified as a major accident hazard`);
    } else {
      zh.push(`${majors}项重大事故隐患均未引用《工贸企业重大事故隐患判定标准》条款`);
      en.push(`none of the ${majors} major hazard(s) cites an article of the 判定标准 (部令10号)`);
    }
  }
  if (!data.cannot_ensure_safety) {
    zh.push('未载明隐患排除前或排除过程中无法保证安全');
    en.push('the record does not state that safety cannot be ensured before or while the hazard is removed');
  }
  if (zh.length === 0) return [];
  return suspends.map((i) =>
    finding(
      SUSPENSION,
      `第${i + 1}项措施为责令停产停业，但${zh.join('；')}（安全生产法第六十五条）`,
      `measure ${i + 1} orders a suspension, but ${en.join('; ')} (Work Safety Law art. 65)`,
    ).at(`/measures/${i}`),
  );
}

/**
 * The checklist items that apply to an enterprise.
 * @param {string} industry
 * @param {readonly string[]} tags
 */
export function applicableItems(industry, tags) {
  return CHECKLIST.filter((item) => applies(item, industry, tags));
}

/**
 * One finding when a routine (plan or random-sampling) on-site inspection did not cover every applicable item.
 * @param {Record} record
 * @param {Data} data
 * @returns {Finding[]}
 */
function checklist(record, data) {
  const insp = record.inspection;
  const routine = insp.trigger === 'plan' || insp.trigger === 'random-sampling';
  const checked = data.checked;
  if (checked === null || !routine || !isOnsiteInspection(insp)) return [];
  const e = record.enterprise;
  const missing = applicableItems(e.industry, e.tags).filter((item) => !checked.includes(item.key));
  if (missing.length === 0) return [];
  const who = [e.industry, ...e.tags];
  const f = finding(
    CHECKLIST_INCOMPLETE,
    `例行现场检查（${TRIGGER_ZH[insp.trigger]}）未覆盖适用于该企业（${who.join('，')}）的${missing.length}项检查内容：${missing
      .map((i) => `${i.zh}（${i.key}）`)
      .join('、')}`,
    `routine on-site inspection missed ${missing.length} checklist item(s) that apply to this enterprise (${who.join(
      ', ',
    )}): ${missing.map((i) => `${i.en} (${i.key})`).join(', ')}`,
  ).at(record.sectorPath('checked'));
  /** @type {string[]} */
  const cited = [];
  for (const item of missing) {
    const key = `${item.basis[0]}\u0000${item.basis[1]}`;
    if (!cited.includes(key)) {
      cited.push(key);
      f.cite(item.basis[0], item.basis[1]);
    }
  }
  return [f];
}

/**
 * Whether 部令10号 was in force on the inspection day (facts before 2023-05-15 are not judged under it).
 * @param {Record} record
 */
function yjglbInForce(record) {
  const from = inForceFrom('yjglb-10-2023');
  const day = record.policyDate;
  return from === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(day) || day >= from;
}

/**
 * One finding per fact that 部令10号 makes a 重大事故隐患 (uncertified special operators; each distinct known
 * situation whose hazard tag the enterprise carries) when no hazard is classified as major.
 * @param {Record} record
 * @param {Data} data
 * @returns {Finding[]}
 */
function misclassified(record, data) {
  if (data.hazards.some((h) => h.major) || !yjglbInForce(record)) return [];
  const tags = record.enterprise.tags;
  /** @type {{ path: string, s: Situation, zh: string, en: string }[]} */
  const facts = [];
  const n = data.uncertified_special_operators;
  if (n > 0) {
    facts.push({
      path: record.sectorPath('uncertified_special_operators'),
      s: UNCERTIFIED_OPERATORS,
      zh: `发现${n}名特种作业人员未持有效证件上岗`,
      en: `${n} special-operation worker(s) without valid certificates`,
    });
  }
  /** @type {string[]} */
  const seen = [];
  data.situations.forEach((key, i) => {
    const s = situation(key);
    if (!s || seen.includes(s.key) || (s.tag !== null && !tags.includes(s.tag))) return;
    seen.push(s.key);
    facts.push({
      path: record.sectorPath('situations', i),
      s,
      zh: `记录的情形“${s.zh}”（${s.key}）`,
      en: `situation \`${s.key}\` (${s.en})`,
    });
  });
  return facts.map(({ path, s, zh, en }) =>
    finding(
      MISCLASSIFIED,
      `${zh}，依《工贸企业重大事故隐患判定标准》${s.articleZh}应判定为重大事故隐患，但记录中没有任何隐患被判定为重大事故隐患`,
      `${en}: a major accident hazard under 部令10号 ${s.article}, yet no hazard in the record is classified as major`,
    )
      .at(path)
      .cite('yjglb-10-2023', s.article),
  );
}

/** The art. 68 elements: field, Chinese, English. */
const ELEMENTS = /** @type {const} */ ([
  ['place', '检查地点', 'place'],
  ['problems', '发现的问题', 'problems found'],
  ['handling', '处理情况', 'handling'],
  ['signatures', '检查人员和被检查单位负责人签字', 'signatures'],
]);

/**
 * One finding when an inspection's record object is absent or lacks an art. 68 element.
 * @param {Record} record
 * @param {Data} data
 * @returns {Finding[]}
 */
function recordIncomplete(record, data) {
  if (!isInspection(record.inspection)) return [];
  const elements = data.record;
  if (elements === null) {
    return [
      finding(
        RECORD_INCOMPLETE,
        'sector_data.safety 中没有 record：无法确认检查记录载明地点、发现的问题、处理情况和签字（安全生产法第六十八条）',
        'no `record` in sector_data.safety: nothing shows that the written record states place, problems found, handling and signatures (Work Safety Law art. 68)',
      ).at(record.sectorPath('record')),
    ];
  }
  const missing = ELEMENTS.filter(([key]) => !elements[key]);
  if (missing.length === 0) return [];
  const path = missing.length === 1 ? record.sectorPath('record', missing[0][0]) : record.sectorPath('record');
  return [
    finding(
      RECORD_INCOMPLETE,
      `检查记录缺少：${missing.map((m) => m[1]).join('、')}（安全生产法第六十八条）`,
      `the inspection record lacks: ${missing.map((m) => m[2]).join(', ')} (Work Safety Law art. 68)`,
    ).at(path),
  ];
}

/**
 * Findings of one record. A `sector_data.safety` that cannot be read makes `record.read` throw, which the SDK
 * reports as one `plugin.sector-data-invalid` finding.
 * @param {Record} record
 * @returns {Finding[]}
 */
function checkRecord(record) {
  const data = record.read(SafetyData);
  return [
    ...suspension(record, data),
    ...checklist(record, data),
    ...misclassified(record, data),
    ...recordIncomplete(record, data),
  ];
}

export const { meta, check } = definePlugin({ meta: META, check: checkRecord });
