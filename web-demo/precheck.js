// @ts-check
// 检查预检: a form for one inspection, re-checked on every change with checker.validateInspection(record,
// history), where history is the earlier records of the same enterprise. Findings mark the form field that their
// JSON pointer `path` names.

import { t, getLang, enumValues } from './i18n.js';
import { todayInShanghai, version } from './pkg/index.js';
import {
  h,
  replace,
  toLocalInput,
  fromLocalInput,
  fmtMs,
  renderFindings,
  renderError,
  countBySeverity,
  sevBadge,
  byId,
  inputById,
  selectById,
  buttonById,
  htmlAll,
} from './ui.js';

const NOTICE_FIELDS = ['time', 'basis', 'purpose', 'content'];
const NOTICE_STATES = ['sent', 'exempt', 'none'];
const CONDUCT = ['gifts', 'hospitality', 'expenses_charged', 'designated_intermediary', 'legal_rep_required'];
const SEV_RANK = { info: 1, warning: 2, violation: 3 };

/** The record shown when the page opens: a clean on-site joint inspection of the example. */
const DEFAULT_RECORD = 'I-2025-0048';

/** Form state in the shape the inputs need (local times as `YYYY-MM-DDTHH:MM`, Asia/Shanghai). */
function blankState(ctx) {
  const now = new Date(Date.now() + 8 * 3600 * 1000);
  const day = now.toISOString().slice(0, 10);
  // Nothing is filled in that the officer did not enter: the agency only where the signed-in officer's is known.
  const lead = ctx.ownAgency ?? '';
  return {
    // A draft's own id, unique enough never to be taken for a record already filed (the officer may change it).
    id: `NEW-${day.replaceAll('-', '')}-${now.toISOString().slice(11, 19).replaceAll(':', '')}${Math.floor(Math.random() * 1296).toString(36).padStart(2, '0').toUpperCase()}`,
    activity: 'inspection',
    trigger: '',
    plan: '',
    mode: 'on-site',
    lead_agency: lead,
    joint_agencies: /** @type {string[]} */ ([]),
    delegated_by: '',
    inspectors: /** @type {string[]} */ ([]),
    enterprise: '',
    items: /** @type {string[]} */ ([]),
    started_at: '',
    ended_at: '',
    approved: false,
    approved_at: '',
    code: '',
    code_assigned_at: '',
    urgency: 'none',
    noticeState: 'none',
    notice_at: '',
    noticeFields: { time: false, basis: false, purpose: false, content: false },
    exemption: 'unsuitable',
    conduct: Object.fromEntries(CONDUCT.map((k) => [k, false])),
    measures: /** @type {{kind: string, legal_basis: string}[]} */ ([]),
    penalty: false,
    decided_on: '',
    return_visit_on: '',
    first_offense: false,
    minor: false,
    corrected: false,
    sector_data: /** @type {Record<string, unknown>} */ ({}),
  };
}

/** @typedef {ReturnType<typeof blankState>} FormState */

function stateFromRecord(r, ctx) {
  const s = blankState(ctx);
  Object.assign(s, {
    id: r.id ?? '',
    activity: r.activity ?? 'inspection',
    trigger: r.trigger ?? 'plan',
    plan: r.plan ?? '',
    mode: r.mode ?? 'on-site',
    lead_agency: r.lead_agency ?? '',
    joint_agencies: [...(r.joint_agencies ?? [])],
    delegated_by: r.delegated_by ?? '',
    inspectors: [...(r.inspectors ?? [])],
    enterprise: r.enterprise ?? '',
    items: [...(r.items ?? [])],
    started_at: toLocalInput(r.started_at),
    ended_at: toLocalInput(r.ended_at),
    approved: Boolean(r.approval),
    approved_at: toLocalInput(r.approval?.approved_at),
    code: r.code ?? '',
    code_assigned_at: toLocalInput(r.code_assigned_at),
    urgency: r.urgency?.kind ?? 'none',
    noticeState: r.notice ? 'sent' : r.notice_exemption ? 'exempt' : 'none',
    notice_at: toLocalInput(r.notice?.sent_at),
    noticeFields: Object.fromEntries(NOTICE_FIELDS.map((k) => [k, r.notice ? Boolean(r.notice[k]) : true])),
    exemption: r.notice_exemption ?? 'unsuitable',
    conduct: Object.fromEntries(CONDUCT.map((k) => [k, Boolean(r.conduct?.[k])])),
    measures: (r.measures ?? []).map((m) => ({ kind: m.kind, legal_basis: m.legal_basis ?? '' })),
    penalty: Boolean(r.penalty),
    decided_on: r.penalty?.decided_on ?? '',
    return_visit_on: r.penalty?.return_visit_on ?? '',
    first_offense: Boolean(r.penalty?.first_offense),
    minor: Boolean(r.penalty?.minor),
    corrected: Boolean(r.penalty?.corrected),
    sector_data: r.sector_data ?? {},
  });
  return s;
}

/**
 * The inspection record (data contract v1) of the form state.
 * @param {FormState} s
 */
function recordFromState(s) {
  return {
    id: s.id,
    activity: s.activity,
    trigger: s.trigger,
    plan: s.plan || null,
    mode: s.mode,
    lead_agency: s.lead_agency,
    joint_agencies: s.joint_agencies,
    delegated_by: s.delegated_by || null,
    inspectors: s.inspectors,
    enterprise: s.enterprise,
    started_at: fromLocalInput(s.started_at),
    ended_at: fromLocalInput(s.ended_at),
    items: s.items,
    approval: s.approved && s.approved_at ? { approved_at: fromLocalInput(s.approved_at) } : null,
    code: s.code.trim() || null,
    code_assigned_at: fromLocalInput(s.code_assigned_at),
    urgency: s.urgency === 'none' ? null : { kind: s.urgency },
    notice: s.noticeState === 'sent' && s.notice_at ? { sent_at: fromLocalInput(s.notice_at), ...s.noticeFields } : null,
    notice_exemption: s.noticeState === 'exempt' ? s.exemption : null,
    conduct: { ...s.conduct },
    measures: s.measures.map((m) => ({ kind: m.kind, legal_basis: m.legal_basis.trim() || null })),
    penalty: s.penalty
      ? {
          decided_on: s.decided_on || null,
          first_offense: s.first_offense,
          minor: s.minor,
          corrected: s.corrected,
          return_visit_on: s.return_visit_on || null,
        }
      : null,
    sector_data: s.sector_data,
  };
}

/**
 * Fields the officer has not filled in yet, as [JSON pointer, empty?, blocking?]: they are shown as 待填写, never
 * as violations, and the engine's findings on them wait until they are filled in. A blocking one leaves the
 * record unreadable, so nothing is checked until it is there.
 * @type {[string, (s: FormState) => boolean, boolean][]}
 */
const PENDING = [
  ['/trigger', (s) => !s.trigger, true],
  ['/started_at', (s) => !s.started_at, true],
  ['/ended_at', (s) => !s.ended_at, true],
  ['/lead_agency', (s) => !s.lead_agency, false],
  ['/enterprise', (s) => !s.enterprise, false],
  ['/inspectors', (s) => !s.inspectors.length, false],
  ['/items', (s) => !s.items.length, false],
  ['/approval/approved_at', (s) => s.approved && !s.approved_at, false],
  ['/notice/sent_at', (s) => s.noticeState === 'sent' && !s.notice_at, false],
  ['/code', (s) => s.mode === 'on-site' && !s.code.trim(), false],
  ['/code_assigned_at', (s) => Boolean(s.code.trim()) && !s.code_assigned_at, false],
  ['/penalty/decided_on', (s) => s.penalty && !s.decided_on, false],
];

/**
 * Whether a finding at `p` concerns the pending field `q` (the same field, one inside it, or its parent).
 * @param {string} p
 * @param {string} q
 */
function concerns(p, q) {
  return p === q || p.startsWith(`${q}/`) || q.startsWith(`${p}/`);
}

/** @param {any} ctx the page's shared state */
export function createPrecheck(ctx) {
  const $ = byId;
  const form = /** @type {HTMLFormElement} */ ($('pc-form'));
  let state = blankState(ctx);
  let lastFindings = [];
  let flaggedIds = new Map(); // example record id -> rule ids (for the loader select)

  const ds = () => ctx.dataset || {};
  const agencies = () => ds().agencies || [];
  const agencyName = (id) => agencies().find((a) => a.id === id)?.name ?? id;
  const involved = () => new Set([state.lead_agency, ...state.joint_agencies, state.delegated_by].filter(Boolean));

  // ---------------------------------------------------------------------------------------------------------
  // Rendering of the inputs from `state`.

  /**
   * @param {HTMLSelectElement} sel
   * @param {string[][]} options [value, label] pairs
   * @param {string} value
   */
  function fillSelect(sel, options, value) {
    replace(sel, options.map(([v, label]) => h('option', { value: v }, label)));
    if (value !== undefined && !options.some(([v]) => v === value) && value !== '') {
      sel.append(h('option', { value }, `${value} ？`));
    }
    sel.value = value ?? '';
  }

  function segmented(container, name, values, labelKey, current, onPick) {
    replace(
      container,
      values.map((v) =>
        h(
          'label',
          { class: 'seg-opt' },
          h('input', { type: 'radio', name, value: v, checked: v === current, onchange: () => onPick(v) }),
          h('span', {}, t(`${labelKey}.${v}`)),
        ),
      ),
    );
  }

  function renderStatic() {
    fillSelect(selectById('f-activity'), enumValues('activity').map((v) => [v, t(`activity.${v}`)]), state.activity);
    fillSelect(selectById('f-trigger'), [['', t('pc.pendingChoose')], ...enumValues('trigger').map((v) => [v, t(`trigger.${v}`)])], state.trigger);
    fillSelect(selectById('f-urgency'), ['none', ...enumValues('urgency')].map((v) => [v, t(`urgency.${v}`)]), state.urgency);
    fillSelect(selectById('f-exemption'), enumValues('exemption').map((v) => [v, t(`exemption.${v}`)]), state.exemption);
    fillSelect(
      selectById('f-lead'),
      agencies().map((a) => [a.id, `${a.name}（${t(`kind.${a.kind}`)}）`]),
      state.lead_agency,
    );
    fillSelect(selectById('f-delegated'), [['', t('pc.planNone')], ...agencies().map((a) => [a.id, a.name])], state.delegated_by);
    const plans = ds().plans || [];
    fillSelect(
      selectById('f-plan'),
      [['', t('pc.planNone')], ...plans.map((p) => [p.id, `${p.id} · ${p.agencies.map(agencyName).join('、')}（${t(`pl.kind.${p.kind}`)}）`])],
      state.plan,
    );
    segmented($('f-mode'), 'mode', enumValues('mode'), 'mode', state.mode, (v) => update({ mode: v }));
    segmented($('f-notice-state'), 'noticeState', NOTICE_STATES, 'pc.noticeState', state.noticeState, (v) => setNoticeState(v));
    // the segmented notice labels use their own keys
    const noticeLabels = { sent: t('pc.noticeSent'), exempt: t('pc.noticeExempt'), none: t('pc.noticeNone') };
    for (const opt of $('f-notice-state').querySelectorAll('.seg-opt')) {
      const input = /** @type {HTMLInputElement} */ (opt.querySelector('input'));
      /** @type {HTMLSpanElement} */ (opt.querySelector('span')).textContent = noticeLabels[input.value];
    }
    replace(
      $('f-notice-fields'),
      NOTICE_FIELDS.map((k) =>
        h(
          'label',
          { dataset: { path: `/notice/${k}` } },
          h('input', {
            type: 'checkbox',
            id: `f-notice-${k}`,
            checked: state.noticeFields[k],
            onchange: (e) => update({ noticeFields: { ...state.noticeFields, [k]: e.target.checked } }),
          }),
          ' ',
          h('span', {}, t(`notice.${k}`)),
        ),
      ),
    );
    replace(
      $('f-conduct'),
      CONDUCT.map((k) =>
        h(
          'label',
          { dataset: { path: `/conduct/${k}` } },
          h('input', {
            type: 'checkbox',
            id: `f-conduct-${k}`,
            checked: state.conduct[k],
            onchange: (e) => update({ conduct: { ...state.conduct, [k]: e.target.checked } }),
          }),
          ' ',
          h('span', {}, t(`conduct.${k}`)),
        ),
      ),
    );
  }

  function renderValues() {
    inputById('f-id').value = state.id;
    selectById('f-activity').value = state.activity;
    selectById('f-trigger').value = state.trigger;
    fillSelectValue(selectById('f-plan'), state.plan);
    fillSelectValue(selectById('f-lead'), state.lead_agency);
    fillSelectValue(selectById('f-delegated'), state.delegated_by);
    const radios = (/** @type {string} */ selector) => /** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll(selector));
    for (const r of radios('input[name=mode]')) r.checked = r.value === state.mode;
    for (const r of radios('input[name=noticeState]')) r.checked = r.value === state.noticeState;
    inputById('f-started').value = state.started_at;
    inputById('f-ended').value = state.ended_at;
    inputById('f-approved').checked = state.approved;
    inputById('f-approved-at').value = state.approved_at;
    inputById('f-approved-at').disabled = !state.approved;
    selectById('f-urgency').value = state.urgency;
    inputById('f-code').value = state.code;
    inputById('f-code-at').value = state.code_assigned_at;
    inputById('f-notice-at').value = state.notice_at;
    for (const k of NOTICE_FIELDS) inputById(`f-notice-${k}`).checked = state.noticeFields[k];
    selectById('f-exemption').value = state.exemption;
    $('f-notice-sent').hidden = state.noticeState !== 'sent';
    $('f-exempt-wrap').hidden = state.noticeState !== 'exempt';
    for (const k of CONDUCT) inputById(`f-conduct-${k}`).checked = state.conduct[k];
    inputById('f-penalty').checked = state.penalty;
    $('f-penalty-body').hidden = !state.penalty;
    inputById('f-decided').value = state.decided_on;
    inputById('f-return').value = state.return_visit_on;
    inputById('f-first').checked = state.first_offense;
    inputById('f-minor').checked = state.minor;
    inputById('f-corrected').checked = state.corrected;
    renderJoint();
    renderInspectors();
    renderEnterprises();
    renderItems();
    renderMeasures();
  }

  /**
   * @param {HTMLSelectElement} sel
   * @param {string} value
   */
  function fillSelectValue(sel, value) {
    if (value && ![...sel.options].some((o) => o.value === value)) sel.append(h('option', { value }, `${value} ？`));
    sel.value = value ?? '';
  }

  function renderJoint() {
    const box = $('f-joint');
    const others = agencies().filter((a) => a.id !== state.lead_agency || state.joint_agencies.includes(a.id));
    const unknown = state.joint_agencies.filter((id) => !agencies().some((a) => a.id === id));
    replace(
      box,
      [...others.map((a) => [a.id, a.name]), ...unknown.map((id) => [id, `${id} ？`])].map(([id, name]) => {
        const idx = state.joint_agencies.indexOf(id);
        return h(
          'label',
          { class: `chip${idx >= 0 ? ' on' : ''}`, dataset: idx >= 0 ? { path: `/joint_agencies/${idx}` } : {} },
          h('input', {
            type: 'checkbox',
            value: id,
            checked: idx >= 0,
            onchange: (e) => toggleIn('joint_agencies', id, e.target.checked),
          }),
          name,
        );
      }),
    );
  }

  function certText(p, day) {
    const c = p.certificate;
    if (!c) return t('cert.none');
    if (c.revoked_on) return t('cert.revoked', { d: c.revoked_on });
    return t('cert.until', { d: c.valid_until });
  }

  function certOk(p, day) {
    const c = p.certificate;
    if (!c || p.role !== 'officer') return false;
    if (c.revoked_on && c.revoked_on <= day) return false;
    return c.valid_from <= day && day <= c.valid_until;
  }

  function renderInspectors() {
    const all = inputById('f-all-inspectors').checked;
    const inv = involved();
    const list = (ds().inspectors || []).filter((p) => all || inv.has(p.agency) || state.inspectors.includes(p.id));
    const unknown = state.inspectors.filter((id) => !(ds().inspectors || []).some((p) => p.id === id));
    const day = (state.started_at || '').slice(0, 10);
    const box = $('f-inspectors');
    if (!list.length && !unknown.length) {
      replace(box, h('p', { class: 'muted small' }, t('pc.noInspectors')));
      return;
    }
    replace(
      box,
      list.map((p) => {
        const idx = state.inspectors.indexOf(p.id);
        const ok = certOk(p, day);
        return h(
          'label',
          { class: `opt${idx >= 0 ? ' on' : ''}`, dataset: idx >= 0 ? { path: `/inspectors/${idx}`, label: p.name } : { label: p.name } },
          h('input', { type: 'checkbox', value: p.id, checked: idx >= 0, onchange: (e) => toggleIn('inspectors', p.id, e.target.checked) }),
          h(
            'span',
            { class: 'opt-main' },
            h('strong', {}, p.name),
            h('span', { class: 'muted' }, ` ${p.id} · ${agencyName(p.agency)}`),
          ),
          h(
            'span',
            { class: 'opt-tags' },
            h('span', { class: `tag${p.role === 'officer' ? '' : ' tag-warn'}` }, t(`role.${p.role}`)),
            h('span', { class: `tag${ok || p.role !== 'officer' ? '' : ' tag-warn'}` }, certText(p, day)),
          ),
        );
      }),
      unknown.map((id) => {
        const idx = state.inspectors.indexOf(id);
        return h(
          'label',
          { class: 'opt on unknown', dataset: { path: `/inspectors/${idx}`, label: id } },
          h('input', { type: 'checkbox', checked: true, onchange: (e) => toggleIn('inspectors', id, e.target.checked) }),
          h('span', { class: 'opt-main' }, h('strong', {}, id), h('span', { class: 'muted' }, ' ？')),
        );
      }),
    );
  }

  function renderEnterprises() {
    const q = inputById('f-ent-search').value.trim().toLowerCase();
    const ents = ds().enterprises || [];
    const match = ents.filter(
      (e) => !q || e.name.toLowerCase().includes(q) || e.id.toLowerCase().includes(q) || (e.industry || '').toLowerCase().startsWith(q),
    );
    const sel = selectById('f-enterprise');
    const opts = match.map((e) => h('option', { value: e.id }, `${e.name} · ${e.id}`));
    if (state.enterprise && !match.some((e) => e.id === state.enterprise)) {
      const e = ents.find((x) => x.id === state.enterprise);
      opts.unshift(h('option', { value: state.enterprise }, e ? `${e.name} · ${e.id}` : `${state.enterprise} ？`));
    }
    if (!opts.length) opts.push(h('option', { value: '', disabled: true }, t('pc.enterpriseNone')));
    replace(sel, opts);
    sel.value = state.enterprise;
    const picked = sel.selectedIndex;
    if (picked > 1) sel.scrollTop = Math.max(0, sel.options[picked].offsetTop - sel.clientHeight / 2);
    renderEnterpriseInfo();
  }

  function renderEnterpriseInfo() {
    const e = (ds().enterprises || []).find((x) => x.id === state.enterprise);
    const box = $('f-ent-info');
    if (!state.enterprise) return replace(box);
    if (!e) return replace(box, h('span', { class: 'tag tag-warn' }, `${state.enterprise} ？`));
    replace(
      box,
      h('strong', {}, e.name),
      h('span', { class: 'muted' }, ` ${e.id}`),
      h(
        'span',
        { class: 'opt-tags' },
        h('span', { class: 'tag' }, `${t('industry.label')} ${e.industry}`),
        e.risk_color ? h('span', { class: `tag risk risk-${e.risk_color}` }, `${t('risk.label')} ${t(`risk.${e.risk_color}`)}`) : null,
        e.credit_class ? h('span', { class: 'tag' }, `${t('credit.label')} ${e.credit_class}`) : null,
        (e.tags || []).map((x) => h('span', { class: 'tag tag-soft' }, x)),
      ),
    );
  }

  function renderItems() {
    const all = inputById('f-all-items').checked;
    const inv = involved();
    const items = (ds().items || []).filter((it) => all || inv.has(it.agency) || state.items.includes(it.id));
    const unknown = state.items.filter((id) => !(ds().items || []).some((it) => it.id === id));
    const box = $('f-items');
    if (!items.length && !unknown.length) return replace(box, h('p', { class: 'muted small' }, t('pc.noItems')));
    const groups = new Map();
    for (const it of items) {
      if (!groups.has(it.agency)) groups.set(it.agency, []);
      groups.get(it.agency).push(it);
    }
    const day = (state.started_at || '').slice(0, 10);
    replace(
      box,
      [...groups].map(([agency, list]) => [
        h('div', { class: 'opt-group' }, agencyName(agency)),
        list.map((it) => {
          const idx = state.items.indexOf(it.id);
          const published = it.published_on && (!day || it.published_on <= day);
          return h(
            'label',
            { class: `opt${idx >= 0 ? ' on' : ''}`, dataset: idx >= 0 ? { path: `/items/${idx}`, label: it.name } : { label: it.name } },
            h('input', { type: 'checkbox', value: it.id, checked: idx >= 0, onchange: (e) => toggleIn('items', it.id, e.target.checked) }),
            h('span', { class: 'opt-main' }, h('strong', {}, it.name), h('span', { class: 'muted' }, ` ${it.id}`)),
            h(
              'span',
              { class: 'opt-tags' },
              h('span', { class: 'tag' }, t(`method.${it.method}`)),
              h(
                'span',
                { class: `tag${published ? '' : ' tag-warn'}` },
                it.published_on ? t('pc.publishedOn', { d: it.published_on }) : t('pc.unpublished'),
              ),
              it.delegable ? h('span', { class: 'tag tag-soft' }, t('pc.delegable')) : null,
            ),
          );
        }),
      ]),
      unknown.map((id) => {
        const idx = state.items.indexOf(id);
        return h(
          'label',
          { class: 'opt on unknown', dataset: { path: `/items/${idx}`, label: id } },
          h('input', { type: 'checkbox', checked: true, onchange: (e) => toggleIn('items', id, e.target.checked) }),
          h('span', { class: 'opt-main' }, h('strong', {}, id), h('span', { class: 'muted' }, ' ？')),
        );
      }),
    );
  }

  function renderMeasures() {
    const box = $('f-measures');
    if (!state.measures.length) return replace(box, h('p', { class: 'muted small' }, t('pc.noMeasures')));
    replace(
      box,
      state.measures.map((m, i) =>
        h(
          'div',
          { class: 'measure-row', dataset: { path: `/measures/${i}` } },
          h(
            'label',
            { class: 'sub-field' },
            h('span', {}, t('pc.measureKind')),
            h(
              'select',
              { onchange: (e) => setMeasure(i, { kind: e.target.value }) },
              enumValues('measure').map((k) => h('option', { value: k, selected: k === m.kind }, t(`measure.${k}`))),
            ),
          ),
          h(
            'label',
            { class: 'sub-field grow', dataset: { path: `/measures/${i}/legal_basis` } },
            h('span', {}, t('pc.measureBasis')),
            h('input', { type: 'text', value: m.legal_basis, placeholder: t('pc.measureBasisPh'), oninput: (e) => setMeasure(i, { legal_basis: e.target.value }, false) }),
          ),
          h('button', { type: 'button', class: 'btn btn-small btn-ghost', onclick: () => removeMeasure(i) }, t('pc.remove')),
        ),
      ),
    );
  }

  // ---------------------------------------------------------------------------------------------------------
  // State changes.

  function update(patch, { rerender = false } = {}) {
    state = { ...state, ...patch };
    if (rerender) renderValues();
    validate();
  }

  function toggleIn(key, id, on) {
    const list = state[key].filter((x) => x !== id);
    if (on) list.push(id);
    state = { ...state, [key]: list };
    if (key === 'joint_agencies') {
      renderJoint();
      renderInspectors();
      renderItems();
    } else if (key === 'inspectors') renderInspectors();
    else if (key === 'items') renderItems();
    validate();
  }

  function setMeasure(i, patch, rerender = true) {
    const measures = state.measures.map((m, j) => (j === i ? { ...m, ...patch } : m));
    state = { ...state, measures };
    if (rerender) renderMeasures();
    validate();
  }

  function removeMeasure(i) {
    state = { ...state, measures: state.measures.filter((_, j) => j !== i) };
    renderMeasures();
    validate();
  }

  function setNoticeState(v) {
    const patch = { noticeState: v };
    state = { ...state, ...patch };
    renderValues();
    validate();
  }

  function bindInputs() {
    const on = (id, ev, fn) => $(id).addEventListener(ev, fn);
    // Capture: marked before the field's own handler checks (and saves the draft).
    form.addEventListener('input', () => { dirty = true; }, true);
    form.addEventListener('change', () => { dirty = true; }, true);
    on('f-id', 'input', (e) => update({ id: e.target.value }));
    on('f-activity', 'change', (e) => update({ activity: e.target.value }));
    on('f-trigger', 'change', (e) => update({ trigger: e.target.value }));
    on('f-plan', 'change', (e) => update({ plan: e.target.value }));
    on('f-lead', 'change', (e) => {
      state = { ...state, lead_agency: e.target.value, joint_agencies: state.joint_agencies.filter((a) => a !== e.target.value) };
      renderJoint();
      renderInspectors();
      renderItems();
      validate();
    });
    on('f-delegated', 'change', (e) => {
      state = { ...state, delegated_by: e.target.value };
      renderInspectors();
      renderItems();
      validate();
    });
    on('f-all-inspectors', 'change', renderInspectors);
    on('f-all-items', 'change', renderItems);
    on('f-ent-search', 'input', () => {
      renderEnterprises();
      // a single match is picked at once
      const sel = selectById('f-enterprise');
      const real = [...sel.options].filter((o) => o.value && !o.disabled);
      if (real.length === 1 && real[0].value !== state.enterprise) {
        sel.value = real[0].value;
        setEnterprise(real[0].value);
      }
    });
    on('f-enterprise', 'change', (e) => setEnterprise(e.target.value));
    on('f-started', 'input', (e) => {
      state = { ...state, started_at: e.target.value };
      renderInspectors();
      renderItems();
      validate();
    });
    on('f-ended', 'input', (e) => update({ ended_at: e.target.value }));
    on('f-approved', 'change', (e) => {
      const patch = { approved: e.target.checked };
      update(patch, { rerender: true });
    });
    on('f-approved-at', 'input', (e) => update({ approved_at: e.target.value }));
    on('f-urgency', 'change', (e) => update({ urgency: e.target.value }));
    on('f-code', 'input', (e) => update({ code: e.target.value }));
    on('f-code-at', 'input', (e) => update({ code_assigned_at: e.target.value }));
    on('f-notice-at', 'input', (e) => update({ notice_at: e.target.value }));
    on('f-exemption', 'change', (e) => update({ exemption: e.target.value }));
    on('f-add-measure', 'click', () => {
      state = { ...state, measures: [...state.measures, { kind: 'seal', legal_basis: '' }] };
      renderMeasures();
      validate();
    });
    on('f-penalty', 'change', (e) => {
      const patch = { penalty: e.target.checked };
      update(patch, { rerender: true });
    });
    on('f-decided', 'input', (e) => update({ decided_on: e.target.value }));
    on('f-return', 'input', (e) => update({ return_visit_on: e.target.value }));
    on('f-first', 'change', (e) => update({ first_offense: e.target.checked }));
    on('f-minor', 'change', (e) => update({ minor: e.target.checked }));
    on('f-corrected', 'change', (e) => update({ corrected: e.target.checked }));
    form.addEventListener('submit', (e) => e.preventDefault());
    $('pc-print').addEventListener('click', () => window.print());
    $('pc-submit').addEventListener('click', submit);
    $('pc-load').addEventListener('change', () => {
      const id = selectById('pc-load').value;
      if (!id) return;
      const r = ctx.historyRecords().find((x) => x.id === id);
      if (r) loadRecord(r);
    });
    $('pc-new').addEventListener('click', () => {
      if (!mayReplace()) return;
      dirty = false;
      dropDraft();
      $('pc-draft').hidden = true;
      state = blankState(ctx);
      selectById('pc-load').value = '';
      inputById('f-ent-search').value = '';
      renderValues();
      validate();
    });
  }

  function setEnterprise(id) {
    state = { ...state, enterprise: id };
    renderEnterpriseInfo();
    validate();
  }

  /** Whether the form holds anything the officer typed (a loaded record counts as typed once changed). */
  let dirty = false;

  /** Asks before the form is replaced when it holds the officer's input; true to go on. */
  function mayReplace() {
    return !dirty || window.confirm(t('pc.confirmReplace'));
  }

  function loadRecord(r) {
    if (!mayReplace()) {
      selectById('pc-load').value = '';
      return;
    }
    dirty = false;
    dropDraft();
    $('pc-draft').hidden = true;
    state = stateFromRecord(r, ctx);
    inputById('f-ent-search').value = '';
    renderValues();
    validate();
  }

  // ---------------------------------------------------------------------------------------------------------
  // Checking and marking.

  /** @param {Element} el */
  function isVisible(el) {
    return el.getClientRects().length > 0;
  }

  /**
   * The visible form element for a JSON pointer: the exact data-path, else its nearest visible parent path.
   * @param {string | null | undefined} path
   * @returns {HTMLElement | null}
   */
  function targetFor(path) {
    let p = path || '';
    while (p) {
      const el = /** @type {HTMLElement | null} */ (form.querySelector(`[data-path="${CSS.escape(p)}"]`));
      if (el && isVisible(el)) return el;
      p = p.slice(0, p.lastIndexOf('/'));
    }
    return null;
  }

  /** @param {string} path */
  function pathLabel(path) {
    const el = targetFor(path);
    if (!el) return path;
    const field = el.closest('.field');
    const head = field?.querySelector(':scope > span, :scope > .field-head > span, :scope > label.toggle > span');
    const fieldName = head?.textContent?.trim() || el.closest('fieldset')?.querySelector('legend')?.textContent?.trim() || '';
    const own = el.dataset.label || (el !== field ? el.querySelector(':scope > span')?.textContent?.trim() : '');
    return [fieldName, own].filter(Boolean).join(' · ') || path;
  }

  function clearMarks() {
    for (const el of htmlAll('.mark-violation, .mark-warning, .mark-info', form)) {
      el.classList.remove('mark-violation', 'mark-warning', 'mark-info');
      delete el.dataset.flags;
      el.removeAttribute('title');
    }
  }

  /**
   * Marks `el` with the finding's severity; `flag` also shows the rule id on it (innermost element only).
   * @param {HTMLElement} el
   * @param {{severity: string, rule: string, message: string, message_en: string}} f
   */
  function mark(el, f, flag = true) {
    const current = ['violation', 'warning', 'info'].find((s) => el.classList.contains(`mark-${s}`));
    if (!current || SEV_RANK[f.severity] > SEV_RANK[current]) {
      el.classList.remove('mark-violation', 'mark-warning', 'mark-info');
      el.classList.add(`mark-${f.severity}`);
    }
    if (flag) {
      const flags = new Set((el.dataset.flags || '').split(' ').filter(Boolean));
      flags.add(f.rule);
      el.dataset.flags = [...flags].join(' ');
    }
    const msg = getLang() === 'en' ? f.message_en : f.message;
    el.title = el.title ? `${el.title}\n${msg}` : msg;
  }

  function applyMarks(findings) {
    clearMarks();
    for (const f of findings) {
      const el = targetFor(f.path);
      if (!el) continue;
      mark(el, f);
      const field = /** @type {HTMLElement | null} */ (el.closest('.field'));
      if (field && field !== el) mark(field, f, false);
    }
  }

  /** @param {string} path */
  function jumpTo(path) {
    const el = targetFor(path);
    if (!el) return;
    el.scrollIntoView({ behavior: 'smooth', block: 'center' });
    el.classList.remove('flash');
    void el.offsetWidth;
    el.classList.add('flash');
    const input = el.matches('input,select,textarea') ? el : /** @type {HTMLElement | null} */ (el.querySelector('input:not([type=hidden]),select,textarea'));
    input?.focus({ preventScroll: true });
  }

  function showPending(pending) {
    for (const el of htmlAll('[data-pending]', form)) delete el.dataset.pending;
    for (const [path] of pending) {
      const el = targetFor(path);
      if (el) el.dataset.pending = t('pc.pendingTag');
    }
  }

  const draftKey = () => ctx.draftKey ?? 'jiancha.precheck.draft';

  /** Keeps what the officer typed in this browser (localStorage), to be restored when the page opens again. */
  function saveDraft() {
    if (!dirty) return;
    try {
      localStorage.setItem(draftKey(), JSON.stringify({ state, saved_at: new Date().toISOString() }));
    } catch {
      /* storage full or disabled: drafts are a convenience */
    }
  }

  function dropDraft() {
    try {
      localStorage.removeItem(draftKey());
    } catch {
      /* as above */
    }
  }

  function readDraft() {
    try {
      const d = JSON.parse(localStorage.getItem(draftKey()) || 'null');
      return d && d.state && typeof d.state === 'object' ? d : null;
    } catch {
      return null;
    }
  }

  /** The on-site quota of the lead agency for the enterprise this year, shown before the date is chosen. */
  function renderQuota(record) {
    const el = $('pc-quota');
    if (!record.enterprise || !record.lead_agency || !ctx.checker.quota) {
      el.textContent = t('pc.quotaWait');
      el.dataset.state = 'wait';
      return;
    }
    const year = Number((state.started_at || todayInShanghai()).slice(0, 4));
    const history = ctx.historyFor(record.enterprise).filter((r) => r.id !== record.id);
    const q = ctx.checker.quota(history, record.enterprise, record.lead_agency, year);
    if (!q.ok) {
      el.textContent = q.error.message;
      el.dataset.state = 'error';
      return;
    }
    const [onsite, , colour, credit] = q.caps;
    const vars = { agency: agencyName(record.lead_agency), year, used: onsite.used, cap: onsite.cap, left: onsite.left };
    let text =
      onsite.cap === null || onsite.cap === undefined
        ? t('pc.quotaNoCap', vars)
        : t('pc.quota', vars) + (onsite.left ? t('pc.quotaLeft', vars) : t('pc.quotaNone'));
    if (colour && colour.cap !== null && colour.cap !== undefined) text += ` ${t('pc.quotaColour', { used: colour.used, cap: colour.cap })}`;
    if (credit && credit.cap !== null && credit.cap !== undefined) text += ` ${t('pc.quotaCredit', { used: credit.used, cap: credit.cap })}`;
    el.textContent = text;
    el.title = getLang() === 'en' ? onsite.why_en : onsite.why;
    el.dataset.state = onsite.left === 0 ? 'full' : 'ok';
  }

  /** What the printed 预检单 says above the results: the record in a few lines. */
  function renderPrintHead(record) {
    const ent = ctx.dataset?.enterprises?.find((e) => e.id === record.enterprise);
    const row = (k, v) => h('div', { class: 'print-row' }, h('span', { class: 'muted' }, t(k)), h('span', {}, v || '—'));
    replace(
      $('pc-print-head'),
      h('h2', {}, t('pc.printTitle')),
      row('pc.id', record.id),
      row('pc.lead', agencyName(record.lead_agency)),
      row('pc.enterprise', ent ? `${ent.name}（${ent.id}）` : record.enterprise),
      row('pc.startedAt', (state.started_at || '').replace('T', ' ')),
      row('pc.endedAt', (state.ended_at || '').replace('T', ' ')),
      row('pc.code', record.code),
      h('p', { class: 'muted small' }, t('pc.printed', { at: new Date().toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN'), version: version() })),
    );
  }

  /** Files the record with the service and shows the service's own answer (the check of record). */
  async function submit() {
    const box = $('pc-server');
    const record = recordFromState(state);
    const button = buttonById('pc-submit');
    button.disabled = true;
    replace(box, h('p', { class: 'muted' }, t('sv.submitting')));
    try {
      const a = await ctx.file(record);
      if (!a.ok) {
        replace(box, renderError(a.error, t('sv.submitFailed')));
        return;
      }
      const findings = a.findings ?? [];
      dirty = false;
      dropDraft();
      replace(
        box,
        h(
          'div',
          { class: 'server-answer', 'data-state': findings.length ? 'findings' : 'clean' },
          h('h4', {}, t('sv.answer', { id: a.id ?? record.id, decision: a.decision_id ?? '' })),
          findings.length ? renderFindings(findings, ctx, { onPath: jumpTo, pathLabel }) : h('p', { class: 'clean' }, t('f.clean')),
          a.changed?.length ? h('p', { class: 'muted small' }, t('sv.changed', { n: a.changed.length })) : null,
        ),
      );
      validate();
    } finally {
      button.disabled = false;
    }
  }

  function afterCheck(record, shown) {
    renderQuota(record);
    renderPrintHead(record);
    $('pc-jump').textContent = shown ? t('pc.jumpN', { n: shown }) : t('pc.jump');
    saveDraft();
  }

  function validate() {
    if (!ctx.checker) return;
    const record = recordFromState(state);
    try {
      check(record);
    } finally {
      afterCheck(record, lastFindings.length);
    }
  }

  function check(record) {
    const pending = PENDING.filter(([, empty]) => empty(state));
    showPending(pending);
    const status = $('pc-status');
    const list = $('pc-findings');
    $('pc-json').textContent = JSON.stringify(record, null, 2);
    const names = pending.map(([path]) => pathLabel(path)).join('、');
    /** The panel without findings: `state` (pending or error) and what it says. */
    const noFindings = (state, content) => {
      lastFindings = [];
      clearMarks();
      status.dataset.state = state;
      replace(status, content);
      replace(list);
      renderHistory(record.enterprise, new Set());
    };
    if (pending.some(([, , blocking]) => blocking)) {
      // Not readable yet: nothing is checked, and nothing looks like a result.
      $('pc-timing').textContent = '';
      return noFindings('pending', h('div', { class: 'pending' }, h('strong', {}, t('pc.pendingOnly', { n: pending.length })), h('span', {}, names)));
    }
    const history = ctx.historyFor(record.enterprise);
    const t0 = performance.now();
    const answer = ctx.checker.validateInspection(record, history);
    const ms = performance.now() - t0;
    $('pc-timing').textContent = t('f.took', { ms: fmtMs(ms) });
    $('pc-timing').dataset.ms = String(ms);
    if (!answer.ok) {
      // What to fix, next to the field: the field's name and the engine's message on it.
      const field = pathLabel(answer.error.path);
      noFindings('error', renderError({ ...answer.error, message: t('pc.fixMessage', { field, message: answer.error.message }) }, t('f.unreadable')));
      const el = targetFor(answer.error.path);
      if (el) mark(el, { severity: 'violation', rule: 'error', message: answer.error.message, message_en: answer.error.message });
      if (el) el.dataset.pending = t('pc.fixField');
      return;
    }
    // Findings on fields still to be filled in wait for them.
    const res = { ...answer, findings: answer.findings.filter((f) => !pending.some(([q]) => concerns(f.path, q))) };
    ctx.onChecked?.(record, res.findings);
    if (pending.length && !res.findings.length) {
      return noFindings('pending', h('div', { class: 'pending' }, h('strong', {}, t('pc.pendingSoFar', { n: pending.length })), h('span', {}, names)));
    }
    lastFindings = res.findings;
    applyMarks(res.findings);
    if (!res.findings.length) {
      status.dataset.state = 'clean';
      replace(status, h('div', { class: 'clean' }, h('strong', {}, t('f.clean')), h('span', {}, t('f.cleanNote'))));
      replace(list);
    } else {
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
          onPath: jumpTo,
          pathLabel,
          onRelated: (id) => highlightHistory(id),
        }),
      );
    }
    const related = new Set(res.findings.flatMap((f) => f.related || []));
    renderHistory(record.enterprise, related);
  }

  function renderHistory(uscc, related) {
    const recs = ctx
      .historyFor(uscc)
      .filter((r) => r.id !== state.id)
      .sort((a, b) => String(a.started_at).localeCompare(String(b.started_at)) || String(a.id).localeCompare(String(b.id)));
    const start = fromLocalInput(state.started_at) || '';
    const isLater = (r) => Date.parse(r.started_at) > Date.parse(start);
    const before = recs.filter((r) => !isLater(r)).length;
    $('pc-history-note').textContent = recs.length
      ? `${t('pc.historyCount', { n: recs.length, before })} · ${t('ds.history')}：${ctx.historySourceLabel()}`
      : `${t('pc.historyEmpty')} · ${t('ds.history')}：${ctx.historySourceLabel()}`;
    replace(
      $('pc-history'),
      recs.map((r) =>
        h(
          'button',
          {
            type: 'button',
            class: `history-row${related.has(r.id) ? ' related' : ''}${isLater(r) ? ' later' : ''}`,
            dataset: { id: r.id },
            title: t('pc.loadRecord'),
            onclick: () => {
              selectById('pc-load').value = r.id;
              loadRecord(r);
            },
          },
          h('span', { class: 'h-date' }, toLocalInput(r.started_at).replace('T', ' ')),
          h('span', { class: 'h-id' }, r.id),
          h('span', { class: 'h-agency' }, agencyName(r.lead_agency) + (r.joint_agencies?.length ? ` +${r.joint_agencies.length}` : '')),
          h(
            'span',
            { class: 'h-tags' },
            isLater(r) ? h('span', { class: 'tag tag-soft', title: t('pc.afterTitle') }, t('pc.after')) : null,
            h('span', { class: `tag${r.mode === 'on-site' ? '' : ' tag-soft'}` }, t(`method.${r.mode}`)),
          ),
        ),
      ),
    );
  }

  function highlightHistory(id) {
    const row = /** @type {HTMLElement | null} */ ($('pc-history').querySelector(`[data-id="${CSS.escape(id)}"]`));
    if (!row) return;
    row.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
    row.classList.remove('flash');
    void row.offsetWidth;
    row.classList.add('flash');
  }

  // ---------------------------------------------------------------------------------------------------------
  // The "load an example record" select: records grouped by whether the batch check finds something.

  function computeFlagged() {
    flaggedIds = new Map();
    const recs = ctx.historyRecords();
    if (!recs.length || !ctx.checker) return;
    const res = ctx.checker.check(recs.map((r) => JSON.stringify(r)).join('\n'));
    if (!res.ok) return;
    for (const line of res.output.split('\n')) {
      if (!line) continue;
      const o = JSON.parse(line);
      if (o.scope === 'inspection' && o.id && o.findings.length) flaggedIds.set(o.id, [...new Set(o.findings.map((f) => f.rule))]);
    }
  }

  function renderLoader() {
    const sel = selectById('pc-load');
    const recs = ctx.historyRecords();
    const flagged = recs.filter((r) => flaggedIds.has(r.id));
    const clean = recs.filter((r) => !flaggedIds.has(r.id));
    const label = (r) => `${r.id} · ${agencyName(r.lead_agency)} · ${toLocalInput(r.started_at).slice(0, 10)}`;
    replace(
      sel,
      h('option', { value: '' }, t('pc.loadRecordNone')),
      flagged.length
        ? h('optgroup', { label: t('pc.groupFindings') }, flagged.map((r) => h('option', { value: r.id }, `${label(r)} — ${flaggedIds.get(r.id).join(', ')}`)))
        : null,
      clean.length ? h('optgroup', { label: t('pc.groupClean') }, clean.map((r) => h('option', { value: r.id }, label(r)))) : null,
    );
    sel.value = recs.some((r) => r.id === state.id) ? state.id : '';
  }

  bindInputs();

  return {
    onDataset() {
      computeFlagged();
      const recs = ctx.historyRecords();
      const first = recs.find((r) => r.id === DEFAULT_RECORD) || recs.find((r) => !flaggedIds.has(r.id));
      state = first ? stateFromRecord(first, ctx) : blankState(ctx);
      // A draft the officer left is restored over the default record (and says so).
      const draft = readDraft();
      if (draft) {
        state = { ...blankState(ctx), ...draft.state };
        dirty = true;
        const at = new Date(draft.saved_at).toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN');
        $('pc-draft').textContent = t('pc.draftRestored', { at });
        $('pc-draft').hidden = false;
      }
      $('pc-submit').hidden = !ctx.service;
      renderStatic();
      renderLoader();
      renderValues();
      validate();
    },
    onHistory() {
      computeFlagged();
      renderLoader();
      validate();
    },
    onLang() {
      renderStatic();
      renderLoader();
      renderValues();
      validate();
    },
    onShow() {
      // labels of marked fields can only be read while the form is visible
      validate();
    },
    /** For tests and the console: the current record and the last findings. */
    get record() {
      return recordFromState(state);
    },
    get findings() {
      return lastFindings;
    },
  };
}
