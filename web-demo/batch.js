// @ts-check
// 批量分析: a JSONL batch checked in a Web Worker (worker.js), with staged progress, a summary, inline SVG charts
// and a download of the engine's JSONL output.

import { t, getLang } from './i18n.js';
import { h, replace, fmtMs, renderError, sevBadge, debounce, remedyText, byId, inputById, selectById, buttonById } from './ui.js';
import { barChart, legend } from './charts.js';

const STAGES = ['read', 'load', 'check', 'summary'];
const PAGE = 60;

/**
 * @param {any} ctx the page's shared state
 * @param {{records: string}} example where the example's files are
 */
export function createBatch(ctx, example) {
  const $ = byId;
  let worker = null;
  let result = null; // {output, input, summary, timings, name}
  let downloadUrl = null;
  let shown = PAGE;
  let started = 0;

  function ensureWorker() {
    if (!worker) {
      worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
      worker.onmessage = onMessage;
      worker.onerror = (e) => fail({ message: e.message || 'worker error' });
    }
    return worker;
  }

  function run(source, name) {
    replace($('b-error'));
    $('b-results').hidden = true;
    $('b-progress').hidden = false;
    setButtons(true);
    started = performance.now();
    result = { name };
    renderStages('read', 0);
    ensureWorker().postMessage({ type: 'run', source, dataset: ctx.datasetText, policy: ctx.policyText || null });
  }

  function setButtons(busy) {
    buttonById('b-example').disabled = busy;
    inputById('b-file').disabled = busy;
    $('b-drop').classList.toggle('busy', busy);
  }

  /** Stage list and bar: each stage is a quarter of the bar; `done` completes it. */
  function renderStages(stage, pct) {
    const finished = stage === 'done';
    const idx = finished ? STAGES.length : STAGES.indexOf(stage);
    const waiting = stage === 'check' && pct < 100; // one engine call: no finer progress exists
    replace(
      $('b-stages'),
      STAGES.map((s, i) =>
        h(
          'li',
          { class: i < idx ? 'done' : i === idx ? 'active' : '' },
          h('span', { class: 'stage-dot' }, i < idx ? '✓' : String(i + 1)),
          h('span', {}, t(`b.stage.${s}`)),
          i === idx ? h('span', { class: 'stage-pct' }, waiting ? '…' : `${pct}%`) : null,
        ),
      ),
    );
    const overall = finished ? 100 : Math.round(((idx + pct / 100) / STAGES.length) * 100);
    const bar = $('b-bar');
    bar.setAttribute('aria-valuenow', String(overall));
    bar.classList.toggle('indeterminate', waiting);
    $('b-fill').style.width = `${overall}%`;
    $('b-progress-text').textContent = finished
      ? `${t('b.finished')} · 100%`
      : `${t(`b.stage.${stage}`)} ${waiting ? '…' : `${pct}%`} · ${t('b.overall')} ${overall}%`;
  }

  function onMessage(ev) {
    const m = ev.data;
    if (m.type === 'progress') renderStages(m.stage, m.pct);
    else if (m.type === 'error') fail(m.error, m.stage);
    else if (m.type === 'done') done(m);
  }

  function fail(error, stage) {
    setButtons(false);
    $('b-progress').hidden = true;
    replace($('b-error'), renderError(error, `${t('b.failed')}${stage ? `（${t(`b.stage.${stage}`)}）` : ''}`));
  }

  function done(m) {
    setButtons(false);
    const total = performance.now() - started;
    result = { ...result, ...m, total };
    renderStages('done', 100);
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([m.output], { type: 'application/x-ndjson' }));
    const a = /** @type {HTMLAnchorElement} */ ($('b-download'));
    a.href = downloadUrl;
    a.download = `jiancha-${(result.name || 'results').replace(/\.[^.]+$/, '')}-findings.jsonl`;
    // The records become the pre-check's history when an own dataset is in use.
    const records = [];
    for (const line of m.input.split('\n')) {
      const s = line.trim();
      if (!s) continue;
      try {
        const r = JSON.parse(s);
        if (r && typeof r === 'object' && !Array.isArray(r)) records.push(r);
      } catch {
        // unreadable: reported by the engine
      }
    }
    ctx.setBatchRecords(records);
    shown = PAGE;
    renderResults();
  }

  // ---------------------------------------------------------------------------------------------------------

  function kpi(label, value, cls, note) {
    return h('div', { class: `kpi ${cls || ''}`, dataset: { kpi: cls || label } }, h('div', { class: 'kpi-value' }, String(value)), h('div', { class: 'kpi-label' }, label), note ? h('div', { class: 'kpi-note' }, note) : null);
  }

  function renderResults() {
    if (!result?.summary) return;
    const s = result.summary;
    const tt = s.totals;
    $('b-results').hidden = false;
    replace(
      $('b-kpis'),
      kpi(t('b.records'), tt.records, 'k-records'),
      kpi(t('b.clean'), tt.clean, 'k-clean', tt.records ? `${((tt.clean / tt.records) * 100).toFixed(1)}%` : ''),
      ['violation', 'warning', 'info'].map((sev) =>
        kpi(t(`b.${sev}s`), tt[sev], `k-${sev}`, [s.recordsWith[sev] || !s.otherScope[sev] ? t('b.recordsWith', { n: s.recordsWith[sev] }) : '', s.otherScope[sev] ? t('b.otherScopes', { n: s.otherScope[sev] }) : ''].filter(Boolean).join(' · ')),
      ),
      kpi(t('b.unreadable'), tt.unreadable, 'k-unreadable'),
    );
    const tm = result.timings;
    $('b-done').textContent = t('b.done', { n: tt.records, ms: fmtMs(result.total), check: fmtMs(tm.check) });
    $('b-done').dataset.checkMs = String(tm.check);
    renderCharts();
    renderFilter();
    renderList();
  }

  /** Charts are drawn at the pixel width of their container, so that text keeps its size. */
  function widthOf(id) {
    const w = $(id).clientWidth;
    return w > 200 ? Math.min(w, 1400) : 760;
  }

  function renderCharts() {
    const s = result.summary;
    const en = getLang() === 'en';
    const sevLegend = legend(['violation', 'warning', 'info'].map((x) => ({ cls: `sev-${x}`, label: t(`sev.${x}`) })));
    // by rule
    const ruleRows = s.byRule.map((r) => {
      const meta = ctx.rulesById[r.rule];
      return {
        key: r.rule,
        label: r.rule,
        sublabel: meta ? (en ? meta.title_en : meta.title) : '',
        segments: [{ value: r.count, cls: `sev-${r.severity}`, title: `${r.rule}: ${r.count}` }],
      };
    });
    $('b-chart-rules').innerHTML = ruleRows.length
      ? sevLegend + barChart(ruleRows, { width: widthOf('b-chart-rules'), title: t('b.byRule'), labelWidth: 270, clickable: true, className: 'chart-rules' })
      : `<p class="muted">${t('b.chartEmpty')}</p>`;
    for (const g of /** @type {NodeListOf<SVGGElement>} */ ($('b-chart-rules').querySelectorAll('g.row'))) {
      g.addEventListener('click', () => {
        selectById('b-filter').value = g.dataset.key ?? '';
        shown = PAGE;
        renderList();
        $('b-list').scrollIntoView({ behavior: 'smooth', block: 'start' });
      });
    }
    // by agency
    const agencyRows = s.byAgency.map((a) => ({
      key: a.agency,
      label: a.name || t('b.unknownAgency'),
      segments: ['violation', 'warning', 'info'].map((sev) => ({ value: a[sev], cls: `sev-${sev}`, title: `${a.name || ''} · ${t(`sev.${sev}`)}: ${a[sev]}` })),
    }));
    $('b-chart-agencies').innerHTML = agencyRows.length
      ? sevLegend + barChart(agencyRows, { width: widthOf('b-chart-agencies'), title: t('b.byAgency'), labelWidth: 210, className: 'chart-agencies' })
      : `<p class="muted">${t('b.chartEmpty')}</p>`;
    // joint rate
    const parts = [];
    for (const y of s.joint) {
      if (y.target === null) {
        parts.push(`<p class="muted">${t('b.jointNoTarget', { year: y.year })}</p>`);
        continue;
      }
      const pct = (v) => `${(v * 100).toFixed(1)}%`;
      const origin = y.origin === 'county' ? t('b.originCounty') : t('b.originBuiltin');
      parts.push(`<p class="chart-note">${t('b.jointNote', { year: y.year, target: pct(y.target), origin })}</p>`);
      parts.push(
        legend([
          { cls: 'rate-ok', label: t('b.jointOk') },
          { cls: 'rate-below', label: t('b.jointBelow') },
        ]).replace('</div>', `<span class="legend-item">${t('b.jointFlag')}</span></div>`),
      );
      parts.push(
        barChart(
          y.rows.map((r) => ({
            key: `${r.agency}|${y.year}`,
            label: r.name,
            cls: r.below ? 'below' : 'met',
            segments: [{ value: r.rate, cls: r.below ? 'rate-below' : 'rate-ok', title: `${r.name}: ${r.joint}/${r.all} = ${pct(r.rate)}` }],
            valueText: `${r.joint}/${r.all} · ${pct(r.rate)}${r.flagged ? ' ⚑' : ''}`,
          })),
          { width: Math.min(900, widthOf('b-chart-joint')), ticks: (v) => `${Math.round(v * 100)}%`, title: `${t('b.joint')} ${y.year}`, max: 1, labelWidth: 190, valueWidth: 128, target: { value: y.target, label: `${t('b.target')} ${pct(y.target)}` }, className: 'chart-joint' },
        ),
      );
    }
    $('b-chart-joint').innerHTML = parts.join('') || `<p class="muted">${t('b.chartEmpty')}</p>`;
  }

  function renderFilter() {
    const sel = selectById('b-filter');
    const current = sel.value;
    replace(
      sel,
      h('option', { value: '' }, t('b.filterAll')),
      result.summary.byRule.map((r) => h('option', { value: r.rule }, `${r.rule} (${r.count})`)),
    );
    sel.value = [...sel.options].some((o) => o.value === current) ? current : '';
  }

  function renderList() {
    const rule = selectById('b-filter').value;
    const en = getLang() === 'en';
    const lines = result.summary.lines.filter((l) => !rule || (l.findings || []).some((f) => f.rule === rule));
    const visible = lines.slice(0, shown);
    replace(
      $('b-list'),
      h(
        'table',
        { class: 'table results-table' },
        h('thead', {}, h('tr', {}, [t('b.colLine'), t('b.colId'), t('b.colAgency'), t('b.colFindings')].map((c) => h('th', {}, c)))),
        h(
          'tbody',
          {},
          visible.map((l) =>
            h(
              'tr',
              {},
              h('td', { class: 'num' }, l.scope === 'inspection' ? String(l.line ?? '') : t(`b.scope.${l.scope}`)),
              h('td', {}, h('code', {}, l.id ?? '—')),
              h('td', {}, l.leadName ?? ''),
              h(
                'td',
                {},
                l.error ? h('div', { class: 'line-error' }, sevBadge('violation'), ' ', l.error.message, l.error.path ? h('code', {}, ` ${l.error.path}`) : null) : null,
                (l.findings || [])
                  .filter((f) => !rule || f.rule === rule)
                  .map((f) =>
                    h(
                      'div',
                      { class: 'line-finding' },
                      sevBadge(f.severity),
                      ' ',
                      h('code', {}, f.rule),
                      ' ',
                      en ? f.message_en : f.message,
                      remedyText(ctx.rulesById[f.rule]) ? h('div', { class: 'remedy' }, `${t('f.remedy')}：${remedyText(ctx.rulesById[f.rule])}`) : null,
                    ),
                  ),
              ),
            ),
          ),
        ),
      ),
      lines.length > shown
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn btn-small',
              onclick: () => {
                shown += PAGE * 4;
                renderList();
              },
            },
            t('b.showMore', { n: lines.length - shown }),
          )
        : null,
    );
  }

  // ---------------------------------------------------------------------------------------------------------

  const drop = $('b-drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const file = e.dataTransfer?.files?.[0];
    if (file) run({ file }, file.name);
  });
  const fileInput = inputById('b-file');
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) run({ file }, file.name);
    fileInput.value = '';
  });
  $('b-example').addEventListener('click', () => run({ url: new URL(example.records, location.href).href }, 'records-2025.jsonl'));
  let lastWidth = 0;
  const redraw = () => {
    const w = $('b-chart-rules').clientWidth;
    if (result?.summary && w && w !== lastWidth) {
      lastWidth = w;
      renderCharts();
    }
  };
  window.addEventListener('resize', debounce(redraw, 150));
  $('b-filter').addEventListener('change', () => {
    shown = PAGE;
    renderList();
  });

  return {
    onDataset() {
      // A new dataset makes earlier results stale.
      result = null;
      $('b-results').hidden = true;
      $('b-progress').hidden = true;
      replace($('b-error'));
    },
    onLang() {
      if (result?.summary) {
        renderResults();
      }
      if (!$('b-progress').hidden && result?.summary) renderStages('done', 100);
    },
    onShow() {
      redraw();
    },
  };
}
