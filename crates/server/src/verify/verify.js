// @ts-check
// The enterprise's page of `jiancha serve`: verify the 行政行为码 shown at the door (POST /v1/public/codes:verify),
// then evaluate the visit (POST /v1/public/evaluations). No sign-in; what it shows comes from the public API.
// A scanned code may arrive as /verify#code=… (the enterprise's USCC is remembered in this browser only).

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** An element with text children. */
function el(/** @type {string} */ tag, /** @type {Record<string,string>} */ attrs = {}, /** @type {(string|Node)[]} */ ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const k of kids) e.append(k);
  return e;
}

const TRIGGER = {
  plan: '年度计划 annual plan', special: '专项检查 special', 'random-sampling': '双随机抽查 random sampling',
  complaint: '投诉举报 complaint', referral: '转办交办 referral', 'data-monitoring': '数据监测 data monitoring',
  patrol: '巡查发现 patrol', 'enterprise-request': '企业申请 at the enterprise\'s request',
};
const URGENCY = { temporary: '临时性检查 temporary', 'four-no-two-direct': '四不两直', covert: '暗查暗访 covert' };

/** Times as the county reads them, in Asia/Shanghai whatever the browser's zone. */
const FMT = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
function time(/** @type {string|null|undefined} */ t) {
  if (!t) return '—';
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : FMT.format(d).replace(/\//g, '-');
}

/** @type {{code: string, enterprise: string} | null} */
let current = null;

async function post(/** @type {string} */ path, /** @type {any} */ body) {
  const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  let data = null;
  try { data = await r.json(); } catch { data = null; }
  return { ok: r.ok, status: r.status, data };
}

function showError(/** @type {any} */ data, /** @type {number} */ status) {
  const box = $('result');
  box.hidden = false;
  box.className = 'error';
  box.replaceChildren(el('h2', {}, status === 429 ? '请求过于频繁 / too many requests' : '无法核验 / cannot verify'),
    el('p', {}, String(data?.detail ?? data?.title ?? `HTTP ${status}`)));
}

function render(/** @type {any} */ v, /** @type {{evaluations: number, evaluable: boolean}} */ info) {
  const box = $('result');
  box.hidden = false;
  box.className = v.status;
  box.dataset.status = v.status;
  const heads = {
    registered: '✔ 已登记的检查 / a registered inspection',
    expired: '⚠ 此码的检查已结束 / this code\'s inspection has ended',
    unknown: '✘ 未登记的码 / unknown code',
    foreign: '✘ 不是对贵企业的检查 / not an inspection of your enterprise',
  };
  box.replaceChildren(el('h2', {}, heads[v.status] ?? v.status), el('p', {}, v.message), el('p', { class: 'en' }, v.message_en));
  const i = v.inspection;
  if (i) {
    const dl = el('dl');
    const row = (/** @type {string} */ k, /** @type {string|Node} */ val) => dl.append(el('dt', {}, k), el('dd', {}, val));
    row('检查机构 agency', `${i.agency_name ?? i.agency}`);
    if (i.joint_agencies.length) row('联合检查 joint', i.joint_agencies.map((/** @type {any} */ a) => a[1] ?? a[0]).join('、'));
    row('检查方式 mode', i.mode === 'on-site' ? '现场检查 on-site' : '非现场 off-site');
    row('检查来源 trigger', TRIGGER[i.trigger] ?? i.trigger);
    row('时间 time', `${time(i.started_at)} – ${time(i.ended_at)}`);
    const items = el('ul');
    for (const it of i.items) {
      items.append(el('li', {}, `${it.name ?? it.id}`, it.published ? ' ✔ 已公布 published' : el('span', { class: 'bad' }, ' ✘ 不在公布的检查事项清单中 not on the published list')));
    }
    row('检查事项 items', items);
    row('负责人审批 approved', i.approved_at ? time(i.approved_at) : el('span', { class: 'bad' }, '未见审批 none on record'));
    const notice = i.notice_sent_at
      ? `${time(i.notice_sent_at)} ${i.notice_complete ? '（时间、依据、目的、内容齐全 complete）' : '（告知内容不全 incomplete）'}`
      : i.notice_exemption ? `依法不事先告知 not noticed in advance (${i.notice_exemption})`
      : i.urgency ? `紧急检查 urgent: ${URGENCY[i.urgency] ?? i.urgency}` : '未见事先告知 no advance notice on record';
    row('事先告知 notice', notice);
    if (i.visits) {
      const cap = i.visits.cap == null ? '—' : String(i.visits.cap);
      row('本年度现场检查 visits this year', `${i.visits.year} 年该机构对贵企业现场检查共 ${i.visits.used} 次（上限 ${cap} 次）${i.visits.exempt ? '，本次不计入上限 / this one is exempt' : ''} / ${i.visits.used} on-site visits by this agency in ${i.visits.year}, cap ${cap}`);
    }
    box.append(dl);
  }
  const ours = v.status === 'registered' || v.status === 'expired';
  $('evaluate').hidden = !ours;
  $('evaluate-form').hidden = !info.evaluable;
  const n = info.evaluations;
  $('evaluate-result').textContent = !ours ? ''
    : n ? `已收到此次检查的 ${n} 条评价${info.evaluable ? '，可以补充' : ''} / ${n} evaluation(s) of this inspection received${info.evaluable ? '; you may add to them' : ''}`
    : info.evaluable ? '' : '检查开始后才能评价 / you may evaluate once the inspection has begun';
}

async function verify(/** @type {Event} */ e) {
  e.preventDefault();
  const code = /** @type {HTMLInputElement} */ ($('code')).value.trim();
  const enterprise = /** @type {HTMLInputElement} */ ($('enterprise')).value.trim().toUpperCase();
  try { localStorage.setItem('jiancha.uscc', enterprise); } catch { /* private mode */ }
  const btn = /** @type {HTMLButtonElement} */ ($('verify-btn'));
  btn.disabled = true;
  try {
    const r = await post('/v1/public/codes:verify', { code, enterprise });
    if (!r.ok) { showError(r.data, r.status); $('evaluate').hidden = true; return; }
    current = { code, enterprise };
    render(r.data.verification, r.data);
  } finally { btn.disabled = false; }
}

async function evaluate(/** @type {Event} */ e) {
  e.preventDefault();
  if (!current) return;
  const rating = Number(/** @type {HTMLInputElement|null} */ (document.querySelector('input[name=rating]:checked'))?.value ?? 0);
  if (!rating) { $('evaluate-result').textContent = '请选择满意度 / choose a rating'; return; }
  const complaints = [...document.querySelectorAll('input[name=complaint]:checked')].map((c) => /** @type {HTMLInputElement} */ (c).value);
  const text = /** @type {HTMLTextAreaElement} */ ($('text')).value;
  const r = await post('/v1/public/evaluations', { ...current, rating, complaints, text });
  $('evaluate-result').textContent = r.ok ? r.data.message : String(r.data?.detail ?? `HTTP ${r.status}`);
  if (r.ok) $('evaluate-form').hidden = true;
}

async function start() {
  const rating = $('rating');
  const labels = ['很不满意 very dissatisfied', '不满意 dissatisfied', '一般 fair', '满意 satisfied', '很满意 very satisfied'];
  labels.forEach((l, i) => rating.append(el('label', {}, el('input', { type: 'radio', name: 'rating', value: String(i + 1) }), l)));
  const r = await fetch('/v1/public/complaints');
  const list = r.ok ? (await r.json()).complaints : [];
  const box = $('complaints');
  for (const c of list) {
    box.append(el('label', {}, el('input', { type: 'checkbox', name: 'complaint', value: c.id }), `${c.zh}`, el('span', { class: 'en' }, ` ${c.en}`)));
  }
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('code')) /** @type {HTMLInputElement} */ ($('code')).value = hash.get('code') ?? '';
  try { /** @type {HTMLInputElement} */ ($('enterprise')).value = localStorage.getItem('jiancha.uscc') ?? ''; } catch { /* private mode */ }
  $('verify-form').addEventListener('submit', verify);
  $('evaluate-form').addEventListener('submit', evaluate);
  document.body.dataset.ready = '1';
}

start();
