// @ts-check
// The page as the web app of `jiancha serve` (it finds `service.json` next to it): signing in with a token, the
// reference data and each enterprise's history from the service, the officer's filing, and the tabs of each role
// (检查预检 for officers, 监督台 for supervisors, 管理 for admins). Everything it knows comes from the API.

import { client, loadBundle } from './pkg/index.js';
import { t } from './i18n.js';
import { h, replace, renderError } from './ui.js';

const TOKEN_KEY = 'jiancha.token';

/** Whether the page is served by `jiancha serve`. */
export async function detectService() {
  try {
    const r = await fetch('service.json', { cache: 'no-store' });
    if (!r.ok) return null;
    const j = await r.json();
    return j && j.service === true ? j : null;
  } catch {
    return null;
  }
}

/** The tabs each role is offered, in order (the API refuses the rest whatever the page shows). */
export const ROLE_TABS = {
  officer: ['precheck', 'plans', 'rules'],
  supervisor: ['desk', 'problems', 'plans', 'rules'],
  admin: ['admin', 'rules'],
};

/**
 * Signs in (a token kept for this browser tab only, in sessionStorage) and loads the reference data in force.
 * Resolves to {api, me} once both are there.
 * @param {any} ctx the page's shared state
 */
export async function signIn(ctx) {
  const section = /** @type {HTMLElement} */ (document.getElementById('signin'));
  const form = /** @type {HTMLFormElement} */ (document.getElementById('signin-form'));
  const input = /** @type {HTMLInputElement} */ (document.getElementById('signin-token'));
  const error = /** @type {HTMLElement} */ (document.getElementById('signin-error'));
  const tryToken = async (/** @type {string} */ token) => {
    const api = client({ token });
    const me = await api.me();
    if (!me.ok) return { error: me.error };
    const bundle = await api.bundle();
    if (!bundle.ok) return { error: bundle.error };
    const loaded = loadBundle(/** @type {any} */ (bundle));
    if (!loaded.ok) return { error: loaded.error };
    ctx.checker?.free();
    ctx.checker = loaded.checker;
    ctx.dataset = datasetOf(/** @type {any} */ (bundle).content);
    ctx.bundleRevision = bundle.revision;
    return { api, me };
  };
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) {
    const r = await tryToken(saved);
    if (!r.error) return r;
    sessionStorage.removeItem(TOKEN_KEY);
  }
  section.hidden = false;
  input.focus();
  return new Promise((resolve) => {
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      replace(error);
      const token = input.value.trim();
      if (!token) return;
      const r = await tryToken(token);
      if (r.error) {
        error.append(renderError(r.error, t('sv.signInFailed')));
        return;
      }
      sessionStorage.setItem(TOKEN_KEY, token);
      input.value = '';
      section.hidden = true;
      resolve(r);
    });
  });
}

/** Signs out: the token is forgotten and the page starts again. */
export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  try {
    for (const k of Object.keys(localStorage)) if (k.startsWith('jiancha.precheck.draft')) localStorage.removeItem(k);
  } catch {
    /* storage disabled */
  }
  location.reload();
}

/**
 * The reference data as the page's forms read it (agencies, inspectors, enterprises, items, plans).
 * @param {{files?: Record<string, string>, object?: string}} content
 */
function datasetOf(content) {
  if (content.object) return JSON.parse(content.object);
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const k of ['agencies', 'inspectors', 'enterprises', 'items', 'plans']) {
    const text = content.files?.[`${k}.json`];
    out[k] = text ? JSON.parse(text.replace(/^\uFEFF/, '')) : [];
  }
  return out;
}

/**
 * Makes `ctx` read the service: each enterprise's history fetched once (and again after a filing), the quota,
 * the filing.
 * @param {any} ctx
 * @param {{api: import('./pkg/index.js').Client, me: import('./pkg/index.js').Me}} session
 * @param {() => void} onHistory called when a history arrives
 */
export function useService(ctx, session, onHistory) {
  const { api, me } = session;
  /** @type {Map<string, any[] | null>} */
  const histories = new Map();
  /** @type {Map<string, {n: number, retryAt: number, error: {message: string}}>} */
  const failures = new Map();
  ctx.service = true;
  ctx.api = api;
  ctx.me = me;
  ctx.isExample = false;
  ctx.ownAgency = me.role === 'officer' ? me.agency : null;
  ctx.historyRecords = () => [];
  ctx.historySourceLabel = () => {
    const failed = [...failures.values()].pop();
    return failed ? `${t('sv.historyFailed')} ${failed.error.message}` : t('sv.historySource');
  };
  // Drafts are kept per signed-in user, and go with the sign-out.
  ctx.draftKey = `jiancha.precheck.draft.${me.id}`;
  ctx.historyFor = (/** @type {string} */ uscc) => {
    if (!uscc) return [];
    const known = histories.get(uscc);
    if (known) return known;
    const failed = failures.get(uscc);
    if (known === undefined && !(failed && Date.now() < failed.retryAt)) {
      histories.set(uscc, null);
      api.history(uscc).then((a) => {
        if (a.ok) {
          histories.set(uscc, a.records);
          failures.delete(uscc);
          onHistory();
        } else {
          // Not read: said so, and asked again only after a pause (never in a loop against the service).
          histories.delete(uscc);
          const n = (failed?.n ?? 0) + 1;
          failures.set(uscc, { n, retryAt: Date.now() + Math.min(60000, 2000 * 2 ** n), error: a.error });
        }
      });
    }
    return [];
  };
  /** Files a record; its enterprise's history is read again afterwards. */
  ctx.file = async (/** @type {any} */ record) => {
    const a = await api.file(record);
    histories.delete(record.enterprise);
    return a;
  };
  ctx.serverCheck = (/** @type {any} */ record) => api.validate(record);
  const who = /** @type {HTMLElement} */ (document.getElementById('who'));
  who.textContent = `${me.label || me.id} · ${t(`role.${me.role}`)} · ${me.agency_name || me.agency}`;
  who.hidden = false;
  const out = /** @type {HTMLElement} */ (document.getElementById('sign-out'));
  out.hidden = false;
  out.addEventListener('click', signOut);
}

/** A line of text for a server answer's problem. */
export function problemText(/** @type {{message: string, path?: string}} */ e) {
  return e.path ? `${e.message}（${e.path}）` : e.message;
}

/** Downloads what an authorised GET answers, as a file named `name`. */
export async function download(/** @type {string} */ path, /** @type {string} */ name, /** @type {string} */ token) {
  const r = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!r.ok) return { ok: false, error: { message: `${r.status} ${await r.text()}`, path: '' } };
  const url = URL.createObjectURL(await r.blob());
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return { ok: true };
}

/** The token of this tab's session. */
export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}
