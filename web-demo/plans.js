// @ts-check
// 计划审查: one plan of the dataset (or edited JSON) reviewed with checker.validatePlan(plan): publication
// deadline, lead agency, approval of special inspections, merge suggestions (info) and dangling references.

import { t, getLang } from './i18n.js';
import { h, replace, fmtMs, renderFindings, renderError, countBySeverity, sevBadge, debounce, byId, htmlAll, selectById, textareaById } from './ui.js';

function template(ctx) {
  const year = new Date().getFullYear();
  const agency = ctx.dataset?.agencies?.[0]?.id ?? 'agency-id';
  const item = ctx.dataset?.items?.find((i) => i.agency === agency)?.id ?? 'item-id';
  return {
    id: `PL-${year}-NEW`,
    year,
    kind: 'annual',
    agencies: [agency],
    lead: null,
    published_on: `${year}-03-20`,
    entries: [{ item, enterprises: null, method: 'on-site', times_per_year: 1, duration_days: 0.5 }],
    special: null,
  };
}

/** @param {any} ctx the page's shared state */
export function createPlans(ctx) {
  const $ = byId;
  const sel = selectById('pl-select');
  const area = textareaById('pl-json');
  let counts = new Map(); // plan id -> {violation, warning, info}

  const plans = () => ctx.dataset?.plans || [];
  const agencyName = (id) => ctx.agencyName(id);
  const itemOf = (id) => (ctx.dataset?.items || []).find((i) => i.id === id);

  function computeCounts() {
    counts = new Map();
    for (const p of plans()) {
      const res = ctx.checker.validatePlan(p);
      if (res.ok) counts.set(p.id, countBySeverity(res.findings));
    }
  }

  function renderSelect() {
    const current = sel.value;
    replace(
      sel,
      plans().map((p) => {
        const n = counts.get(p.id);
        const tail = n ? [n.violation && `${n.violation} ${t('sev.violation')}`, n.warning && `${n.warning} ${t('sev.warning')}`, n.info && `${n.info} ${t('sev.info')}`].filter(Boolean).join(' · ') : '';
        return h('option', { value: p.id }, `${p.id} · ${p.agencies.map(agencyName).join('、')}${tail ? `（${tail}）` : ' ✓'}`);
      }),
      h('option', { value: '__custom' }, getLang() === 'en' ? '(edited / new plan)' : '（编辑中的计划 / 新计划）'),
    );
    sel.value = current && [...sel.options].some((o) => o.value === current) ? current : plans()[0]?.id ?? '__custom';
  }

  function showPlan(id) {
    const p = plans().find((x) => x.id === id);
    if (!p) return;
    sel.value = id;
    area.value = JSON.stringify(p, null, 2);
    review();
  }

  function renderMeta(p) {
    const box = $('pl-meta');
    if (!p) return replace(box);
    replace(
      box,
      h('span', { class: 'tag' }, t('pl.meta', { year: p.year, kind: t(`pl.kind.${p.kind}`), pub: p.published_on || t('pl.unpublishedMeta') })),
      p.lead ? h('span', { class: 'tag' }, `${t('pl.lead')}：${agencyName(p.lead)}`) : null,
      (p.agencies || []).map((a) => h('span', { class: 'tag tag-soft' }, agencyName(a))),
    );
  }

  function renderEntries(p) {
    const box = $('pl-entries');
    if (!p || !Array.isArray(p.entries)) return replace(box);
    replace(
      box,
      h(
        'table',
        { class: 'table' },
        h('thead', {}, h('tr', {}, ['#', t('pl.item'), t('pl.enterprises'), t('pl.method'), t('pl.times'), t('pl.duration')].map((c) => h('th', {}, c)))),
        h(
          'tbody',
          {},
          p.entries.map((e, i) => {
            const it = itemOf(e.item);
            return h(
              'tr',
              { dataset: { path: `/entries/${i}` } },
              h('td', { class: 'num' }, String(i)),
              h('td', {}, it ? h('span', {}, it.name, h('span', { class: 'muted' }, ` ${e.item} · ${agencyName(it.agency)}`)) : h('span', { class: 'tag tag-warn' }, `${e.item} ？`)),
              h('td', {}, Array.isArray(e.enterprises) ? t('pl.nEnterprises', { n: e.enterprises.length }) : t('pl.allInScope')),
              h('td', {}, t(`method.${e.method}`)),
              h('td', { class: 'num' }, String(e.times_per_year)),
              h('td', { class: 'num' }, String(e.duration_days)),
            );
          }),
        ),
      ),
    );
  }

  function markEntries(findings) {
    for (const row of htmlAll('tr[data-path]', $('pl-entries'))) {
      row.classList.remove('mark-violation', 'mark-warning', 'mark-info');
      const hits = findings.filter((f) => f.path === row.dataset.path || (f.path || '').startsWith(`${row.dataset.path}/`));
      const sev = ['violation', 'warning', 'info'].find((s) => hits.some((f) => f.severity === s));
      if (sev) row.classList.add(`mark-${sev}`);
    }
  }

  function review() {
    const text = area.value;
    const status = $('pl-status');
    const list = $('pl-findings');
    let parsed = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    const t0 = performance.now();
    // The text goes to the engine as it is, so that syntax errors come back with its line and path.
    const res = ctx.checker.validatePlan(text);
    const ms = performance.now() - t0;
    $('pl-timing').textContent = t('f.took', { ms: fmtMs(ms) });
    renderMeta(parsed && typeof parsed === 'object' ? parsed : null);
    renderEntries(parsed && typeof parsed === 'object' ? parsed : null);
    if (parsed && typeof parsed === 'object' && sel.value !== parsed.id) {
      const known = plans().find((p) => p.id === parsed.id);
      sel.value = known && JSON.stringify(known) === JSON.stringify(parsed) ? known.id : '__custom';
    }
    if (!res.ok) {
      status.dataset.state = 'error';
      replace(status, renderError(res.error, parsed ? t('f.unreadable') : t('pl.badJson')));
      replace(list);
      return;
    }
    markEntries(res.findings);
    if (!res.findings.length) {
      status.dataset.state = 'clean';
      replace(status, h('div', { class: 'clean' }, h('strong', {}, t('f.clean')), h('span', {}, t('f.cleanNote'))));
      replace(list);
      return;
    }
    const n = countBySeverity(res.findings);
    status.dataset.state = n.violation ? 'violation' : n.warning ? 'warning' : 'info';
    replace(
      status,
      h(
        'div',
        { class: `summary-line sum-${status.dataset.state}` },
        ['violation', 'warning', 'info'].filter((s) => n[s]).map((s) => [sevBadge(s), h('span', { class: 'sum-n' }, String(n[s]))]),
        h('span', { class: 'muted' }, t('f.count', { n: res.findings.length })),
      ),
    );
    replace(
      list,
      renderFindings(res.findings, ctx, {
        relatedLabel: t('pl.related'),
        onRelated: (id) => (plans().some((p) => p.id === id) ? showPlan(id) : null),
      }),
    );
  }

  const reviewSoon = debounce(review, 200);
  sel.addEventListener('change', () => {
    if (sel.value === '__custom') return;
    showPlan(sel.value);
  });
  area.addEventListener('input', reviewSoon);
  $('pl-reset').addEventListener('click', () => {
    const p = plans().find((x) => x.id === sel.value) || plans()[0];
    if (p) showPlan(p.id);
  });
  $('pl-format').addEventListener('click', () => {
    try {
      area.value = JSON.stringify(JSON.parse(area.value), null, 2);
      review();
    } catch {
      review();
    }
  });
  $('pl-new').addEventListener('click', () => {
    sel.value = '__custom';
    area.value = JSON.stringify(template(ctx), null, 2);
    review();
  });

  return {
    onDataset() {
      computeCounts();
      renderSelect();
      const first = plans().find((p) => (counts.get(p.id)?.info ?? 0) > 0) || plans()[0];
      if (first) showPlan(first.id);
      else {
        area.value = JSON.stringify(template(ctx), null, 2);
        review();
      }
    },
    onLang() {
      renderSelect();
      review();
    },
    onShow() {},
  };
}
