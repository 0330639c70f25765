// @ts-check
// Hand-written inline SVG charts (no library): horizontal bar charts, optionally stacked, with an optional
// vertical target line. Returns SVG markup; the page styles it with CSS classes.

const esc = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** Rough width of a text in px at `size` (CJK characters are about one em, others about 0.58 em). */
function textWidth(s, size) {
  let w = 0;
  for (const ch of String(s)) w += ch.charCodeAt(0) > 0x2e80 ? size : size * 0.58;
  return w;
}

/** Cuts `s` to fit `max` px, adding an ellipsis. */
function fit(s, size, max) {
  s = String(s);
  if (textWidth(s, size) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (textWidth(out + ch + '…', size) > max) break;
    out += ch;
  }
  return out + '…';
}

/**
 * A horizontal bar chart.
 * rows: [{key, label, sublabel?, cls?, segments: [{value, cls, title?}], valueText?}]
 * opts: {title, max?, labelWidth=250, width=760 (px; text keeps its size), rowHeight, valueWidth=92,
 *        target?: {value, label}, ticks?: (value) => label, className?, clickable?: bool}
 */
export function barChart(rows, opts = {}) {
  const width = opts.width ?? 760;
  const labelWidth = opts.labelWidth ?? 250;
  const rowH = opts.rowHeight ?? (rows.some((r) => r.sublabel) ? 34 : 26);
  const valueW = opts.valueWidth ?? 92;
  const top = opts.target ? 22 : 6;
  const plotW = width - labelWidth - valueW - 12;
  const plotBottom = top + rows.length * rowH + 8;
  const height = plotBottom;
  const totals = rows.map((r) => r.segments.reduce((s, x) => s + x.value, 0));
  const max = opts.max ?? Math.max(1, ...totals, opts.target?.value ?? 0);
  const x = (v) => labelWidth + (v / max) * plotW;
  const parts = [];
  parts.push(
    `<svg class="chart ${esc(opts.className || '')}" viewBox="0 0 ${width} ${height + (opts.ticks ? 14 : 0)}" width="${width}" role="img" aria-label="${esc(opts.title || '')}" preserveAspectRatio="xMinYMin meet">`,
  );
  if (opts.title) parts.push(`<title>${esc(opts.title)}</title>`);
  // grid lines at quarters, labelled below the plot when `ticks` formats them
  for (let i = 0; i <= 4; i++) {
    const gx = labelWidth + (plotW * i) / 4;
    parts.push(`<line class="grid" x1="${gx}" x2="${gx}" y1="${top - 2}" y2="${height - 6}"/>`);
    if (opts.ticks) parts.push(`<text class="tick" x="${gx}" y="${height + 8}" text-anchor="middle">${esc(opts.ticks((max * i) / 4))}</text>`);
  }
  if (opts.target) {
    // under the bars and their values (whose white halo keeps them readable)
    const tx = x(opts.target.value);
    parts.push(`<line class="target" x1="${tx}" x2="${tx}" y1="${top - 6}" y2="${height - 4}"/>`);
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const barH = Math.min(16, rowH - 10);
    const by = y + (rowH - barH) / 2;
    parts.push(`<g class="row${opts.clickable ? ' clickable' : ''}${r.cls ? ` ${esc(r.cls)}` : ''}" data-key="${esc(r.key ?? '')}">`);
    parts.push(`<rect class="hit" x="0" y="${y}" width="${width}" height="${rowH}"/>`);
    if (r.sublabel) {
      parts.push(`<text class="label" x="${labelWidth - 8}" y="${y + rowH / 2 - 3}" text-anchor="end">${esc(fit(r.label, 12, labelWidth - 12))}</text>`);
      parts.push(`<text class="sublabel" x="${labelWidth - 8}" y="${y + rowH / 2 + 11}" text-anchor="end">${esc(fit(r.sublabel, 11, labelWidth - 12))}</text>`);
    } else {
      parts.push(`<text class="label" x="${labelWidth - 8}" y="${y + rowH / 2 + 4}" text-anchor="end">${esc(fit(r.label, 12, labelWidth - 12))}</text>`);
    }
    let acc = 0;
    for (const s of r.segments) {
      if (s.value <= 0) continue;
      const x0 = x(acc);
      const w = Math.max(1.5, x(acc + s.value) - x0);
      parts.push(`<rect class="bar ${esc(s.cls || '')}" x="${x0.toFixed(1)}" y="${by.toFixed(1)}" width="${w.toFixed(1)}" height="${barH}" rx="2"><title>${esc(s.title ?? `${r.label}: ${s.value}`)}</title></rect>`);
      acc += s.value;
    }
    const vt = r.valueText ?? String(totals[i]);
    parts.push(`<text class="value" x="${x(Math.max(acc, 0)) + 6}" y="${y + rowH / 2 + 4}">${esc(vt)}</text>`);
    parts.push('</g>');
  });
  if (opts.target) {
    const tx = x(opts.target.value);
    parts.push(`<text class="target-label" x="${tx}" y="${top - 9}" text-anchor="middle">${esc(opts.target.label)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/** A legend: [{cls, label}] as HTML. */
export function legend(items) {
  return `<div class="legend">${items
    .map((i) => `<span class="legend-item"><span class="swatch ${esc(i.cls)}"></span>${esc(i.label)}</span>`)
    .join('')}</div>`;
}
