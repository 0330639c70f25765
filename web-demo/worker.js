// @ts-check
// Batch analysis in a background thread (module worker).
//
// The whole batch is checked in ONE engine call, because cross-record rules (caps, repeats, multi-agency alerts,
// joint rate) need every record at once. Progress is therefore reported by stage, each with an honest percentage:
//   read    — bytes of the file (or download) read so far;
//   load    — engine initialised, dataset loaded (two steps);
//   check   — one call: 0 % until it returns, then 100 % (the page shows it as indeterminate);
//   summary — the engine's count of the run reshaped for the charts, each line paired with its lead agency.
//
// Message in:  {type: 'run', source: {file} | {url} | {text}, dataset: object|string, policy: string|null}
// Messages out: {type: 'progress', stage, pct}, {type: 'done', output, input, summary, timings},
//               {type: 'error', stage, error: {message, path, file, line}}

import { ready as start, load } from './pkg/index.js';
import { summarise } from './summary.js';

/** @typedef {import('./pkg/index.js').ApiError} ApiError */

/** The engine's start, once (null again after a failed one). @type {Promise<import('./pkg/index.js').Ready> | null} */
let ready = null;

/**
 * @param {string} stage
 * @param {number} pct
 */
function progress(stage, pct) {
  postMessage({ type: 'progress', stage, pct });
}

/**
 * Reads a stream to text, reporting the share of `total` bytes read.
 * @param {ReadableStream<Uint8Array>} stream
 * @param {number} total
 */
async function readStream(stream, total) {
  const reader = stream.getReader();
  const decoder = new TextDecoder('utf-8');
  let text = '';
  let read = 0;
  let last = -1;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.byteLength;
    text += decoder.decode(value, { stream: true });
    const pct = total ? Math.min(99, Math.floor((read / total) * 100)) : 50;
    if (pct !== last) {
      progress('read', pct);
      last = pct;
    }
  }
  text += decoder.decode();
  return text.replace(/^\uFEFF/, '');
}

/**
 * What a file is, from its first bytes and its name: 'gzip', 'zip' (XLSX), 'csv' or 'text'.
 * @param {File} file
 */
async function sniff(file) {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (/\.csv$/i.test(file.name || '')) return 'csv';
  return 'text';
}

async function readSource(source) {
  if (typeof source.text === 'string') return source.text;
  if (source.file) {
    const kind = await sniff(source.file);
    if (kind === 'zip' || kind === 'csv') {
      // Read as text they would give only unreadable lines: say so instead of a summary of nothing.
      throw {
        message:
          `${source.file.name}：本页只读取 JSON Lines（可为 gzip 压缩）；XLSX、CSV 导出请用 \`jiancha check\` 或检查服务的监督台批量检查 / ` +
          `${source.file.name}: this page reads JSON Lines (gzip too); check XLSX and CSV exports with \`jiancha check\` or the supervisors' desk of \`jiancha serve\``,
        path: '',
        file: source.file.name,
      };
    }
    if (kind === 'gzip') return readStream(source.file.stream().pipeThrough(new DecompressionStream('gzip')), 0);
    return readStream(source.file.stream(), source.file.size);
  }
  const res = await fetch(source.url);
  if (!res.ok) throw { message: `HTTP ${res.status}: ${source.url}`, path: '' };
  return readStream(/** @type {ReadableStream<Uint8Array>} */ (res.body), Number(res.headers.get('content-length')) || 0);
}

self.onmessage = async (ev) => {
  const msg = ev.data;
  if (msg.type !== 'run') return;
  const timings = {};
  let stage = 'read';
  try {
    let t0 = performance.now();
    progress('read', 0);
    const input = await readSource(msg.source);
    progress('read', 100);
    timings.read = performance.now() - t0;

    stage = 'load';
    t0 = performance.now();
    progress('load', 0);
    ready ??= start();
    const started = await ready;
    if (!started.ok) {
      ready = null; // asked again next time
      throw started.error;
    }
    progress('load', 50);
    const dataset = typeof msg.dataset === 'string' ? msg.dataset : JSON.stringify(msg.dataset);
    const loaded = load(dataset, msg.policy || undefined);
    if (!loaded.ok) throw loaded.error;
    const checker = loaded.checker;
    progress('load', 100);
    timings.load = performance.now() - t0;

    stage = 'check';
    t0 = performance.now();
    progress('check', 0);
    const res = checker.checkWithStats(input);
    checker.free();
    if (!res.ok) throw res.error;
    progress('check', 100);
    timings.check = performance.now() - t0;

    stage = 'summary';
    t0 = performance.now();
    progress('summary', 0);
    const datasetObj = typeof msg.dataset === 'string' ? JSON.parse(msg.dataset) : msg.dataset;
    const summary = summarise(res.output, input, res.stats, datasetObj);
    progress('summary', 100);
    timings.summary = performance.now() - t0;

    postMessage({ type: 'done', output: res.output, input, summary, timings });
  } catch (e) {
    // the engine's error, one thrown above in its shape, or anything else
    const err = /** @type {Partial<ApiError>} */ (e);
    const error = e && typeof e === 'object' && 'message' in e ? { message: err.message, path: err.path, file: err.file, line: err.line } : { message: String(e) };
    postMessage({ type: 'error', stage, error });
  }
};
