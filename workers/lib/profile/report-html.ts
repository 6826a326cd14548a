/**
 * Self-contained HTML report of a dataset profile and its assertion results: one file with inline CSS
 * and inline SVG, no scripts and no external resources, so it can be saved, mailed or archived with a
 * snapshot and still render offline years later.
 */
import type { AssertionResult } from './assertion-types.ts';
import type { DatasetProfile, ProfileRow } from './profile-types.ts';
import { SPLITS } from '../splits/split.ts';
import { REPORT_CSS } from './report-css.ts';
import {
  classBalanceSvg,
  classColors,
  esc,
  fmtNum,
  histogramSvg,
  labelName,
  scatterSvg,
} from './report-svg.ts';

/** Where the report came from, shown in its header; createdAt in ms since the Unix epoch. */
export interface ReportMeta {
  projectName: string;
  snapshotName: string;
  snapshotHash: string;
  createdAt: number;
}

/** Most groups or images one gallery shows; the heading says how many there were. */
export const MAX_GALLERY_ITEMS = 24;

/** Only inline raster images are embedded; anything else (a remote URL, SVG that could script) is dropped. */
const SAFE_DATA_URL = /^data:image\/(?:png|jpeg|webp|gif);base64,[A-Za-z0-9+/]+=*$/;

type Thumbs = Record<string, string> | undefined;

function thumb(id: string, thumbs: Thumbs, caption: string, sub: string | string[] = ''): string {
  const url = thumbs?.[id];
  const img =
    url && SAFE_DATA_URL.test(url)
      ? `<img src="${esc(url)}" alt="${esc(id)}">`
      : `<div class="ph" aria-label="no thumbnail">${esc(id.slice(0, 2).toUpperCase())}</div>`;
  const lines = (Array.isArray(sub) ? sub : [sub]).filter((l) => l !== '');
  return `<figure>${img}<figcaption title="${esc(caption)}">${esc(caption)}</figcaption>${lines.map((l) => `<small>${esc(l)}</small>`).join('')}</figure>`;
}

function badge(status: AssertionResult['status']): string {
  return `<span class="badge ${status}">${status.toUpperCase()}</span>`;
}

function tile(value: string, label: string, tone = ''): string {
  return `<div class="tile ${tone}"><b>${value}</b><span>${esc(label)}</span></div>`;
}

function header(profile: DatasetProfile, results: readonly AssertionResult[], meta: ReportMeta): string {
  const blocking = results.filter((r) => r.status === 'fail' && r.blocking);
  const when = new Date(meta.createdAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const gate = blocking.length
    ? `<div class="gate fail">Training blocked<small>${blocking.length} blocking assertion${blocking.length > 1 ? 's' : ''} failed</small></div>`
    : `<div class="gate pass">Ready to train<small>no blocking failures</small></div>`;
  const n = (s: AssertionResult['status']) => results.filter((r) => r.status === s).length;
  const tiles = [
    tile(fmtNum(profile.imageCount), 'images'),
    tile(fmtNum(profile.decodedCount), 'decoded', profile.undecodable.length ? 'bad' : ''),
    tile(fmtNum(profile.labelledCount), 'labelled'),
    tile(fmtNum(profile.classTotals.filter((c) => c.label !== null).length), 'classes'),
    tile(profile.imbalanceRatio === null ? '–' : `${profile.imbalanceRatio.toFixed(1)}×`, 'imbalance'),
    tile(fmtNum(profile.duplicates.length), 'duplicate groups', profile.duplicates.length ? 'warn' : ''),
    tile(fmtNum(profile.leaks.length), 'cross-split leaks', profile.leaks.length ? 'bad' : ''),
    tile(
      fmtNum(new Set(profile.outliers.map((o) => o.id)).size),
      'outlier images',
      profile.outliers.length ? 'warn' : '',
    ),
    tile(
      `<i class="p">${n('pass')}</i>·<i class="w">${n('warn')}</i>·<i class="f">${n('fail')}</i>`,
      'pass · warn · fail',
    ),
  ];
  return `<header><div><h1>Data profile — ${esc(meta.projectName)}</h1>
<p class="meta">Snapshot <b>${esc(meta.snapshotName)}</b> · <code title="${esc(meta.snapshotHash)}">${esc(meta.snapshotHash.slice(0, 12))}</code> · ${esc(when)} · profile v${profile.profileVersion}</p></div>${gate}</header>
<section class="tiles">${tiles.join('')}</section>`;
}

function assertionsTable(results: readonly AssertionResult[]): string {
  if (results.length === 0) return '<p class="empty">No assertions were evaluated.</p>';
  const order = { fail: 0, warn: 1, pass: 2 } as const;
  const rows = [...results]
    .sort((a, b) => order[a.status] - order[b.status] || Number(b.blocking) - Number(a.blocking))
    .map((r) => {
      const shown = r.offending.slice(0, 6).map(esc).join(', ');
      const more = r.offendingCount > 6 ? ` … +${r.offendingCount - 6}` : '';
      const offending = r.offendingCount ? `<div class="ids">${shown}${more}</div>` : '';
      return `<tr class="${r.status}"><td>${badge(r.status)}</td><td><b>${esc(r.id)}</b><div class="check">${esc(r.check)}</div></td><td>${esc(r.message)}${offending}</td><td class="c">${r.blocking ? '<span class="blk">blocking</span>' : '<span class="muted">advisory</span>'}</td><td class="n">${r.observed === undefined ? '' : esc(typeof r.observed === 'number' ? String(Number(r.observed.toFixed(3))) : r.observed)}</td></tr>`;
    });
  return `<table class="asr"><thead><tr><th>Status</th><th>Assertion</th><th>Result</th><th>Gate</th><th class="n">Observed</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function countsTable(profile: DatasetProfile): string {
  const splits = [...SPLITS, null] as const;
  const used = splits.filter((s) => profile.counts.some((c) => c.split === s));
  const cell = (label: string | null, split: (typeof splits)[number]) =>
    profile.counts.find((c) => c.label === label && c.split === split)?.count ?? 0;
  const head = used.map((s) => `<th class="n">${esc(s ?? 'unassigned')}</th>`).join('');
  const body = profile.classTotals
    .map(
      (c) =>
        `<tr><td>${esc(labelName(c.label))}</td>${used.map((s) => `<td class="n">${fmtNum(cell(c.label, s))}</td>`).join('')}<td class="n"><b>${fmtNum(c.count)}</b></td></tr>`,
    )
    .join('');
  const totals = used
    .map(
      (s) =>
        `<td class="n">${fmtNum(profile.counts.filter((c) => c.split === s).reduce((a, c) => a + c.count, 0))}</td>`,
    )
    .join('');
  return `<table class="counts"><thead><tr><th>class</th>${head}<th class="n">total</th></tr></thead><tbody>${body}<tr class="sum"><td>all</td>${totals}<td class="n"><b>${fmtNum(profile.imageCount)}</b></td></tr></tbody></table>`;
}

function legend(profile: DatasetProfile, colors: Map<string | null, string>): string {
  return `<div class="legend">${profile.byClass
    .map(
      (c) =>
        `<span><i style="background:${colors.get(c.label) ?? '#999'}"></i>${esc(labelName(c.label))}</span>`,
    )
    .join('')}</div>`;
}

function rowNote(row: ProfileRow | undefined): string {
  return row ? `${labelName(row.label)} · ${row.split ?? 'unassigned'}` : '';
}

function galleries(profile: DatasetProfile, thumbs: Thumbs): string {
  const rows = new Map(profile.rows.map((r) => [r.id, r]));
  const groupCards = (groups: DatasetProfile['duplicates']) =>
    groups.slice(0, MAX_GALLERY_ITEMS).map((g) => {
      const head =
        g.kind === 'exact'
          ? 'identical bytes'
          : `near · ≤ ${g.maxDistance} bit${g.maxDistance === 1 ? '' : 's'}`;
      const figs = g.ids
        .slice(0, 6)
        .map((id) => thumb(id, thumbs, id, rowNote(rows.get(id))))
        .join('');
      const more = g.ids.length > 6 ? `<span class="more">+${g.ids.length - 6}</span>` : '';
      return `<div class="group"><div class="gh">${esc(head)} · ${g.ids.length} images · ${esc(g.splits.map((s) => s ?? 'unassigned').join(' / '))}</div><div class="figs">${figs}${more}</div></div>`;
    });
  // One figure per image with all its unusual statistics; outliers arrive sorted by |z|, so the map keeps that order.
  const byImage = new Map<string, string[]>();
  for (const o of profile.outliers) {
    const line = `${o.stat} ${fmtNum(o.value, 2)} (z ${o.z.toFixed(1)})`;
    byImage.set(o.id, [...(byImage.get(o.id) ?? []), line]);
  }
  const outlierFigs = [...byImage]
    .slice(0, MAX_GALLERY_ITEMS)
    .map(([id, lines]) => thumb(id, thumbs, id, [rowNote(rows.get(id)), ...lines]));
  const conflictCards = profile.labelConflicts.slice(0, MAX_GALLERY_ITEMS).map(
    (c) =>
      `<div class="group"><div class="gh">labels ${esc(c.labels.join(' vs '))}</div><div class="figs">${c.ids
        .slice(0, 6)
        .map((id) => thumb(id, thumbs, id, rowNote(rows.get(id))))
        .join('')}</div></div>`,
  );
  const brokenFigs = profile.undecodable
    .slice(0, MAX_GALLERY_ITEMS)
    .map((id) => thumb(id, thumbs, id, rowNote(rows.get(id))));
  const section = (title: string, total: number, body: string[], note: string) =>
    `<section class="card"><h2>${esc(title)} <span class="count">${fmtNum(total)}</span></h2>${
      total
        ? `<p class="note">${esc(note)}${total > MAX_GALLERY_ITEMS ? ` Showing the first ${MAX_GALLERY_ITEMS}.` : ''}</p><div class="gallery">${body.join('')}</div>`
        : '<p class="empty">None.</p>'
    }</section>`;
  return [
    section(
      'Cross-split leaks',
      profile.leaks.length,
      groupCards(profile.leaks),
      'The same content in more than one split inflates test scores.',
    ),
    section(
      'Label conflicts',
      profile.labelConflicts.length,
      conflictCards,
      'Identical images with different labels.',
    ),
    section(
      'Duplicates',
      profile.duplicates.length,
      groupCards(profile.duplicates),
      `Identical files, or dHash within ${profile.nearDuplicateMaxBits} bits${profile.nearDuplicateGeometry ? ' with the object in the same place and angle' : ''}.`,
    ),
    section(
      'Outlier images',
      byImage.size,
      outlierFigs,
      `Modified z-score beyond ±${profile.outlierZ} within the image's class, most extreme first.`,
    ),
    section(
      'Undecodable',
      profile.undecodable.length,
      brokenFigs,
      'These files did not decode and were left out of the statistics.',
    ),
  ].join('');
}

/** Renders the whole report as one HTML document string; all text from the profile and meta is escaped. */
export function renderProfileReportHtml(
  profile: DatasetProfile,
  results: readonly AssertionResult[],
  meta: ReportMeta,
  thumbnails?: Record<string, string>,
): string {
  const colors = classColors(profile);
  const hists = profile.histograms.map((h) => `<div class="hist">${histogramSvg(h, colors)}</div>`).join('');
  const ratio =
    profile.imbalanceRatio === null
      ? ''
      : ` Largest / smallest class: <b>${profile.imbalanceRatio.toFixed(2)}×</b>.`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`Data profile — ${meta.projectName} — ${meta.snapshotName}`)}</title>
<style>${REPORT_CSS}</style></head>
<body><main>
${header(profile, results, meta)}
<section class="card"><h2>Assertions</h2>${assertionsTable(results)}</section>
<div class="two">
<section class="card"><h2>Class balance</h2><p class="note">Images per class, stacked by split.${ratio}</p>${classBalanceSvg(profile, colors)}${countsTable(profile)}</section>
<section class="card"><h2>Brightness vs sharpness</h2>${legend(profile, colors)}${scatterSvg(profile, colors)}</section>
</div>
<section class="card"><h2>Distributions by class</h2><p class="note">Each class normalised to its own total, so shapes compare across unequal classes.</p>${legend(profile, colors)}<div class="hists">${hists}</div></section>
${galleries(profile, thumbnails)}
<footer>ScrewOps data profile · ${fmtNum(profile.imageCount)} images · generated offline; this file has no scripts and loads nothing.</footer>
</main></body></html>
`;
}
