/**
 * Inline SVG charts for the profile report. Each returns a complete <svg> string with escaped text;
 * the SVG namespace attribute is left out because HTML parsers supply it, which keeps the page free of
 * any URL.
 */
import { scaleValue } from './dataset-profile.ts';
import type { DatasetProfile, Histogram, HistLayout } from './profile-types.ts';
import { SPLITS } from '../splits/split.ts';

/** HTML/SVG text and attribute escaping for &, <, >, " and '. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Compact number: integers as-is with thin grouping, others to `digits` decimals. */
export function fmtNum(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : '–';
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  return x.toFixed(digits);
}

const CLASS_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#e15759'];
const UNLABELLED_COLOR = '#9aa5b1';
/** Split colours: train darkest, test warm, so a leaking stack reads at a glance. */
export const SPLIT_COLORS: Record<string, string> = {
  train: '#4e79a7',
  validation: '#a0cbe8',
  test: '#f28e2b',
  none: '#cfd6de',
};

/** Display name of a label (null = unlabelled). */
export const labelName = (label: string | null) => label ?? 'unlabelled';

/** A colour per class, stable for a profile: classes in profile order, unlabelled in gray. */
export function classColors(profile: DatasetProfile): Map<string | null, string> {
  const out = new Map<string | null, string>();
  let i = 0;
  for (const { label } of profile.byClass) {
    out.set(
      label,
      label === null ? UNLABELLED_COLOR : (CLASS_COLORS[i++ % CLASS_COLORS.length] ?? UNLABELLED_COLOR),
    );
  }
  return out;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/** Axis ticks (positions on the scaled axis) with human labels in the statistic's own units. */
export function axisTicks(
  layout: Pick<HistLayout, 'scale' | 'lo' | 'hi'>,
): Array<{ at: number; label: string }> {
  const si = (v: number, unit = '') =>
    v >= 1e6 ? `${v / 1e6}M${unit}` : v >= 1e3 ? `${v / 1e3}k${unit}` : `${v}${unit}`;
  switch (layout.scale) {
    case 'log10p1':
      return [0, 10, 100, 1000, 10000, 100000]
        .map((v) => ({ at: scaleValue(layout, v), label: si(v) }))
        .filter((t) => t.at <= layout.hi);
    case 'log2':
      return [16, 64, 256, 1024, 4096, 16384]
        .map((v) => ({ at: Math.log2(v), label: v > 1024 ? `${v / 1024}k` : String(v) }))
        .filter((t) => t.at >= layout.lo && t.at <= layout.hi);
    case 'log10':
      return [2, 4, 6, 8]
        .map((e) => ({ at: e, label: si(10 ** e, 'B') }))
        .filter((t) => t.at >= layout.lo && t.at <= layout.hi);
    default: {
      const step = (layout.hi - layout.lo) / 4;
      // Wide integer ranges (0..255) read better as whole levels than as 63.75.
      const whole = layout.hi - layout.lo >= 10;
      return [0, 1, 2, 3, 4].map((k) => {
        const v = layout.lo + k * step;
        return { at: v, label: whole ? String(Math.round(v)) : String(Number(v.toFixed(2))) };
      });
    }
  }
}

/** End ticks hug the plot edge so their labels are not cut off by the viewBox. */
function anchor(at: number, lo: number, hi: number): string {
  return at <= lo ? 'start' : at >= hi ? 'end' : 'middle';
}

/** Per-class histogram as overlaid step areas, each normalised to its class total so shapes compare. */
export function histogramSvg(h: Histogram, colors: Map<string | null, string>): string {
  const W = 300;
  const H = 150;
  const m = { l: 36, r: 10, t: 10, b: 30 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const shares = h.perClass
    .map((c) => {
      const total = c.counts.reduce((a, b) => a + b, 0);
      return { label: c.label, total, share: c.counts.map((k) => (total > 0 ? k / total : 0)) };
    })
    .filter((c) => c.total > 0);
  // A tiny class (a stray label with one image) would be 100% in one bin and flatten everyone else, so
  // the y range follows the classes with a reasonable count and taller bars are clipped at the top.
  const biggest = Math.max(0, ...shares.map((c) => c.total));
  const scaled = shares.filter((c) => c.total >= Math.min(20, biggest));
  const ymax = Math.max(0.01, ...scaled.flatMap((c) => c.share));
  const x = (v: number) => m.l + ((v - h.lo) / (h.hi - h.lo)) * pw;
  const y = (s: number) => m.t + ph - (Math.min(s, ymax) / ymax) * ph;
  const parts: string[] = [];
  parts.push(`<line x1="${m.l}" y1="${m.t + ph}" x2="${m.l + pw}" y2="${m.t + ph}" class="axis"/>`);
  for (const t of axisTicks(h)) {
    parts.push(
      `<line x1="${r1(x(t.at))}" y1="${m.t + ph}" x2="${r1(x(t.at))}" y2="${m.t + ph + 4}" class="axis"/>`,
    );
    parts.push(
      `<text x="${r1(x(t.at))}" y="${H - 14}" class="tick" text-anchor="${anchor(t.at, h.lo, h.hi)}">${esc(t.label)}</text>`,
    );
  }
  parts.push(
    `<text x="${m.l - 4}" y="${m.t + 8}" class="tick" text-anchor="end">${Math.round(ymax * 100)}%</text>`,
  );
  parts.push(`<text x="${m.l - 4}" y="${m.t + ph}" class="tick" text-anchor="end">0</text>`);
  parts.push(`<line x1="${m.l}" y1="${m.t}" x2="${m.l + pw}" y2="${m.t}" class="grid"/>`);
  for (const c of shares) {
    const color = colors.get(c.label) ?? UNLABELLED_COLOR;
    let d = `M${r1(x(h.lo))},${r1(y(0))}`;
    c.share.forEach((s, i) => {
      d += ` L${r1(x(h.edges[i] ?? h.lo))},${r1(y(s))} L${r1(x(h.edges[i + 1] ?? h.hi))},${r1(y(s))}`;
    });
    d += ` L${r1(x(h.hi))},${r1(y(0))} Z`;
    parts.push(`<path d="${d}" fill="${color}" fill-opacity="0.18" stroke="${color}" stroke-width="1.5"/>`);
  }
  parts.push(
    `<text x="${m.l + pw / 2}" y="${H - 2}" class="cap" text-anchor="middle">${esc(h.caption)}</text>`,
  );
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(h.caption)} histogram">${parts.join('')}</svg>`;
}

/** Horizontal bars per class, stacked by split, with counts in the segments and the total on the right. */
export function classBalanceSvg(profile: DatasetProfile, colors: Map<string | null, string>): string {
  const rows = profile.classTotals;
  const W = 560;
  const rowH = 30;
  const m = { l: 110, r: 60, t: 6, b: 28 };
  const H = m.t + rows.length * rowH + m.b;
  const pw = W - m.l - m.r;
  const max = Math.max(1, ...rows.map((r) => r.count));
  const parts: string[] = [];
  rows.forEach((row, i) => {
    const top = m.t + i * rowH + 4;
    parts.push(
      `<rect x="4" y="${top + 6}" width="10" height="10" rx="2" fill="${colors.get(row.label) ?? UNLABELLED_COLOR}"/>`,
    );
    const name = labelName(row.label);
    const short = name.length > 13 ? `${name.slice(0, 12)}…` : name;
    parts.push(`<text x="20" y="${top + 15}" class="lbl">${esc(short)}<title>${esc(name)}</title></text>`);
    let at = m.l;
    for (const split of [...SPLITS, null]) {
      const n = profile.counts.find((c) => c.label === row.label && c.split === split)?.count ?? 0;
      if (n === 0) continue;
      const w = (n / max) * pw;
      const fill = SPLIT_COLORS[split ?? 'none'];
      parts.push(
        `<rect x="${r1(at)}" y="${top}" width="${r1(w)}" height="${rowH - 8}" fill="${fill}"><title>${esc(`${labelName(row.label)} / ${split ?? 'unassigned'}: ${n}`)}</title></rect>`,
      );
      if (w > 28)
        parts.push(
          `<text x="${r1(at + w / 2)}" y="${top + 15}" class="seg" text-anchor="middle">${n}</text>`,
        );
      at += w;
    }
    parts.push(`<text x="${r1(at + 6)}" y="${top + 15}" class="num">${fmtNum(row.count)}</text>`);
  });
  const legend = [...SPLITS, 'unassigned']
    .map(
      (s, i) =>
        `<rect x="${m.l + i * 95}" y="${H - 16}" width="10" height="10" rx="2" fill="${SPLIT_COLORS[s === 'unassigned' ? 'none' : s]}"/><text x="${m.l + i * 95 + 14}" y="${H - 7}" class="tick">${s}</text>`,
    )
    .join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="class balance by split">${parts.join('')}${legend}</svg>`;
}

/** Most points the scatter draws; beyond it every k-th image is drawn so the page stays light. */
export const MAX_SCATTER_POINTS = 4000;

/** Brightness (x) against log sharpness (y), one dot per decoded image coloured by class; outliers ringed. */
export function scatterSvg(profile: DatasetProfile, colors: Map<string | null, string>): string {
  const W = 560;
  const H = 330;
  const m = { l: 44, r: 12, t: 10, b: 40 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const ylay = { scale: 'log10p1', lo: 0, hi: 5 } as const;
  const x = (v: number) => m.l + (Math.min(255, Math.max(0, v)) / 255) * pw;
  const y = (s: number) => m.t + ph - (Math.min(ylay.hi, scaleValue(ylay, s)) / ylay.hi) * ph;
  const outlierIds = new Set(
    profile.outliers.filter((o) => o.stat === 'mean' || o.stat === 'sharpness').map((o) => o.id),
  );
  const decoded = profile.rows.filter((r) => r.stats);
  const stride = Math.max(1, Math.ceil(decoded.length / MAX_SCATTER_POINTS));
  const parts: string[] = [`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" class="plot"/>`];
  for (const t of axisTicks({ scale: 'linear', lo: 0, hi: 255 })) {
    parts.push(`<line x1="${r1(x(t.at))}" y1="${m.t}" x2="${r1(x(t.at))}" y2="${m.t + ph}" class="grid"/>`);
    parts.push(
      `<text x="${r1(x(t.at))}" y="${m.t + ph + 14}" class="tick" text-anchor="middle">${esc(Math.round(t.at))}</text>`,
    );
  }
  for (const t of axisTicks(ylay)) {
    const ty = m.t + ph - (t.at / ylay.hi) * ph;
    parts.push(`<line x1="${m.l}" y1="${r1(ty)}" x2="${m.l + pw}" y2="${r1(ty)}" class="grid"/>`);
    parts.push(
      `<text x="${m.l - 5}" y="${r1(ty + 3)}" class="tick" text-anchor="end">${esc(t.label)}</text>`,
    );
  }
  decoded.forEach((r, i) => {
    const s = r.stats!;
    const ring = outlierIds.has(r.id);
    if (i % stride !== 0 && !ring) return;
    const color = colors.get(r.label) ?? UNLABELLED_COLOR;
    const extra = ring ? ' stroke="#1f2933" stroke-width="1.2"' : '';
    parts.push(
      `<circle cx="${r1(x(s.mean))}" cy="${r1(y(s.sharpness))}" r="${ring ? 3.5 : 2.4}" fill="${color}" fill-opacity="0.7"${extra}><title>${esc(`${r.id} (${labelName(r.label)}): brightness ${s.mean.toFixed(1)}, sharpness ${s.sharpness.toFixed(1)}`)}</title></circle>`,
    );
  });
  parts.push(
    `<text x="${m.l + pw / 2}" y="${H - 6}" class="cap" text-anchor="middle">brightness (mean luma)</text>`,
  );
  parts.push(
    `<text transform="translate(11 ${m.t + ph / 2}) rotate(-90)" class="cap" text-anchor="middle">sharpness (Laplacian var, log)</text>`,
  );
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="brightness against sharpness">${parts.join('')}</svg>`;
}
