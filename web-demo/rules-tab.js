// @ts-check
// 规则目录: the engine's rule catalogue (rules()), with severities, clauses, parameters and notes.

import { t, getLang } from './i18n.js';
import { h, replace, sevBadge, citationText, remedyText, byId, inputById } from './ui.js';

/** @param {any} ctx the page's shared state */
export function createRulesTab(ctx) {
  const $ = byId;

  function render() {
    const en = getLang() === 'en';
    const q = inputById('r-search').value.trim().toLowerCase();
    const rows = ctx.rules.filter(
      (r) => !q || [r.id, r.title, r.title_en, r.notes || '', r.remedy || '', r.remedy_en || ''].some((s) => String(s).toLowerCase().includes(q)),
    );
    replace(
      $('r-table'),
      h(
        'table',
        { class: 'table rules-table' },
        h('thead', {}, h('tr', {}, [t('r.severity'), t('r.rule'), t('r.kind'), t('r.citations'), t('r.parameters'), t('r.remedy')].map((c) => h('th', {}, c)))),
        h(
          'tbody',
          {},
          rows.map((r) =>
            h(
              'tr',
              { id: `rule-${r.id}` },
              h('td', {}, sevBadge(r.severity)),
              h(
                'td',
                {},
                h('div', { class: 'rule-name' }, en ? r.title_en : r.title),
                h('code', { class: 'rule-id' }, r.id),
                r.notes ? h('details', { class: 'notes' }, h('summary', {}, t('r.notes')), h('p', {}, r.notes)) : null,
              ),
              h('td', {}, t(`rulekind.${r.kind}`)),
              h('td', {}, h('ul', { class: 'cites plain' }, (r.citations || []).map((c) => h('li', {}, citationText(c, ctx.sources))))),
              h('td', {}, (r.parameters || []).map((p) => h('code', { class: 'param' }, p))),
              h('td', { class: 'remedy' }, remedyText(r)),
            ),
          ),
        ),
      ),
    );
    replace(
      $('r-sources'),
      Object.entries(ctx.sources).map(([k, v]) => [h('dt', {}, h('code', {}, k)), h('dd', {}, v)]),
    );
  }

  $('r-search').addEventListener('input', render);
  return {
    onDataset() {
      render();
    },
    onLang() {
      render();
    },
    onShow() {},
  };
}
