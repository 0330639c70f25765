#!/usr/bin/env node
// @ts-check
/**
 * @file Builds a JavaScript plugin into a WebAssembly component of the `checker` world that imports nothing.
 *
 *     node build.mjs <plugin-dir | entry.js> <out.wasm> [<wit-dir>] [--tier=wasi]
 *
 * - `plugin-dir`: its `package.json` `main`, else `plugin.js`, else `index.js`, is the entry.
 * - `wit-dir`: defaults to `plugins/wit` beside this SDK (`../wit`).
 *
 * The entry and every module it imports (relative paths, or packages found from the importing file's
 * `node_modules`) are bundled into one ES module first: componentize-js resolves imports only inside one
 * directory that depends on the working directory, which an SDK beside the plugin is not. The bundle is then
 * componentized with the Node API of `@bytecodealliance/componentize-js` with every WASI feature disabled, so the
 * component has no import at all; the build fails if it has one.
 *
 * With `--tier=wasi` (a plugin of the host's WASI tier, for `console.log` or a clock), the engine's stdio, random and
 * clocks features are kept; HTTP and fetch stay disabled, and the host refuses any import beyond its WASI tier.
 *
 * componentize-js is looked up from the plugin's directory, then the working directory, then this SDK's
 * directory (its `node_modules`, or a `node_modules` above them).
 */

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const COMPONENTIZE_JS = '@bytecodealliance/componentize-js';
const PINNED = '0.23.0';
/** Every feature of the engine that reaches WASI (componentize-js `DEFAULT_FEATURES`), all disabled. */
const ALL_FEATURES = ['stdio', 'random', 'clocks', 'http', 'fetch-event'];
/** The features the host's WASI tier gives (its stdout and stderr, pinned clocks, seeded randomness). */
const WASI_TIER = ['stdio', 'random', 'clocks'];

/** @param {string} msg @returns {never} */
function fail(msg) {
  console.error(msg);
  process.exit(1);
}

// -------------------------------------------------------------------------------------------------------------
// Package lookup (createRequire's search path, read by hand: componentize-js has only an `import` export, which
// `require.resolve` does not see).

/**
 * The directory of a package as Node would find it from `fromDir`, or null.
 * @param {string} name
 * @param {string} fromDir
 */
function packageDir(name, fromDir) {
  const require = createRequire(join(fromDir, 'noop.js'));
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = join(base, name);
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return null;
}

/**
 * The ES-module entry file of a package (its `exports` for `import`, else `module`, else `main`).
 * @param {string} dir
 * @param {string} subpath `.` or `./x`.
 */
function packageEntry(dir, subpath) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  /** @param {any} target @returns {string | null} */
  const pick = (target) => {
    if (typeof target === 'string') return target;
    if (Array.isArray(target)) return target.map(pick).find(Boolean) ?? null;
    if (target && typeof target === 'object') {
      for (const cond of ['import', 'module', 'node', 'default']) {
        if (cond in target) {
          const p = pick(target[cond]);
          if (p) return p;
        }
      }
    }
    return null;
  };
  if (pkg.exports !== undefined) {
    const exp = typeof pkg.exports === 'string' || Array.isArray(pkg.exports) || !Object.keys(pkg.exports).some((k) => k.startsWith('.'))
      ? { '.': pkg.exports }
      : pkg.exports;
    const target = pick(exp[subpath]);
    if (target) return resolve(dir, target);
    return null;
  }
  if (subpath !== '.') return resolve(dir, subpath);
  return resolve(dir, pkg.module ?? pkg.main ?? 'index.js');
}

/**
 * componentize-js, from the plugin's directory, the working directory or this SDK.
 * @param {string} pluginDir
 */
async function loadComponentizeJs(pluginDir) {
  for (const from of [pluginDir, process.cwd(), HERE]) {
    const dir = packageDir(COMPONENTIZE_JS, from);
    if (!dir) continue;
    const entry = packageEntry(dir, '.');
    if (!entry) continue;
    const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
    const mod = await import(pathToFileURL(entry).href);
    return { componentize: mod.componentize, version, dir };
  }
  fail(
    [
      `找不到 ${COMPONENTIZE_JS}（在插件目录、当前目录和 SDK 目录的 node_modules 中均未找到）。请在插件目录中安装：`,
      `  npm install --save-dev ${COMPONENTIZE_JS}@${PINNED}`,
      `${COMPONENTIZE_JS} was not found (looked in the node_modules of the plugin directory, the working directory and`,
      `the SDK). Install it in the plugin directory: npm install --save-dev ${COMPONENTIZE_JS}@${PINNED}`,
    ].join('\n'),
  );
}

// -------------------------------------------------------------------------------------------------------------
// The bundler: static ES modules (import/export declarations) into one module, each module in a function scope
// evaluated once, in dependency order. Not supported, and refused with a message: import cycles, dynamic
// `import()`, `import.meta`, top-level `await`, imports of Node built-ins or of non-JavaScript files.

/**
 * A parser: oxc-parser, which componentize-js itself depends on (so it is installed wherever componentize-js is).
 * @param {string} componentizeDir
 */
async function loadParser(componentizeDir) {
  const dir = packageDir('oxc-parser', componentizeDir);
  if (!dir) fail(`找不到 oxc-parser（${COMPONENTIZE_JS} 的依赖）/ oxc-parser (a dependency of ${COMPONENTIZE_JS}) not found`);
  const require = createRequire(join(componentizeDir, 'package.json'));
  return /** @type {{ parseSync: (file: string, src: string, opts: object) => any }} */ (require(dir));
}

/**
 * The file an import specifier names, from the importing file.
 * @param {string} spec
 * @param {string} from
 */
function resolveImport(spec, from) {
  if (spec.startsWith('node:') || builtinModules.includes(spec)) {
    throw new Error(`${from}: 导入了 Node 内置模块 ${spec}，插件不能导入任何东西 / imports the Node built-in \`${spec}\`; a plugin imports nothing`);
  }
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('file:')) {
    const base = spec.startsWith('file:') ? fileURLToPath(spec) : resolve(dirname(from), spec);
    for (const candidate of [base, `${base}.js`, `${base}.mjs`, join(base, 'index.js')]) {
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    throw new Error(`${from}: 找不到模块 ${spec} / cannot find module \`${spec}\``);
  }
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const sub = spec.slice(name.length);
  const dir = packageDir(name, dirname(from));
  const entry = dir && packageEntry(dir, sub ? `.${sub}` : '.');
  if (!entry || !existsSync(entry)) throw new Error(`${from}: 找不到包 ${spec} / cannot find package \`${spec}\``);
  return entry;
}

/**
 * The names a binding pattern declares.
 * @param {any} p
 * @returns {string[]}
 */
function patternNames(p) {
  switch (p.type) {
    case 'Identifier':
      return [p.name];
    case 'ObjectPattern':
      return p.properties.flatMap((/** @type {any} */ x) => patternNames(x.type === 'RestElement' ? x.argument : x.value));
    case 'ArrayPattern':
      return p.elements.filter(Boolean).flatMap((/** @type {any} */ x) => patternNames(x.type === 'RestElement' ? x.argument : x));
    case 'AssignmentPattern':
      return patternNames(p.left);
    default:
      throw new Error(`unsupported binding pattern ${p.type}`);
  }
}

/** @param {any} n */
const nameOf = (n) => (n.type === 'Literal' ? String(n.value) : n.name);

/**
 * Bundles an entry module and what it imports into the source of one ES module with the entry's exports.
 * @param {string} entry
 * @param {{ parseSync: (file: string, src: string, opts: object) => any }} oxc
 */
function bundle(entry, oxc) {
  /** @type {Map<string, { index: number, exports: string[] }>} */
  const done = new Map();
  /** @type {Set<string>} */
  const visiting = new Set();
  /** @type {string[]} */
  const chunks = [];
  const root = dirname(entry);

  /** @param {string} file @returns {{ index: number, exports: string[] }} */
  const visit = (file) => {
    const known = done.get(file);
    if (known) return known;
    if (visiting.has(file)) throw new Error(`${file}: 模块循环导入，不支持 / import cycle, not supported`);
    visiting.add(file);
    const src = readFileSync(file, 'utf8');
    const parsed = oxc.parseSync(file, src, { sourceType: 'module' });
    if (parsed.errors?.length) {
      throw new Error(`${file}: 语法错误 / syntax error: ${parsed.errors.map((/** @type {any} */ e) => e.message).join('; ')}`);
    }
    if (parsed.module?.dynamicImports?.length) throw new Error(`${file}: 不支持 import() / dynamic import() is not supported`);
    if (parsed.module?.importMetas?.length) throw new Error(`${file}: 不支持 import.meta / import.meta is not supported`);

    /** @type {{ start: number, end: number, text: string }[]} */
    const edits = [];
    /** @type {string[]} */
    const prologue = [];
    /** @type {[string, string][]} exported name → expression */
    const exported = [];
    /** @param {string} spec */
    const dep = (spec) => visit(resolveImport(spec, file));

    for (const node of parsed.program.body) {
      switch (node.type) {
        case 'ImportDeclaration': {
          if (node.importKind === 'type') break;
          const d = dep(node.source.value);
          for (const s of node.specifiers ?? []) {
            const local = s.local.name;
            if (s.type === 'ImportNamespaceSpecifier') prologue.push(`const ${local} = __jiancha_m${d.index};`);
            else {
              const name = s.type === 'ImportDefaultSpecifier' ? 'default' : nameOf(s.imported);
              if (!d.exports.includes(name)) throw new Error(`${file}: ${node.source.value} 没有导出 ${name} / does not export \`${name}\``);
              prologue.push(`const ${local} = __jiancha_m${d.index}[${JSON.stringify(name)}];`);
            }
          }
          edits.push({ start: node.start, end: node.end, text: '' });
          break;
        }
        case 'ExportNamedDeclaration': {
          if (node.declaration) {
            const decl = node.declaration;
            const names = decl.type === 'VariableDeclaration' ? decl.declarations.flatMap((/** @type {any} */ v) => patternNames(v.id)) : [decl.id.name];
            for (const n of names) exported.push([n, n]);
            edits.push({ start: node.start, end: decl.start, text: '' });
          } else if (node.source) {
            const d = dep(node.source.value);
            for (const s of node.specifiers) exported.push([nameOf(s.exported), `__jiancha_m${d.index}[${JSON.stringify(nameOf(s.local))}]`]);
            edits.push({ start: node.start, end: node.end, text: '' });
          } else {
            for (const s of node.specifiers) exported.push([nameOf(s.exported), nameOf(s.local)]);
            edits.push({ start: node.start, end: node.end, text: '' });
          }
          break;
        }
        case 'ExportDefaultDeclaration': {
          const decl = node.declaration;
          if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id) {
            exported.push(['default', decl.id.name]);
            edits.push({ start: node.start, end: decl.start, text: '' });
          } else {
            exported.push(['default', '__jiancha_default']);
            edits.push({ start: node.start, end: decl.start, text: 'const __jiancha_default = ' });
            if (!src.slice(decl.end, node.end).includes(';')) edits.push({ start: node.end, end: node.end, text: ';' });
          }
          break;
        }
        case 'ExportAllDeclaration': {
          const d = dep(node.source.value);
          if (node.exported) exported.push([nameOf(node.exported), `__jiancha_m${d.index}`]);
          else for (const n of d.exports) if (n !== 'default') exported.push([n, `__jiancha_m${d.index}[${JSON.stringify(n)}]`]);
          edits.push({ start: node.start, end: node.end, text: '' });
          break;
        }
        default:
          break;
      }
    }

    let body = src;
    for (const e of edits.sort((a, b) => b.start - a.start)) body = body.slice(0, e.start) + e.text + body.slice(e.end);
    const index = chunks.length;
    const getters = exported.map(([n, expr]) => `get ${JSON.stringify(n)}() { return ${expr}; }`).join(', ');
    chunks.push(
      `// ---- ${relative(root, file) || basename(file)}\n` +
        `const __jiancha_m${index} = (() => {\n${prologue.join('\n')}\n${body}\nreturn Object.freeze({ __proto__: null, ${getters} });\n})();\n`,
    );
    const info = { index, exports: exported.map(([n]) => n) };
    visiting.delete(file);
    done.set(file, info);
    return info;
  };

  const top = visit(entry);
  const named = top.exports.filter((n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n));
  const tail = named.map((n) => `export const ${n} = __jiancha_m${top.index}.${n};`);
  if (top.exports.includes('default')) tail.push(`export default __jiancha_m${top.index}.default;`);
  return { source: `${chunks.join('\n')}\n${tail.join('\n')}\n`, modules: done.size, exports: named };
}

// -------------------------------------------------------------------------------------------------------------

/** @param {string} arg */
function entryOf(arg) {
  const p = resolve(arg);
  if (!existsSync(p)) fail(`找不到 ${arg} / ${arg} does not exist`);
  if (statSync(p).isFile()) return p;
  const pkgPath = join(p, 'package.json');
  if (existsSync(pkgPath)) {
    const main = JSON.parse(readFileSync(pkgPath, 'utf8')).main;
    if (main && existsSync(join(p, main))) return join(p, main);
  }
  for (const name of ['plugin.js', 'index.js']) if (existsSync(join(p, name))) return join(p, name);
  fail(`${arg} 中没有入口文件（package.json 的 main、plugin.js 或 index.js）/ no entry in ${arg} (package.json main, plugin.js or index.js)`);
}

async function main() {
  const args = process.argv.slice(2);
  const wasiTier = args.includes('--tier=wasi');
  const [pluginArg, outArg, witArg] = args.filter((a) => !a.startsWith('--'));
  if (!pluginArg || !outArg) {
    fail('用法 / usage: node build.mjs <plugin-dir | entry.js> <out.wasm> [<wit-dir>] [--tier=wasi]');
  }
  const disabled = wasiTier ? ALL_FEATURES.filter((f) => !WASI_TIER.includes(f)) : [...ALL_FEATURES];
  const entry = entryOf(pluginArg);
  const out = resolve(outArg);
  const wit = resolve(witArg ?? join(HERE, '..', 'wit'));
  if (!existsSync(wit)) fail(`找不到 WIT 目录 ${wit} / WIT directory not found: ${wit}`);

  const started = performance.now();
  const { componentize, version, dir } = await loadComponentizeJs(dirname(entry));
  if (version !== PINNED) console.error(`注意：${COMPONENTIZE_JS} 版本为 ${version}，已测试的是 ${PINNED} / note: version ${version}, tested with ${PINNED}`);
  const oxc = await loadParser(dir);

  let bundled;
  try {
    bundled = bundle(entry, oxc);
  } catch (e) {
    fail(`打包失败 / bundling failed: ${e instanceof Error ? e.message : e}`);
  }
  for (const name of ['meta', 'check']) {
    if (!bundled.exports.includes(name)) fail(`${entry} 未导出 ${name}（definePlugin）/ does not export \`${name}\` (definePlugin)`);
  }

  // componentize-js maps the directory of the source into the engine relative to the working directory; a
  // working directory of its own keeps that independent of where the build runs.
  const work = mkdtempSync(join(tmpdir(), 'jiancha-js-'));
  const source = join(work, 'plugin.bundle.js');
  writeFileSync(source, bundled.source);
  const cwd = process.cwd();
  const options = { sourcePath: source, witPath: wit, worldName: 'checker', disableFeatures: disabled };
  /** @type {{ component: Uint8Array, imports: unknown[] }} */
  let result;
  try {
    process.chdir(work);
    result = await componentize(options);
  } catch (e) {
    fail(`componentize-js 失败 / componentize-js failed: ${e instanceof Error ? e.message : e}`);
  } finally {
    process.chdir(cwd);
    if (process.env.JIANCHA_KEEP_BUNDLE) console.error(`保留打包结果 / bundle kept: ${source}`);
    else rmSync(work, { recursive: true, force: true });
  }

  const imports = await componentImports(result.component, dir);
  if (imports.length > 0 && !wasiTier) fail(`组件有导入，主机会拒绝 / the component imports ${imports.join(', ')}; the host refuses it (a plugin that must print or read a clock: jiancha plugin build --tier wasi)`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, result.component);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${out}: ${result.component.length} 字节 / bytes, ${bundled.modules} 个模块 / modules, ` +
      `${seconds} 秒 / s, ` +
      (imports.length ? `导入 / imports ${imports.join(', ')}` : '无导入 / imports nothing') +
      ` (componentize-js ${version}, disableFeatures ${disabled.join(',')})`,
  );
}

/**
 * The imports of a component, read with jco's wasm-tools (`componentWit`), which componentize-js depends on.
 * @param {Uint8Array} component
 * @param {string} componentizeDir
 * @returns {Promise<string[]>}
 */
async function componentImports(component, componentizeDir) {
  const jcoDir = packageDir('@bytecodealliance/jco', componentizeDir);
  const entry = jcoDir && packageEntry(jcoDir, '.');
  if (!entry) {
    console.error('注意：找不到 jco，未检查组件的导入 / note: jco not found, the imports were not checked');
    return [];
  }
  const { componentWit } = await import(pathToFileURL(entry).href);
  const text = /** @type {string} */ (await componentWit(component));
  return [...text.matchAll(/^\s*import\s+([^;]+);/gm)].map((m) => m[1].trim());
}

await main();
