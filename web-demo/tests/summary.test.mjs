// The batch summary (summary.js) draws the engine's own count of a run (`stats` of check: jiancha_core::stats).
// Here it must agree with the engine's lines: an agency-year is below the target exactly when the engine reports
// joint.rate-below-target for it, and the totals are those of the lines — on the Pan'an example and on every
// golden scenario.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarise } from '../summary.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const demo = path.resolve(here, '..');
const repo = path.resolve(demo, '..');
const pkgJs = path.join(demo, 'pkg', 'index.js');

let core;
before(async () => {
  assert.ok(fs.existsSync(pkgJs), 'web-demo/pkg is missing: run `bash web-demo/build.sh` first');
  core = await import(pkgJs);
  assert.equal((await core.ready()).ok, true);
});

function agree(name, datasetText, recordsText, policyText) {
  const loaded = core.load(datasetText, policyText || undefined);
  if (!loaded.ok) return null; // a refused dataset has nothing to summarise
  const res = loaded.checker.checkWithStats(recordsText);
  loaded.checker.free();
  assert.ok(res.ok);
  const s = summarise(res.output, recordsText, res.stats, JSON.parse(datasetText));
  const flaggedByEngine = new Set();
  for (const line of res.output.split('\n').filter(Boolean)) {
    const o = JSON.parse(line);
    for (const f of o.findings) {
      if (f.rule === 'joint.rate-below-target') flaggedByEngine.add(`${o.id}|${/(\d{4})/.exec(f.message_en)[1]}`);
    }
  }
  const below = new Set();
  for (const y of s.joint) for (const r of y.rows) if (r.below) below.add(`${r.agency}|${y.year}`);
  assert.deepEqual([...below].sort(), [...flaggedByEngine].sort(), `${name}: joint rate below target (summary.js) vs engine`);
  const flagged = new Set();
  for (const y of s.joint) for (const r of y.rows) if (r.flagged) flagged.add(`${r.agency}|${y.year}`);
  assert.deepEqual([...flagged].sort(), [...flaggedByEngine].sort(), `${name}: the ⚑ marks are the engine's findings`);
  // by agency: the findings of the records each agency leads, an entrusted organization counting as the organ it
  // acts for (Dataset::organ)
  const agencies = new Map((JSON.parse(datasetText).agencies || []).map((a) => [a.id, a]));
  const organ = (id) => {
    const a = agencies.get(id);
    const by = a && a.kind === 'entrusted-organization' ? agencies.get(a.entrusted_by) : null;
    return by && by.kind !== 'entrusted-organization' ? by.id : id;
  };
  const byLead = new Map();
  const input = recordsText.split('\n');
  for (const o of res.output.split('\n').filter(Boolean).map((l) => JSON.parse(l))) {
    if (o.scope !== 'inspection' || o.error || !o.findings.length) continue;
    let lead = null;
    try {
      lead = JSON.parse(input[o.line - 1]).lead_agency;
    } catch {
      lead = null;
    }
    if (typeof lead === 'string') byLead.set(organ(lead), (byLead.get(organ(lead)) || 0) + o.findings.length);
  }
  assert.deepEqual(new Map(s.byAgency.map((a) => [a.agency, a.total])), byLead, `${name}: findings by lead agency`);
  // totals agree with the output lines
  const lines = res.output.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.equal(s.totals.records, lines.filter((o) => o.scope === 'inspection').length);
  assert.equal(s.totals.violation + s.totals.warning + s.totals.info, lines.reduce((n, o) => n + o.findings.length, 0));
  const inspections = lines.filter((o) => o.scope === 'inspection');
  for (const sev of ['violation', 'warning', 'info']) {
    assert.equal(s.recordsWith[sev], inspections.filter((o) => o.findings.some((f) => f.severity === sev)).length, sev);
    const other = lines.filter((o) => o.scope !== 'inspection').flatMap((o) => o.findings).filter((f) => f.severity === sev);
    assert.equal(s.otherScope[sev], other.length, sev);
  }
  const byRule = new Map();
  for (const f of lines.flatMap((o) => o.findings)) byRule.set(f.rule, (byRule.get(f.rule) || 0) + 1);
  assert.deepEqual(new Map(s.byRule.map((r) => [r.rule, r.count])), byRule);
  return s;
}

test('examples/panan: summary agrees with the engine', () => {
  const ex = path.join(repo, 'examples', 'panan');
  const obj = {};
  for (const k of ['agencies', 'inspectors', 'enterprises', 'items', 'plans']) obj[k] = JSON.parse(fs.readFileSync(path.join(ex, `${k}.json`), 'utf8'));
  const s = agree('panan', JSON.stringify(obj), fs.readFileSync(path.join(ex, 'records-2025.jsonl'), 'utf8'), fs.readFileSync(path.join(ex, 'policy.toml'), 'utf8'));
  assert.equal(s.totals.records, 673);
  assert.equal(s.joint.length, 1);
  assert.equal(s.joint[0].year, 2025);
  assert.equal(s.joint[0].target, 0.5);
  const scjg = s.joint[0].rows.find((r) => r.agency === 'scjg');
  assert.deepEqual([scjg.joint, scjg.all], [58, 156]); // examples/panan/README.md
  assert.equal(s.joint[0].origin, 'county');
});

const golden = path.join(repo, 'tests', 'golden');
for (const name of fs.readdirSync(golden).filter((n) => fs.existsSync(path.join(golden, n, 'dataset.json'))).sort()) {
  test(`golden/${name}: summary agrees with the engine`, () => {
    const dir = path.join(golden, name);
    const policy = path.join(dir, 'policy.toml');
    agree(
      name,
      fs.readFileSync(path.join(dir, 'dataset.json'), 'utf8'),
      fs.readFileSync(path.join(dir, 'records.jsonl'), 'utf8'),
      fs.existsSync(policy) ? fs.readFileSync(policy, 'utf8') : '',
    );
  });
}
