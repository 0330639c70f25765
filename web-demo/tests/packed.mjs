// The npm package @jiancha/core as a county web developer gets it: `npm pack` of packages/core, installed with
// `npm install <tarball>` into a fresh project in a temporary directory. Not a test file.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '..', '..');
export const packageDir = path.join(repo, 'packages', 'core');

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

let installed = null;

/** Packs and installs the package once per process: {project, tarball, files, dir, module}. */
export async function packed() {
  if (installed) return installed;
  if (!fs.existsSync(path.join(packageDir, 'wasm', 'jiancha_wasm_bg.wasm'))) {
    throw new Error('packages/core/wasm is missing: run `bash web-demo/build.sh` first');
  }
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'jiancha-county-form-'));
  const pack = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', project, packageDir], repo));
  const tarball = path.join(project, pack[0].filename);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'county-form', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], project);
  const dir = path.join(project, 'node_modules', '@jiancha', 'core');
  const module = await import(pathToFileURL(path.join(dir, 'index.js')).href);
  installed = { project, tarball, files: pack[0].files.map((f) => f.path), dir, module };
  return installed;
}

/** Removes the temporary project. */
export function cleanup() {
  if (installed) fs.rmSync(installed.project, { recursive: true, force: true });
  installed = null;
}
