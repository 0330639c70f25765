#!/usr/bin/env node
// @ts-check
/**
 * @file Runs a JavaScript plugin natively in Node over a test vectors file — the same cases that
 * `jiancha plugin test` runs against the built component (format: `core/src/vectors.rs`).
 *
 *     node test-vectors.mjs <plugin.js> <vectors.json> [--show]
 *
 * Each case's record is checked the way the host checks it: only when it carries `sector_data.<plugin-id>` and the
 * enterprise is in the plugin's scope (industry prefix or tag); the plugin's exported `meta()` and `check(batch)`
 * are called with the inputs the host would send (inspection and entry as JSON text, policy date the inspection
 * day in Asia/Shanghai). The answer is judged as the host judges it (declared rules, declared severities, JSON
 * pointers), then the rule ids are compared with `expect` as multisets. `--show` prints every finding.
 * Exits 1 listing the failing cases, 2 on a usage or input error.
 */

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const SECTOR_DATA_INVALID = 'plugin.sector-data-invalid';
const PLUGIN_FAILED = 'plugin.failed';
const TRIGGERS = ['plan', 'special', 'random-sampling', 'complaint', 'referral', 'data-monitoring', 'patrol', 'enterprise-request'];
const ACTIVITIES = ['inspection', 'observation', 'supervision', 'study-visit', 'visit'];
const MODES = ['on-site', 'off-site'];
const MEASURES = ['seal', 'seize', 'freeze', 'suspend'];
const SEVERITIES = ['info', 'warning', 'violation'];
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** @param {string} msg @returns {never} */
function usage(msg) {
  console.error(`${msg}\n用法 / usage: node test-vectors.mjs <plugin.js> <vectors.json> [--show]`);
  process.exit(2);
}

/**
 * The day of an RFC 3339 time in Asia/Shanghai (UTC+8), or null.
 * @param {unknown} ts
 */
function shanghaiDay(ts) {
  const m = typeof ts === 'string' ? TIMESTAMP.exec(ts) : null;
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const offset = m[7] ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  const local = new Date(Date.UTC(y, mo - 1, d, h, mi, s) + (8 * 60 - offset) * 60_000);
  return local.toISOString().slice(0, 10);
}

/**
 * What is wrong with an inspection record, by the fields the host needs (the host refuses such a record before any
 * plugin sees it), or null.
 * @param {any} insp
 */
function badInspection(insp) {
  if (insp === null || typeof insp !== 'object' || Array.isArray(insp)) return 'not an object';
  for (const f of ['id', 'lead_agency', 'enterprise']) if (typeof insp[f] !== 'string') return `missing or non-string \`${f}\``;
  for (const f of ['inspectors', 'items']) if (!Array.isArray(insp[f])) return `missing or non-array \`${f}\``;
  if (!TRIGGERS.includes(insp.trigger)) return `unknown trigger ${JSON.stringify(insp.trigger)}`;
  if (!MODES.includes(insp.mode)) return `unknown mode ${JSON.stringify(insp.mode)}`;
  if (insp.activity !== undefined && !ACTIVITIES.includes(insp.activity)) return `unknown activity ${JSON.stringify(insp.activity)}`;
  for (const f of ['started_at', 'ended_at']) if (shanghaiDay(insp[f]) === null) return `\`${f}\` is not an RFC 3339 time`;
  if (insp.measures !== undefined && insp.measures !== null) {
    if (!Array.isArray(insp.measures)) return '`measures` is not an array';
    for (const m of insp.measures) if (!MEASURES.includes(m?.kind)) return `unknown measure kind ${JSON.stringify(m?.kind)}`;
  }
  const sd = insp.sector_data;
  if (sd !== undefined && (sd === null || typeof sd !== 'object' || Array.isArray(sd))) return '`sector_data` is not an object';
  return null;
}

/**
 * What is wrong with one finding of the answer, judged as the host judges it (`core/src/plugin_output.rs`), or null.
 * @param {any} f
 * @param {Map<string, string>} declared
 */
function badFinding(f, declared) {
  if (f === null || typeof f !== 'object') return 'a finding is not an object';
  const severity = f.rule === SECTOR_DATA_INVALID || f.rule === PLUGIN_FAILED ? 'warning' : declared.get(f.rule);
  if (severity === undefined) return `undeclared rule \`${f.rule}\``;
  if (!SEVERITIES.includes(f.severity) || f.severity !== severity) return `severity of \`${f.rule}\` is ${f.severity}, declared ${severity}`;
  for (const k of ['message', 'messageEn', 'path']) if (typeof f[k] !== 'string') return `\`${k}\` of \`${f.rule}\` is not a string`;
  if (f.path !== '' && !f.path.startsWith('/')) return `path \`${f.path}\` is not a JSON pointer`;
  if (!Array.isArray(f.citations) || f.citations.some((/** @type {any} */ c) => typeof c?.source !== 'string' || typeof c?.article !== 'string')) {
    return `citations of \`${f.rule}\` are not {source, article} pairs`;
  }
  if (!Array.isArray(f.related) || f.related.some((/** @type {unknown} */ r) => typeof r !== 'string')) return `related of \`${f.rule}\` is not a list of ids`;
  return null;
}

/** @param {string[]} a @param {string[]} b */
function sameMultiset(a, b) {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

async function main() {
  const args = process.argv.slice(2);
  const show = args.includes('--show');
  const [pluginPath, vectorsPath] = args.filter((a) => a !== '--show');
  if (!pluginPath || !vectorsPath) usage('缺少参数 / missing arguments');

  const mod = await import(pathToFileURL(resolve(pluginPath)).href);
  if (typeof mod.meta !== 'function' || typeof mod.check !== 'function') {
    usage(`${pluginPath} 未导出 meta 和 check 函数 / does not export the functions meta and check (definePlugin)`);
  }
  /** @type {import('./jiancha.js').PluginMeta} */
  const meta = mod.meta();
  /** @type {Map<string, string>} */
  const declared = new Map(meta.rules.map((r) => [r.id, r.severity]));
  for (const r of meta.rules) {
    if (!r.id.startsWith(`${meta.id}.`)) usage(`规则 ${r.id} 须以 ${meta.id}. 开头 / rule ids must be \`${meta.id}.<name>\``);
  }

  /** @type {any} */
  let vectors;
  try {
    vectors = JSON.parse(readFileSync(vectorsPath, 'utf8'));
  } catch (e) {
    usage(`无法读取测试向量 / cannot read the vectors: ${e instanceof Error ? e.message : e}`);
  }
  if (vectors?.plugin !== meta.id) {
    usage(`测试向量属于 ${vectors?.plugin}，插件是 ${meta.id} / the vectors are for \`${vectors?.plugin}\`, the plugin is \`${meta.id}\``);
  }
  if (!Array.isArray(vectors.cases)) usage('测试向量缺少 cases / the vectors have no `cases`');

  /** @type {string[]} */
  const failures = [];
  for (const c of vectors.cases) {
    const insp = c.inspection;
    const bad = badInspection(insp);
    if (bad) {
      failures.push(`${c.name}: bad inspection: ${bad}`);
      continue;
    }
    const e = c.enterprise;
    const tags = e.tags ?? [];
    const inScope = meta.industries.some((p) => e.industry.startsWith(p)) || meta.tags.some((t) => tags.includes(t));
    /** @type {import('./jiancha.js').WitFinding[]} */
    let findings = [];
    if (Object.hasOwn(insp.sector_data ?? {}, meta.id) && inScope) {
      /** @type {import('./jiancha.js').CheckInput} */
      const input = {
        inspection: JSON.stringify(insp),
        enterprise: { id: e.id, name: e.name, industry: e.industry, tags },
        sectorData: JSON.stringify(insp.sector_data[meta.id]),
        policyDate: /** @type {string} */ (shanghaiDay(insp.started_at)),
      };
      let answer;
      try {
        answer = mod.check([input]);
      } catch (err) {
        failures.push(`${c.name}: check failed (the component would trap): ${err instanceof Error ? err.stack : err}`);
        continue;
      }
      if (!Array.isArray(answer) || answer.length !== 1 || !Array.isArray(answer[0])) {
        failures.push(`${c.name}: check must return one list of findings per input`);
        continue;
      }
      findings = answer[0];
      const wrong = findings.map((f) => badFinding(f, declared)).find((x) => x !== null);
      if (wrong) {
        failures.push(`${c.name}: ${wrong}`);
        continue;
      }
    }
    if (show) {
      console.log(`# ${c.name}`);
      for (const f of findings) {
        const cites = f.citations.map((x) => `${x.source} ${x.article}`).join('; ');
        console.log(`  ${f.rule} [${f.severity}] ${f.path}\n    ${f.message}\n    ${f.messageEn}\n    (${cites})`);
      }
    }
    const got = findings.map((f) => f.rule);
    if (!sameMultiset(got, c.expect)) {
      // What the plugin threw, or could not read, is the reason to show.
      const why = findings
        .filter((f) => f.rule === PLUGIN_FAILED || f.rule === SECTOR_DATA_INVALID)
        .map((f) => `\n    ${f.rule}: ${f.messageEn}`)
        .join('');
      failures.push(`${c.name}: expected ${JSON.stringify([...c.expect].sort())}, got ${JSON.stringify([...got].sort())}${why}`);
    }
  }

  const total = vectors.cases.length;
  const passed = total - failures.length;
  for (const f of failures) console.error(`失败 / FAIL ${f}`);
  console.log(`${meta.id}: ${passed}/${total} 个用例通过 / cases passed`);
  // exitCode, not exit(): the output to a pipe is written asynchronously and exit() would cut it.
  process.exitCode = failures.length === 0 ? 0 : 1;
}

await main();
