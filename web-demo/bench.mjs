#!/usr/bin/env node
// Speed of the WebAssembly engine, in Node and in headless Chromium (playwright-core), on the Pan'an example:
//   - checker.validateInspection(record, history): one inspection against the example dataset (92 enterprises)
//     with the earlier records of its enterprise — what the pre-check form runs on every change; median over
//     200 calls (after 300 warm-up calls);
//   - check(dataset, 673 records, policy) and checker.check(673 records): the whole example batch; median of 10;
//   - the size of pkg/wasm/jiancha_wasm_bg.wasm, raw and gzipped (-9).
// Usage: node web-demo/bench.mjs [--json out.json] [--no-browser]
// Speed is measured here, not asserted by the tests.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const demo = path.dirname(fileURLToPath(import.meta.url));
const pkgWasm = path.join(demo, 'pkg', 'wasm', 'jiancha_wasm_bg.wasm');
const args = process.argv.slice(2);
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : null;
const RECORD = 'I-2025-0557'; // scjg's third on-site visit of the year: a record with a history and findings

for (const f of ['pkg/wasm/jiancha_wasm.js', 'pkg/wasm/jiancha_wasm_bg.wasm', 'data/panan-dataset.json']) {
  if (!fs.existsSync(path.join(demo, f))) {
    console.error(`web-demo/${f} is missing: run \`bash web-demo/build.sh\` first`);
    process.exit(2);
  }
}

/**
 * The benchmark body; runs unchanged in Node and in the page (it is sent to the browser as source text).
 * api: the wasm-bindgen module, initialised.
 */
async function body(api, datasetText, policyText, recordsText, recordId) {
  const now = () => performance.now();
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const records = recordsText.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const record = records.find((r) => r.id === recordId);
  const history = records.filter((r) => r.enterprise === record.enterprise && r.id !== record.id);

  let t0 = now();
  const checker = api.Checker.load(datasetText, policyText);
  const loadMs = now() - t0;
  if (!(checker instanceof api.Checker)) throw new Error(JSON.stringify(checker.error));

  for (let i = 0; i < 300; i++) checker.validateInspection(record, history); // warm-up (JIT, wasm tier-up)
  const per = [];
  const tAll = now();
  let findings = 0;
  for (let i = 0; i < 200; i++) {
    const a = now();
    const res = checker.validateInspection(record, history);
    per.push(now() - a);
    findings = res.findings.length;
  }
  const meanMs = (now() - tAll) / 200;
  // Chromium coarsens performance.now() (0.1 ms here): also time 40 blocks of 10 calls each.
  const blocks = [];
  for (let b = 0; b < 40; b++) {
    const a = now();
    for (let i = 0; i < 10; i++) checker.validateInspection(record, history);
    blocks.push((now() - a) / 10);
  }

  api.check(datasetText, recordsText, policyText);
  const full = [];
  const only = [];
  let lines = 0;
  for (let i = 0; i < 10; i++) {
    t0 = now();
    const res = api.check(datasetText, recordsText, policyText);
    full.push(now() - t0);
    lines = res.output.split('\n').filter(Boolean).length;
    t0 = now();
    checker.check(recordsText);
    only.push(now() - t0);
  }
  checker.free();
  return {
    record: recordId,
    history: history.length,
    findings,
    enterprises: JSON.parse(datasetText).enterprises.length,
    records: records.length,
    outputLines: lines,
    checkerLoadMs: loadMs,
    validateInspectionMedianMs: median(per),
    validateInspectionMeanMs: meanMs,
    validateInspectionMinMs: Math.min(...per),
    validateInspectionBlockMedianMs: median(blocks),
    validateInspectionP90Ms: [...per].sort((a, b) => a - b)[Math.floor(per.length * 0.9)],
    validateInspectionMaxMs: Math.max(...per),
    checkMedianMs: median(full),
    checkerCheckMedianMs: median(only),
  };
}

const datasetText = fs.readFileSync(path.join(demo, 'data', 'panan-dataset.json'), 'utf8');
const policyText = fs.readFileSync(path.join(demo, 'data', 'panan-policy.toml'), 'utf8');
const recordsText = fs.readFileSync(path.join(demo, 'data', 'records-2025.jsonl'), 'utf8');
const wasmBytes = fs.readFileSync(pkgWasm);
const size = {
  raw: wasmBytes.length,
  gzip: zlib.gzipSync(wasmBytes, { level: 9 }).length,
  brotli: zlib.brotliCompressSync(wasmBytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  glueJs: fs.statSync(path.join(demo, 'pkg', 'wasm', 'jiancha_wasm.js')).size,
};

const results = { size, node: null, chromium: null };

// Node
{
  const api = await import(path.join(demo, 'pkg', 'wasm', 'jiancha_wasm.js'));
  api.initSync({ module: wasmBytes });
  results.node = { runtime: `Node ${process.version}`, ...(await body(api, datasetText, policyText, recordsText, RECORD)) };
}

// Chromium
if (!args.includes('--no-browser')) {
  const { chromium } = await import('playwright-core');
  const { serve, CHROMIUM } = await import('./tests/static-server.mjs');
  if (!fs.existsSync(CHROMIUM.executablePath)) {
    console.error(`${CHROMIUM.executablePath} is missing: skipping the browser (apt-get install chromium)`);
  } else {
    const server = await serve(demo);
    const browser = await chromium.launch(CHROMIUM);
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      const ua = await page.evaluate(() => navigator.userAgent);
      const r = await page.evaluate(
        async ({ src, datasetText, policyText, recordsText, recordId }) => {
          const api = await import(new URL('./pkg/wasm/jiancha_wasm.js', location.href).href);
          await api.default();
          const fn = new Function(`return (${src})`)();
          return fn(api, datasetText, policyText, recordsText, recordId);
        },
        { src: body.toString(), datasetText, policyText, recordsText, recordId: RECORD },
      );
      results.chromium = { runtime: (/Chrom(e|ium)\/[\d.]+/.exec(ua) || [ua])[0] + ' headless', ...r };
    } finally {
      await browser.close();
      await server.close();
    }
  }
}

const f = (x) => (x < 1 ? x.toFixed(3) : x < 100 ? x.toFixed(2) : x.toFixed(0));
console.log(`pkg/wasm/jiancha_wasm_bg.wasm: ${size.raw} bytes raw, ${size.gzip} gzip -9, ${size.brotli} brotli (+ ${size.glueJs} bytes of JS glue)`);
for (const r of [results.node, results.chromium].filter(Boolean)) {
  console.log(`\n${r.runtime}`);
  console.log(`  Checker.load (dataset: ${r.enterprises} enterprises, policy):   ${f(r.checkerLoadMs)} ms`);
  console.log(`  validateInspection ${r.record} (history ${r.history} records, ${r.findings} findings):`);
  console.log(`    median ${f(r.validateInspectionMedianMs)} ms, mean ${f(r.validateInspectionMeanMs)} ms, min ${f(r.validateInspectionMinMs)} ms, p90 ${f(r.validateInspectionP90Ms)} ms, max ${f(r.validateInspectionMaxMs)} ms (200 calls)`);
  console.log(`    per call in blocks of 10: median ${f(r.validateInspectionBlockMedianMs)} ms (40 blocks)`);
  console.log(`  check(dataset, ${r.records} records, policy): median ${f(r.checkMedianMs)} ms (10 runs; ${r.outputLines} output lines)`);
  console.log(`  checker.check(${r.records} records):           median ${f(r.checkerCheckMedianMs)} ms (dataset already loaded)`);
}
if (results.chromium) console.log('\n(Chromium coarsens performance.now() to 0.1 ms: its per-call median is rounded; the block figure is finer.)');
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(results, null, 2));
