// @ts-check
/**
 * @file `herbal`: quality and trade rules for Chinese medicinal herbs (中药材) of 磐安县市场监督管理局, in
 * JavaScript — a port of `plugins/herbal` (Rust) that passes the same test vectors (`plugins/herbal/vectors.json`).
 *
 * It reads `sector_data.herbal` of an inspection of a herb grower, processor or trader (GB/T 4754 `A0170`,
 * `C2730`, `F5152`, `F5252`) and checks the samples against the limit tables of `limits.js`, picked by the
 * record's policy date, and the grower and trader records against 农药管理条例 and 中医药法. Every message states
 * the measured value, the limit, its edition and how sure we are of it.
 *
 * An entry that cannot be read (e.g. a string where a number is due) gives only the standard
 * `plugin.sector-data-invalid` finding at `/sector_data/herbal`, as in the Rust plugin; its message names the field.
 */

import { definePlugin, finding, pluginMeta, rule, t } from '../sdk-js/jiancha.js';
import {
  aflatoxinLimit,
  BANNED,
  bannedPesticide,
  canonicalHerb,
  checked,
  inForce,
  PESTICIDE_RECORD_YEARS,
  so2Limit,
  statusLabel,
  trim,
} from './limits.js';

/** @typedef {import('../sdk-js/jiancha.js').Record} Record */
/** @typedef {import('../sdk-js/jiancha.js').Finding} Finding */
/** @typedef {import('./limits.js').InForce} InForce */
/** @typedef {import('./limits.js').Status} Status */

/**
 * Citation sources: key, Chinese title, English title.
 * @type {ReadonlyArray<readonly [key: string, zh: string, en: string]>}
 */
export const SOURCES = [
  ['chp-2020', '中华人民共和国药典（2020年版），2020-12-30施行', 'Chinese Pharmacopoeia 2020, in force 2020-12-30'],
  ['nyglytl-2017', '农药管理条例（国务院令第677号，2017-06-01施行）', 'Regulation on Pesticide Administration (2017)'],
  ['zyyf-2017', '中华人民共和国中医药法（2017-07-01施行）', 'Law on Traditional Chinese Medicine (2017)'],
  [
    'gap-2022',
    '中药材生产质量管理规范（2022年第22号公告，2022-03-01施行）',
    'Good Agricultural Practice for Chinese medicinal herbs (2022 No. 22, in force 2022-03-01)',
  ],
  [
    'sulfur-ban-2013',
    '2013年全国禁止硫磺熏蒸中药材的规定（文号待核）',
    '2013 national ban on sulfur fumigation of herbs (document number open)',
  ],
];

/** Rule: a sample's SO2 residue above the limit of its herb. */
export const SO2 = 'herbal.so2-over-limit';
/** Rule: aflatoxin B1 or total above the limit of an herb whose monograph sets one. */
export const AFLATOXIN = 'herbal.aflatoxin-over-limit';
/** Rule: a banned pesticide at or above its limit of quantification. */
export const PESTICIDE = 'herbal.banned-pesticide';
/** Rule: the inspector concluded no violation although a sample breaks a limit. */
export const OUTCOME = 'herbal.outcome-contradicts-sample';
/** Rule: a grower's pesticide-use records cover less than 2 years. */
export const PESTICIDE_RECORDS = 'herbal.pesticide-records-missing';
/** Rule: a trader lacks purchase/sales records or the origin. */
export const TRADE_RECORDS = 'herbal.trade-records-missing';
/** Rule: sulfur fumigation of herbs observed. */
export const FUMIGATION = 'herbal.sulfur-fumigation';

/** A pesticide result: name as reported; amount, mg/kg (null is not checked: no amount, no comparison with the LOQ). */
const Pesticide = t.object({
  name: t.string.default(''),
  mg_per_kg: t.optional(t.number),
});

/**
 * One sample tested: herb name as reported (synonyms and processed pieces accepted), SO2 residue (mg/kg),
 * aflatoxin B1 and B1+B2+G1+G2 (μg/kg), pesticides detected.
 */
const Sample = t.object({
  herb: t.string.default(''),
  so2_mg_per_kg: t.optional(t.number),
  aflatoxin_b1_ug_per_kg: t.optional(t.number),
  aflatoxin_total_ug_per_kg: t.optional(t.number),
  pesticides: t.array(Pesticide).default([]),
});

/**
 * `sector_data.herbal` (public contract, sectors.md). Every field is optional so that one missing field switches
 * off only its own checks; unknown fields are tolerated, as everywhere in `sector_data`. `role`: `grower`,
 * `processor` or `trader` (any other string: no role-specific checks). `sulfur_fumigation_observed` null reads as
 * false (the contract's default); `outcome_violation` is the inspector's own conclusion.
 */
export const HerbalData = t.object({
  role: t.optional(t.string),
  samples: t.array(Sample).default([]),
  pesticide_record_years: t.optional(t.number),
  trade_records: t.optional(t.bool),
  origin_stated: t.optional(t.bool),
  sulfur_fumigation_observed: t.optional(t.bool),
  outcome_violation: t.optional(t.bool),
});

/** @typedef {import('../sdk-js/jiancha.js').Infer<typeof HerbalData>} Data */
/** @typedef {Data['samples'][number]} SampleValue */

export const META = pluginMeta('herbal', '中药材质量与经营规范', '磐安县市场监督管理局', '0.1.0')
  .industries('A0170', 'C2730', 'F5152', 'F5252')
  .rule(rule(SO2, 'violation', '二氧化硫残留超标', 'sulfur dioxide residue over the limit').cite('chp-2020', '通则0212; 通则2331'))
  .rule(
    rule(AFLATOXIN, 'violation', '黄曲霉毒素超标', 'aflatoxins over the limit').cite(
      'chp-2020',
      '品种项下【检查】黄曲霉毒素; 通则2351',
    ),
  )
  .rule(
    rule(PESTICIDE, 'violation', '检出禁用农药', 'banned pesticide detected')
      .cite('chp-2020', '通则0212; 通则2341')
      .cite('nyglytl-2017', 'art. 34')
      .cite('zyyf-2017', 'art. 22'),
  )
  .rule(
    rule(
      OUTCOME,
      'violation',
      '检查结论与抽检结果矛盾',
      'outcome says no violation although a sample breaks a limit',
    ).cite('chp-2020', '通则0212'),
  )
  .rule(
    rule(
      PESTICIDE_RECORDS,
      'warning',
      '种植者农药使用记录不足2年',
      "grower's pesticide-use records missing for the past 2 years",
    ).cite('nyglytl-2017', 'art. 36'),
  )
  .rule(
    rule(
      TRADE_RECORDS,
      'warning',
      '经营者缺少购销记录或未标明产地',
      'trader lacks purchase/sales records or the origin',
    ).cite('zyyf-2017', 'art. 24'),
  )
  .rule(
    rule(FUMIGATION, 'violation', '硫磺熏蒸中药材', 'sulfur fumigation of herbs')
      .cite('sulfur-ban-2013', '全文（文号待核）')
      .cite('gap-2022', '产地加工（条款待核）'),
  );

/**
 * A number as Rust's `Display` writes an `f64`: the shortest digits that read back as the same value, never an
 * exponent (`1e21` is `1000000000000000000000`, `1e-7` is `0.0000001`), `-0` for negative zero.
 * @param {number} x
 */
export function num(x) {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Object.is(x, -0)) return '-0';
  const s = String(x);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = '', exp] = m;
  const digits = int + frac;
  const point = int.length + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * The herb as reported and, when it differs, its monograph name: `元胡（延胡索）`.
 * @param {string} reported
 * @param {string} canon
 * @returns {[zh: string, en: string]}
 */
function herbLabel(reported, canon) {
  const r = trim(reported);
  if (r === '') return ['（未注明品名）', 'unnamed herb'];
  if (r === canon) return [r, r];
  return [`${r}（${canon}）`, `${r} = ${canon}`];
}

/**
 * The edition and provenance clause of a message.
 * @param {InForce} ed
 * @param {readonly [zh: string, en: string]} basis
 * @param {Status} status
 * @returns {[zh: string, en: string]}
 */
function provenance(ed, basis, status) {
  const [sz, se] = statusLabel(status);
  const a = ed.applied;
  let zh = `${a.name}（${a.inForce}施行）；${basis[0]}；可靠性：${sz}`;
  let en = `${a.nameEn}, in force ${a.inForce}; ${basis[1]}; ${se}`;
  const n = ed.unconfirmed;
  if (n !== null) {
    zh += `；${n.name}已于${n.inForce}施行，其修订未经核实，暂按${a.name}限量`;
    en += `; the ${n.nameEn} took effect ${n.inForce} and its changes are unconfirmed, so the ${a.nameEn} value is applied`;
  }
  return [zh, en];
}

/**
 * The findings of one sample: SO2, aflatoxin B1 and total, banned pesticides.
 * @param {Record} record
 * @param {number} i
 * @param {SampleValue} s
 * @param {InForce} ed
 * @returns {Finding[]}
 */
function checkSample(record, i, s, ed) {
  const canon = canonicalHerb(s.herb);
  const [hz, he] = herbLabel(s.herb, canon);
  /** @param {string} field */
  const at = (field) => record.sectorPath('samples', i, field);
  /** @type {Finding[]} */
  const out = [];

  const so2 = s.so2_mg_per_kg;
  const so2Row = so2Limit(canon, ed.applied.key);
  if (so2 !== null && so2Row !== undefined && so2 > so2Row.mgPerKg) {
    const [pz, pe] = provenance(ed, so2Row.basis, so2Row.status);
    const [v, limit] = [num(so2), num(so2Row.mgPerKg)];
    out.push(
      finding(
        SO2,
        `样品[${i}]${hz}二氧化硫残留量 ${v} mg/kg，超过限量 ${limit} mg/kg（${pz}）`,
        `sample [${i}] (${he}): SO2 residue ${v} mg/kg exceeds the limit of ${limit} mg/kg (${pe})`,
      ).at(at('so2_mg_per_kg')),
    );
  }

  const row = aflatoxinLimit(canon, ed.applied.key);
  if (row !== undefined) {
    const [pz, pe] = provenance(ed, row.basis, row.status);
    const measured = /** @type {const} */ ([
      ['aflatoxin_b1_ug_per_kg', '黄曲霉毒素B1', 'aflatoxin B1', s.aflatoxin_b1_ug_per_kg, row.b1UgPerKg],
      [
        'aflatoxin_total_ug_per_kg',
        '黄曲霉毒素总量（B1+B2+G1+G2）',
        'total aflatoxins (B1+B2+G1+G2)',
        s.aflatoxin_total_ug_per_kg,
        row.totalUgPerKg,
      ],
    ]);
    for (const [field, nz, ne, value, limit] of measured) {
      if (value !== null && value > limit) {
        const [v, l] = [num(value), num(limit)];
        out.push(
          finding(
            AFLATOXIN,
            `样品[${i}]${hz}${nz} ${v} μg/kg，超过限量 ${l} μg/kg（${pz}）`,
            `sample [${i}] (${he}): ${ne} ${v} μg/kg exceeds the limit of ${l} μg/kg (${pe})`,
          ).at(at(field)),
        );
      }
    }
  }

  if (BANNED.edition === ed.applied.key && checked(BANNED.status)) {
    s.pesticides.forEach((p, j) => {
      const amount = p.mg_per_kg;
      const hit = bannedPesticide(p.name);
      if (amount === null || hit === undefined || !(amount >= hit.loqMgPerKg)) return;
      const [pz, pe] = provenance(ed, BANNED.basis, BANNED.status);
      const [name, v, loq] = [trim(p.name), num(amount), num(hit.loqMgPerKg)];
      const [nz, ne] = name === hit.name ? [name, name] : [`${name}（${hit.name}）`, `${name} = ${hit.name}`];
      out.push(
        finding(
          PESTICIDE,
          `样品[${i}]${hz}检出禁用农药${nz} ${v} mg/kg，不低于定量限 ${loq} mg/kg（定量限为待核参数；${pz}）`,
          `sample [${i}] (${he}): banned pesticide ${ne} detected at ${v} mg/kg, at or above the limit of quantification ${loq} mg/kg (LOQ is an open parameter; ${pe})`,
        ).at(record.sectorPath('samples', i, 'pesticides', j, 'mg_per_kg')),
      );
    });
  }
  return out;
}

/**
 * One finding when a grower's pesticide-use records are not recorded or cover less than 2 years.
 * @param {Record} record
 * @param {Data} data
 * @returns {Finding[]}
 */
function checkGrower(record, data) {
  const need = num(PESTICIDE_RECORD_YEARS);
  const y = data.pesticide_record_years;
  if (y !== null && y >= PESTICIDE_RECORD_YEARS) return [];
  const [zh, en] =
    y !== null
      ? [
          `种植者的农药使用记录仅 ${num(y)} 年，少于应保存的 ${need} 年`,
          `the grower's pesticide-use records cover ${num(y)} years, fewer than the ${need} years required`,
        ]
      : [
          `检查未载明查见种植者的农药使用记录（pesticide_record_years 为空），应保存不少于 ${need} 年`,
          `no pesticide-use records of the grower are recorded (pesticide_record_years is null); ${need} years are required`,
        ];
  return [finding(PESTICIDE_RECORDS, zh, en).at(record.sectorPath('pesticide_record_years'))];
}

/**
 * A trader's records and origin: false and null both fire, null because the inspection of a trader did not
 * establish what the law requires it to show; the message says which.
 * @param {Record} record
 * @param {Data} data
 * @returns {Finding[]}
 */
function checkTrader(record, data) {
  const checks = /** @type {const} */ ([
    [
      'trade_records',
      data.trade_records,
      ['经营者未能提供进货查验和购销记录', 'the trader showed no purchase-inspection and sales records'],
      ['是否查见进货查验和购销记录', 'whether the trader showed purchase-inspection and sales records'],
    ],
    [
      'origin_stated',
      data.origin_stated,
      ['经营者未标明中药材产地', "the trader did not state the herbs' origin"],
      ['是否标明中药材产地', "whether the trader stated the herbs' origin"],
    ],
  ]);
  /** @type {Finding[]} */
  const out = [];
  for (const [field, value, [fz, fe], [wz, we]] of checks) {
    if (value === true) continue;
    const [zh, en] =
      value === false
        ? [fz, fe]
        : [
            `检查记录未载明${wz}（${field} 为空），按未查见处理`,
            `the record does not say ${we} (${field} is null); read as not shown`,
          ];
    out.push(finding(TRADE_RECORDS, zh, en).at(record.sectorPath(field)));
  }
  return out;
}

/** The day format of the policy date; another text gives no findings, as a record without a date in Rust. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Findings of one record. A `sector_data.herbal` that cannot be read makes `record.read` throw, which the SDK
 * reports as one `plugin.sector-data-invalid` finding.
 * @param {Record} record
 * @returns {Finding[]}
 */
function checkRecord(record) {
  const data = record.read(HerbalData);
  const day = record.policyDate;
  if (!DAY.test(day)) return [];
  /** @type {Finding[]} */
  const out = [];

  /** @type {string[]} */
  const breaking = [];
  const ed = inForce(day);
  if (ed !== null) {
    data.samples.forEach((sample, i) => {
      const found = checkSample(record, i, sample, ed);
      if (found.length > 0) breaking.push(`[${i}]`);
      out.push(...found);
    });
  }
  if (data.outcome_violation === false && breaking.length > 0) {
    out.push(
      finding(
        OUTCOME,
        `检查结论记为未发现违法（outcome_violation 为 false），但样品${breaking.join('、')}超出限量`,
        `the inspector concluded no violation (outcome_violation is false) but sample(s) ${breaking.join(', ')} break a limit`,
      ).at(record.sectorPath('outcome_violation')),
    );
  }

  if (data.role === 'grower') out.push(...checkGrower(record, data));
  else if (data.role === 'trader') out.push(...checkTrader(record, data));

  if (data.sulfur_fumigation_observed === true) {
    out.push(
      finding(
        FUMIGATION,
        '检查发现使用硫磺熏蒸中药材（2013年起全国禁止）',
        'sulfur fumigation of herbs was observed (banned nationally since 2013)',
      ).at(record.sectorPath('sulfur_fumigation_observed')),
    );
  }
  return out;
}

export const { meta, check } = definePlugin({ meta: META, check: checkRecord });
