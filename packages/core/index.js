// @jiancha/core: the engine of `jiancha check` and `jiancha serve`, compiled to WebAssembly, behind a typed API
// that never throws. Every answer is `{ok: true, …}` or `{ok: false, error: {message, path, file?, line?}}`.
// The types are in index.d.ts and types.d.ts (generated from the engine's Rust types).

import initWasm, * as wasm from './wasm/jiancha_wasm.js';

/** @type {Promise<import('./index.js').Ready> | null} */
let started = null;
let isReady = false;

/** An answer that failed, from anything thrown (a trap of the engine, a value that is not JSON). */
function failure(e, path = '') {
  const message = e instanceof Error ? e.message : String(e);
  return { ok: false, error: { message: `引擎出错 / the engine failed: ${message}`, path } };
}

/** Calls `f`, answering a failure instead of throwing. */
function safely(f) {
  try {
    const a = f();
    return a ?? failure('no answer');
  } catch (e) {
    return failure(e);
  }
}

async function wasmSource(source) {
  if (source !== undefined) return source;
  const url = new URL('./wasm/jiancha_wasm_bg.wasm', import.meta.url);
  // Node has no fetch for file: URLs; read the file instead.
  if (url.protocol === 'file:' && typeof process !== 'undefined' && process.versions?.node) {
    const { readFile } = await import('node:fs/promises');
    return readFile(url);
  }
  return url;
}

/** Loads the engine once (later calls answer the same promise). */
export function ready(source) {
  if (!started) {
    started = (async () => {
      try {
        await initWasm({ module_or_path: await wasmSource(source) });
        isReady = true;
        return { ok: true, version: wasm.version() };
      } catch (e) {
        started = null;
        return failure(e);
      }
    })();
  }
  return started;
}

/** A dataset loaded once, checked against many times. */
export class Checker {
  /** @param {any} inner */
  constructor(inner) {
    this.inner = inner;
  }

  validateInspection(inspection, history = []) {
    return safely(() => this.inner.validateInspection(inspection, history));
  }

  validatePlan(plan) {
    return safely(() => this.inner.validatePlan(plan));
  }

  check(records) {
    return safely(() => this.inner.check(jsonl(records)));
  }

  checkWithStats(records) {
    return safely(() => this.inner.checkWithStats(jsonl(records)));
  }

  stats(records) {
    const a = this.checkWithStats(records);
    return a.ok ? { ok: true, stats: a.stats } : a;
  }

  quota(history, enterprise, agency, year, day) {
    const on = day ?? (year === todayInShanghai().slice(0, 4) * 1 ? todayInShanghai() : `${year}-12-31`);
    return safely(() => this.inner.quota(history ?? [], enterprise, agency, year, on));
  }

  /** Frees the engine's copy of the dataset (optional: it is also freed when collected). */
  free() {
    this.inner?.free();
    this.inner = null;
  }
}

function loaded(answer) {
  if (answer instanceof wasm.Checker) return { ok: true, checker: new Checker(answer) };
  return answer ?? failure('no answer');
}

function notReady() {
  return { ok: false, error: { message: '引擎尚未载入：先 await ready() / the engine is not loaded: await ready() first', path: '' } };
}

/** A function of the engine that answers "not loaded" before `ready()` and a failure instead of throwing. */
function guard(f) {
  return (...args) => (isReady ? safely(() => f(...args)) : notReady());
}

/** Loads a dataset (the one-object form, as an object or JSON text) and an optional policy.toml. */
export const load = guard((dataset, policyToml) => loaded(wasm.Checker.load(dataset, policyToml ?? undefined)));

/** Loads the directory form, file name → text, as `GET /v1/bundle` of `jiancha serve` answers it. */
export const loadFiles = guard((files) => loaded(wasm.Checker.loadFiles(files)));

/** Loads what `GET /v1/bundle` answers (either form). */
export const loadBundle = guard((bundle) => {
  const c = bundle?.content;
  if (c?.files) return loadFiles(c.files);
  if (typeof c?.object === 'string') return load(c.object);
  return { ok: false, error: { message: '不是 GET /v1/bundle 的应答 / not an answer of GET /v1/bundle', path: '/content' } };
});

export const rules = guard(() => wasm.rules());
export const labels = guard(() => wasm.labels());
/** How a citation reads in Chinese text (《行政处罚法》第四十二条); the source and article as they are before `ready()`. */
export function citeZh(source, article) {
  if (!isReady) return `${source} ${article}`.trim();
  try {
    return wasm.citeZh(String(source), String(article));
  } catch {
    return `${source} ${article}`.trim();
  }
}

/** The engine's version; `""` before `ready()`. */
export function version() {
  return isReady ? wasm.version() : '';
}

/** Records as JSON Lines: text as it is, an array one record per line. */
function jsonl(records) {
  if (typeof records === 'string') return records;
  return (records ?? []).map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');
}

/** The lines of a check's output, each an OutputLine (a line that is not one is left out: the engine writes none). */
export function parseOutput(output) {
  const lines = [];
  for (const l of String(output ?? '').split('\n')) {
    if (!l) continue;
    try {
      lines.push(JSON.parse(l));
    } catch {
      /* not a line of the engine's */
    }
  }
  return lines;
}

/** Today in Asia/Shanghai (UTC+8, no daylight saving), `YYYY-MM-DD`: the day the caps are counted on. */
export function todayInShanghai(now = new Date()) {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/**
 * A client of `jiancha serve` for a form: the reference data, an enterprise's history and quota, the server's
 * own check and the filing. Answers `{ok: true, …}` or `{ok: false, status, error}` (the server's problem).
 */
export function client({ base = '', token, fetch: f = globalThis.fetch } = {}) {
  const call = async (method, path, body, { type } = {}) => {
    try {
      const headers = { authorization: `Bearer ${token}` };
      // With a content type the body is sent as it is (a file, a TOML text); without one it is sent as JSON.
      if (body !== undefined) headers['content-type'] = type ?? 'application/json';
      const sent = body === undefined ? undefined : type ? body : JSON.stringify(body);
      const r = await f(`${base}${path}`, { method, headers, body: sent });
      const text = await r.text();
      let json = null;
      try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
      if (!r.ok) {
        const message = json?.detail || json?.title || text || r.statusText;
        // The service's problem names the field at fault as a JSON pointer.
        return { ok: false, status: r.status, error: { message, path: json?.pointer ?? json?.path ?? '' } };
      }
      // An array answer (GET /v1/tokens) comes as `items`, any other non-object answer as `text`.
      if (Array.isArray(json)) return { ok: true, status: r.status, items: json };
      if (json && typeof json === 'object') return { ...json, ok: true, status: r.status };
      return { ok: true, status: r.status, text };
    } catch (e) {
      return { ok: false, status: 0, error: { message: `无法连接服务 / cannot reach the service: ${e instanceof Error ? e.message : e}`, path: '' } };
    }
  };
  const q = (params) => {
    const s = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [k, String(v)]));
    return s.toString() ? `?${s}` : '';
  };
  return {
    bundle: () => call('GET', '/v1/bundle'),
    history: (uscc, year) => call('GET', `/v1/enterprises/${encodeURIComponent(uscc)}/history${q({ year })}`),
    quota: (uscc, agency, year) => call('GET', `/v1/enterprises/${encodeURIComponent(uscc)}/quota${q({ agency, year })}`),
    validate: (inspection) => call('POST', '/v1/inspections:validate', inspection),
    file: (inspection) => call('POST', '/v1/inspections', inspection),
    me: () => call('GET', '/v1/me'),
    problems: (year) => call('GET', `/v1/problems${q({ year })}`),
    moveProblem: (key, to, { note = '', from } = {}) => call('POST', `/v1/problems/${encodeURIComponent(key)}/moves`, { to, note, ...(from ? { from } : {}) }),
    verifyCode: (code, enterprise) => call('POST', '/v1/public/codes:verify', { code, enterprise }),
    evaluate: (evaluation) => call('POST', '/v1/public/evaluations', evaluation),
    call,
    token,
  };
}
