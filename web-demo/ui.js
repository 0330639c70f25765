// @ts-check
// Small DOM helpers shared by the tabs: element builder, time conversion, findings and error rendering.

import { t, getLang } from './i18n.js';

// The page's elements by id. Each names an element the markup (index.html) or a tab's own rendering has, of the
// kind the helper says: a missing one is a bug of the page, not a case to handle, so none answers null.

/** The element of id `id`. */
export function byId(/** @type {string} */ id) {
  return /** @type {HTMLElement} */ (document.getElementById(id));
}

/** The `<input>` of id `id`. */
export function inputById(/** @type {string} */ id) {
  return /** @type {HTMLInputElement} */ (document.getElementById(id));
}

/** The `<select>` of id `id`. */
export function selectById(/** @type {string} */ id) {
  return /** @type {HTMLSelectElement} */ (document.getElementById(id));
}

/** The `<textarea>` of id `id`. */
export function textareaById(/** @type {string} */ id) {
  return /** @type {HTMLTextAreaElement} */ (document.getElementById(id));
}

/** The `<button>` of id `id`. */
export function buttonById(/** @type {string} */ id) {
  return /** @type {HTMLButtonElement} */ (document.getElementById(id));
}

/**
 * The HTML elements in `root` that match `selector` (querySelectorAll, typed for `dataset`, `hidden`, `focus()`).
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {NodeListOf<HTMLElement>}
 */
export function htmlAll(selector, root = document) {
  return root.querySelectorAll(selector);
}

/**
 * Builds an element: h('div', {class: 'x', onclick: fn, dataset: {a: 1}}, 'text', child, [more]).
 * Attribute values of `false`, `null` or `undefined` are left out.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value' || k === 'checked' || k === 'selected' || k === 'disabled') el[k] = v;
    else if (k === 'html') el.innerHTML = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Empties `el` and puts `children` in it. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** `2025-06-10T09:30:00+08:00` (or any RFC 3339 time) → `2025-06-10T09:30`, the Asia/Shanghai wall time. */
export function toLocalInput(value) {
  if (!value) return '';
  const hasOffset = /([zZ]|[+-]\d\d:?\d\d)$/.test(value);
  const ms = Date.parse(hasOffset ? value : `${value}+08:00`);
  if (Number.isNaN(ms)) return '';
  return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 16);
}

/** `2025-06-10T09:30` from a datetime-local input → `2025-06-10T09:30:00+08:00`; empty stays null. */
export function fromLocalInput(value) {
  if (!value) return null;
  const v = value.length === 16 ? `${value}:00` : value.slice(0, 19);
  return `${v}+08:00`;
}

/** Formats milliseconds for people: 0.38, 4.2, 153. */
export function fmtMs(ms) {
  if (ms < 1) return ms.toFixed(2);
  if (ms < 10) return ms.toFixed(1);
  return Math.round(ms).toString();
}

export const SEVERITIES = ['violation', 'warning', 'info'];

/** Severity badge. */
export function sevBadge(severity) {
  return h('span', { class: `badge sev-${severity}` }, t(`sev.${severity}`));
}

/** A citation as text: 《full title》article, or the key when the source is unknown. */
let citeZh = null;

/** Sets the engine's Chinese rendering of a citation (`citeZh` of the wasm build), so the page holds no copy. */
export function setCiteZh(fn) {
  citeZh = fn;
}

export function citationText(c, sources) {
  const title = sources[c.source];
  if (getLang() !== 'en' && citeZh) return citeZh(c.source, c.article);
  if (!title) return `${c.source} ${c.article}`;
  return getLang() === 'en' ? `${title} ${c.article} (${c.source})` : `《${title}》${c.article}`;
}

/** The remedy (整改建议) of a rule in the page's language, or '' (plugin rules declare none). */
export function remedyText(rule) {
  if (!rule) return '';
  return (getLang() === 'en' ? rule.remedy_en : rule.remedy) || '';
}

/**
 * Renders a list of findings as cards.
 * ctx: {rulesById, sources}; opts: {onPath(path), onRelated(id), pathLabel(path) → text, relatedLabel}
 */
export function renderFindings(findings, ctx, opts = {}) {
  const en = getLang() === 'en';
  return h(
    'div',
    { class: 'findings' },
    findings.map((f) => {
      const rule = ctx.rulesById[f.rule];
      const title = rule ? (en ? rule.title_en : rule.title) : '';
      return h(
        'article',
        { class: `finding sev-${f.severity}`, dataset: { rule: f.rule, path: f.path || '' } },
        h('header', {}, sevBadge(f.severity), h('code', { class: 'rule-id' }, f.rule), title && h('span', { class: 'rule-title' }, title)),
        h('p', { class: 'msg' }, en ? f.message_en : f.message),
        remedyText(rule) ? h('p', { class: 'remedy' }, h('span', { class: 'remedy-label' }, t('f.remedy')), remedyText(rule)) : null,
        f.citations?.length
          ? h(
              'ul',
              { class: 'cites' },
              f.citations.map((c) => h('li', { title: ctx.sources[c.source] || '' }, h('span', { class: 'cite-label' }, t('f.basis')), citationText(c, ctx.sources))),
            )
          : null,
        (f.path && opts.onPath) || f.related?.length
          ? h(
              'footer',
              {},
              f.path && opts.onPath
                ? h(
                    'button',
                    { type: 'button', class: 'link path-link', title: t('pc.jumpField'), onclick: () => opts.onPath(f.path) },
                    `${t('f.field')}：${opts.pathLabel ? opts.pathLabel(f.path) : f.path}`,
                  )
                : null,
              f.related?.length
                ? h(
                    'span',
                    { class: 'related' },
                    `${opts.relatedLabel || t('f.related')}：`,
                    f.related.map((id) =>
                      opts.onRelated
                        ? h('button', { type: 'button', class: 'link chip-link', onclick: () => opts.onRelated(id) }, id)
                        : h('span', { class: 'chip-id' }, id),
                    ),
                    f.related_total ? h('span', { class: 'related-total' }, t('f.relatedTotal', { shown: f.related.length, total: f.related_total })) : null,
                  )
                : null,
            )
          : null,
      );
    }),
  );
}

/** Renders an engine error object {message, path, file, line}. */
export function renderError(err, heading) {
  const rows = [];
  if (err.file) rows.push([t('err.file'), err.file]);
  if (err.line) rows.push([t('err.line'), String(err.line)]);
  if (err.path) rows.push([t('err.path'), err.path]);
  return h(
    'div',
    { class: 'error-box', role: 'alert' },
    h('strong', {}, heading || t('err.message')),
    h('p', { class: 'msg' }, err.message || String(err)),
    rows.length ? h('dl', {}, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, h('code', {}, v))])) : null,
  );
}

/** Counts findings by severity: {violation, warning, info}. */
export function countBySeverity(findings) {
  const n = { violation: 0, warning: 0, info: 0 };
  for (const f of findings) n[f.severity] = (n[f.severity] || 0) + 1;
  return n;
}

/** Debounces `fn` by `ms`. */
export function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
