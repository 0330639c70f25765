// @ts-check
// 监督台 for supervisors: the live alert feed (server-sent events of GET /v1/alerts/stream, read with fetch so that
// the token goes in a header), filters by agency, rule, severity, month and enterprise, a record opened from any
// finding with its related records, and batches uploaded to the service with their true progress and outputs.

import { t, getLang } from './i18n.js';
import { h, replace, renderError, renderFindings, sevBadge } from './ui.js';
import { download, problemText, token } from './service.js';

const FORMATS = [
  ['xlsx', 'desk.outXlsx', 'xlsx'],
  ['csv', 'desk.outCsv', 'csv'],
  ['report', 'desk.outReport', 'html'],
  ['jsonl', 'desk.outJsonl', 'jsonl'],
];

/** The upload's format as the service names it, from the file name. */
function formatOf(/** @type {string} */ name) {
  const n = name.toLowerCase();
  if (n.endsWith('.xlsx')) return 'xlsx';
  if (n.endsWith('.csv')) return 'csv';
  if (n.endsWith('.gz')) return 'jsonl.gz';
  return 'jsonl';
}

/** @param {any} ctx */
export function createDesk(ctx) {
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  /** @type {any[]} */
  const alerts = [];
  const filter = { agency: '', rule: '', severity: '', month: '', enterprise: '' };
  let streaming = false;
  /** record id → {agency, day} of the stored record (an alert names the record and its enterprise only). */
  const facts = new Map();

  /** Reads the lead agency and day of an alert's record once, for the filters. */
  function learn(/** @type {string} */ id) {
    if (facts.has(id)) return;
    facts.set(id, null);
    ctx.api.call('GET', `/v1/inspections/${encodeURIComponent(id)}`).then((/** @type {any} */ a) => {
      if (!a.ok) return;
      facts.set(id, { agency: a.record?.lead_agency ?? '', day: String(a.record?.started_at ?? '').slice(0, 10) });
      renderFilters();
      renderFeed();
    });
  }

  /** Each finding of an alert, with what the filters look at. */
  function rows() {
    const out = [];
    for (const a of alerts) {
      for (const f of a.line?.findings ?? []) {
        const known = facts.get(a.record);
        out.push({ a, f, agency: known?.agency ?? '', month: (known?.day ?? '').slice(0, 7) });
      }
    }
    return out;
  }

  function renderFilters() {
    const all = rows();
    const opts = (/** @type {string[]} */ values, /** @type {(v: string) => string} */ label) => [
      h('option', { value: '' }, t('desk.any')),
      ...[...new Set(values)].filter(Boolean).sort().map((v) => h('option', { value: v }, label(v))),
    ];
    const select = (/** @type {keyof typeof filter} */ key, /** @type {string[]} */ values, /** @type {(v: string) => string} */ label) => {
      const s = /** @type {HTMLSelectElement} */ (h('select', { id: `desk-f-${key}`, onchange: (/** @type {Event} */ e) => { filter[key] = /** @type {HTMLSelectElement} */ (e.target).value; renderFeed(); } }, opts(values, label)));
      s.value = filter[key];
      return h('label', { class: 'inline-field' }, h('span', {}, t(`desk.f.${key}`)), s);
    };
    replace(
      $('desk-filters'),
      select('agency', all.map((r) => r.agency), (v) => ctx.agencyName(v)),
      select('rule', all.map((r) => r.f.rule), (v) => v),
      select('severity', all.map((r) => r.f.severity), (v) => t(`sev.${v}`)),
      select('month', all.map((r) => r.month), (v) => v),
      select('enterprise', all.map((r) => r.a.enterprise), (v) => enterpriseName(v)),
    );
  }

  function enterpriseName(/** @type {string} */ id) {
    return ctx.dataset?.enterprises?.find((/** @type {any} */ e) => e.id === id)?.name ?? id;
  }

  function renderFeed() {
    const shown = rows().filter(
      (r) =>
        (!filter.agency || r.agency === filter.agency) &&
        (!filter.rule || r.f.rule === filter.rule) &&
        (!filter.severity || r.f.severity === filter.severity) &&
        (!filter.month || r.month === filter.month) &&
        (!filter.enterprise || r.a.enterprise === filter.enterprise),
    );
    replace(
      $('desk-feed'),
      shown.length
        ? shown.slice(-200).reverse().map((r) =>
            h(
              'li',
              { class: 'feed-row', 'data-rule': r.f.rule, 'data-record': r.a.record },
              sevBadge(r.f.severity),
              h('code', {}, r.f.rule),
              h('span', {}, getLang() === 'en' ? r.f.message_en : r.f.message),
              h('button', { type: 'button', class: 'btn btn-small', onclick: () => openRecord(r.a.record) }, `${t('desk.open')} ${r.a.record}`),
            ),
          )
        : h('li', { class: 'muted' }, alerts.length ? t('desk.noneFiltered') : t('desk.none')),
    );
  }

  /** Opens a stored record with its findings now and links to the records they rest on. */
  async function openRecord(/** @type {string} */ id) {
    const box = $('desk-record');
    box.hidden = false;
    replace(box, h('p', { class: 'muted' }, t('desk.loading')));
    const a = await ctx.api.call('GET', `/v1/inspections/${encodeURIComponent(id)}`);
    if (!a.ok) {
      replace(box, renderError(a.error, t('desk.openFailed')));
      return;
    }
    const rec = a.record ?? a.body ?? {};
    const findings = a.findings ?? a.line?.findings ?? [];
    replace(
      box,
      h('h3', {}, `${t('desk.record')} ${id}`),
      h('p', {}, `${ctx.agencyName(rec.lead_agency)} → ${enterpriseName(rec.enterprise)} · ${String(rec.started_at ?? '').replace('T', ' ').slice(0, 16)}`),
      findings.length ? renderFindings(findings, ctx, { onRelated: (/** @type {string} */ r) => openRecord(r) }) : h('p', {}, t('f.clean')),
      h('details', {}, h('summary', {}, t('pc.json')), h('pre', { class: 'code-block' }, JSON.stringify(rec, null, 2))),
    );
    box.scrollIntoView({ block: 'nearest' });
  }

  /** Reads the alert stream; reconnects after a pause when it ends. */
  async function stream() {
    if (streaming) return;
    streaming = true;
    let since = alerts.length ? alerts[alerts.length - 1].seq : 0;
    let seen = alerts.length;
    for (;;) {
      $('desk-feed-state').textContent = t('desk.connected');
      try {
        const r = await fetch(`/v1/alerts/stream?since=${since}`, { headers: { authorization: `Bearer ${token()}`, accept: 'text/event-stream' } });
        if (!r.ok || !r.body) throw new Error(`HTTP ${r.status}`);
        const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value.replace(/\r\n?/g, '\n');
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const event = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
            if (!data) continue;
            try {
              const a = JSON.parse(data);
              alerts.push(a);
              learn(a.record);
              since = Math.max(since, a.seq ?? since);
            } catch {
              /* a keep-alive or a comment */
            }
          }
          if (alerts.length !== seen) {
            seen = alerts.length;
            renderFilters();
            renderFeed();
          }
        }
      } catch (e) {
        $('desk-feed-state').textContent = `${t('desk.disconnected')} ${e instanceof Error ? e.message : e}`;
      }
      await new Promise((res) => setTimeout(res, 3000));
    }
  }

  /** Uploads an export; its job is then followed to the end. */
  async function upload(/** @type {File} */ file) {
    const state = $('desk-upload-state');
    replace(state, h('p', {}, t('desk.uploading', { name: file.name })));
    const format = formatOf(file.name);
    try {
      // The job keeps the file's name where it is a plain one (letters, digits, . _ -).
      const plain = /^[A-Za-z0-9._-]{1,100}$/.test(file.name) ? `&name=${encodeURIComponent(file.name)}` : '';
      const j = await ctx.api.call('POST', `/v1/batches?format=${encodeURIComponent(format)}${plain}`, file, { type: 'application/octet-stream' });
      if (!j.ok) {
        replace(state, renderError({ message: problemText(j.error) }, t('desk.uploadFailed')));
        return;
      }
      replace(state, h('p', {}, t('desk.queued', { name: file.name, id: j.id })));
      await refreshBatches();
      follow(j.id);
    } catch (e) {
      replace(state, renderError({ message: String(e) }, t('desk.uploadFailed')));
    }
  }

  /** Polls a job until it is done or failed. */
  async function follow(/** @type {string} */ id) {
    for (let i = 0; i < 3600; i++) {
      const b = await ctx.api.call('GET', `/v1/batches/${id}`);
      if (!b.ok) return;
      await refreshBatches();
      if (b.state !== 'queued' && b.state !== 'running') return;
      await new Promise((res) => setTimeout(res, 700));
    }
  }

  function progressText(/** @type {any} */ b) {
    const p = b.progress || {};
    if (b.state === 'done') return t('desk.done', { records: b.summary?.records ?? p.records ?? 0 });
    if (b.state !== 'queued' && b.state !== 'running') return `${t('desk.failed')} ${b.state} ${b.error ?? ''}`;
    const pct = p.total_bytes ? Math.floor((100 * (p.bytes || 0)) / p.total_bytes) : 0;
    return t('desk.running', { phase: t(`desk.phase.${p.phase ?? 'queued'}`), pct, records: p.records ?? 0 });
  }

  async function refreshBatches() {
    const list = await ctx.api.call('GET', '/v1/batches');
    if (!list.ok) return;
    replace(
      $('desk-batches'),
      list.batches.map((/** @type {any} */ b) =>
        h(
          'li',
          { class: 'batch-row', 'data-batch': b.id, 'data-state': b.state },
          h('strong', {}, b.input),
          h('span', { class: 'muted' }, ` ${b.id} · ${String(b.created_at).slice(0, 16).replace('T', ' ')}`),
          h('div', { class: 'batch-progress', role: 'status' }, progressText(b)),
          b.state === 'done'
            ? h(
                'div',
                { class: 'batch-tally' },
                b.summary?.tally ? ['violation', 'warning', 'info'].map((s) => [sevBadge(s), ` ${b.summary.tally[s] ?? 0} `]) : null,
                FORMATS.map(([f, key, ext]) =>
                  h('button', { type: 'button', class: 'btn btn-small', 'data-format': f, onclick: () => download(`/v1/batches/${b.id}/output/${f}`, `${b.id}.${ext}`, token()) }, t(key)),
                ),
              )
            : null,
        ),
      ),
    );
  }

  $('desk-file').addEventListener('change', (e) => {
    const input = /** @type {HTMLInputElement} */ (e.target);
    const file = input.files?.[0];
    if (file) upload(file);
    input.value = '';
  });

  return {
    onDataset() {},
    onHistory() {},
    onShow() {
      stream();
      refreshBatches();
    },
    onLang() {
      renderFilters();
      renderFeed();
    },
  };
}
