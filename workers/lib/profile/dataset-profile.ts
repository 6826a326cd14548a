/**
 * Streaming dataset profile: the worker decodes one image at a time, computes its ImageStats, hands both
 * to ProfileAccumulator.add and drops the pixels. Only a small row per image is kept (ids, header facts
 * and ten numbers), so memory grows with the image count, never with pixel data.
 */
import { NEAR_DUPLICATE_BITS } from '../image/dhash.ts';
import { findDuplicates } from './duplicates.ts';
import type { ImageStats } from './image-stats.ts';
import { HIST_LAYOUTS, OUTLIER_LOG_STATS, OUTLIER_STATS } from './profile-types.ts';
import type {
  CountCell,
  DatasetProfile,
  Histogram,
  HistLayout,
  Outlier,
  ProfileImageInput,
  ProfileRow,
  StatKey,
  StatSummary,
} from './profile-types.ts';
import { quantileSorted, robustZScale, sortedCopy } from './stats.ts';

// Re-exports, documented at their definitions, so callers need this one module for profile types.
export type * from './profile-types.ts';

/** Modified z-score beyond which a value is an outlier (Iglewicz & Hoaglin's recommendation). */
export const OUTLIER_Z = 3.5;
/** Classes with fewer decoded images than this get no outlier screening: median and MAD are too noisy. */
export const MIN_OUTLIER_GROUP = 8;

/** Options for the accumulator. */
export interface ProfileOptions {
  /** Near-duplicate threshold in dHash bits (0..64). */
  nearDuplicateMaxBits?: number;
  /** Also require the object's position, size and angle to agree (see sameGeometry); default true. */
  nearDuplicateGeometry?: boolean;
}

/** The value of `stat` for a row, or null when the row did not decode (header stats always exist). */
export function statValue(row: ProfileRow, stat: StatKey): number | null {
  switch (stat) {
    case 'width':
      return row.width > 0 ? row.width : null;
    case 'height':
      return row.height > 0 ? row.height : null;
    case 'byteSize':
      return row.byteSize;
    default:
      return row.stats ? row.stats[stat] : null;
  }
}

/** Maps a raw value onto a histogram's scaled axis. */
export function scaleValue(layout: Pick<HistLayout, 'scale'>, x: number): number {
  switch (layout.scale) {
    case 'log10p1':
      return Math.log10(1 + Math.max(0, x));
    case 'log2':
      return Math.log2(Math.max(1, x));
    case 'log10':
      return Math.log10(Math.max(1, x));
    default:
      return x;
  }
}

/** Groups of rows by label, labels sorted with unlabelled (null) last. */
function byLabel(rows: readonly ProfileRow[]): Array<{ label: string | null; rows: ProfileRow[] }> {
  const groups = new Map<string | null, ProfileRow[]>();
  for (const row of rows) {
    const list = groups.get(row.label);
    if (list) list.push(row);
    else groups.set(row.label, [row]);
  }
  return [...groups]
    .map(([label, list]) => ({ label, rows: list }))
    .sort((a, b) => (a.label === null ? 1 : b.label === null ? -1 : a.label.localeCompare(b.label)));
}

function values(rows: readonly ProfileRow[], stat: StatKey): number[] {
  const out: number[] = [];
  for (const row of rows) {
    const v = statValue(row, stat);
    if (v !== null && Number.isFinite(v)) out.push(v);
  }
  return out;
}

function summarise(rows: readonly ProfileRow[]): StatSummary[] {
  const out: StatSummary[] = [];
  for (const stat of [
    'mean',
    'std',
    'sharpness',
    'foregroundFraction',
    'elongation',
    'width',
    'height',
    'byteSize',
  ] as const) {
    const s = sortedCopy(values(rows, stat));
    if (s.length === 0) continue;
    out.push({
      stat,
      n: s.length,
      min: s[0] ?? 0,
      q01: quantileSorted(s, 0.01),
      median: quantileSorted(s, 0.5),
      q99: quantileSorted(s, 0.99),
      max: s[s.length - 1] ?? 0,
    });
  }
  return out;
}

function histogram(layout: HistLayout, groups: ReturnType<typeof byLabel>): Histogram {
  const width = (layout.hi - layout.lo) / layout.bins;
  const edges = Array.from({ length: layout.bins + 1 }, (_, i) => layout.lo + i * width);
  const perClass = groups.map(({ label, rows }) => {
    const counts = new Array<number>(layout.bins).fill(0);
    for (const v of values(rows, layout.stat)) {
      const bin = Math.floor((scaleValue(layout, v) - layout.lo) / width);
      counts[Math.min(layout.bins - 1, Math.max(0, bin))]! += 1;
    }
    return { label, counts };
  });
  return { ...layout, edges, perClass };
}

function outliersOf(groups: ReturnType<typeof byLabel>, zLimit: number): Outlier[] {
  const out: Outlier[] = [];
  for (const { label, rows } of groups) {
    const decoded = rows.filter((r) => r.stats);
    if (decoded.length < MIN_OUTLIER_GROUP) continue;
    for (const stat of OUTLIER_STATS) {
      const log = OUTLIER_LOG_STATS.includes(stat);
      const xs = decoded.map((r) => {
        const v = statValue(r, stat) ?? 0;
        return log ? Math.log10(1 + Math.max(0, v)) : v;
      });
      const sorted = sortedCopy(xs);
      const median = quantileSorted(sorted, 0.5);
      const scale = robustZScale(sorted, median);
      if (scale === null) continue;
      xs.forEach((x, i) => {
        const z = (x - median) / scale;
        const row = decoded[i];
        if (row && Math.abs(z) > zLimit)
          out.push({ id: row.id, label, stat, value: statValue(row, stat) ?? 0, z });
      });
    }
  }
  return out.sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || a.id.localeCompare(b.id));
}

function countCells(rows: readonly ProfileRow[]): CountCell[] {
  const cells = new Map<string, CountCell>();
  for (const { label, split } of rows) {
    const key = JSON.stringify([label, split]);
    const cell = cells.get(key);
    if (cell) cell.count++;
    else cells.set(key, { label, split, count: 1 });
  }
  return [...cells.values()];
}

/**
 * Collects one small row per image and computes the DatasetProfile on finish(). Memory: one ProfileRow
 * (~0.5 KB with its id and hash strings) per image; no pixels are kept.
 */
export class ProfileAccumulator {
  private readonly rows: ProfileRow[] = [];
  private readonly ids = new Set<string>();
  private readonly maxBits: number;
  private readonly geometry: boolean;

  /** Starts an empty profile; see ProfileOptions. */
  constructor(options: ProfileOptions = {}) {
    this.maxBits = options.nearDuplicateMaxBits ?? NEAR_DUPLICATE_BITS;
    this.geometry = options.nearDuplicateGeometry ?? true;
    if (!(this.maxBits >= 0 && this.maxBits <= 64))
      throw new RangeError(`nearDuplicateMaxBits out of 0..64: ${this.maxBits}`);
  }

  /** Images added so far. */
  get size(): number {
    return this.rows.length;
  }

  /** Adds one image with its statistics, or with null when it could not be decoded; ids must be unique. */
  add(image: ProfileImageInput, stats: ImageStats | null): void {
    if (this.ids.has(image.id)) throw new Error(`image ${image.id} was added twice`);
    this.ids.add(image.id);
    // Copy field by field: the caller's objects may carry pixels or handles the profile must not retain.
    this.rows.push({
      id: image.id,
      sha256: image.sha256,
      label: image.label,
      split: image.split,
      width: image.width || stats?.width || 0,
      height: image.height || stats?.height || 0,
      channels: image.channels,
      format: image.format,
      byteSize: image.byteSize,
      stats: stats && {
        mean: stats.mean,
        std: stats.std,
        sharpness: stats.sharpness,
        clippedDark: stats.clippedDark,
        clippedBright: stats.clippedBright,
        foregroundFraction: stats.foregroundFraction,
        orientationDeg: stats.orientationDeg,
        elongation: stats.elongation,
        centroidX: stats.centroidX,
        centroidY: stats.centroidY,
        isGrayscale: stats.isGrayscale,
        dhash: stats.dhash,
      },
    });
  }

  /** Computes the profile over everything added so far; the accumulator stays usable. */
  finish(): DatasetProfile {
    const rows = this.rows.slice();
    const groups = byLabel(rows);
    const classTotals = groups
      .map((g) => ({ label: g.label, count: g.rows.length }))
      .sort((a, b) => b.count - a.count);
    const labelled = classTotals.filter((c) => c.label !== null).map((c) => c.count);
    const formats = new Map<string, number>();
    for (const r of rows) formats.set(r.format, (formats.get(r.format) ?? 0) + 1);
    return {
      profileVersion: 1,
      imageCount: rows.length,
      decodedCount: rows.filter((r) => r.stats).length,
      labelledCount: rows.filter((r) => r.label !== null).length,
      grayscaleCount: rows.filter((r) => r.stats?.isGrayscale).length,
      counts: countCells(rows),
      classTotals,
      imbalanceRatio: labelled.length > 1 ? Math.max(...labelled) / Math.min(...labelled) : null,
      formats: [...formats].map(([format, count]) => ({ format, count })).sort((a, b) => b.count - a.count),
      histograms: HIST_LAYOUTS.map((layout) => histogram(layout, groups)),
      overall: summarise(rows),
      byClass: groups.map((g) => ({ label: g.label, summaries: summarise(g.rows) })),
      nearDuplicateMaxBits: this.maxBits,
      nearDuplicateGeometry: this.geometry,
      ...findDuplicates(rows, this.maxBits, this.geometry),
      outlierZ: OUTLIER_Z,
      outliers: outliersOf(groups, OUTLIER_Z),
      undecodable: rows.filter((r) => !r.stats).map((r) => r.id),
      rows,
    };
  }
}
