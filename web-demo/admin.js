// @ts-check
// 管理 for admins: tokens (created, the secret shown once, revoked), the reference-data revisions (the one in
// force marked; a whole bundle, the policy or the calendar uploaded; an earlier revision put back), and the
// department plugins (installed from their signed manifest and component, taken out, an earlier install put back). Each action is the
// API's own; a refusal is shown as the service words it.

import { t } from './i18n.js';
import { h, replace, renderError } from './ui.js';

/** @param {any} ctx */
export function createAdmin(ctx) {
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const cell = (/** @type {any} */ v) => h('td', {}, v ?? '—');
  const head = (/** @type {string[]} */ keys) => h('thead', {}, h('tr', {}, keys.map((k) => h('th', {}, t(k)))));

  /** Token id → its label, to say who uploaded or installed what. */
  const who = new Map();
  const by = (/** @type {string} */ id) => (who.has(id) ? `${who.get(id)}（${id}）` : id);

  async function tokens() {
    const a = await ctx.api.call('GET', '/v1/tokens');
    if (!a.ok) return replace($('admin-tokens'), h('caption', {}, a.error.message));
    for (const k of a.items) who.set(k.id, k.label);
    replace(
      $('admin-tokens'),
      head(['admin.id', 'admin.label', 'admin.role', 'admin.agency', 'admin.expires', 'admin.state', 'admin.action']),
      h(
        'tbody',
        {},
        a.items.map((/** @type {any} */ k) =>
          h(
            'tr',
            { 'data-token': k.id },
            cell(k.id),
            cell(k.label),
            cell(t(`role.${k.role}`)),
            cell(ctx.agencyName(k.agency)),
            cell(k.expires_at?.slice(0, 10)),
            cell(k.revoked_at ? t('admin.revoked') : t('admin.active')),
            h(
              'td',
              {},
              k.revoked_at || k.id === ctx.me.id
                ? null
                : h('button', { type: 'button', class: 'btn btn-small', onclick: () => revoke(k.id) }, t('admin.revoke')),
            ),
          ),
        ),
      ),
    );
  }

  async function revoke(/** @type {string} */ id) {
    if (!window.confirm(t('admin.confirmRevoke', { id }))) return;
    const a = await ctx.api.call('DELETE', `/v1/tokens/${encodeURIComponent(id)}`);
    if (!a.ok) replace($('admin-new-token'), renderError(a.error, t('admin.failed')));
    tokens();
  }

  function tokenForm() {
    const agencies = ctx.dataset?.agencies ?? [];
    const form = /** @type {HTMLFormElement} */ ($('admin-token-form'));
    replace(
      form,
      h('label', { class: 'inline-field' }, h('span', {}, t('admin.label')), h('input', { name: 'label', required: true })),
      h(
        'label',
        { class: 'inline-field' },
        h('span', {}, t('admin.role')),
        h('select', { name: 'role' }, ['officer', 'supervisor', 'admin'].map((r) => h('option', { value: r }, t(`role.${r}`)))),
      ),
      h(
        'label',
        { class: 'inline-field' },
        h('span', {}, t('admin.agency')),
        h('select', { name: 'agency' }, agencies.map((/** @type {any} */ a) => h('option', { value: a.id }, `${a.name}（${a.id}）`))),
      ),
      h('label', { class: 'inline-field' }, h('span', {}, t('admin.days')), h('input', { name: 'days', type: 'number', min: '1', max: '3650', value: '90' })),
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('admin.create')),
    );
    form.onsubmit = async (e) => {
      e.preventDefault();
      const data = new FormData(form);
      const body = {
        label: String(data.get('label') || ''),
        role: String(data.get('role')),
        agency: String(data.get('agency')),
        expires_in_days: Number(data.get("days")) || undefined,
      };
      const a = await ctx.api.call('POST', '/v1/tokens', body);
      if (!a.ok) {
        replace($('admin-new-token'), renderError(a.error, t('admin.failed')));
        return;
      }
      replace($('admin-new-token'), h('p', { class: 'new-token' }, t('admin.shownOnce'), ' ', h('code', { id: 'admin-new-secret' }, a.token)));
      tokens();
    };
  }

  async function bundles() {
    const a = await ctx.api.call('GET', '/v1/bundles');
    if (!a.ok) return replace($('admin-bundles'), h('caption', {}, a.error.message));
    const inForceDigest = a.bundles.find((/** @type {any} */ b) => b.revision === a.in_force)?.digest;
    replace(
      $('admin-bundles'),
      head(['admin.revision', 'admin.name', 'admin.created', 'admin.by', 'admin.state', 'admin.action']),
      h(
        'tbody',
        {},
        [...a.bundles].reverse().map((/** @type {any} */ b) =>
          h(
            'tr',
            { 'data-revision': String(b.revision) },
            cell(String(b.revision)),
            cell(b.name),
            cell(String(b.created_at).slice(0, 16).replace('T', ' ')),
            cell(by(b.created_by)),
            cell(b.revision === a.in_force ? t('admin.inForce') : ''),
            h(
              'td',
              {},
              // Nothing to put back where the revision's content is what is in force.
              b.revision === a.in_force || b.digest === inForceDigest
                ? null
                : h('button', { type: 'button', class: 'btn btn-small', onclick: () => restoreBundle(b.revision) }, t('admin.restore')),
            ),
          ),
        ),
      ),
    );
  }

  /** Puts an earlier revision back in force (the service loads it again and stores it as a new revision). */
  async function restoreBundle(/** @type {number} */ revision) {
    if (!window.confirm(t('admin.confirmRestore', { revision }))) return;
    const box = $('admin-bundle-state');
    replace(box, h('p', { class: 'muted' }, t('admin.sending')));
    const a = await ctx.api.call('POST', `/v1/bundles/${revision}/restore`);
    if (!a.ok) replace(box, renderError(a.error, t('admin.refused')));
    else replace(box, h('p', { class: 'ok' }, t('admin.inForceNow', { revision: a.revision })));
    bundles();
  }

  /** Sends a new bundle revision; the service loads it first and refuses one that does not load, naming the field. */
  async function put(/** @type {string} */ p, /** @type {string} */ body, /** @type {string} */ type) {
    const box = $('admin-bundle-state');
    replace(box, h('p', { class: 'muted' }, t('admin.sending')));
    const a = await ctx.api.call('PUT', p, body, { type });
    if (!a.ok) {
      replace(box, renderError(a.error, t('admin.refused')));
      return;
    }
    replace(box, h('p', { class: 'ok' }, t('admin.inForceNow', { revision: a.revision ?? a.bundle?.revision ?? '?' })));
    bundles();
  }

  const picked = (/** @type {string} */ id, /** @type {(files: File[]) => void} */ f) =>
    $(id).addEventListener('change', (e) => {
      const input = /** @type {HTMLInputElement} */ (e.target);
      const files = [...(input.files ?? [])];
      input.value = '';
      if (files.length) f(files);
    });
  picked('admin-dataset', async (files) => {
    /** @type {Record<string, string>} */
    const texts = {};
    for (const f of files) texts[f.name] = await f.text();
    put('/v1/bundle', JSON.stringify({ name: files.map((f) => f.name).join(', ').slice(0, 200), files: texts }), 'application/json');
  });
  picked('admin-policy', async ([f]) => put('/v1/bundle/policy', await f.text(), f.name.endsWith('.json') ? 'application/json' : 'application/toml'));
  picked('admin-calendar', async ([f]) => put('/v1/bundle/calendar', await f.text(), 'application/json'));

  async function plugins() {
    const [a, hist] = await Promise.all([ctx.api.call('GET', '/v1/plugins'), ctx.api.call('GET', '/v1/plugin-history')]);
    if (!a.ok) return replace($('admin-plugins'), h('caption', {}, a.error.message));
    const list = a.plugins ?? [];
    replace(
      $('admin-plugins'),
      head(['admin.id', 'admin.name', 'admin.version', 'admin.action']),
      h(
        'tbody',
        {},
        list.length
          ? list.map((/** @type {any} */ p) =>
              h(
                'tr',
                { 'data-plugin': p.id },
                cell(p.id),
                cell(p.name),
                cell(p.version),
                h('td', {}, h('button', { type: 'button', class: 'btn btn-small', onclick: () => removePlugin(p.id) }, t('admin.remove'))),
              ),
            )
          : h('tr', {}, h('td', { colspan: '4', class: 'muted' }, t('admin.noPlugins'))),
      ),
    );
    if (!hist.ok) return replace($('admin-plugin-history'), h('caption', {}, hist.error.message));
    const entries = /** @type {any[]} */ (hist.items);
    // The newest entry of each id is what is in force (or its removal): the older installs can be put back.
    /** @type {Map<string, any>} */
    const newest = new Map();
    for (const e of entries) newest.set(e.id, e);
    // An install can be put back unless it is what is in force now (the same component of the same id).
    const current = (/** @type {any} */ e) => newest.get(e.id).seq === e.seq;
    const restorable = (/** @type {any} */ e) => !e.removed && !current(e) && (newest.get(e.id).removed || newest.get(e.id).sha256 !== e.sha256);
    replace(
      $('admin-plugin-history'),
      h('caption', {}, t('admin.pluginHistory')),
      head(['admin.seq', 'admin.id', 'admin.version', 'admin.created', 'admin.by', 'admin.state', 'admin.action']),
      h(
        'tbody',
        {},
        entries.length
          ? [...entries].reverse().map((e) =>
              h(
                'tr',
                { 'data-seq': String(e.seq) },
                cell(String(e.seq)),
                cell(e.id),
                cell(e.version || '—'),
                cell(String(e.installed_at).slice(0, 16).replace('T', ' ')),
                cell(by(e.installed_by)),
                cell(e.removed ? t('admin.removed') : current(e) ? t('admin.inForce') : ''),
                h(
                  'td',
                  {},
                  !restorable(e)
                    ? null
                    : h('button', { type: 'button', class: 'btn btn-small', onclick: () => restorePlugin(e) }, t('admin.restore')),
                ),
              ),
            )
          : h('tr', {}, h('td', { colspan: '7', class: 'muted' }, t('admin.noHistory'))),
      ),
    );
  }

  async function removePlugin(/** @type {string} */ id) {
    if (!window.confirm(t('admin.confirmRemove', { id }))) return;
    const a = await ctx.api.call('DELETE', `/v1/plugins/${encodeURIComponent(id)}`);
    if (!a.ok) replace($('admin-plugin-state'), renderError(a.error, t('admin.failed')));
    plugins();
  }

  async function restorePlugin(/** @type {any} */ e) {
    if (!window.confirm(t('admin.confirmRestorePlugin', { id: e.id, version: e.version, seq: e.seq }))) return;
    const box = $('admin-plugin-state');
    replace(box, h('p', { class: 'muted' }, t('admin.sending')));
    const a = await ctx.api.call('POST', `/v1/plugin-history/${e.seq}/restore`);
    if (!a.ok) replace(box, renderError(a.error, t('admin.pluginRefused')));
    else replace(box, h('p', { class: 'ok' }, t('admin.pluginInForce', { id: e.id })));
    plugins();
  }

  /** The bytes as base64, in chunks (a component is megabytes: one spread call would overflow the stack). */
  function base64(/** @type {Uint8Array} */ bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }

  // A plugin is its signed manifest and its component, picked together; the service verifies both before it
  // puts the plugin in force.
  picked('admin-plugin', async (files) => {
    const box = $('admin-plugin-state');
    const manifest = files.find((f) => f.name.endsWith('.json'));
    const component = files.find((f) => f.name.endsWith('.wasm'));
    if (!manifest || !component || files.length !== 2) {
      replace(box, renderError({ message: t('admin.pluginPick') }, t('admin.pluginRefused')));
      return;
    }
    /** @type {any} */
    let m;
    try {
      m = JSON.parse(await manifest.text());
    } catch (e) {
      replace(box, renderError({ message: `${manifest.name}: ${e instanceof Error ? e.message : String(e)}` }, t('admin.pluginRefused')));
      return;
    }
    if (typeof m?.id !== 'string' || !m.id) {
      replace(box, renderError({ message: t('admin.pluginNoId', { file: manifest.name }), path: '/manifest/id' }, t('admin.pluginRefused')));
      return;
    }
    replace(box, h('p', { class: 'muted' }, t('admin.sending')));
    const body = { manifest: m, component: base64(new Uint8Array(await component.arrayBuffer())) };
    const a = await ctx.api.call('PUT', `/v1/plugins/${encodeURIComponent(m.id)}`, body);
    if (!a.ok) replace(box, renderError(a.error, t('admin.pluginRefused')));
    else replace(box, h('p', { class: 'ok' }, t('admin.pluginInForce', { id: m.id })));
    plugins();
  });

  return {
    onDataset() {},
    onHistory() {},
    onShow() {
      tokenForm();
      // The labels first: the revisions and installs name who made them.
      tokens().then(() => {
        bundles();
        plugins();
      });
    },
    onLang() {
      this.onShow();
    },
  };
}
