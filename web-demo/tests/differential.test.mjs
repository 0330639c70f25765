// Differential test: the WebAssembly build, through the public API of the npm package @jiancha/core as packed and
// installed (tests/packed.mjs), against the native CLI. For every golden scenario under tests/golden/*/ with a
// dataset.json, for the Pan'an example and for generated batches, the JSONL of `load(dataset, policy)` then
// `checker.check(records)` must equal the stdout of `jiancha check --quiet` byte for byte.
//
// Needs: packages/core/wasm (bash web-demo/build.sh) and target/debug/jiancha and target/debug/jiancha-gen (cargo build -p jiancha -p jiancha-gen).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { packed, cleanup } from './packed.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const demo = path.resolve(here, '..');
const repo = path.resolve(demo, '..');
const cli = path.join(repo, 'target', 'debug', 'jiancha');
const gen = path.join(repo, 'target', 'debug', 'jiancha-gen');
const goldenDir = path.join(repo, 'tests', 'golden');
const example = path.join(repo, 'examples', 'panan');

/** @type {typeof import('../../packages/core/index.js')} */
let core;

before(async () => {
  assert.ok(
    fs.existsSync(cli),
    `the native CLI is missing: run \`cargo build -p jiancha -p jiancha-gen\` first (looked for ${cli})`,
  );
  core = (await packed()).module;
  const started = await core.ready();
  assert.equal(started.ok, true, JSON.stringify(started));
});

after(cleanup);

/** `check` through the package: the dataset loaded, then its records checked. */
function check(datasetText, recordsText, policyText) {
  const loaded = core.load(datasetText, policyText);
  if (!loaded.ok) return loaded;
  const res = loaded.checker.check(recordsText);
  loaded.checker.free();
  return res;
}

function runCli(args) {
  // The data-quality gate (exit 3 above 1 % unreadable) is the CLI's verdict on the run, not on the lines: the
  // golden inputs with bad lines are compared line for line.
  const r = spawnSync(cli, ['check', '--quiet', '--max-unreadable', '100', ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.equal(r.error, undefined, `could not run ${cli}: ${r.error}`);
  return r;
}

/** Asserts wasm == CLI for one input; when the CLI refuses the input (exit 2), wasm must refuse it too. */
function compare(name, cliArgs, datasetText, recordsText, policyText) {
  const native = runCli(cliArgs);
  const res = check(datasetText, recordsText, policyText ?? undefined);
  if (native.status === 2) {
    assert.equal(res.ok, false, `${name}: the CLI refused the input (${native.stderr.trim()}) but wasm accepted it`);
    assert.ok(
      native.stderr.includes(res.error.message),
      `${name}: wasm error "${res.error.message}" not in CLI stderr:\n${native.stderr}`,
    );
    return 'refused';
  }
  assert.equal(native.status, 0, `${name}: CLI exit ${native.status}\n${native.stderr}`);
  assert.equal(res.ok, true, `${name}: wasm failed: ${JSON.stringify(res.error)}`);
  if (res.output !== native.stdout) {
    const a = res.output.split('\n');
    const b = native.stdout.split('\n');
    const i = a.findIndex((l, j) => l !== b[j]);
    assert.fail(`${name}: output differs at line ${i + 1}\n wasm: ${a[i]}\n  cli: ${b[i]}`);
  }
  return 'equal';
}

const scenarios = fs
  .readdirSync(goldenDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(goldenDir, d.name, 'dataset.json')))
  .map((d) => d.name)
  .sort();

test('there are golden scenarios to compare', () => {
  assert.ok(scenarios.length >= 10, `only ${scenarios.length} scenarios found under ${goldenDir}`);
});

for (const name of scenarios) {
  test(`golden/${name}: wasm check == jiancha check`, () => {
    const dir = path.join(goldenDir, name);
    const datasetFile = path.join(dir, 'dataset.json');
    const recordsFile = path.join(dir, 'records.jsonl');
    const policyFile = path.join(dir, 'policy.toml');
    const hasPolicy = fs.existsSync(policyFile);
    const args = ['--dataset', datasetFile, ...(hasPolicy ? ['--policy', policyFile] : []), recordsFile];
    compare(
      name,
      args,
      fs.readFileSync(datasetFile, 'utf8'),
      fs.readFileSync(recordsFile, 'utf8'),
      hasPolicy ? fs.readFileSync(policyFile, 'utf8') : null,
    );
  });
}

/** The Pan'an dataset as one object, as web-demo/prepare-data.py writes it (without policy). */
function panan() {
  const obj = {};
  for (const k of ['agencies', 'inspectors', 'enterprises', 'items', 'plans']) {
    obj[k] = JSON.parse(fs.readFileSync(path.join(example, `${k}.json`), 'utf8'));
  }
  return obj;
}

test('examples/panan (directory form) == wasm (dataset object + policy text)', () => {
  const datasetText = JSON.stringify(panan());
  const records = path.join(example, 'records-2025.jsonl');
  const policy = fs.readFileSync(path.join(example, 'policy.toml'), 'utf8');
  const outcome = compare('examples/panan', ['--dataset', example, records], datasetText, fs.readFileSync(records, 'utf8'), policy);
  assert.equal(outcome, 'equal');
});

test('examples/panan (object file + --policy) == wasm, and the Checker API gives the same bytes', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jiancha-diff-'));
  try {
    const datasetText = JSON.stringify(panan(), null, 1);
    const datasetFile = path.join(tmp, 'dataset.json');
    fs.writeFileSync(datasetFile, datasetText);
    const records = path.join(example, 'records-2025.jsonl');
    const policyFile = path.join(example, 'policy.toml');
    const recordsText = fs.readFileSync(records, 'utf8');
    const policy = fs.readFileSync(policyFile, 'utf8');
    assert.equal(compare('panan object', ['--dataset', datasetFile, '--policy', policyFile, records], datasetText, recordsText, policy), 'equal');
    // Records given as an array of objects give the same bytes as JSON Lines text.
    const loaded = core.load(datasetText, policy);
    assert.ok(loaded.ok, JSON.stringify(loaded));
    const objects = recordsText.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    const viaObjects = loaded.checker.check(objects);
    loaded.checker.free();
    assert.ok(viaObjects.ok);
    assert.equal(viaObjects.output, check(datasetText, recordsText, policy).output);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

/** A generated county (`jiancha-gen`) as one dataset object, its policy text and its records. */
function generated(seed, records) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `jiancha-gen-${seed}-`));
  const r = spawnSync(gen, ['--records', String(records), '--seed', String(seed), '--out', tmp], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const dir = path.join(tmp, 'dataset');
  const obj = {};
  for (const k of ['agencies', 'inspectors', 'enterprises', 'items', 'plans']) {
    obj[k] = JSON.parse(fs.readFileSync(path.join(dir, `${k}.json`), 'utf8'));
  }
  const policyFile = path.join(dir, 'policy.toml');
  return { tmp, dir, datasetText: JSON.stringify(obj), policy: fs.existsSync(policyFile) ? fs.readFileSync(policyFile, 'utf8') : null, records: path.join(tmp, 'records.jsonl') };
}

// Generated batches exercise every rule at realistic rates (and sector data for plugins) with other seeds than
// the example: native and WebAssembly must agree byte for byte on each.
for (const seed of [1, 2, 3]) {
  test(`generated batch (seed ${seed}, 2,000 records): wasm check == jiancha check`, () => {
    const g = generated(seed, 2000);
    try {
      const outcome = compare(`gen seed ${seed}`, ['--dataset', g.dir, g.records], g.datasetText, fs.readFileSync(g.records, 'utf8'), g.policy);
      assert.equal(outcome, 'equal');
    } finally {
      fs.rmSync(g.tmp, { recursive: true, force: true });
    }
  });
}
