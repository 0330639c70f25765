// The web app of `jiancha serve` in Debian's Chromium, against the real service on a real store (SQLite, in a
// temporary directory; `--demo` loads the Pan'an example and prints a token per role): an officer signs in, fills
// an inspection with mistakes, sees each with its clause and remedy, fixes them and files it; an officer of another
// agency then gets frequency.onsite-cap from the server for the same enterprise; the supervisor sees it in the
// live feed, opens the record, uploads a batch and gets the CLI's findings; an officer sees no admin page and the
// API refuses it; the admin issues a token. Screenshots at 1366×768 and 390×844 in artifacts/web-app/.
//
// Needs: target/debug/jiancha built after `bash web-demo/build.sh` (the app is embedded at build time).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './static-server.mjs';
import { csvRows, xlsx } from './xlsx.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const cli = path.join(repo, 'target', 'debug', 'jiancha');
const shots = path.join(repo, 'artifacts', 'web-app');
const records = path.join(repo, 'examples', 'panan', 'records-2025.jsonl');

let service;
let base;
/** What the service printed at start (its demo tokens and the demo's code of today). */
let serveOut = '';
let data;
/** The directory of the signed sample plugin. */
let plugin;
/** role-agency → token */
const tokens = {};
let browser;
const pageErrors = [];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

before(async () => {
  assert.ok(fs.existsSync(cli), `${cli} is missing: cargo build -p jiancha (after bash web-demo/build.sh)`);
  fs.mkdirSync(shots, { recursive: true });
  data = fs.mkdtempSync(path.join(os.tmpdir(), 'jiancha-app-'));
  // A department key the service trusts, and the sample safety plugin signed with it (installed through 管理).
  const samples = path.join(repo, 'target', 'plugins', 'samples');
  assert.ok(fs.existsSync(path.join(samples, 'safety.wasm')), 'bash scripts/build-plugins.sh builds the sample plugins');
  plugin = path.join(data, 'plugin');
  fs.mkdirSync(plugin);
  for (const f of ['safety.manifest.json', 'safety.wasm']) fs.copyFileSync(path.join(samples, f), path.join(plugin, f));
  const key = path.join(data, 'yjgl.key');
  const run = (/** @type {string[]} */ args) => {
    const r = spawnSync(cli, args, { encoding: 'utf8' });
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  };
  run(['plugin', 'keygen', '--out', key, '--department', '磐安县应急管理局']);
  run(['plugin', 'sign', '--key', key, path.join(plugin, 'safety.manifest.json')]);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // The public endpoints' budget is small here, so that the last test can reach it within a few calls.
  service = spawn(cli, ['serve', '--data', data, '--demo', '--trust', `${key}.pub`, '--no-cache', '--public-rate-limit', '12', '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  service.stdout.on('data', (d) => { out += d; });
  service.stderr.on('data', (d) => { out += d; });
  // The demo files the example's records into the new store first.
  for (let i = 0; i < 1200 && !/listening on/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
  assert.match(out, /listening on/, out);
  for (let i = 0; i < 50 && (out.match(/demo token/g) || []).length < 4; i++) await new Promise((r) => setTimeout(r, 100));
  for (let i = 0; i < 50 && !/demo code/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
  for (const m of out.matchAll(/demo token\s+(\w+)\s+(\w+)\s+(jct_\S+)/g)) tokens[`${m[1]}-${m[2]}`] ??= m[3];
  serveOut = out;
  assert.ok(tokens['officer-scjg'] && tokens['officer-yjgl'] && tokens['supervisor-scjg'] && tokens['admin-scjg'], out);
  const built = await (await fetch(`${base}/app/service.json`)).json();
  assert.equal(built.built, true, 'the binary was built without web-demo/pkg: run bash web-demo/build.sh, then cargo build -p jiancha');
  browser = await chromium.launch(CHROMIUM);
});

after(async () => {
  await browser?.close();
  service?.kill();
  if (data) fs.rmSync(data, { recursive: true, force: true });
});

/** A page signed in with `token`, at a viewport. */
async function signedIn(token, viewport = { width: 1366, height: 768 }) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN' });
  const page = await context.newPage();
  // Watched, not intercepted (an intercepted event stream would be held back until it ends).
  page.on('request', (r) => {
    const url = r.url();
    if (!(url.startsWith(base) || url.startsWith('blob:') || url.startsWith('data:'))) pageErrors.push(`request left the origin: ${url}`);
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('dialog', (d) => d.accept());
  await page.goto(`${base}/`);
  await page.waitForSelector('#signin:not([hidden])');
  await page.fill('#signin-token', token);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
  return page;
}

const api = async (method, p, token, body) => {
  const r = await fetch(`${base}${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, json: await r.json().catch(() => null) };
};

const ENTERPRISE = '92330727MA2MXBFG7A';
let filed;

test('a wrong token is refused with the service\'s message', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(`${base}/app/`);
  await page.fill('#signin-token', 'jct_nothing_0000');
  await page.click('#signin-form button[type=submit]');
  await page.waitForFunction(() => document.getElementById('signin-error')?.textContent?.includes('令牌'));
  await page.screenshot({ path: path.join(shots, 'signin-refused.png') });
  await context.close();
});

test('检查预检 on the service: an officer fixes the mistakes the page reports, then files the record', async () => {
  const page = await signedIn(tokens['officer-scjg']);
  const visible = async (id) => page.locator(`#tabbtn-${id}`).isVisible();
  assert.ok(await visible('precheck'));
  assert.ok(!(await visible('admin')), 'an officer sees no admin page');
  assert.ok(!(await visible('desk')));
  assert.match(await page.textContent('#who'), /执法人员/);
  // The blank form is 待填写 with the officer's own agency as lead; nothing else filled in.
  await page.waitForSelector('#pc-status[data-state="pending"]');
  assert.equal(await page.inputValue('#f-lead'), 'scjg');
  await page.check('#f-mode input[value="on-site"]', { force: true });
  await page.selectOption('#f-trigger', 'random-sampling');
  await page.check('#f-joint input[value="yjgl"]');
  await page.check('#f-inspectors input[value="scjg-03"]');
  await page.check('#f-inspectors input[value="scjg-04"]');
  await page.fill('#f-ent-search', '杏林');
  assert.equal(await page.inputValue('#f-enterprise'), ENTERPRISE);
  // The quota comes before the date: nothing filed yet.
  await page.waitForFunction(() => /现场检查 0 次，上限 2 次/.test(document.getElementById('pc-quota')?.textContent ?? ''));
  await page.check('#f-items input[value="scjg-03"]');
  await page.fill('#f-started', '2026-03-10T09:30');
  await page.fill('#f-ended', '2026-03-10T11:00');
  await page.check('#f-notice-state input[value="sent"]', { force: true });
  await page.fill('#f-notice-at', '2026-03-09T15:00');
  for (const k of ['time', 'basis', 'purpose', 'content']) await page.check(`#f-notice-${k}`);
  // Mistakes: a code `1`, assigned after the start.
  await page.fill('#f-code', '1');
  await page.fill('#f-code-at', '2026-03-10T10:00');
  const finding = (rule) => page.locator(`#pc-findings .finding[data-rule="${rule}"]`);
  await finding('code.malformed').waitFor();
  await finding('code.late').waitFor();
  await finding('approval.missing').waitFor(); // and no approval
  for (const rule of ['code.malformed', 'code.late', 'approval.missing']) {
    const card = finding(rule);
    assert.match(await card.locator('.cites').textContent(), /依据/);
    assert.match(await card.locator('.remedy').textContent(), /整改建议/);
  }
  await page.screenshot({ path: path.join(shots, 'officer-mistakes-1366.png') });
  // Fixed.
  await page.fill('#f-code', 'ZJXZ3307272026030900001');
  await page.fill('#f-code-at', '2026-03-09T16:00');
  await page.check('#f-approved');
  await page.fill('#f-approved-at', '2026-03-09T10:00');
  await page.waitForSelector('#pc-status[data-state="clean"]');
  // Filed: the server's own answer is shown.
  await page.click('#pc-submit');
  await page.waitForSelector('#pc-server .server-answer');
  assert.match(await page.textContent('#pc-server'), /已存档/);
  filed = JSON.parse(await page.textContent('#pc-json'));
  await page.screenshot({ path: path.join(shots, 'officer-filed-1366.png') });
  // The same page at 390 px: the results one tap away.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.click('#pc-jump');
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(shots, 'officer-filed-390.png') });
  await page.context().close();
  // The officer's token may not call an admin endpoint.
  assert.equal((await api('GET', '/v1/tokens', tokens['officer-scjg'])).status, 403);
});

test('an officer of another agency gets frequency.onsite-cap from the server for the same enterprise', async () => {
  assert.ok(filed, 'the record filed through the page');
  // A second joint visit of the same enterprise, filed through the API.
  const second = { ...filed, id: 'APP-SECOND-1', started_at: '2026-04-14T09:30:00+08:00', ended_at: '2026-04-14T11:00:00+08:00', code: 'ZJXZ3307272026041300002', code_assigned_at: '2026-04-13T16:00:00+08:00', notice: { ...filed.notice, sent_at: '2026-04-13T15:00:00+08:00' } };
  const r = await api('POST', '/v1/inspections', tokens['officer-scjg'], second);
  assert.equal(r.status, 201, JSON.stringify(r.json));
  // The other agency's officer: its page shows the cap used before the date is chosen.
  const page = await signedIn(tokens['officer-yjgl']);
  assert.equal(await page.inputValue('#f-lead'), 'yjgl');
  await page.fill('#f-ent-search', '杏林');
  await page
    .waitForFunction(() => /现场检查 2 次，上限 2 次/.test(document.getElementById('pc-quota')?.textContent ?? ''), null, { timeout: 10000 })
    .catch(async (e) => {
      const h = await api('GET', `/v1/enterprises/${ENTERPRISE}/history`, tokens['supervisor-scjg']);
      const q = await api('GET', `/v1/enterprises/${ENTERPRISE}/quota?agency=yjgl`, tokens['supervisor-scjg']);
      assert.fail(`${e}: the quota reads「${await page.textContent('#pc-quota')}」; history ${JSON.stringify(h.json)}; quota ${JSON.stringify(q.json)}`);
    });
  await page.screenshot({ path: path.join(shots, 'officer2-quota-1366.png') });
  await page.context().close();
  // Its own visit is refused by the server's check, and filed it stays flagged.
  const third = { ...second, id: 'APP-THIRD-1', lead_agency: 'yjgl', joint_agencies: [], inspectors: ['yjgl-01', 'yjgl-02'], items: [], started_at: '2026-05-12T09:30:00+08:00', ended_at: '2026-05-12T11:00:00+08:00', code: 'ZJXZ3307272026051100003', code_assigned_at: '2026-05-11T16:00:00+08:00', notice: { ...second.notice, sent_at: '2026-05-11T15:00:00+08:00' } };
  const v = await api('POST', '/v1/inspections:validate', tokens['officer-yjgl'], third);
  assert.equal(v.status, 200, JSON.stringify(v.json));
  assert.ok(v.json.findings.some((f) => f.rule === 'frequency.onsite-cap'), JSON.stringify(v.json.findings.map((f) => f.rule)));
  const f = await api('POST', '/v1/inspections', tokens['officer-yjgl'], third);
  assert.equal(f.status, 201, JSON.stringify(f.json));
});

test('监督台: the live feed shows the alert, a record opens with its findings; JSONL and XLSX batches give the CLI\'s findings', async () => {
  const page = await signedIn(tokens['supervisor-scjg']);
  assert.ok(await page.locator('#tabbtn-desk').isVisible());
  assert.ok(!(await page.locator('#tabbtn-admin').isVisible()), 'a supervisor sees no admin page');
  await page.waitForSelector('#desk-feed .feed-row[data-rule="frequency.onsite-cap"]', { timeout: 20000 });
  const row = page.locator('#desk-feed .feed-row[data-rule="frequency.onsite-cap"]').first();
  assert.equal(await row.getAttribute('data-record'), 'APP-THIRD-1');
  // Filters: by rule, then by enterprise.
  await page.waitForSelector('#desk-f-rule option[value="frequency.onsite-cap"]', { state: 'attached' });
  await page.selectOption('#desk-f-rule', 'frequency.onsite-cap');
  assert.ok((await page.locator('#desk-feed .feed-row').count()) >= 1);
  await row.locator('button').click();
  await page.waitForSelector('#desk-record .finding[data-rule="frequency.onsite-cap"]');
  assert.match(await page.textContent('#desk-record'), /APP-THIRD-1/);
  await page.screenshot({ path: path.join(shots, 'desk-1366.png') });
  // A batch: the example's records, checked by the service as by the CLI.
  await page.setInputFiles('#desk-file', records);
  await page.waitForSelector('#desk-batches .batch-row[data-state="done"]', { timeout: 120000 });
  const job = (await api('GET', '/v1/batches', tokens['supervisor-scjg'])).json.batches[0];
  const native = spawnSync(cli, ['check', '--quiet', '--dataset', path.join(repo, 'examples', 'panan'), records], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(native.status, 0, native.stderr);
  const r = await fetch(`${base}/v1/batches/${job.id}/output/jsonl`, { headers: { authorization: `Bearer ${tokens['supervisor-scjg']}` } });
  assert.equal(await r.text(), native.stdout, 'the batch output is the CLI\'s');
  assert.equal(await page.locator('#desk-batches .batch-row[data-state="done"] button[data-format]').count(), 4, 'XLSX, CSV, report and JSONL downloads');
  const download = page.waitForEvent('download');
  await page.locator('#desk-batches .batch-row[data-state="done"] button[data-format="xlsx"]').first().click();
  const file = await download;
  assert.match(file.suggestedFilename(), /\.xlsx$/);
  // A county's Excel export, uploaded through the page: the CLI's findings for the same workbook.
  const book = xlsx(csvRows(fs.readFileSync(path.join(repo, 'tests', 'formats', 'records.csv'), 'utf8')));
  const bookFile = path.join(data, 'export.xlsx');
  fs.writeFileSync(bookFile, book);
  await page.setInputFiles('#desk-file', bookFile);
  await page.waitForSelector('#desk-batches .batch-row[data-state="done"] >> text=export.xlsx', { timeout: 120000 });
  const xjob = (await api('GET', '/v1/batches', tokens['supervisor-scjg'])).json.batches.find((b) => b.input === 'export.xlsx');
  assert.equal(xjob.state, 'done', JSON.stringify(xjob));
  const xnative = spawnSync(cli, ['check', '--quiet', '--dataset', path.join(repo, 'examples', 'panan'), bookFile], { encoding: 'utf8' });
  assert.equal(xnative.status, 0, xnative.stderr);
  const xr = await fetch(`${base}/v1/batches/${xjob.id}/output/jsonl`, { headers: { authorization: `Bearer ${tokens['supervisor-scjg']}` } });
  const xout = await xr.text();
  assert.equal(xout, xnative.stdout, 'the XLSX batch gives the CLI\'s findings');
  assert.ok(xout.split('\n').filter(Boolean).length >= 6, 'every row read');
  await page.screenshot({ path: path.join(shots, 'desk-batch-1366.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(shots, 'desk-390.png') });
  await page.context().close();
});

test('管理: the admin issues a token, shown once; the admin page is the admin\'s only', async () => {
  const page = await signedIn(tokens['admin-scjg']);
  assert.ok(await page.locator('#tabbtn-admin').isVisible());
  assert.ok(!(await page.locator('#tabbtn-precheck').isVisible()));
  await page.waitForSelector('#admin-tokens tr[data-token]');
  assert.ok((await page.locator('#admin-tokens tr[data-token]').count()) >= 4);
  await page.fill('#admin-token-form input[name=label]', '新来的执法人员');
  await page.selectOption('#admin-token-form select[name=agency]', 'scjg');
  await page.click('#admin-token-form button[type=submit]');
  await page.waitForSelector('#admin-new-secret');
  const secret = await page.textContent('#admin-new-secret');
  assert.match(secret, /^jct_/);
  assert.equal((await api('GET', '/v1/me', secret)).json.role, 'officer');
  await page.waitForSelector('#admin-bundles tr[data-revision]');
  // A policy that does not load is refused with the loader's message; the example's own, with a cap of 3, goes in
  // force.
  await page.setInputFiles('#admin-policy', { name: 'policy.toml', mimeType: 'application/toml', buffer: Buffer.from('onsite_cap_per_agency_enterprise_year = "two"\n') });
  await page.waitForFunction(() => document.getElementById('admin-bundle-state')?.textContent?.includes('拒绝'));
  assert.match(await page.textContent('#admin-bundle-state'), /onsite_cap_per_agency_enterprise_year/);
  const policy = fs.readFileSync(path.join(repo, 'examples', 'panan', 'policy.toml'), 'utf8').replace(/^onsite_cap_per_agency_enterprise_year = 2$/m, 'onsite_cap_per_agency_enterprise_year = 3');
  assert.match(policy, /= 3$/m);
  await page.setInputFiles('#admin-policy', { name: 'policy.toml', mimeType: 'application/toml', buffer: Buffer.from(policy) });
  await page.waitForFunction(() => /已生效：版本 \d+/.test(document.getElementById('admin-bundle-state')?.textContent ?? ''));
  const inForce = (await api('GET', '/v1/bundles', tokens['admin-scjg'])).json.in_force;
  assert.ok(inForce >= 2, `a new revision is in force: ${inForce}`);
  await page.waitForSelector(`#admin-bundles tr[data-revision="${inForce}"]`);
  // Rolled back: revision 1 put back in force as a new revision with revision 1's content.
  await page.click('#admin-bundles tr[data-revision="1"] button');
  await page.waitForFunction((n) => new RegExp(`已生效：版本 ${n}`).test(document.getElementById('admin-bundle-state')?.textContent ?? ''), inForce + 1);
  const revisions = (await api('GET', '/v1/bundles', tokens['admin-scjg'])).json;
  assert.equal(revisions.in_force, inForce + 1);
  const digest = (/** @type {number} */ n) => revisions.bundles.find((/** @type {any} */ b) => b.revision === n).digest;
  assert.equal(digest(inForce + 1), digest(1), 'the restored revision has revision 1\'s content');
  await page.waitForSelector(`#admin-bundles tr[data-revision="${inForce + 1}"]`);

  // A plugin: a file that is not a pair is refused in the page; the signed manifest and component are installed.
  await page.setInputFiles('#admin-plugin', path.join(plugin, 'safety.wasm'));
  await page.waitForFunction(() => document.getElementById('admin-plugin-state')?.textContent?.includes('.wasm'));
  const unsigned = path.join(repo, 'target', 'plugins', 'samples');
  // The previous message (the lone .wasm) is a refusal too, and speaks of the signed manifest: it is cleared
  // first, so that only the service's refusal can be waited for (not the message shown while it is sent).
  await page.evaluate(() => { const box = document.getElementById('admin-plugin-state'); if (box) box.textContent = ''; });
  await page.setInputFiles('#admin-plugin', [path.join(unsigned, 'safety.manifest.json'), path.join(unsigned, 'safety.wasm')]);
  const refusal = await page.waitForFunction(() => {
    const text = document.getElementById('admin-plugin-state')?.textContent ?? '';
    return /拒绝.*(签名|signature|unsigned)/is.test(text) ? text : null;
  });
  assert.match(String(await refusal.jsonValue()), /签名|signature|unsigned/i);
  await page.setInputFiles('#admin-plugin', [path.join(plugin, 'safety.manifest.json'), path.join(plugin, 'safety.wasm')]);
  await page.waitForSelector('#admin-plugins tr[data-plugin="safety"]');
  assert.match(await page.textContent('#admin-plugin-state'), /已验证并生效：safety/);
  // Taken out, then the earlier install put back from the history.
  await page.click('#admin-plugins tr[data-plugin="safety"] button');
  await page.waitForSelector('#admin-plugins tr[data-plugin="safety"]', { state: 'detached' });
  const installs = (await api('GET', '/v1/plugin-history', tokens['admin-scjg'])).json.filter((/** @type {any} */ e) => !e.removed);
  assert.equal(installs.length, 1);
  await page.waitForSelector(`#admin-plugin-history tr[data-seq="${installs[0].seq}"] button`);
  await page.click(`#admin-plugin-history tr[data-seq="${installs[0].seq}"] button`);
  await page.waitForSelector('#admin-plugins tr[data-plugin="safety"]');
  const inForcePlugins = (await api('GET', '/v1/plugins', tokens['admin-scjg'])).json.plugins;
  assert.deepEqual(inForcePlugins.map((/** @type {any} */ p) => p.id), ['safety']);
  await page.locator('#admin-plugins').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'admin-1366.png') });
  // Taken out again: the other tests' findings are the engine's alone.
  await api('DELETE', '/v1/plugins/safety', tokens['admin-scjg']);
  await page.context().close();
});

/** A page of the enterprise (no sign-in). */
async function enterprisePage(viewport = { width: 1366, height: 768 }) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) pageErrors.push(`request left the origin: ${r.url()}`);
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${base}/verify`);
  await page.waitForSelector('body[data-ready="1"]');
  return page;
}

/** The demo's visit of today: its code and enterprise, as the service printed them, and the record. */
async function demoVisit() {
  const m = serveOut.match(/demo code\s+(\S+)\s+企业 \/ enterprise\s+(\S+)/);
  assert.ok(m, serveOut);
  const record = (await api('GET', '/v1/inspections/I-DEMO-TODAY', tokens['supervisor-scjg'])).json.record;
  return { code: m[1], enterprise: m[2], record };
}

test('企业核码: an enterprise verifies the code shown at the door, an unknown code and another enterprise\'s, and evaluates the visit with a complaint', async () => {
  const { code, enterprise, record } = await demoVisit();
  const page = await enterprisePage();
  const verify = async (/** @type {string} */ c, /** @type {string} */ e, /** @type {string} */ status) => {
    await page.fill('#code', c);
    await page.fill('#enterprise', e);
    await page.click('#verify-btn');
    await page.waitForSelector(`#result[data-status="${status}"]`);
    return page.textContent('#result');
  };
  const valid = await verify(code, enterprise, 'registered');
  assert.match(valid, /已登记的检查/);
  assert.match(valid, /磐安县市场监督管理局/);
  assert.match(valid, /已公布/);
  assert.match(valid, /现场检查共 1 次（上限 2 次）/);
  assert.match(valid, /时间、依据、目的、内容齐全/);
  // Nothing personal: no inspector of the record, in the page or in the answer it got.
  for (const person of record.inspectors) assert.ok(!valid.includes(person), `inspector ${person} shown`);
  const answer = await (await fetch(`${base}/v1/public/codes:verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, enterprise }) })).text();
  for (const person of record.inspectors) assert.ok(!answer.includes(person), `inspector ${person} in the answer`);
  assert.ok(!/inspectors|jct_|filed_by/.test(answer), answer);
  await page.screenshot({ path: path.join(shots, 'verify-registered-1366.png'), fullPage: true });
  // An unknown code, and the code of another enterprise: said plainly, nothing shown.
  assert.match(await verify('ZJXZ3307272025010100000', enterprise, 'unknown'), /未登记的码/);
  const register = JSON.parse(fs.readFileSync(path.join(repo, 'examples', 'panan', 'enterprises.json'), 'utf8'));
  const other = (Array.isArray(register) ? register : register.enterprises).map((/** @type {any} */ e) => e.id).find((/** @type {string} */ id) => id !== enterprise);
  const foreign = await verify(code, other, 'foreign');
  assert.match(foreign, /不是对贵企业的检查/);
  assert.ok(!foreign.includes('磐安县市场监督管理局'), 'another enterprise sees nothing of the visit');
  assert.ok(await page.locator('#evaluate').isHidden());
  await page.screenshot({ path: path.join(shots, 'verify-foreign-1366.png') });
  // The visit evaluated, with a complaint: received once.
  await verify(code, enterprise, 'registered');
  await page.check('#rating input[value="2"]');
  await page.check('#complaints input[value="gifts"]');
  await page.fill('#text', '检查人员暗示需要准备礼品');
  await page.click('#evaluate-btn');
  await page.waitForFunction(() => /已收到评价/.test(document.getElementById('evaluate-result')?.textContent ?? ''));
  await verify(code, enterprise, 'registered');
  assert.match(await page.textContent('#evaluate-result'), /已收到此次检查的 1 条评价/);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(shots, 'verify-evaluated-390.png'), fullPage: true });
  await page.context().close();
});

test('问题清单: the supervisor sees the complaint with its record, moves it through 发现 → 交办 → 整改 → 评价 and exports the list', async () => {
  const page = await signedIn(tokens['supervisor-scjg']);
  // The demo's complaints of 2025 raised the supervisor alert.
  await page.waitForSelector('#desk-feed .feed-row[data-rule="complaint.repeated"]', { timeout: 20000 });
  await page.click('#tabbtn-problems');
  const problem = page.locator('.pl-problem[data-rule="complaint.gifts"]');
  await problem.waitFor({ timeout: 20000 });
  assert.match(await problem.textContent(), /I-DEMO-TODAY/);
  assert.match(await problem.textContent(), /检查人员暗示需要准备礼品/);
  assert.match(await problem.textContent(), /国办发〔2024〕54号第七部分①/);
  assert.equal(await problem.getAttribute('data-state'), 'found');
  for (const [to, note] of [['assigned', '交办市场监管局核查'], ['rectified', '已约谈，退回礼品'], ['evaluated', '整改到位']]) {
    await problem.locator('.pl-note').fill(note);
    await problem.locator(`button[data-to="${to}"]`).click();
    await page.waitForSelector(`.pl-problem[data-rule="complaint.gifts"][data-state="${to}"]`);
  }
  assert.match(await problem.textContent(), /已闭环/);
  assert.match(await problem.textContent(), /整改 → 评价/);
  // The list also holds the year's findings of the other kinds, by agency (the example's 2025 records).
  await page.fill('#pl-year', '2025');
  await page.dispatchEvent('#pl-year', 'change');
  await page.waitForSelector('.pl-problem[data-rule="complaint.hospitality"]');
  for (const rule of ['subject.unqualified-agency', 'item.unpublished', 'plan.outside-plan', 'conduct.disguised-inspection']) {
    assert.ok((await page.locator(`.pl-problem[data-rule="${rule}"]`).count()) >= 1, rule);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shots, 'problems-1366.png') });
  // Exported: the workbook downloads; the printable document opens.
  const download = page.waitForEvent('download');
  await page.click('#pl-xlsx');
  const file = await download;
  assert.match(file.suggestedFilename(), /\.xlsx$/);
  const saved = await file.path();
  assert.equal(fs.readFileSync(saved).subarray(0, 2).toString(), 'PK');
  const popup = page.context().waitForEvent('page');
  await page.click('#pl-print');
  const doc = await popup;
  await doc.waitForLoadState();
  assert.match(await doc.textContent('body'), /2025 年度涉企行政执法问题清单/);
  // Its style applies (the app's policy allows the document's one inline style by its hash).
  assert.equal(await doc.evaluate(() => getComputedStyle(/** @type {Element} */ (document.querySelector('table'))).borderCollapse), 'collapse');
  await doc.screenshot({ path: path.join(shots, 'problems-print-1366.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(shots, 'problems-390.png') });
  await page.context().close();
  // Moved in the store, with who and when.
  const year = (await api('GET', '/v1/problems', tokens['supervisor-scjg'])).json.list;
  const gifts = year.agencies.flatMap((/** @type {any} */ a) => a.problems).find((/** @type {any} */ p) => p.rule === 'complaint.gifts');
  assert.deepEqual(gifts.history.map((/** @type {any} */ m) => m.to), ['assigned', 'rectified', 'evaluated']);
  assert.match(gifts.history[0].by, /demo-supervisor/);
  assert.equal((await api('GET', '/v1/problems', tokens['officer-scjg'])).status, 403, 'an officer cannot read the list');
});

test('the public endpoints are rate-limited per address, and the page says so', async () => {
  const { enterprise } = await demoVisit();
  let limited = null;
  for (let i = 0; i < 20 && !limited; i++) {
    const r = await fetch(`${base}/v1/public/codes:verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: `ZJXZ33072720250101${String(i).padStart(5, '0')}`, enterprise }) });
    if (r.status === 429) limited = await r.json();
    else assert.equal(r.status, 200);
  }
  assert.ok(limited, 'a 429 within the budget of 12 a minute');
  assert.equal(limited.retry_after, 60);
  const page = await enterprisePage();
  await page.fill('#code', 'ZJXZ3307272025010199999');
  await page.fill('#enterprise', enterprise);
  await page.click('#verify-btn');
  await page.waitForSelector('#result.error');
  assert.match(await page.textContent('#result'), /请求过于频繁/);
  await page.context().close();
});

test('no errors in the pages, and no request left the origin', () => {
  assert.deepEqual(pageErrors, []);
});
