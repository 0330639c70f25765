// Summary of a batch check (used by worker.js; no DOM): totals, findings by rule and by lead agency, and each
// agency's joint-inspection rate against the target in force. Pure functions over the engine's JSONL output,
// the input records and the dataset.

/** Parses JSON Lines leniently: returns [{line, record|null}] for every non-blank line (1-based physical). */
export function parseInputLines(text) {
  const out = [];
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    // One JSON array: no line numbers to match, the summary goes by id.
    try {
      const arr = JSON.parse(text);
      if (Array.isArray(arr)) return arr.map((r) => ({ line: null, record: r && typeof r === 'object' ? r : null }));
    } catch {
      // fall through: treat as lines
    }
  }
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const s = lines[i].trim();
    if (!s) continue;
    let record = null;
    try {
      const v = JSON.parse(s);
      if (v && typeof v === 'object' && !Array.isArray(v)) record = v;
    } catch {
      record = null;
    }
    out.push({ line: i + 1, record });
  }
  return out;
}

/** The Asia/Shanghai calendar year of an RFC 3339 time (no offset = +08:00), or null. */
export function shanghaiYear(time) {
  if (typeof time !== 'string') return null;
  const hasOffset = /([zZ]|[+-]\d\d:?\d\d)$/.test(time);
  const ms = Date.parse(hasOffset ? time : `${time}+08:00`);
  if (Number.isNaN(ms)) return null;
  return new Date(ms + 8 * 3600 * 1000).getUTCFullYear();
}

// ---------------------------------------------------------------------------------------------------------------
// The joint-rate target: the same layering as the engine's Policy (core/src/policy.rs): built-in values, then the
// dataset's `policy` object, then policy.toml, merged by date: in force is the value with the latest `from` on or
// before the day (a plain value: since always), a later layer winning a tie.

const BUILT_IN_JOINT = [{ from: '2027-01-01', value: 0.8, origin: 'builtin' }];

function setDated(values, county) {
  if (county === undefined || county === null) return values;
  let list;
  if (typeof county === 'number') list = [{ from: null, value: county, origin: 'county' }];
  else if (Array.isArray(county))
    list = county
      .filter((d) => d && typeof d.from === 'string' && typeof d.value === 'number')
      .map((d) => ({ from: d.from, value: d.value, origin: 'county' }));
  if (!list || !list.length) return values;
  const merged = [...values.filter((e) => !list.some((c) => c.from === e.from)), ...list];
  // null ("since always") first, then by date.
  return merged.sort((a, b) => (a.from === b.from ? 0 : a.from === null ? -1 : b.from === null ? 1 : a.from < b.from ? -1 : 1));
}

/** `joint_rate_target` of a policy.toml text: a number, a list [{from, value}] or undefined when absent. */
export function tomlJointRateTarget(text) {
  if (!text) return undefined;
  const clean = text
    .split('\n')
    .map((l) => l.replace(/#.*$/, ''))
    .join('\n');
  const m = /^[ \t]*joint_rate_target[ \t]*=[ \t]*/m.exec(clean);
  if (!m) return undefined;
  const rest = clean.slice(m.index + m[0].length);
  if (rest.startsWith('[')) {
    let depth = 0;
    let end = rest.length;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === '[') depth++;
      else if (rest[i] === ']' && --depth === 0) {
        end = i;
        break;
      }
    }
    const body = rest.slice(1, end);
    const list = [];
    for (const tm of body.matchAll(/\{([^}]*)\}/g)) {
      const from = /from\s*=\s*"([^"]+)"/.exec(tm[1]);
      const value = /value\s*=\s*([0-9.eE+-]+)/.exec(tm[1]);
      if (from && value) list.push({ from: from[1], value: Number(value[1]) });
    }
    return list;
  }
  const n = /^([0-9.eE+-]+)/.exec(rest);
  return n ? Number(n[1]) : undefined;
}

/** The joint-rate target entries after the dataset's policy object and the policy.toml text. */
export function jointTargets(dataset, policyText) {
  let values = BUILT_IN_JOINT.slice();
  const dsPolicy = dataset && typeof dataset.policy === 'object' && dataset.policy ? dataset.policy : null;
  if (dsPolicy) values = setDated(values, dsPolicy.joint_rate_target);
  values = setDated(values, tomlJointRateTarget(policyText));
  return values;
}

/** The entry {value, origin} in force on `day` (YYYY-MM-DD), or null. */
export function entryOn(values, day) {
  for (let i = values.length - 1; i >= 0; i--) {
    const e = values[i];
    if (e.from === null || e.from <= day) return e;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------

function isInspection(r) {
  return (r.activity ?? 'inspection') === 'inspection' || (Array.isArray(r.items) && r.items.length > 0);
}

// An entrusted organization counts as the organ that entrusted it (core's Dataset::organ); bodies that may not
// inspect have no joint rate.
const MAY_INSPECT = new Set(['administrative-organ', 'authorized-organization', 'entrusted-organization']);

function organOf(agencies) {
  return (id) => {
    const a = agencies.get(id);
    const by = a && a.kind === 'entrusted-organization' ? agencies.get(a.entrusted_by) : null;
    return by && by.kind !== 'entrusted-organization' ? by.id : id;
  };
}

function counted(r, organ) {
  const out = [];
  for (const a of [r.lead_agency, ...(r.joint_agencies || []), r.delegated_by]) {
    if (typeof a === 'string' && !out.includes(organ(a))) out.push(organ(a));
  }
  return out;
}

function isJoint(r, organ) {
  return (r.joint_agencies || []).some((a) => organ(a) !== organ(r.lead_agency));
}

/**
 * Summarises a check.
 * outputText: the engine's JSONL; inputText: the records; dataset: the dataset object; policyText: policy.toml.
 */
export function summarise(outputText, inputText, dataset, policyText) {
  const agencyName = new Map((dataset?.agencies || []).map((a) => [a.id, a.name]));
  const agencyById = new Map((dataset?.agencies || []).map((a) => [a.id, a]));
  const organ = organOf(agencyById);
  const input = parseInputLines(inputText);
  const byLine = new Map();
  const byId = new Map();
  for (const { line, record } of input) {
    if (!record) continue;
    if (line !== null) byLine.set(line, record);
    if (typeof record.id === 'string') byId.set(record.id, byId.has(record.id) ? null : record);
  }

  const out = outputText.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const totals = { records: 0, clean: 0, unreadable: 0, violation: 0, warning: 0, info: 0 };
  // findings on plans, agencies, enterprises or the dataset (not on one record), by severity
  const otherScope = { violation: 0, warning: 0, info: 0 };
  const recordsWith = { violation: 0, warning: 0, info: 0 };
  const rules = new Map();
  const agencies = new Map();
  const readable = [];
  const flagged = new Set();
  const lines = [];

  for (const o of out) {
    const findings = o.findings || [];
    for (const f of findings) {
      totals[f.severity] = (totals[f.severity] || 0) + 1;
      const r = rules.get(f.rule) || { rule: f.rule, severity: f.severity, count: 0 };
      r.count++;
      rules.set(f.rule, r);
    }
    if (o.scope === 'inspection') {
      totals.records++;
      const record = (o.line != null && byLine.get(o.line)) || (o.id != null && byId.get(o.id)) || null;
      if (o.error) totals.unreadable++;
      else {
        if (!findings.length) totals.clean++;
        if (record) readable.push(record);
      }
      for (const sev of ['violation', 'warning', 'info']) if (findings.some((f) => f.severity === sev)) recordsWith[sev]++;
      const lead = record && typeof record.lead_agency === 'string' ? record.lead_agency : null;
      if (findings.length) {
        const key = lead ?? '';
        const a = agencies.get(key) || { agency: key, name: lead ? agencyName.get(lead) || lead : null, violation: 0, warning: 0, info: 0, total: 0 };
        for (const f of findings) {
          a[f.severity]++;
          a.total++;
        }
        agencies.set(key, a);
      }
      if (findings.length || o.error) lines.push({ ...o, lead, leadName: lead ? agencyName.get(lead) || lead : null });
    } else {
      for (const f of findings) otherScope[f.severity]++;
      if (findings.length) lines.push({ ...o, lead: null, leadName: o.scope === 'agency' ? agencyName.get(o.id) || o.id : null });
      for (const f of findings) {
        if (f.rule === 'joint.rate-below-target' && o.scope === 'agency') {
          const y = /(\d{4})/.exec(f.message_en || f.message);
          flagged.add(`${o.id}|${y ? y[1] : ''}`);
        }
      }
    }
  }

  // Joint-inspection rate per agency and year, as core/src/rules/dataset.rs counts it: on-site inspections in
  // substance, once for each counted agency (lead, joint, delegating; as the organ it acts for) known to the
  // dataset and allowed to inspect.
  const rates = new Map();
  for (const r of readable) {
    if (r.mode !== 'on-site' || !isInspection(r)) continue;
    const year = shanghaiYear(r.started_at);
    if (year === null) continue;
    for (const a of counted(r, organ)) {
      if (!MAY_INSPECT.has(agencyById.get(a)?.kind)) continue;
      const key = `${a}|${year}`;
      const e = rates.get(key) || { agency: a, name: agencyName.get(a), year, joint: 0, all: 0 };
      e.all++;
      if (isJoint(r, organ)) e.joint++;
      rates.set(key, e);
    }
  }
  const targets = jointTargets(dataset, policyText);
  const years = [...new Set([...rates.values()].map((e) => e.year))].sort();
  const joint = years.map((year) => {
    const target = entryOn(targets, `${year}-12-31`);
    const rows = [...rates.values()]
      .filter((e) => e.year === year)
      .map((e) => ({
        ...e,
        rate: e.joint / e.all,
        below: target ? e.joint / e.all < target.value : false,
        flagged: flagged.has(`${e.agency}|${year}`),
      }))
      .sort((a, b) => b.rate - a.rate || b.all - a.all || a.agency.localeCompare(b.agency));
    return { year, target: target ? target.value : null, origin: target ? target.origin : null, rows };
  });

  return {
    totals,
    recordsWith,
    otherScope,
    byRule: [...rules.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule)),
    byAgency: [...agencies.values()].sort((a, b) => b.total - a.total || String(a.agency).localeCompare(String(b.agency))),
    joint,
    lines,
  };
}
