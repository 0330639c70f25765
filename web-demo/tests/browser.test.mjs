// The page in a real browser: Debian's Chromium driven by playwright-core, served by a tiny static server.
// 检查预检 (a code.missing violation appears and goes), 批量分析 (summary and charts of the example records),
// 计划审查, the English switch, an own-dataset error, and no request leaves the page's origin.
// Screenshots go to artifacts/web-demo/*.png.
//
// Needs: web-demo/pkg and web-demo/data (bash web-demo/build.sh), npm install in web-demo, /usr/bin/chromium.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM } from './static-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const demo = path.resolve(here, '..');
const repo = path.resolve(demo, '..');
const shots = path.join(repo, 'artifacts', 'web-demo');

let server;
let browser;
let page;
const dialogs = [];
const pageErrors = [];
const foreignRequests = [];

before(async () => {
  for (const f of ['pkg/wasm/jiancha_wasm.js', 'pkg/wasm/jiancha_wasm_bg.wasm', 'data/panan-dataset.json', 'data/records-2025.jsonl']) {
    assert.ok(fs.existsSync(path.join(demo, f)), `web-demo/${f} is missing: run \`bash web-demo/build.sh\` first`);
  }
  assert.ok(fs.existsSync(CHROMIUM.executablePath), `${CHROMIUM.executablePath} is missing: apt-get install chromium`);
  fs.mkdirSync(shots, { recursive: true });
  server = await serve(demo);
  browser = await chromium.launch(CHROMIUM);
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1, locale: 'zh-CN' });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  // The form asks before what the officer typed is replaced: the tests answer yes, and count the questions.
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.accept();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });
  // Offline: anything not served by our own server is recorded and refused.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    foreignRequests.push(url);
    return route.abort();
  });
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const shot = (name, opts = {}) => page.screenshot({ path: path.join(shots, `${name}.png`), ...opts });
const ruleShown = (rule) => page.locator(`#pc-findings .finding[data-rule="${rule}"]`);

test('the page boots Chinese-first with the example dataset', async () => {
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal((await page.textContent('#tabbtn-precheck')).trim(), '检查预检');
  assert.match(await page.textContent('#ds-counts'), /14 个主体 · 42 名人员 · 95 家企业 · 36 个事项 · 19 个计划/);
  // the default record is a clean example inspection
  await page.waitForSelector('#pc-status[data-state="clean"]');
  assert.match(await page.textContent('#pc-status'), /✓ 无问题/);
  await shot('precheck-clean');
});

test('检查预检: a blank form is 待填写, not violations; nothing is filled in that was not typed', async () => {
  await page.click('#pc-new');
  await page.waitForSelector('#pc-status[data-state="pending"]');
  assert.equal(await page.locator('#pc-findings .finding').count(), 0, 'a blank form shows no findings');
  assert.match(await page.textContent('#pc-status'), /待填写/);
  assert.equal(await page.inputValue('#f-started'), '');
  assert.equal(await page.inputValue('#f-ended'), '');
  assert.equal(await page.getAttribute('.field[data-path="/started_at"]', 'data-pending'), '待填写');
  // Ticking 负责人审批 or 已事先书面通知 leaves their times empty (待填写), and nothing says "无问题" meanwhile.
  await page.check('#f-approved');
  assert.equal(await page.inputValue('#f-approved-at'), '');
  await page.check('#f-notice-state input[value="sent"]', { force: true });
  assert.equal(await page.inputValue('#f-notice-at'), '');
  assert.notEqual(await page.getAttribute('#pc-status', 'data-state'), 'clean');
  await shot('precheck-blank');
});

test('检查预检: an on-site inspection is checked once readable: a malformed code, then a good one', async () => {
  await page.selectOption('#f-lead', 'scjg');
  await page.check('#f-mode input[value="on-site"]', { force: true });
  await page.selectOption('#f-trigger', 'random-sampling');
  await page.check('#f-inspectors input[value="scjg-03"]');
  await page.check('#f-inspectors input[value="scjg-04"]');
  await page.fill('#f-ent-search', '杏林');
  assert.equal(await page.inputValue('#f-enterprise'), '92330727MA2MXBFG7A'); // the single match is picked
  await page.check('#f-items input[value="scjg-03"]');
  await page.fill('#f-started', '2025-11-20T09:30');
  await page.fill('#f-ended', '2025-11-20T11:00');
  await page.fill('#f-approved-at', '2025-11-17T10:00');
  await page.fill('#f-notice-at', '2025-11-18T15:00');
  for (const k of ['time', 'basis', 'purpose', 'content']) await page.check(`#f-notice-${k}`); // what the notice stated
  // Without a code the form waits for it (待填写 at the code), and says so rather than "no findings".
  await page.waitForSelector('#pc-status[data-state="pending"]');
  assert.match(await page.textContent('#pc-status'), /行政行为码/);
  assert.equal(await page.getAttribute('.field[data-path="/code"]', 'data-pending'), '待填写');

  // A code `1` is not a 行政行为码 of the county (policy code_pattern).
  await page.fill('#f-code', '1');
  await page.fill('#f-code-at', '2025-11-17T10:05');
  await ruleShown('code.malformed').waitFor();
  const card = ruleShown('code.malformed');
  assert.match(await card.locator('.badge').textContent(), /违规/);
  assert.match(await card.locator('.cites').textContent(), /依据/);
  assert.match(await card.locator('.cites').textContent(), /磐安县实施意见（征求意见稿）（二）2（1）/); // Chinese form of the clause
  assert.match(await card.locator('.cites li').first().getAttribute('title'), /磐安县人民政府办公室关于/); // the full title beside it
  assert.ok((await card.locator('.remedy').textContent()).includes('整改建议'), 'the finding shows how to put it right');
  assert.ok(await page.locator('.field[data-path="/code"]').evaluate((el) => el.classList.contains('mark-violation')));
  assert.match(await page.textContent('#pc-timing'), /校验用时 [\d.]+ 毫秒/);
  await page.locator('.field[data-path="/code"]').scrollIntoViewIfNeeded();
  await shot('precheck-code-malformed');

  await page.fill('#f-code', 'ZJXZ3307272025111700001');
  await ruleShown('code.malformed').waitFor({ state: 'detached' });
  assert.equal(await ruleShown('code.late').count(), 0);
  assert.ok(!(await page.locator('.field[data-path="/code"]').evaluate((el) => el.classList.contains('mark-violation'))));
  await page.waitForSelector('#pc-status[data-state="clean"]');
  await shot('precheck-code-entered');

  // a code assigned after the start is late
  await page.fill('#f-code-at', '2025-11-20T10:00');
  await ruleShown('code.late').waitFor();
  await page.fill('#f-code-at', '2025-11-17T10:05');
  await page.waitForSelector('#pc-status[data-state="clean"]');

  // Clearing a date is 待填写 at that field, not an engine error in place of every finding.
  await page.fill('#f-ended', '');
  await page.waitForSelector('#pc-status[data-state="pending"]');
  assert.doesNotMatch(await page.textContent('#pc-status'), /invalid type/);
  assert.match(await page.textContent('#pc-status'), /结束时间/);
  await page.fill('#f-ended', '2025-11-20T11:00');
  await page.waitForSelector('#pc-status[data-state="clean"]');
});

test('检查预检: an inspector path marks the inspector; an example record shows its cross-record findings', async () => {
  await page.check('#f-all-inspectors');
  await page.check('#f-inspectors input[value="yjgl-01"]');
  await ruleShown('subject.inspector-agency-mismatch').waitFor();
  const marked = page.locator('#f-inspectors .opt.mark-violation, #f-inspectors .opt.mark-warning');
  assert.equal(await marked.count(), 1);
  assert.match(await marked.textContent(), /yjgl-01/);
  await page.uncheck('#f-inspectors input[value="yjgl-01"]');
  await page.uncheck('#f-all-inspectors');
  await page.waitForSelector('#pc-status[data-state="clean"]');

  // I-2025-0557: the market regulator's third on-site visit of the year (examples/panan/README.md)
  const asked = dialogs.length;
  await page.selectOption('#pc-load', 'I-2025-0557');
  await ruleShown('frequency.onsite-cap').waitFor();
  assert.equal(dialogs.length, asked + 1, 'loading a record over typed input asks first');
  // The quota is shown above the date: the market regulator's two visits used, none left.
  assert.match(await page.textContent('#pc-quota'), /已对该企业现场检查 2 次，上限 2 次，已无剩余次数/);
  assert.equal(await page.getAttribute('#pc-quota', 'data-state'), 'full');
  assert.ok((await page.locator('#pc-history .history-row.related').count()) >= 2, 'the related earlier records are highlighted');
  await shot('precheck-onsite-cap', { fullPage: false });
});

test('计划审查: a plan with a merge suggestion', async () => {
  await page.click('#tabbtn-plans');
  await page.selectOption('#pl-select', 'PL-2025-SCJG');
  await page.waitForSelector('#pl-findings .finding[data-rule="plan.merge-suggestion"]');
  assert.match(await page.locator('#pl-findings .finding').first().locator('.badge').textContent(), /提示/);
  await shot('plans');
  // broken JSON: an error with its position, no crash
  await page.fill('#pl-json', '{"id": "X", "year": 2025,');
  await page.waitForSelector('#pl-status[data-state="error"]');
  await page.selectOption('#pl-select', 'PL-2025-JTYS');
  await page.waitForSelector('#pl-findings .finding[data-rule="plan.late-publication"]');
});

test('批量分析: the example records give a summary with charts and a download', async () => {
  await page.click('#tabbtn-batch');
  await page.click('#b-example');
  await page.waitForSelector('#b-results:not([hidden])', { timeout: 60000 });
  const kpi = async (k) => Number((await page.textContent(`.kpi[data-kpi="${k}"] .kpi-value`)).trim());
  assert.equal(await kpi('k-records'), 673);
  assert.ok((await kpi('k-clean')) > 0);
  assert.ok((await kpi('k-violation')) > 0);
  assert.ok((await kpi('k-warning')) > 0);
  assert.ok((await kpi('k-info')) > 0);
  assert.equal(await kpi('k-unreadable'), 0);
  assert.ok((await page.locator('#b-chart-rules svg rect.bar').count()) >= 20, 'bars by rule');
  assert.ok((await page.locator('#b-chart-agencies svg rect.bar').count()) >= 5, 'bars by agency');
  assert.equal(await page.locator('#b-chart-joint svg line.target').count(), 1, 'one target line (2025)');
  assert.match(await page.textContent('#b-chart-joint'), /50\.0%/);
  // every agency drawn below the target is one the engine flagged (⚑), and only those
  const below = await page.locator('#b-chart-joint g.row.below').count();
  const flagged = await page.locator('#b-chart-joint text.value', { hasText: '⚑' }).count();
  assert.equal(below, 8); // examples/panan/README.md: jtys nync scjg sthj wgly yjgl zhzf zrzy (jszf counts as zhzf)
  assert.equal(flagged, below);
  // stages all done
  assert.equal(await page.locator('#b-stages li.done').count(), 4);
  assert.equal(await page.getAttribute('#b-bar', 'aria-valuenow'), '100');
  // the download is the engine's JSONL
  const href = await page.getAttribute('#b-download', 'href');
  assert.match(href, /^blob:/);
  const text = await page.evaluate(async (u) => (await fetch(u)).text(), href);
  const lines = text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.equal(lines.filter((o) => o.scope === 'inspection').length, 673);
  await shot('batch', { fullPage: true });
  await page.locator('#b-chart-rules').scrollIntoViewIfNeeded();
  await shot('batch-charts');
  // clicking a rule bar filters the list
  await page.locator('#b-chart-rules g.row[data-key="code.missing"]').click();
  assert.equal(await page.inputValue('#b-filter'), 'code.missing');
  assert.equal(await page.locator('#b-list tbody tr').count(), 2); // I-2025-0390, I-2025-0566
});

test('批量分析: an XLSX is refused plainly (no summary of unreadable lines); a gzip JSON Lines is read', async () => {
  await page.click('#tabbtn-batch');
  // An XLSX is a zip: its first bytes say so, whatever its name.
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 1)]);
  await page.setInputFiles('#b-file', { name: 'export.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: zip });
  await page.waitForFunction(() => document.getElementById('b-error')?.textContent.includes('XLSX'));
  assert.match(await page.textContent('#b-error'), /jiancha check/);
  assert.equal(await page.locator('#b-results:not([hidden])').count(), 0, 'no summary for input not understood');
  const records = fs.readFileSync(path.join(repo, 'examples', 'panan', 'records-2025.jsonl'));
  const { gzipSync } = await import('node:zlib');
  await page.setInputFiles('#b-file', { name: 'records.jsonl.gz', mimeType: 'application/gzip', buffer: gzipSync(records) });
  await page.waitForSelector('#b-results:not([hidden])', { timeout: 60000 });
  assert.equal(Number((await page.textContent('.kpi[data-kpi="k-records"] .kpi-value')).trim()), 673);
  assert.equal(Number((await page.textContent('.kpi[data-kpi="k-unreadable"] .kpi-value')).trim()), 0);
  await page.click('#tabbtn-precheck');
});

test('the English switch turns the interface and the findings to English', async () => {
  await page.click('#lang-toggle');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal((await page.textContent('#tabbtn-precheck')).trim(), 'Pre-check');
  assert.equal((await page.textContent('#tabbtn-batch')).trim(), 'Batch analysis');
  assert.match(await page.textContent('.kpi[data-kpi="k-records"] .kpi-label'), /Records/);
  assert.match(await page.textContent('#b-chart-joint'), /target 50\.0%/);
  await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
  await shot('batch-en', { fullPage: true });
  await page.click('#tabbtn-precheck');
  await ruleShown('frequency.onsite-cap').waitFor();
  assert.match(await ruleShown('frequency.onsite-cap').locator('.msg').textContent(), /on-site inspection/);
  assert.match(await ruleShown('frequency.onsite-cap').locator('.badge').textContent(), /Violation/);
  await shot('precheck-en');
  await page.click('#lang-toggle');
  assert.equal((await page.textContent('#tabbtn-precheck')).trim(), '检查预检');
});

test('an own dataset that cannot be read shows the message and the path', async () => {
  await page.click('#ds-toggle');
  const bad = JSON.stringify({ agencies: [{ id: 'a', name: 'A', kind: 'administrative-organ', colour: 'red' }] });
  await page.setInputFiles('#ds-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await page.click('#ds-load');
  await page.waitForSelector('#ds-error .error-box');
  const err = await page.textContent('#ds-error');
  assert.match(err, /colour/);
  assert.match(err, /\/agencies\/0/);
  assert.match(err, /bad\.json/); // the user's file name
  await shot('dataset-error', { clip: { x: 0, y: 0, width: 1400, height: 520 } });
  // a good one is taken, and the pre-check form follows it
  const good = JSON.parse(fs.readFileSync(path.join(demo, 'data', 'panan-dataset.json'), 'utf8'));
  good.enterprises = good.enterprises.slice(0, 10);
  await page.setInputFiles('#ds-file', { name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
  await page.setInputFiles('#ds-policy-file', []);
  await page.click('#ds-load');
  await page.waitForFunction(() => document.querySelector('#ds-counts').textContent.includes('10 家企业'));
  assert.equal(await page.locator('#ds-error .error-box').count(), 0);
  await page.click('#ds-reset');
  await page.waitForFunction(() => document.querySelector('#ds-counts').textContent.includes('95 家企业'));
  await page.click('#ds-toggle');
  assert.ok(await page.locator('#ds-panel').isHidden());
});

test('at 390 px the results are one tap away and show their messages; at 1366×768 beside the form', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.click('#tabbtn-precheck');
  await page.selectOption('#pc-load', 'I-2025-0557');
  await ruleShown('frequency.onsite-cap').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot('mobile-precheck', { fullPage: false });
  const jump = page.locator('#pc-jump');
  assert.ok(await jump.isVisible(), 'a button to the results');
  await jump.click();
  await page.waitForFunction(() => {
    const r = document.getElementById('pc-results').getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight;
  });
  const first = page.locator('#pc-findings .finding').first();
  assert.ok(await first.isVisible());
  assert.ok((await first.textContent()).length > 40, 'a finding shows its message, not only its id');
  await shot('mobile-precheck-results', { fullPage: false });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.evaluate(() => window.scrollTo(0, 0));
  assert.ok(!(await jump.isVisible()), 'no jump button where the results are beside the form');
  const box = await page.locator('#pc-results').boundingBox();
  assert.ok(box && box.y < 768 && box.x > 600, `the results beside the form at 1366×768: ${JSON.stringify(box)}`);
  await shot('precheck-1366', { fullPage: false });
  await page.setViewportSize({ width: 1400, height: 1000 });
});

test('the printed 预检单 holds the record and its findings, nothing of the page around them', async () => {
  await page.emulateMedia({ media: 'print' });
  try {
    assert.ok(await page.locator('#pc-print-head').isVisible());
    assert.match(await page.textContent('#pc-print-head'), /涉企行政检查预检单/);
    assert.ok(!(await page.locator('#pc-form').isVisible()), 'the form is not printed');
    const finding = page.locator('#pc-findings .finding').first();
    assert.ok(await finding.isVisible());
    assert.match(await finding.textContent(), /frequency\.onsite-cap/, 'the printed finding keeps its rule and title');
    await shot('precheck-print', { fullPage: true });
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
});

test('a draft typed in the form survives a reload and is said to be restored', async () => {
  await page.click('#tabbtn-precheck');
  await page.fill('#f-id', 'DRAFT-KEPT-1');
  await page.reload();
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
  assert.equal(await page.inputValue('#f-id'), 'DRAFT-KEPT-1');
  assert.ok(await page.locator('#pc-draft').isVisible());
  assert.match(await page.textContent('#pc-draft'), /草稿/);
  // A new blank form (confirmed) drops it.
  await page.click('#pc-new');
  await page.reload();
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
  assert.notEqual(await page.inputValue('#f-id'), 'DRAFT-KEPT-1');
});

test('accessibility (axe-core, WCAG 2 A and AA): labels, names and contrast on every tab; keyboard use', async () => {
  await page.addScriptTag({ path: path.join(demo, 'node_modules', 'axe-core', 'axe.min.js') });
  for (const tab of ['precheck', 'plans', 'batch', 'rules']) {
    await page.click(`#tabbtn-${tab}`);
    const violations = await page.evaluate(async () =>
      // @ts-ignore axe is the script just added
      (await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`),
    );
    assert.deepEqual(violations, [], `axe on ${tab}`);
  }
  // The form is reached with the keyboard alone, and a tab opens with Enter.
  await page.click('#tabbtn-precheck');
  await page.evaluate(() => /** @type {HTMLElement} */ (document.activeElement)?.blur());
  await page.focus('#tabbtn-rules');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#tabbtn-rules', 'aria-selected'), 'true');
  await page.focus('#tabbtn-precheck');
  await page.keyboard.press('Enter');
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.id === 'f-id');
  }
  assert.ok(reached, 'the first field of the form is reached with Tab');
});

test('no errors in the page and no request left the origin', () => {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreignRequests, []);
});
