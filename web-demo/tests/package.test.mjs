// The npm package @jiancha/core as a county web developer installs it (tests/packed.mjs): what the tarball holds,
// the README's example type-checked by tsc against the installed types (and a misuse refused, so the types are
// not `any`), and the API answering instead of throwing. The native = WebAssembly differential through the
// package is differential.test.mjs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { packed, cleanup, repo, packageDir } from './packed.mjs';

const tsc = path.join(repo, 'web-demo', 'node_modules', '.bin', 'tsc');
const example = path.join(repo, 'examples', 'panan');
/** @type {Awaited<ReturnType<typeof packed>>} */
let pkg;

before(async () => {
  pkg = await packed();
});
after(cleanup);

test('the tarball holds the module, its types, the engine and the README, and nothing of the build', () => {
  for (const f of ['index.js', 'index.d.ts', 'types.d.ts', 'wasm/jiancha_wasm.js', 'wasm/jiancha_wasm_bg.wasm', 'README.md', 'package.json']) {
    assert.ok(pkg.files.includes(f), `${f} missing from ${pkg.tarball}: ${pkg.files.join(', ')}`);
  }
  assert.ok(!pkg.files.includes('gen-types.mjs'));
  const meta = JSON.parse(fs.readFileSync(path.join(pkg.dir, 'package.json'), 'utf8'));
  assert.equal(meta.name, '@jiancha/core');
  const cargo = fs.readFileSync(path.join(repo, 'Cargo.toml'), 'utf8');
  assert.equal(meta.version, /\nversion = "([^"]+)"/.exec(cargo)?.[1], 'the package version is the workspace version');
});

/** Type-checks `source` as src/form.ts of the county project; returns tsc's result. */
function typecheck(name, source) {
  const dir = path.join(pkg.project, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'form.ts'), source);
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, target: 'es2022', module: 'es2022', moduleResolution: 'bundler',
        lib: ['es2022', 'dom'], skipLibCheck: false, types: [],
      },
      files: ['form.ts'],
    }),
  );
  return spawnSync(tsc, ['-p', dir], { encoding: 'utf8', cwd: pkg.project });
}

test("the README's example type-checks against the installed package (tsc --strict)", () => {
  const readme = fs.readFileSync(path.join(packageDir, 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(code, 'the README has a ```ts example');
  const lines = code.split('\n').filter((l) => l.trim() && !l.trim().startsWith('//'));
  assert.ok(lines.length <= 20, `the example is ${lines.length} lines of code (20 at most)`);
  const r = typecheck('readme', code);
  assert.equal(r.status, 0, `tsc refused the README's example:\n${r.stdout}${r.stderr}`);
});

test('the types are real: misuses of the API do not type-check', () => {
  const misuses = {
    // An answer must be narrowed on `ok` before its findings are read.
    unnarrowed: "import { load } from '@jiancha/core';\nconst a = load('{}');\nconsole.log(a.checker);\n",
    // A finding's rule is a string, its severity one of three.
    severity: "import type { Finding } from '@jiancha/core';\nconst f = {} as Finding;\nconst s: 'error' = f.severity;\n",
    // Enumerations are the contract's values.
    mode: "import type { Inspection } from '@jiancha/core';\nconst m: Inspection['mode'] = 'by-phone';\n",
  };
  for (const [name, src] of Object.entries(misuses)) {
    const r = typecheck(`misuse-${name}`, src);
    assert.notEqual(r.status, 0, `tsc accepted a misuse (${name}): the types are too loose`);
  }
});

test('before ready() every call answers {ok: false} instead of throwing', async () => {
  const fresh = await import(`${new URL(`file://${path.join(pkg.dir, 'index.js')}`).href}?fresh`);
  const a = fresh.load('{}');
  assert.equal(a.ok, false);
  assert.match(a.error.message, /ready\(\)/);
  assert.equal(fresh.rules().ok, false);
  assert.equal(fresh.version(), '');
});

function panan() {
  const obj = {};
  for (const k of ['agencies', 'inspectors', 'enterprises', 'items', 'plans']) {
    obj[k] = JSON.parse(fs.readFileSync(path.join(example, `${k}.json`), 'utf8'));
  }
  return obj;
}

test('bad input answers an error naming the field; nothing throws', async () => {
  const core = pkg.module;
  assert.equal((await core.ready()).ok, true);
  const bad = core.load('{"agencies": 3}');
  assert.equal(bad.ok, false);
  assert.equal(bad.error.path, '/agencies');
  const loaded = core.load(panan(), fs.readFileSync(path.join(example, 'policy.toml'), 'utf8'));
  assert.ok(loaded.ok, JSON.stringify(loaded));
  const record = JSON.parse(fs.readFileSync(path.join(example, 'records-2025.jsonl'), 'utf8').split('\n')[0]);
  const cleared = loaded.checker.validateInspection({ ...record, started_at: null }, []);
  assert.equal(cleared.ok, false);
  assert.equal(cleared.error.path, '/started_at');
  assert.equal(loaded.checker.validateInspection('not json', []).ok, false);
  assert.equal(loaded.checker.validateInspection(record, 'not json').ok, false);
  assert.equal(loaded.checker.validatePlan({ id: 1 }).ok, false);
  assert.equal(loaded.checker.quota([], record.enterprise, 'no-such-agency', 2025).ok, false);
  assert.equal(loaded.checker.quota([], record.enterprise, record.lead_agency, 2025, '2025-13-40').ok, false);
  const good = loaded.checker.validateInspection(record, []);
  assert.ok(good.ok && Array.isArray(good.findings));
});

test('the directory form loads as the one-object form does: the same findings', async () => {
  const core = pkg.module;
  await core.ready();
  const files = {};
  for (const f of fs.readdirSync(example)) if (/\.(json|toml)$/.test(f)) files[f] = fs.readFileSync(path.join(example, f), 'utf8');
  const a = core.loadFiles(files);
  assert.ok(a.ok, JSON.stringify(a));
  const b = core.loadBundle({ revision: 1, name: 'x', digest: '', content: { files } });
  assert.ok(b.ok);
  const c = core.load(panan(), files['policy.toml']);
  assert.ok(c.ok);
  const records = fs.readFileSync(path.join(example, 'records-2025.jsonl'), 'utf8');
  const out = a.checker.check(records);
  assert.ok(out.ok);
  assert.equal(out.output, c.checker.check(records).output);
  assert.equal(core.loadFiles({ 'nonsense.txt': '' }).ok, false);
  assert.equal(core.loadBundle({}).ok, false);
});

test('quota counts the visits the on-site cap counts; stats, labels and rules come from the engine', async () => {
  const core = pkg.module;
  await core.ready();
  const loaded = core.load(panan(), fs.readFileSync(path.join(example, 'policy.toml'), 'utf8'));
  assert.ok(loaded.ok);
  const records = fs.readFileSync(path.join(example, 'records-2025.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  // Two earlier visits of the same agency to the same enterprise: where the rule then fires on a third, the quota
  // over those two says the cap is used up; over none, that visits are left and the rule is silent.
  const earlier = (r, n) => ({ ...r, id: `${r.id}-e${n}`, started_at: r.started_at.replace(/-(\d\d)T/, `-0${n}T`), ended_at: r.ended_at.replace(/-(\d\d)T/, `-0${n}T`) });
  const fires = (r, h) => {
    const a = loaded.checker.validateInspection(r, h);
    return a.ok && a.findings.some((f) => f.rule === 'frequency.onsite-cap');
  };
  const rec = records.find((r) => r.mode === 'on-site' && !fires(r, []) && fires(r, [earlier(r, 1), earlier(r, 2)]));
  assert.ok(rec, 'a record of the example the on-site cap fires on after two earlier visits');
  const day = rec.started_at.slice(0, 10);
  const q = loaded.checker.quota([earlier(rec, 1), earlier(rec, 2)], rec.enterprise, rec.lead_agency, 2025, day);
  assert.ok(q.ok, JSON.stringify(q));
  const onsite = q.caps.find((c) => c.rule === 'frequency.onsite-cap');
  assert.ok(onsite && onsite.cap !== null && onsite.used >= onsite.cap, JSON.stringify(onsite));
  assert.equal(onsite.left, 0);
  assert.deepEqual(onsite.counted, [`${rec.id}-e1`, `${rec.id}-e2`]);
  const none = loaded.checker.quota([], rec.enterprise, rec.lead_agency, 2025, day);
  assert.ok(none.ok && none.caps[0].used === 0 && none.caps[0].left === none.caps[0].cap);
  const stats = loaded.checker.stats(records);
  assert.ok(stats.ok);
  assert.equal(stats.stats.records, records.length);
  assert.ok(stats.stats.joint.length > 0 && stats.stats.joint.every((j) => typeof j.rate === 'number'));
  const labels = core.labels();
  assert.ok(labels.ok && labels.labels.trigger.some((l) => l.value === 'complaint' && l.zh));
  const rules = core.rules();
  assert.ok(rules.ok && rules.rules.some((r) => r.id === 'frequency.onsite-cap' && r.remedy));
  assert.match(core.citeZh('xzcff-2021', 'art. 42'), /行政处罚法/);
});
