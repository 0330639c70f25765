// @ts-check
// 问题清单 for supervisors: the year's problems by agency (GET /v1/problems), each with its records, clause,
// remedy, state and moves; a problem moved one step of the closed loop 发现 → 交办 → 整改 → 评价 with a note
// (POST /v1/problems/{key}/moves); the list exported as XLSX or opened as a printable document. What a problem is
// and which step may follow which is the service's (core's) answer: the page shows it and offers the next step.

import { t, getLang } from './i18n.js';
import { citationText, h, replace, renderError, sevBadge } from './ui.js';
import { download, problemText, token } from './service.js';

/** @param {any} ctx */
export function createProblems(ctx) {
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  /** @type {any} */
  let answer = null;
  const filter = { agency: '', category: '', state: '' };
  // The county's year (Asia/Shanghai, UTC+8 without daylight saving), whatever the browser's zone.
  let year = new Date(Date.now() + 8 * 3600 * 1000).getUTCFullYear();

  async function load() {
    replace($('pl-state'), t('desk.loading'));
    const r = await ctx.api.call('GET', `/v1/problems?year=${year}`);
    if (!r.ok) {
      replace($('pl-state'), renderError(r.error, t('prob.failed')));
      return;
    }
    answer = r;
    render();
  }

  function stateName(/** @type {string} */ key) {
    const s = answer?.states?.find((/** @type {any} */ x) => x.key === key);
    return s ? (getLang() === 'en' ? s.en : `${s.zh}`) : key;
  }

  function renderFilters() {
    const list = answer.list;
    const all = list.agencies.flatMap((/** @type {any} */ a) => a.problems);
    const select = (/** @type {keyof typeof filter} */ key, /** @type {[string, string][]} */ options) => {
      const s = /** @type {HTMLSelectElement} */ (
        h('select', { id: `pl-f-${key}`, onchange: (/** @type {Event} */ e) => { filter[key] = /** @type {HTMLSelectElement} */ (e.target).value; renderList(); } },
          h('option', { value: '' }, t('desk.any')), ...options.map(([v, l]) => h('option', { value: v }, l)))
      );
      s.value = filter[key];
      return h('label', { class: 'inline-field' }, h('span', {}, t(`prob.f.${key}`)), s);
    };
    const categories = new Map(all.map((/** @type {any} */ p) => [p.category, getLang() === 'en' ? p.category_en : p.category_zh]));
    const yearInput = /** @type {HTMLInputElement} */ (h('input', { type: 'number', id: 'pl-year', min: '2000', max: '2100', value: String(year), class: 'year-input' }));
    yearInput.addEventListener('change', () => { year = Number(yearInput.value) || year; load(); });
    replace(
      $('pl-filters'),
      h('label', { class: 'inline-field' }, h('span', {}, t('prob.year')), yearInput),
      select('agency', list.agencies.map((/** @type {any} */ a) => [a.agency, a.agency_name])),
      select('category', [...categories.entries()]),
      select('state', answer.states.map((/** @type {any} */ s) => [s.key, getLang() === 'en' ? s.en : s.zh])),
    );
    const counts = list.by_state.map((/** @type {[string, number]} */ [s, n]) => `${stateName(s)} ${n}`).join(' · ');
    replace($('pl-state'), `${t('prob.total').replace('{n}', String(all.length))}  ${counts}`);
  }

  function moveForm(/** @type {any} */ p) {
    // Which steps may follow is the service's answer (core's closed loop), not the page's.
    const targets = answer.states.find((/** @type {any} */ s) => s.key === p.state)?.targets ?? [];
    if (!targets.length) return h('span', { class: 'muted small' }, t('prob.closed'));
    const note = /** @type {HTMLInputElement} */ (h('input', { type: 'text', maxlength: '1000', class: 'pl-note', placeholder: t('prob.note') }));
    const out = h('span', { class: 'pl-move-state', 'aria-live': 'polite' });
    const buttons = targets.map((to) => h('button', {
      type: 'button', class: 'btn btn-small', 'data-to': to,
      onclick: async () => {
        const r = await ctx.api.call('POST', `/v1/problems/${encodeURIComponent(p.key)}/moves`, { from: p.state, to, note: note.value });
        if (!r.ok) { replace(out, problemText(r.error)); return; }
        await load();
      },
    }, `${t('prob.moveTo')} ${stateName(to)}`));
    return h('div', { class: 'pl-move' }, note, ...buttons, out);
  }

  function renderProblem(/** @type {any} */ p) {
    const en = getLang() === 'en';
    const cites = p.citations.map((/** @type {any} */ c) => citationText(c, ctx.sources ?? {})).join('；');
    const history = p.history.length
      ? h('ol', { class: 'pl-history' }, ...p.history.map((/** @type {any} */ m) => h('li', {}, `${stateName(m.from)} → ${stateName(m.to)} · ${m.at} · ${m.by}${m.note ? ` · ${m.note}` : ''}`)))
      : '';
    const evals = p.evaluations.length
      ? h('ul', { class: 'pl-evals' }, ...p.evaluations.map((/** @type {any} */ e) => h('li', {}, `${e.record} · ${t('prob.rating')} ${e.rating}/5${e.text ? ` · ${e.text}` : ''}`)))
      : '';
    return h('li', { class: 'pl-problem card', 'data-key': p.key, 'data-state': p.state, 'data-rule': p.rule },
      h('div', { class: 'pl-head' }, sevBadge(p.severity), h('strong', {}, en ? p.title_en : p.title), h('span', { class: 'badge pl-state-badge' }, stateName(p.state))),
      h('div', { class: 'muted small' }, `${en ? p.category_en : p.category_zh} · ${p.rule} · ${t('prob.clause')} ${cites}`),
      h('div', { class: 'small' }, `${t('prob.remedy')}${en ? p.remedy_en : p.remedy}`),
      h('div', { class: 'small pl-records' }, `${t('prob.records').replace('{n}', String(p.records.length))} ${p.records.slice(0, 12).join(', ')}${p.records.length > 12 ? ' …' : ''}`),
      evals, history, moveForm(p));
  }

  function renderList() {
    if (!answer) return;
    const groups = [];
    for (const a of answer.list.agencies) {
      if (filter.agency && a.agency !== filter.agency) continue;
      const ps = a.problems.filter((/** @type {any} */ p) => (!filter.category || p.category === filter.category) && (!filter.state || p.state === filter.state));
      if (!ps.length) continue;
      groups.push(h('section', { class: 'pl-agency', 'data-agency': a.agency },
        h('h3', {}, `${a.agency_name}（${ps.length}）`), h('ol', { class: 'pl-list' }, ...ps.map(renderProblem))));
    }
    replace($('pl-list'), ...(groups.length ? groups : [h('p', { class: 'muted' }, t('prob.none'))]));
  }

  function render() {
    renderFilters();
    renderList();
  }

  function wire() {
    $('pl-xlsx').addEventListener('click', async () => {
      const r = await download(`/v1/problems/export/xlsx?year=${year}`, `问题清单-${year}.xlsx`, token());
      if (!r.ok) replace($('pl-state'), renderError(r.error, t('prob.failed')));
    });
    $('pl-print').addEventListener('click', async () => {
      const r = await fetch(`/v1/problems/export/html?year=${year}`, { headers: { authorization: `Bearer ${token()}` } });
      if (!r.ok) { replace($('pl-state'), `${r.status} ${await r.text()}`); return; }
      const url = URL.createObjectURL(new Blob([await r.text()], { type: 'text/html' }));
      window.open(url, '_blank', 'noopener');
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    });
  }

  let wired = false;
  return {
    onDataset() {},
    onLang() { if (answer) render(); },
    onShow() {
      if (!wired) { wire(); wired = true; }
      load();
    },
  };
}
