// @ts-check
// 管理 for admins: tokens (created, the secret shown once, revoked), the reference-data revisions (the one in
// force marked; a whole bundle uploaded), and the department plugins in force (taken out). Each action is the
// API's own; a refusal is shown as the service words it.

import { t } from './i18n.js';
import { h, replace, renderError } from './ui.js';

/** @param {any} ctx */
export function createAdmin(ctx) {
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const cell = (/** @type {any} */ v) => h('td', {}, v ?? '—');
  const head = (/** @type {string[]} */ keys) => h('thead', {}, h('tr', {}, keys.map((k) => h('th', {}, t(k)))));

  async function tokens() {
    const a = await ctx.api.call('GET', '/v1/tokens');
    if (!a.ok) return replace($('admin-tokens'), h('caption', {}, a.error.message));
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
    replace(
      $('admin-bundles'),
      head(['admin.revision', 'admin.name', 'admin.created', 'admin.by', 'admin.state']),
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
            cell(b.created_by),
            cell(b.revision === a.in_force ? t('admin.inForce') : ''),
          ),
        ),
      ),
    );
  }

  /** Sends a new bundle revision; the service loads it first and refuses one that does not load, naming the field. */
  async function put(/** @type {string} */ p, /** @type {BodyInit} */ body, /** @type {string} */ type) {
    const box = $('admin-bundle-state');
    replace(box, h('p', { class: 'muted' }, t('admin.sending')));
    let r;
    try {
      r = await fetch(p, { method: 'PUT', headers: { authorization: `Bearer ${ctx.api.token}`, 'content-type': type }, body });
    } catch (e) {
      replace(box, renderError({ message: String(e) }, t('admin.refused')));
      return;
    }
    const j = await r.json().catch(() => ({}));
    if (!r.ok) {
      replace(box, renderError({ message: j.detail || j.title || r.statusText, path: j.pointer ?? j.path ?? '' }, t('admin.refused')));
      return;
    }
    replace(box, h('p', { class: 'ok' }, t('admin.inForceNow', { revision: j.revision ?? j.bundle?.revision ?? '?' })));
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
    const a = await ctx.api.call('GET', '/v1/plugins');
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
  }

  async function removePlugin(/** @type {string} */ id) {
    if (!window.confirm(t('admin.confirmRemove', { id }))) return;
    const a = await ctx.api.call('DELETE', `/v1/plugins/${encodeURIComponent(id)}`);
    if (!a.ok) replace($('admin-bundle-state'), renderError(a.error, t('admin.failed')));
    plugins();
  }

  return {
    onDataset() {},
    onHistory() {},
    onShow() {
      tokenForm();
      tokens();
      bundles();
      plugins();
    },
    onLang() {
      this.onShow();
    },
  };
}
