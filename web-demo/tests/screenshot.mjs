// Opens a local HTML file (the `jiancha check --report` output) in headless Chromium and keeps what a reader
// sees: a full-page screenshot, and the print view as an A4 PDF beside it (same name, `.pdf`).
//
//   node web-demo/tests/screenshot.mjs <report.html> <out.png>
//
// Needs /usr/bin/chromium (or $CHROMIUM) and playwright-core (npm install in web-demo). Any request that leaves
// the file (http, https, …) is refused and makes the run fail: the report must be self-contained.
// Not a test file of `node --test tests/` (the name does not match its patterns); crates/cli/tests/it/report.rs runs it.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './static-server.mjs';

const [, , htmlArg, pngArg] = process.argv;
if (!htmlArg || !pngArg) {
  console.error('usage: node web-demo/tests/screenshot.mjs <report.html> <out.png>');
  process.exit(2);
}
const html = path.resolve(htmlArg);
const png = path.resolve(pngArg);
const pdf = png.replace(/\.png$/i, '') + '.pdf';
if (!fs.existsSync(html)) {
  console.error(`${html} does not exist`);
  process.exit(2);
}
if (!fs.existsSync(CHROMIUM.executablePath)) {
  console.error(`${CHROMIUM.executablePath} is missing: apt-get install chromium fonts-noto-cjk`);
  process.exit(2);
}
fs.mkdirSync(path.dirname(png), { recursive: true });

const url = pathToFileURL(html).href;
const browser = await chromium.launch(CHROMIUM);
let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 1400 }, deviceScaleFactor: 1, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url || u.startsWith('data:')) return route.continue();
    problems.push(`external request: ${u}`);
    return route.abort();
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.screenshot({ path: png, fullPage: true });
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  if (problems.length > 0) {
    failed = true;
    console.error(problems.join('\n'));
  }
} finally {
  await browser.close();
}
if (failed) process.exit(1);
console.log(`${png}\n${pdf}`);
