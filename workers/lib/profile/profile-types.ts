/**
 * The dataset profile's JSON shape (plain objects and arrays only, so it survives postMessage,
 * IndexedDB and JSON.stringify unchanged) and the fixed histogram layouts every profile shares.
 */
import type { Split } from '../splits/split.ts';

/** One image as the worker hands it to the accumulator (header facts; no pixels). */
export interface ProfileImageInput {
  id: string;
  /** SHA-256 of the stored file bytes, 64 hex digits. */
  sha256: string;
  label: string | null;
  /** null = not yet assigned. */
  split: Split | null;
  /** Width (pixels) from the file header; 0 when unknown. */
  width: number;
  /** Height (pixels) from the file header; 0 when unknown. */
  height: number;
  /** Channels in the file (1, 3 or 4; 0 when unknown). */
  channels: number;
  /** Container format, e.g. 'png' or 'jpeg'. */
  format: string;
  /** File size (bytes). */
  byteSize: number;
}

/** The per-image statistics a row keeps (a subset of ImageStats; units as there). */
export interface RowStats {
  mean: number;
  std: number;
  sharpness: number;
  clippedDark: number;
  clippedBright: number;
  foregroundFraction: number;
  orientationDeg: number;
  elongation: number;
  centroidX: number;
  centroidY: number;
  isGrayscale: boolean;
  dhash: string;
}

/** One image in the profile: header facts plus its statistics, or null stats when it did not decode. */
export interface ProfileRow extends ProfileImageInput {
  stats: RowStats | null;
}

/** A statistic the profile summarises; width, height and byteSize come from the header. */
export type StatKey =
  'mean' | 'std' | 'sharpness' | 'foregroundFraction' | 'elongation' | 'width' | 'height' | 'byteSize';

/** How a histogram maps values to its axis before binning. */
export type HistScale = 'linear' | 'log10p1' | 'log2' | 'log10';

/** Fixed layout of one histogram: `bins` equal bins over [lo, hi] on the scaled axis. */
export interface HistLayout {
  stat: StatKey;
  scale: HistScale;
  lo: number;
  hi: number;
  bins: number;
  /** Axis caption with units, for reports. */
  caption: string;
}

/**
 * Histogram layouts, fixed so histograms of different classes and different snapshots line up bin for bin.
 * Values beyond an end are counted in the end bin. Sharpness uses log10(1 + x) so 0 (flat) stays finite.
 */
export const HIST_LAYOUTS: readonly HistLayout[] = [
  { stat: 'mean', scale: 'linear', lo: 0, hi: 255, bins: 20, caption: 'brightness (mean luma, 0–255)' },
  { stat: 'std', scale: 'linear', lo: 0, hi: 128, bins: 20, caption: 'contrast (luma std, 0–128)' },
  {
    stat: 'sharpness',
    scale: 'log10p1',
    lo: 0,
    hi: 5,
    bins: 20,
    caption: 'sharpness (log10(1 + Laplacian var))',
  },
  { stat: 'foregroundFraction', scale: 'linear', lo: 0, hi: 1, bins: 20, caption: 'foreground share (0–1)' },
  { stat: 'width', scale: 'log2', lo: 4, hi: 14, bins: 20, caption: 'width (log2 px)' },
  { stat: 'height', scale: 'log2', lo: 4, hi: 14, bins: 20, caption: 'height (log2 px)' },
  { stat: 'byteSize', scale: 'log10', lo: 2, hi: 8, bins: 20, caption: 'file size (log10 bytes)' },
];

/** Statistics screened for robust-z outliers; the ones named in OUTLIER_LOG_STATS are screened on log10(1 + x). */
export const OUTLIER_STATS: readonly StatKey[] = [
  'mean',
  'std',
  'sharpness',
  'foregroundFraction',
  'elongation',
];

/** Heavy-tailed statistics whose outliers are judged on a log scale, where they are closer to symmetric. */
export const OUTLIER_LOG_STATS: readonly StatKey[] = ['sharpness', 'elongation'];

/** Histogram counts for one class (label null = unlabelled) in a layout's bins. */
export interface ClassHistogram {
  label: string | null;
  counts: number[];
}

/** One statistic's histograms, one per class, on a shared layout. */
export interface Histogram extends HistLayout {
  /** Bin edges on the scaled axis (bins + 1 numbers). */
  edges: number[];
  perClass: ClassHistogram[];
}

/** Order statistics of one statistic over a group of images (units of the statistic). */
export interface StatSummary {
  stat: StatKey;
  n: number;
  min: number;
  q01: number;
  median: number;
  q99: number;
  max: number;
}

/** Image count in one class × split cell (null = unlabelled / unassigned). */
export interface CountCell {
  label: string | null;
  split: Split | null;
  count: number;
}

/** Images that share content: identical bytes ('exact') or dHashes within the near threshold ('near'). */
export interface DuplicateGroup {
  kind: 'exact' | 'near';
  ids: string[];
  /** Distinct splits of the members (null = unassigned). */
  splits: Array<Split | null>;
  /** Distinct labels of the members (null = unlabelled). */
  labels: Array<string | null>;
  /** Largest dHash distance (bits) along the links that joined the group; 0 for exact groups. */
  maxDistance: number;
}

/** Images with identical bytes but different non-null labels. */
export interface LabelConflict {
  sha256: string;
  ids: string[];
  labels: string[];
}

/** An image whose statistic lies far from its class's median (modified z-score beyond the limit). */
export interface Outlier {
  id: string;
  label: string | null;
  stat: StatKey;
  /** The raw value (units of the statistic, not log-scaled). */
  value: number;
  /** Modified z-score, on the log scale for OUTLIER_LOG_STATS. */
  z: number;
}

/** The whole profile of one dataset snapshot (version 1). */
export interface DatasetProfile {
  profileVersion: 1;
  imageCount: number;
  decodedCount: number;
  labelledCount: number;
  grayscaleCount: number;
  /** Non-empty class × split cells. */
  counts: CountCell[];
  /** Images per label, most first (null = unlabelled). */
  classTotals: Array<{ label: string | null; count: number }>;
  /** Largest over smallest count among the labels present; null with fewer than two labels. */
  imbalanceRatio: number | null;
  formats: Array<{ format: string; count: number }>;
  histograms: Histogram[];
  overall: StatSummary[];
  byClass: Array<{ label: string | null; summaries: StatSummary[] }>;
  /** dHash distance (bits) at or below which two images are near duplicates. */
  nearDuplicateMaxBits: number;
  /** Whether near duplicates also had to agree on object position, size and angle. */
  nearDuplicateGeometry: boolean;
  duplicates: DuplicateGroup[];
  /** Duplicate groups whose members sit in more than one assigned split. */
  leaks: DuplicateGroup[];
  labelConflicts: LabelConflict[];
  /** Modified z-score beyond which a value is an outlier. */
  outlierZ: number;
  outliers: Outlier[];
  undecodable: string[];
  rows: ProfileRow[];
}
