// @ts-check
// 检查 Jiancha web demo: boots the WebAssembly engine, holds the current dataset and wires the tabs.
//
// Everything runs in the browser from static files: pkg/ (the engine, built by build.sh) and data/ (the
// Pan'an example, written by prepare-data.py). No network beyond this origin, no framework.

import { ready, load, citeZh, labels, rules, version } from './pkg/index.js';
import { t, getLang, setLang, applyI18n, onLangChange, addLabels } from './i18n.js';
import { h, replace, renderError, setCiteZh, byId, inputById, htmlAll } from './ui.js';
import { createPrecheck } from './precheck.js';
import { createPlans } from './plans.js';
import { createBatch } from './batch.js';
import { createRulesTab } from './rules-tab.js';
import { createProblems } from './problems.js';
import { detectService, signIn, useService, ROLE_TABS } from './service.js';
import { createDesk } from './desk.js';
import { createAdmin } from './admin.js';

/** @typedef {import('./pkg/index.js').ApiError} ApiError */
/** @typedef {import('./pkg/index.js').Checker} Checker */
/** @typedef {import('./pkg/index.js').Inspection} Inspection */
/** @typedef {import('./pkg/index.js').RuleMeta} RuleMeta */

/**
 * A tab of the page: told when the dataset or the language changes, when it is shown and (the pre-check) when
 * more history has arrived.
 * @typedef {{onDataset(): void, onLang(): void, onShow?(): void, onHistory?(): void}} Tab
 */

const EXAMPLE = {
  dataset: 'data/panan-dataset.json',
  policy: 'data/panan-policy.toml',
  records: 'data/records-2025.jsonl',
};

/** Shared state of the page; the tabs read it and are told when the dataset changes. */
const ctx = {
  /** @type {Checker | null} */
  checker: null,
  /**
   * The dataset as loaded: JSON the engine has read (the tabs read its lists).
   * @type {any}
   */
  dataset: null,
  datasetText: '',
  policyText: '',
  policyName: '',
  isExample: true,
  name: '',
  /** @type {RuleMeta[]} */
  rules: [],
  /** @type {Record<string, RuleMeta>} */
  rulesById: {},
  /** @type {Record<string, string | undefined>} */
  sources: {},
  /** @type {Inspection[]} */
  exampleRecords: [],
  /** @type {Inspection[] | null} */
  batchRecords: null,
  /**
   * Records of `uscc` usable as history: the example's when on the example dataset, else the last batch's.
   * @param {string} uscc
   */
  historyFor(uscc) {
    const all = this.historyRecords();
    return all.filter((r) => r && r.enterprise === uscc);
  },
  historyRecords() {
    if (this.isExample) return this.exampleRecords;
    return this.batchRecords || [];
  },
  historySourceLabel() {
    if (this.isExample) return t('ds.historyExample');
    if (this.batchRecords) return t('ds.historyBatch', { n: this.batchRecords.length });
    return t('ds.historyNone');
  },
  /** @param {string} id */
  agencyName(id) {
    return this.dataset?.agencies?.find((/** @type {{id: string}} */ a) => a.id === id)?.name ?? id;
  },
  /**
   * Called by the batch tab after a run, so that own-dataset pre-checks can use those records as history.
   * @param {Inspection[]} records
   */
  setBatchRecords(records) {
    this.batchRecords = records;
    if (!this.isExample) tabs.precheck.onHistory?.();
  },
};

/** @type {Record<string, Tab>} */
let tabs = {};

/**
 * The records of a JSON Lines text (unreadable lines left out).
 * @param {string} text
 * @returns {Inspection[]}
 */
function parseJsonl(text) {
  const out = [];
  for (const line of text.split('\n')) {
    const s = line.trim();
    if (!s) continue;
    try {
      out.push(JSON.parse(s));
    } catch {
      // an unreadable line is simply not history
    }
  }
  return out;
}

/** @param {string} url */
async function fetchText(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

/**
 * Loads a dataset into the engine; returns null on success or the engine's error object.
 * @param {string} datasetText
 * @param {string} policyText
 * @param {{isExample: boolean, name: string, policyName?: string}} source
 * @returns {ApiError | null}
 */
function useDataset(datasetText, policyText, { isExample, name, policyName }) {
  const loaded = load(datasetText, policyText || undefined);
  if (!loaded.ok) return loaded.error;
  const checker = loaded.checker;
  ctx.checker?.free();
  ctx.checker = checker;
  ctx.datasetText = datasetText;
  ctx.policyText = policyText || '';
  ctx.dataset = JSON.parse(datasetText);
  ctx.isExample = isExample;
  ctx.name = name;
  ctx.policyName = policyName || '';
  if (isExample) ctx.batchRecords = null;
  renderDatasetBar();
  for (const tab of Object.values(tabs)) tab.onDataset();
  return null;
}

function renderDatasetBar() {
  const d = ctx.dataset || {};
  const n = (/** @type {string} */ k) => (Array.isArray(d[k]) ? d[k].length : 0);
  byId('ds-name').textContent = ctx.isExample ? t('ds.example') : `${t('ds.own')}：${ctx.name}`;
  byId('ds-counts').textContent = t('ds.counts', {
    agencies: n('agencies'),
    inspectors: n('inspectors'),
    enterprises: n('enterprises'),
    items: n('items'),
    plans: n('plans'),
  });
  const hasPolicy = Boolean(ctx.policyText.trim()) || Boolean(d.policy);
  const pill = byId('ds-policy');
  pill.textContent = hasPolicy ? `${t('ds.policy')} ✓${ctx.policyName ? ` ${ctx.policyName}` : ''}` : t('ds.noPolicy');
  pill.classList.toggle('pill-ok', hasPolicy);
}

function wireDatasetPanel() {
  const toggle = byId('ds-toggle');
  const panel = byId('ds-panel');
  const err = byId('ds-error');
  const status = byId('ds-status');
  toggle.addEventListener('click', () => {
    const open = panel.hidden;
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? t('ds.close') : t('ds.change');
  });
  byId('ds-load').addEventListener('click', async () => {
    replace(err);
    status.textContent = '';
    const dsFile = inputById('ds-file').files?.[0];
    const policyFile = inputById('ds-policy-file').files?.[0];
    if (!dsFile && !policyFile) {
      status.textContent = t('ds.nothing');
      return;
    }
    const datasetText = dsFile ? (await dsFile.text()).replace(/^\uFEFF/, '') : ctx.datasetText;
    const policyText = policyFile ? await policyFile.text() : dsFile ? '' : ctx.policyText;
    // Syntax and contract errors come back from the engine with file, line and JSON pointer.
    const name = [dsFile?.name, policyFile?.name].filter(Boolean).join(' + ');
    const error = useDataset(datasetText, policyText, {
      isExample: !dsFile && ctx.isExample,
      name: dsFile ? dsFile.name : ctx.name,
      policyName: policyFile ? policyFile.name : dsFile ? '' : ctx.policyName,
    });
    if (error) {
      // the engine names its inputs dataset.json and policy.toml; show the user's file names
      if (error.file === 'dataset.json' && dsFile) error.file = dsFile.name;
      if (error.file === 'policy.toml' && policyFile) error.file = policyFile.name;
      err.append(renderError(error, t('ds.error')));
    } else {
      status.textContent = t('ds.loaded', { name });
    }
  });
  byId('ds-reset').addEventListener('click', async () => {
    replace(err);
    await loadExample();
    byId('ds-status').textContent = t('ds.loaded', { name: t('ds.example') });
  });
}

async function loadExample() {
  const [datasetText, policyText] = await Promise.all([fetchText(EXAMPLE.dataset), fetchText(EXAMPLE.policy)]);
  const error = useDataset(datasetText, policyText, { isExample: true, name: t('ds.example') });
  if (error) throw Object.assign(new Error(error.message), { engine: error });
}

/** @param {string} name */
function showTab(name) {
  if (!tabs[name]) name = Object.keys(tabs)[0];
  for (const btn of htmlAll('.tabs [role=tab]')) {
    const on = btn.dataset.tab === name;
    btn.setAttribute('aria-selected', String(on));
    btn.tabIndex = on ? 0 : -1;
  }
  for (const panel of htmlAll('.tab-panel')) panel.hidden = panel.id !== `tab-${name}`;
  tabs[name].onShow?.();
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
}

function wireTabs() {
  const buttons = [...htmlAll('.tabs [role=tab]')];
  for (const btn of buttons) {
    btn.addEventListener('click', () => showTab(btn.dataset.tab ?? ''));
    btn.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const i = buttons.indexOf(btn) + (e.key === 'ArrowRight' ? 1 : -1);
      const next = buttons[(i + buttons.length) % buttons.length];
      next.focus();
      showTab(next.dataset.tab ?? '');
    });
  }
  window.addEventListener('hashchange', () => showTab(location.hash.slice(1)));
}

async function main() {
  applyI18n();
  byId('lang-toggle').addEventListener('click', () => setLang(getLang() === 'zh' ? 'en' : 'zh'));
  try {
    const started = await ready();
    if (!started.ok) throw new Error(started.error.message);
    setCiteZh(citeZh);
    const enums = labels();
    if (!enums.ok) throw new Error(enums.error.message);
    addLabels(enums.labels);
    applyI18n();
    const cat = rules();
    if (!cat.ok) throw new Error(cat.error.message);
    ctx.rules = cat.rules;
    ctx.sources = cat.sources;
    ctx.rulesById = Object.fromEntries(cat.rules.map((r) => [r.id, r]));
    byId('engine-version').textContent = `Jiancha ${version()} · WebAssembly`;
    if (await detectService()) {
      await startService();
      return;
    }
    tabs = {
      precheck: createPrecheck(ctx),
      plans: createPlans(ctx),
      batch: createBatch(ctx, EXAMPLE),
      rules: createRulesTab(ctx),
    };
    ctx.exampleRecords = parseJsonl(await fetchText(EXAMPLE.records));
    await loadExample();
  } catch (e) {
    const failure = /** @type {Error & {engine?: ApiError}} */ (e);
    const boot = byId('boot');
    replace(
      boot,
      renderError(failure.engine || { message: String(failure.message || failure) }, t('app.loadFailed')),
      h('p', { class: 'hint' }, t('app.buildHint')),
    );
    document.body.dataset.ready = 'error';
    return;
  }
  byId('boot').hidden = true;
  wireTabs();
  wireDatasetPanel();
  onLangChange(() => {
    renderDatasetBar();
    const toggle = byId('ds-toggle');
    toggle.textContent = byId('ds-panel').hidden ? t('ds.change') : t('ds.close');
    for (const tab of Object.values(tabs)) tab.onLang();
  });
  showTab(location.hash.slice(1) || 'precheck');
  document.body.dataset.ready = '1';
}

/**
 * The page as the app of `jiancha serve`: signed in, on the service's reference data and history, with the tabs
 * of the caller's role (the same modules as the demo: only where the data comes from differs).
 */
async function startService() {
  document.body.dataset.mode = 'service';
  // The static demo's footer says nothing leaves the computer: in the app, what is filed goes to the service.
  const footer = document.querySelectorAll('.footer p');
  footer[0]?.setAttribute('data-i18n', 'app.serviceNote');
  footer[1]?.setAttribute('data-i18n', 'app.serviceFooter');
  applyI18n();
  byId('boot').hidden = true;
  for (const el of htmlAll('.dataset-bar, #pc-load-wrap')) el.hidden = true;
  for (const btn of htmlAll('.tabs [role=tab]')) btn.hidden = true;
  const session = await signIn(ctx);
  const all = {
    precheck: () => createPrecheck(ctx),
    plans: () => createPlans(ctx),
    desk: () => createDesk(ctx),
    problems: () => createProblems(ctx),
    admin: () => createAdmin(ctx),
    rules: () => createRulesTab(ctx),
  };
  tabs = {};
  for (const name of ROLE_TABS[session.me.role] ?? ['rules']) {
    tabs[name] = all[name]();
    byId(`tabbtn-${name}`).hidden = false;
  }
  useService(ctx, session, () => tabs.precheck?.onHistory?.());
  for (const tab of Object.values(tabs)) tab.onDataset();
  wireTabs();
  onLangChange(() => {
    for (const tab of Object.values(tabs)) tab.onLang();
  });
  showTab(location.hash.slice(1) || Object.keys(tabs)[0]);
  document.body.dataset.ready = '1';
}

main();
