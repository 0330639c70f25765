// @ts-check
/**
 * @file The JavaScript guest SDK for Jiancha department plugins (检查插件 JavaScript 开发包).
 *
 * A department writes its metadata and a `check` of one record; {@link definePlugin} turns them into the two
 * functions the `checker` world of `plugins/wit/jiancha-plugin.wit` exports (`meta`, `check`), as componentize-js
 * expects them: record fields in camelCase (`titleEn`, `messageEn`, `sectorData`, `policyDate`), enums as
 * lower-case strings (`'violation'`), lists as arrays. The SDK decodes each input into a {@link Record}, fills each
 * finding's severity and citations from the rule catalogue, and turns a `sector_data` entry the plugin cannot read
 * into the standard `plugin.sector-data-invalid` finding.
 *
 * ```js
 * import { definePlugin, pluginMeta, rule, finding, t } from './jiancha.js';
 *
 * const Data = t.object({ exits_blocked: t.bool.default(false) });
 *
 * export const { meta, check } = definePlugin({
 *   meta: pluginMeta('fire', '消防检查', '磐安县消防救援大队', '0.1.0')
 *     .industries('C', 'H')
 *     .rule(rule('fire.exits-blocked', 'violation', '安全出口堵塞', 'exits blocked').cite('fire-law-2021', 'art. 28')),
 *   check(record) {
 *     const data = record.read(Data);
 *     return data.exits_blocked
 *       ? [finding('fire.exits-blocked', '安全出口被堵塞', 'exits were blocked').at(record.sectorPath('exits_blocked'))]
 *       : [];
 *   },
 * });
 * ```
 *
 * The module is plain ECMAScript with no imports: the same file runs in Node (`test-vectors.mjs`) and inside the
 * component, which imports nothing — no files, network, clocks, randomness or environment. Do not call
 * `Date.now()`, `Math.random()` or `console` in a plugin: the component is built without them.
 */

// ---------------------------------------------------------------------------------------------------------------
// The WIT types, as componentize-js maps them.

/** How serious a finding is (WIT enum `severity`). @typedef {'info' | 'warning' | 'violation'} Severity */

/** A clause a finding rests on, e.g. `{ source: 'aqscf-2021', article: 'art. 65' }`. @typedef {{ source: string, article: string }} Citation */

/**
 * One rule of the catalogue (WIT `rule-info`).
 * @typedef {object} RuleInfo
 * @property {string} id `<plugin-id>.<name>`, kebab-case.
 * @property {Severity} severity
 * @property {string} title Chinese title.
 * @property {string} titleEn English title.
 * @property {Citation[]} citations
 */

/**
 * What the plugin is and which enterprises it applies to (WIT `plugin-meta`).
 * @typedef {object} PluginMeta
 * @property {string} id
 * @property {string} name
 * @property {string} department
 * @property {string} version
 * @property {string[]} industries GB/T 4754-2017 code prefixes.
 * @property {string[]} tags Enterprise tags.
 * @property {RuleInfo[]} rules
 */

/**
 * The enterprise inspected (WIT `enterprise`).
 * @typedef {object} Enterprise
 * @property {string} id 统一社会信用代码.
 * @property {string} name
 * @property {string} industry GB/T 4754-2017 code, e.g. `C2730`.
 * @property {string[]} tags Free labels, e.g. `major-hazard`.
 */

/**
 * One record to check, as the host sends it (WIT `check-input`).
 * @typedef {object} CheckInput
 * @property {string} inspection The inspection record as JSON text.
 * @property {Enterprise} enterprise
 * @property {string} sectorData The record's `sector_data.<plugin-id>` entry as JSON text (`null` when absent).
 * @property {string} policyDate The day whose standards apply (YYYY-MM-DD, Asia/Shanghai): the inspection day.
 */

/**
 * A finding as the component returns it (WIT `finding`).
 * @typedef {object} WitFinding
 * @property {string} rule
 * @property {Severity} severity
 * @property {string} message
 * @property {string} messageEn
 * @property {Citation[]} citations
 * @property {string} path
 * @property {string[]} related
 */

// ---------------------------------------------------------------------------------------------------------------
// The inspection record of the data contract (schema/, core/src/model.rs), as the host serialises it.

/** @typedef {'inspection' | 'observation' | 'supervision' | 'study-visit' | 'visit'} Activity */
/** @typedef {'plan' | 'special' | 'random-sampling' | 'complaint' | 'referral' | 'data-monitoring' | 'patrol' | 'enterprise-request'} Trigger */
/** @typedef {'on-site' | 'off-site'} Mode */
/** @typedef {'seal' | 'seize' | 'freeze' | 'suspend'} MeasureKind */
/** A compulsory measure. @typedef {{ kind: MeasureKind, legal_basis?: string | null }} Measure */
/** @typedef {{ kind: 'temporary' | 'four-no-two-direct' | 'covert' }} Urgency */
/** @typedef {{ sent_at: string, time?: boolean, basis?: boolean, purpose?: boolean, content?: boolean }} Notice */
/** @typedef {{ gifts?: boolean, hospitality?: boolean, expenses_charged?: boolean, designated_intermediary?: boolean, legal_rep_required?: boolean }} Conduct */
/** @typedef {{ decided_on: string, first_offense?: boolean, minor?: boolean, corrected?: boolean, harm?: 'none' | 'minor' | 'serious' | null, return_visit_on?: string | null }} Penalty */

/**
 * An inspection record (检查记录). Fields with a default in the contract may be absent in a hand-made record; the
 * host always sends them.
 * @typedef {object} Inspection
 * @property {string} id
 * @property {Activity} [activity] What the activity was called (default `inspection`).
 * @property {Trigger} trigger Why it took place.
 * @property {string | null} [plan]
 * @property {Mode} mode
 * @property {string} lead_agency
 * @property {string[]} [joint_agencies]
 * @property {string | null} [delegated_by]
 * @property {string | null} [entrusted_agency]
 * @property {string[]} inspectors
 * @property {string} enterprise USCC of the enterprise inspected.
 * @property {string} started_at RFC 3339 time.
 * @property {string} ended_at RFC 3339 time.
 * @property {string[]} items Item ids checked.
 * @property {{ approved_at: string } | null} [approval]
 * @property {string | null} [code]
 * @property {string | null} [code_assigned_at]
 * @property {Urgency | null} [urgency]
 * @property {Notice | null} [notice]
 * @property {'not-public-by-law' | 'unsuitable' | null} [notice_exemption]
 * @property {Conduct} [conduct]
 * @property {Measure[]} [measures] Compulsory measures taken (default none).
 * @property {Penalty | null} [penalty]
 * @property {{ [plugin: string]: unknown }} [sector_data]
 */

/** Chinese names of the triggers, as the core uses them in messages (`Trigger::zh`). @type {Readonly<{ [K in Trigger]: string }>} */
export const TRIGGER_ZH = Object.freeze({
  plan: '计划检查',
  special: '专项检查',
  'random-sampling': '双随机抽查',
  complaint: '投诉举报',
  referral: '转办交办',
  'data-monitoring': '数据监测',
  patrol: '巡查发现',
  'enterprise-request': '企业申请',
});

/** Chinese names of the activities (`Activity::zh`). @type {Readonly<{ [K in Activity]: string }>} */
export const ACTIVITY_ZH = Object.freeze({
  inspection: '检查',
  observation: '观摩',
  supervision: '督导',
  'study-visit': '考察',
  visit: '走访',
});

/** Chinese names of the modes (`Mode::zh`). @type {Readonly<{ [K in Mode]: string }>} */
export const MODE_ZH = Object.freeze({ 'on-site': '现场', 'off-site': '非现场' });

/** Chinese names of the measures (`MeasureKind::zh`). @type {Readonly<{ [K in MeasureKind]: string }>} */
export const MEASURE_KIND_ZH = Object.freeze({ seal: '查封', seize: '扣押', freeze: '冻结', suspend: '责令停产停业' });

/** English names of the measures (`MeasureKind::en`). @type {Readonly<{ [K in MeasureKind]: string }>} */
export const MEASURE_KIND_EN = Object.freeze({
  seal: 'sealing',
  seize: 'seizure',
  freeze: 'freezing',
  suspend: 'suspension order',
});

/**
 * Whether the record is an inspection in substance: called one, or listing items (`Inspection::is_inspection`).
 * A 走访 that lists no items is not an inspection.
 * @param {Inspection} inspection
 */
export function isInspection(inspection) {
  return (inspection.activity ?? 'inspection') === 'inspection' || (inspection.items ?? []).length > 0;
}

/**
 * Whether it was an on-site inspection in substance (`Inspection::is_onsite_inspection`).
 * @param {Inspection} inspection
 */
export function isOnsiteInspection(inspection) {
  return inspection.mode === 'on-site' && isInspection(inspection);
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * The calendar day (YYYY-MM-DD) of an RFC 3339 time in Asia/Shanghai, or null when it is not one. Computed at
 * UTC+8, which is Asia/Shanghai since 1992 (the summer times of 1986–1991 are not modelled).
 * @param {string} timestamp
 * @returns {string | null}
 */
export function shanghaiDay(timestamp) {
  const m = TIMESTAMP.exec(timestamp);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const offset = m[7] ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  const local = new Date(Date.UTC(y, mo - 1, d, h, mi, s) + (8 * 60 - offset) * 60_000);
  return `${String(local.getUTCFullYear()).padStart(4, '0')}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}`;
}

/** @param {number} n */
function pad2(n) {
  return String(n).padStart(2, '0');
}

/**
 * A JSON pointer (RFC 6901) from its segments: `pointer('sector_data', 'safety', 'checked')` is
 * `/sector_data/safety/checked`.
 * @param {...(string | number)} segments
 */
export function pointer(...segments) {
  return segments.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/**
 * Whether a text is empty or only white space, by the Unicode White_Space property (Rust's `str::trim`), so that
 * the JavaScript, Python and Rust plugins agree on what is blank.
 * @param {string} text
 */
export function isBlank(text) {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/.test(text);
}

// ---------------------------------------------------------------------------------------------------------------
// Metadata and rules.

const SEVERITIES = ['info', 'warning', 'violation'];

/** A rule of the plugin's catalogue. Its id is `<plugin-id>.<name>`. */
export class RuleDef {
  /**
   * @param {string} id `<plugin-id>.<name>`, kebab-case.
   * @param {Severity} severity Severity of every finding of the rule.
   * @param {string} title Chinese title.
   * @param {string} titleEn English title.
   */
  constructor(id, severity, title, titleEn) {
    if (!SEVERITIES.includes(severity)) {
      throw new TypeError(`规则 ${id} 的级别 ${severity} 无效 / rule ${id}: severity must be info, warning or violation`);
    }
    this.id = id;
    this.severity = severity;
    this.title = title;
    this.titleEn = titleEn;
    /** @type {Citation[]} */
    this.citations = [];
  }

  /**
   * Adds a citation.
   * @param {string} source
   * @param {string} article
   * @returns {this}
   */
  cite(source, article) {
    this.citations.push({ source, article });
    return this;
  }
}

/**
 * A rule with its id, severity and titles; add citations with `.cite(source, article)`.
 * @param {string} id
 * @param {Severity} severity
 * @param {string} title
 * @param {string} titleEn
 */
export function rule(id, severity, title, titleEn) {
  return new RuleDef(id, severity, title, titleEn);
}

/** The plugin's metadata and rule catalogue. */
export class Meta {
  /**
   * @param {string} id Lower-case id, also the key of the plugin's `sector_data` entry.
   * @param {string} name Chinese name.
   * @param {string} department The department that ships it.
   * @param {string} version Semantic version.
   */
  constructor(id, name, department, version) {
    this.id = id;
    this.name = name;
    this.department = department;
    this.version = version;
    /** @type {string[]} */
    this.industryPrefixes = [];
    /** @type {string[]} */
    this.scopeTags = [];
    /** @type {RuleDef[]} */
    this.rules = [];
  }

  /**
   * The GB/T 4754 prefixes it applies to.
   * @param {...(string | string[])} prefixes
   * @returns {this}
   */
  industries(...prefixes) {
    this.industryPrefixes = prefixes.flat();
    return this;
  }

  /**
   * The enterprise tags it applies to.
   * @param {...(string | string[])} tags
   * @returns {this}
   */
  tags(...tags) {
    this.scopeTags = tags.flat();
    return this;
  }

  /**
   * Adds a rule.
   * @param {RuleDef} r
   * @returns {this}
   */
  rule(r) {
    if (!(r instanceof RuleDef)) throw new TypeError('Meta.rule 需要 rule(…) 的结果 / Meta.rule takes a rule(…)');
    this.rules.push(r);
    return this;
  }

  /**
   * The rule with this id.
   * @param {string} id
   */
  find(id) {
    return this.rules.find((r) => r.id === id);
  }

  /**
   * Whether the plugin applies to an enterprise, by industry prefix or tag (`in_plugin_scope` of the core).
   * @param {string} industry
   * @param {readonly string[]} tags
   */
  appliesTo(industry, tags) {
    return this.industryPrefixes.some((p) => industry.startsWith(p)) || this.scopeTags.some((t) => tags.includes(t));
  }

  /**
   * The metadata as the WIT `meta` export returns it.
   * @returns {PluginMeta}
   */
  toWit() {
    return {
      id: this.id,
      name: this.name,
      department: this.department,
      version: this.version,
      industries: [...this.industryPrefixes],
      tags: [...this.scopeTags],
      rules: this.rules.map((r) => ({
        id: r.id,
        severity: r.severity,
        title: r.title,
        titleEn: r.titleEn,
        citations: r.citations.map((c) => ({ ...c })),
      })),
    };
  }
}

/**
 * Metadata with id, name, department and version; add `.industries(…)`, `.tags(…)` and `.rule(…)`.
 * @param {string} id
 * @param {string} name
 * @param {string} department
 * @param {string} version
 */
export function pluginMeta(id, name, department, version) {
  return new Meta(id, name, department, version);
}

// ---------------------------------------------------------------------------------------------------------------
// Findings.

/** The rule id of the standard finding for a `sector_data` entry whose shape cannot be read; any plugin may report it. */
export const SECTOR_DATA_INVALID = 'plugin.sector-data-invalid';

/** A finding. Severity and citations default to the rule's, from the plugin's catalogue. */
export class Finding {
  /**
   * @param {string} ruleId Rule id.
   * @param {string} message Chinese message stating the facts.
   * @param {string} messageEn English message.
   */
  constructor(ruleId, message, messageEn) {
    this.rule = ruleId;
    /** @type {Severity | null} Severity; null takes the rule's. */
    this.severity = null;
    this.message = message;
    this.messageEn = messageEn;
    /** @type {Citation[]} Citations; empty takes the rule's. */
    this.citations = [];
    this.path = '';
    /** @type {string[]} */
    this.relatedIds = [];
  }

  /**
   * The field concerned, as a JSON pointer into the record (`/sector_data/<plugin>/…`).
   * @param {string} path
   * @returns {this}
   */
  at(path) {
    this.path = path;
    return this;
  }

  /**
   * A citation of its own (the rule's are used when none is given).
   * @param {string} source
   * @param {string} article
   * @returns {this}
   */
  cite(source, article) {
    this.citations.push({ source, article });
    return this;
  }

  /**
   * Other records the finding rests on.
   * @param {string[]} ids
   * @returns {this}
   */
  related(ids) {
    this.relatedIds = [...ids];
    return this;
  }
}

/**
 * A finding of `ruleId` with its Chinese and English messages; then `.at(path)`, `.cite(source, article)`.
 * @param {string} ruleId
 * @param {string} zh
 * @param {string} en
 */
export function finding(ruleId, zh, en) {
  return new Finding(ruleId, zh, en);
}

/**
 * The standard finding for a `sector_data` entry whose shape cannot be read: rule `plugin.sector-data-invalid`,
 * severity warning, no citation. The plugin reports it instead of guessing, or of staying silent.
 * @param {string} path JSON pointer of the entry or of the field that cannot be read.
 * @param {string} zh
 * @param {string} en
 */
export function invalidSectorData(path, zh, en) {
  const f = new Finding(SECTOR_DATA_INVALID, zh, en).at(path);
  f.severity = 'warning';
  return f;
}

/** Thrown by {@link Record.read} (and by a plugin) when the `sector_data` entry has a shape it cannot read. */
export class SectorDataError extends Error {
  /**
   * @param {string} at JSON pointer inside the entry (`''` for the entry itself).
   * @param {string} zh What is wrong, in Chinese.
   * @param {string} en The same in English.
   */
  constructor(at, zh, en) {
    super(`${at || '/'}: ${zh} / ${en}`);
    this.name = 'SectorDataError';
    this.at = at;
    this.zh = zh;
    this.en = en;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Shapes: reading a `sector_data` entry as serde reads it into the Rust plugin's types.

/**
 * How a value of `sector_data` is read. `decode` throws {@link SectorDataError} when the value has another shape.
 * @template T
 */
export class Shape {
  /**
   * @param {string} zh What it expects, in Chinese.
   * @param {string} en The same in English.
   * @param {(value: unknown, at: string) => T} decode
   */
  constructor(zh, en, decode) {
    this.zh = zh;
    this.en = en;
    this.decode = decode;
    /** Whether an absent field is read as `fallback()` (serde `#[serde(default)]`). */
    this.hasDefault = false;
    /** Whether null and an absent field are read as null (an `Option`). */
    this.nullable = false;
    /** @type {() => T} */
    this.fallback = () => {
      throw new Error('no default');
    };
  }

  /**
   * The same shape, with a value for an absent field (`#[serde(default)]`). Null is still refused, as serde refuses
   * it; use `t.optional` for a field that may be null. Arrays and objects are copied for each record.
   * @param {T} value
   * @returns {Shape<T>}
   */
  default(value) {
    const s = new Shape(this.zh, this.en, this.decode);
    s.nullable = this.nullable;
    s.hasDefault = true;
    const text = JSON.stringify(value);
    s.fallback = () => (value !== null && typeof value === 'object' ? JSON.parse(text) : value);
    return s;
  }
}

/** @typedef {{ [field: string]: Shape<any> }} Fields */
/**
 * The type a shape reads.
 * @template S
 * @typedef {S extends Shape<infer T> ? T : never} Infer
 */

/** @param {unknown} v */
function describe(v) {
  if (v === null) return ['null', 'null'];
  if (Array.isArray(v)) return ['数组', 'an array'];
  switch (typeof v) {
    case 'boolean':
      return [`布尔值 ${v}`, `boolean ${v}`];
    case 'number':
      return [`数字 ${v}`, `number ${v}`];
    case 'string': {
      const s = JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
      return [`字符串 ${s}`, `string ${s}`];
    }
    case 'undefined':
      return ['缺失', 'nothing'];
    default:
      return ['对象', 'an object'];
  }
}

/**
 * @param {Shape<any>} shape
 * @param {unknown} v
 * @param {string} at
 * @returns {never}
 */
function mismatch(shape, v, at) {
  const [zh, en] = describe(v);
  throw new SectorDataError(at, `应为${shape.zh}，实为${zh}`, `expected ${shape.en}, found ${en}`);
}

/** @type {Shape<string>} */
const stringShape = new Shape('字符串', 'a string', (v, at) => (typeof v === 'string' ? v : mismatch(stringShape, v, at)));
/** @type {Shape<boolean>} */
const boolShape = new Shape('布尔值', 'a boolean', (v, at) => (typeof v === 'boolean' ? v : mismatch(boolShape, v, at)));
/** @type {Shape<number>} */
const numberShape = new Shape('数字', 'a number', (v, at) => (typeof v === 'number' ? v : mismatch(numberShape, v, at)));
/** @type {Shape<number>} */
const u32Shape = new Shape('非负整数（u32）', 'a non-negative integer (u32)', (v, at) =>
  typeof v === 'number' && Number.isInteger(v) && !Object.is(v, -0) && v >= 0 && v <= 0xffff_ffff ? v : mismatch(u32Shape, v, at),
);
/** @type {Shape<number>} */
const intShape = new Shape('整数', 'an integer', (v, at) =>
  typeof v === 'number' && Number.isSafeInteger(v) ? v : mismatch(intShape, v, at),
);
/** @type {Shape<unknown>} */
const anyShape = new Shape('任意 JSON 值', 'any JSON value', (v) => v);

/**
 * Shapes for {@link Record.read}, with serde's reading: a field without a default must be present, `.default(v)`
 * fills an absent field (null is still refused), `t.optional(s)` takes null or absence as null, unknown fields are
 * ignored. (A JSON number `2.0` reads as the integer 2 here, where serde refuses it: JavaScript cannot tell them
 * apart. `-0` is refused, as serde refuses it.)
 */
export const t = Object.freeze({
  string: stringShape,
  bool: boolShape,
  number: numberShape,
  /** An integer in 0 ..= 4294967295, like a Rust `u32`. */
  u32: u32Shape,
  /** A safe integer (−2^53 … 2^53). */
  int: intShape,
  /** Any JSON value, unread. */
  any: anyShape,

  /**
   * An array of `item`.
   * @template T
   * @param {Shape<T>} item
   * @returns {Shape<T[]>}
   */
  array(item) {
    /** @type {Shape<T[]>} */
    const s = new Shape(`${item.zh}的数组`, `an array of ${item.en}`, (v, at) =>
      Array.isArray(v) ? v.map((x, i) => item.decode(x, `${at}/${i}`)) : mismatch(s, v, at),
    );
    return s;
  },

  /**
   * `inner` or null; an absent field reads as null (a Rust `Option`).
   * @template T
   * @param {Shape<T>} inner
   * @returns {Shape<T | null>}
   */
  optional(inner) {
    /** @type {Shape<T | null>} */
    const s = new Shape(`${inner.zh}或 null`, `${inner.en} or null`, (v, at) =>
      v === null || v === undefined ? null : inner.decode(v, at),
    );
    s.nullable = true;
    return s;
  },

  /**
   * One of the listed strings (a closed enum).
   * @template {string} V
   * @param {readonly V[]} values
   * @returns {Shape<V>}
   */
  oneOf(values) {
    /** @type {Shape<V>} */
    const s = new Shape(`${values.join('、')}之一`, `one of ${values.join(', ')}`, (v, at) =>
      typeof v === 'string' && /** @type {readonly string[]} */ (values).includes(v)
        ? /** @type {V} */ (v)
        : mismatch(s, v, at),
    );
    return s;
  },

  /**
   * A JSON object with these fields; other fields are ignored.
   * @template {Fields} F
   * @param {F} fields
   * @returns {Shape<{ [K in keyof F]: Infer<F[K]> }>}
   */
  object(fields) {
    /** @type {Shape<any>} */
    const s = new Shape('对象', 'an object', (v, at) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) mismatch(s, v, at);
      const obj = /** @type {{ [k: string]: unknown }} */ (v);
      /** @type {{ [k: string]: unknown }} */
      const out = {};
      for (const [key, shape] of Object.entries(fields)) {
        const here = `${at}${pointer(key)}`;
        if (Object.hasOwn(obj, key)) {
          out[key] = shape.decode(obj[key], here);
        } else if (shape.nullable) {
          out[key] = null;
        } else if (shape.hasDefault) {
          out[key] = shape.fallback();
        } else {
          throw new SectorDataError(here, `缺少字段 ${key}`, `missing field \`${key}\``);
        }
      }
      return out;
    });
    return s;
  },
});

// ---------------------------------------------------------------------------------------------------------------
// Records.

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * One record to check. The inspection and the `sector_data` entry are parsed when the plugin first reads them.
 */
export class Record {
  /** @type {string} */ #inspectionText;
  /** @type {Inspection | undefined} */ #inspection;
  /** @type {string} */ #sectorText;
  /** @type {{ value: unknown } | undefined} */ #sector;
  /** @type {string} */ #dateText;

  /**
   * @param {CheckInput} input What the host sent.
   * @param {string} pluginId The plugin's id (the key of its `sector_data` entry).
   */
  constructor(input, pluginId) {
    this.#inspectionText = input.inspection;
    this.#sectorText = input.sectorData;
    this.#dateText = input.policyDate;
    /** The plugin's id, the key of its `sector_data` entry. */
    this.pluginId = pluginId;
    /** @type {Enterprise} The enterprise inspected. */
    this.enterprise = {
      id: input.enterprise.id,
      name: input.enterprise.name,
      industry: input.enterprise.industry,
      tags: [...input.enterprise.tags],
    };
  }

  /**
   * The inspection record, as in the data contract.
   * @returns {Inspection}
   */
  get inspection() {
    this.#inspection ??= /** @type {Inspection} */ (JSON.parse(this.#inspectionText));
    return this.#inspection;
  }

  /**
   * The plugin's `sector_data` entry, parsed but not checked (null when absent). Prefer {@link Record.read}.
   * @returns {unknown}
   */
  get sector() {
    this.#sector ??= { value: JSON.parse(this.#sectorText) };
    return this.#sector.value;
  }

  /**
   * The day whose standards apply (YYYY-MM-DD): the inspection day in Asia/Shanghai.
   * @returns {string}
   */
  get policyDate() {
    if (DAY.test(this.#dateText)) return this.#dateText;
    return shanghaiDay(this.inspection.started_at) ?? this.#dateText;
  }

  /**
   * The `sector_data` entry read with a shape; throws {@link SectorDataError} when it has another shape, which the
   * SDK reports as one `plugin.sector-data-invalid` finding at `/sector_data/<plugin-id>`.
   * @template T
   * @param {Shape<T>} shape
   * @returns {T}
   */
  read(shape) {
    return shape.decode(this.sector, '');
  }

  /**
   * A JSON pointer into the plugin's entry: `record.sectorPath('record', 'place')` is
   * `/sector_data/<plugin-id>/record/place`.
   * @param {...(string | number)} segments
   */
  sectorPath(...segments) {
    return pointer('sector_data', this.pluginId, ...segments);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The plugin.

/**
 * A finding with severity and citations taken from the catalogue, in the WIT shape.
 * @param {Meta} meta
 * @param {unknown} f
 * @returns {WitFinding}
 */
function complete(meta, f) {
  if (!(f instanceof Finding)) {
    throw new TypeError(`check 须返回 finding(…) 的数组 / check must return an array of finding(…), got ${describe(f)[1]}`);
  }
  const declared = meta.find(f.rule);
  let severity = f.severity;
  let citations = f.citations;
  if (declared) {
    severity ??= declared.severity;
    if (citations.length === 0) citations = declared.citations;
  } else if (f.rule !== SECTOR_DATA_INVALID && f.rule !== PLUGIN_FAILED) {
    throw new Error(`报告了未声明的规则 ${f.rule} / reported undeclared rule ${f.rule}`);
  }
  if (f.path !== '' && !f.path.startsWith('/')) {
    throw new Error(`路径 ${f.path} 不是 JSON 指针 / path ${f.path} is not a JSON pointer`);
  }
  return {
    rule: f.rule,
    severity: severity ?? 'warning',
    message: String(f.message),
    messageEn: String(f.messageEn),
    citations: citations.map((c) => ({ source: String(c.source), article: String(c.article) })),
    path: f.path,
    related: f.relatedIds.map(String),
  };
}

/** The host's rule for a plugin that failed on a record; the SDK reports it for an exception `check` threw. */
export const PLUGIN_FAILED = 'plugin.failed';

/**
 * The `plugin.failed` finding for an exception thrown by `check`: the host rewords it and shows the exception.
 * @param {Record} record
 * @param {unknown} e
 */
function failed(record, e) {
  const text = [...(e instanceof Error ? `${e.name}: ${e.message}` : `thrown: ${String(e)}`)].slice(0, 500).join('');
  const f = new Finding(PLUGIN_FAILED, text, text).at(record.sectorPath());
  f.severity = 'warning';
  return f;
}

/**
 * The finding for an entry whose shape cannot be read.
 * @param {Record} record
 * @param {SectorDataError} e
 */
function unreadable(record, e) {
  const id = record.pluginId;
  /** @param {string} s */
  const cut = (s) => [...s].slice(0, 300).join('');
  const why = cut(e.at ? `${e.at}：${e.zh}` : e.zh);
  const whyEn = cut(e.at ? `${e.at}: ${e.en}` : e.en);
  // The wording of the Rust SDK's `Finding::sector_data_invalid`.
  return invalidSectorData(
    record.sectorPath(),
    `sector_data.${id} 无法读取（${why}），本条记录未经插件 ${id} 检查`,
    `sector_data.${id} could not be read (${whyEn}); plugin \`${id}\` did not check this record`,
  );
}

/**
 * @typedef {object} PluginDefinition
 * @property {Meta} meta Metadata and rule catalogue.
 * @property {(record: Record) => Finding[]} check Findings of one record. Called only for records that carry the
 *   plugin's `sector_data` entry and whose enterprise the plugin applies to.
 */

/**
 * @typedef {object} DefinedPlugin
 * @property {() => PluginMeta} meta The `meta` export of the world.
 * @property {(batch: CheckInput[]) => WitFinding[][]} check The `check` export: one list of findings per input, in order.
 * @property {Meta} definition The metadata as declared.
 * @property {(record: Record) => WitFinding[]} checkRecord One record's completed findings.
 */

/**
 * The `meta` and `check` exports of the `checker` world for a plugin: export them from the plugin's entry module,
 * `export const { meta, check } = definePlugin({ meta: …, check(record) { … } })`.
 *
 * A `sector_data` text that is not JSON stops the call (the component traps, and the host reports
 * `plugin.failed` on the record), as the Rust SDK does; an entry of the wrong shape ({@link SectorDataError})
 * gives one `plugin.sector-data-invalid` finding; any other exception gives the host's `plugin.failed` on the
 * record, with the exception as its reason.
 * @param {PluginDefinition} definition
 * @returns {DefinedPlugin}
 */
export function definePlugin(definition) {
  const { meta, check } = definition;
  if (!(meta instanceof Meta)) throw new TypeError('definePlugin 需要 meta: pluginMeta(…) / definePlugin needs meta: pluginMeta(…)');
  if (typeof check !== 'function') throw new TypeError('definePlugin 需要 check(record) / definePlugin needs check(record)');

  /** @param {Record} record */
  const checkRecord = (record) => {
    try {
      const found = check(record);
      if (!Array.isArray(found)) {
        throw new TypeError('check 须返回数组 / check must return an array');
      }
      return found.map((f) => complete(meta, f));
    } catch (e) {
      if (e instanceof SectorDataError) return [complete(meta, unreadable(record, e))];
      // Any other exception: the host's `plugin.failed` on this record, with the exception as its reason (inside
      // the component nothing could print it).
      return [complete(meta, failed(record, e))];
    }
  };

  return {
    meta: () => meta.toWit(),
    check: (batch) =>
      batch.map((input) => {
        const record = new Record(input, meta.id);
        // Parsed before the plugin runs: a text that is not JSON stops the call rather than hiding the record.
        void record.sector;
        return checkRecord(record);
      }),
    definition: meta,
    checkRecord,
  };
}
