// The page's JavaScript is checked by tsc against the package's types: every module marked `// @ts-check`
// (tsconfig.json), and a misuse of the package in such a module is refused (so the check is not vacuous).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const demo = path.resolve(here, '..');
const tsc = path.join(demo, 'node_modules', '.bin', 'tsc');

test('the modules marked // @ts-check type-check (tsc -p web-demo)', () => {
  const checked = fs.readdirSync(demo).filter((f) => f.endsWith('.js') && fs.readFileSync(path.join(demo, f), 'utf8').startsWith('// @ts-check'));
  for (const f of ['service.js', 'desk.js', 'admin.js']) assert.ok(checked.includes(f), `${f} is not marked // @ts-check`);
  const r = spawnSync(tsc, ['-p', demo], { encoding: 'utf8' });
  assert.equal(r.status, 0, `tsc:\n${r.stdout}${r.stderr}`);
});

test('a misuse of the package in a checked module is refused', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiancha-tscheck-'));
  try {
    const pkg = path.join(demo, 'pkg', 'index.js');
    fs.writeFileSync(
      path.join(dir, 'misuse.js'),
      `// @ts-check\nimport { load } from ${JSON.stringify(pkg)};\nconst a = load('{}');\n// an answer read without looking at ok\nconsole.log(a.checker.validateInspection({}, []).findings);\n`,
    );
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: path.join(demo, 'tsconfig.json'), include: ['misuse.js'], compilerOptions: { types: [] } }),
    );
    const r = spawnSync(tsc, ['-p', dir], { encoding: 'utf8' });
    assert.notEqual(r.status, 0, 'tsc accepted a misuse');
    assert.match(r.stdout, /misuse\.js/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
