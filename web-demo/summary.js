// @ts-check
// Summary of a batch check (used by worker.js; no DOM), for the charts and the findings list. Every number comes
// from the engine's own count (`stats` of Checker.check: jiancha_core::stats, the numbers of the HTML report); this
// module only reshapes them, and pairs each output line with its record's lead agency for the list.

/** Parses JSON Lines leniently: returns [{line, record|null}] for every non-blank line (1-based physical). */
export function parseInputLines(text) {
  const out = [];
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    // One JSON array: no line numbers to match, the list goes by id.
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

/** The severity counts of a stats `Counts` ({findings, violation, warning, info}). */
function bySeverity(c) {
  return { violation: c.violation, warning: c.warning, info: c.info };
}

/**
 * The summary the batch tab draws: `outputText` (the JSON Lines), `inputText` (the records, for each line's lead
 * agency), `stats` (the engine's count of the same run) and the dataset (for agency names in the list).
 */
export function summarise(outputText, inputText, stats, dataset) {
  const agencyName = new Map((dataset?.agencies || []).map((a) => [a.id, a.name]));
  const byLine = new Map();
  const byId = new Map();
  for (const { line, record } of parseInputLines(inputText)) {
    if (!record) continue;
    if (line !== null) byLine.set(line, record);
    if (typeof record.id === 'string') byId.set(record.id, byId.has(record.id) ? null : record);
  }
  const lines = [];
  // Agency-years the engine reported below the joint-rate target (the ⚑ of the chart).
  const flagged = new Set();
  for (const l of outputText.split('\n')) {
    if (!l.trim()) continue;
    const o = JSON.parse(l);
    if (o.scope === 'inspection') {
      if (!o.findings.length && !o.error) continue;
      const record = (o.line != null && byLine.get(o.line)) || (o.id != null && byId.get(o.id)) || null;
      const lead = record && typeof record.lead_agency === 'string' ? record.lead_agency : null;
      lines.push({ ...o, lead, leadName: lead ? agencyName.get(lead) || lead : null });
    } else if (o.findings.length) {
      lines.push({ ...o, lead: null, leadName: o.scope === 'agency' ? agencyName.get(o.id) || o.id : null });
      for (const f of o.findings) {
        if (f.rule === 'joint.rate-below-target' && o.scope === 'agency') {
          const y = /(\d{4})/.exec(f.message_en || f.message);
          flagged.add(`${o.id}|${y ? y[1] : ''}`);
        }
      }
    }
  }

  const years = [...new Set(stats.joint.map((r) => r.year))].sort((a, b) => a - b);
  const joint = years.map((year) => {
    const rows = stats.joint.filter((r) => r.year === year);
    const target = rows.find((r) => r.target !== null);
    return {
      year,
      target: target ? target.target : null,
      origin: target ? (target.county ? 'county' : 'builtin') : null,
      rows: rows
        .map((r) => ({ ...r, flagged: flagged.has(`${r.agency}|${year}`) }))
        .sort((a, b) => b.rate - a.rate || b.all - a.all || a.agency.localeCompare(b.agency)),
    };
  });
  return {
    totals: {
      records: stats.records,
      clean: stats.clean,
      unreadable: stats.unreadable,
      violation: stats.violation,
      warning: stats.warning,
      info: stats.info,
    },
    recordsWith: bySeverity(stats.records_with),
    otherScope: bySeverity(stats.other_scopes),
    // Most frequent first, as the chart reads.
    byRule: stats.rules
      .map((r) => ({ rule: r.id, severity: r.severity, count: r.count }))
      .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule)),
    // Findings on the records each agency leads (record level, as the chart says).
    byAgency: stats.by_agency
      .filter((a) => a.records.findings > 0)
      .map((a) => ({ agency: a.id, name: a.name, ...bySeverity(a.records), total: a.records.findings }))
      .sort((a, b) => b.total - a.total || String(a.agency).localeCompare(String(b.agency))),
    joint,
    lines,
  };
}
