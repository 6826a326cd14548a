/**
 * Moving the threshold without re-running the model: scores sorted once per class, so the metrics at
 * any threshold take two binary searches (O(log n)), and threshold search for a recall or
 * false-reject target.
 */
import { checkScores, checkThreshold, checkUnit } from './input.ts';
import { DEFAULT_Z, proportion, type Proportion } from './intervals.ts';
import { metricsFromCounts, type BinaryMetrics, type ConfusionCounts } from './metrics.ts';

/** P(bad) scores sorted ascending per class (and per defect type); plain arrays, so it stores as JSON. */
export interface ScoreIndex {
  good: number[];
  bad: number[];
  /** Scores of the defective images of each type, ascending; types sorted by name. */
  byDefect: Record<string, number[]>;
}

const ascending = (a: number, b: number) => a - b;

/** Sorts the scores once; `defectTypes` (null for none) only counts for defective images. */
export function buildScoreIndex(
  scores: ArrayLike<number>,
  isBad: ArrayLike<boolean>,
  defectTypes?: ReadonlyArray<string | null>,
): ScoreIndex {
  checkScores(scores, isBad, defectTypes);
  const good: number[] = [];
  const bad: number[] = [];
  const groups = new Map<string, number[]>();
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (!isBad[i]) {
      good.push(s);
      continue;
    }
    bad.push(s);
    const type = defectTypes?.[i] ?? null;
    if (type === null) continue;
    const group = groups.get(type);
    if (group) group.push(s);
    else groups.set(type, [s]);
  }
  const byDefect = Object.fromEntries(
    [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([type, s]) => [type, s.sort(ascending)]),
  );
  return { good: good.sort(ascending), bad: bad.sort(ascending), byDefect };
}

/** Index of the first entry ≥ `t` in an ascending array (its length when none is). */
export function firstAtLeast(sorted: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first entry > `t` in an ascending array (its length when none is). */
export function firstAbove(sorted: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Confusion counts at `threshold` (scores ≥ it flagged), in O(log n). */
export function countsAt(index: ScoreIndex, threshold: number): ConfusionCounts {
  checkThreshold(threshold);
  const fn = firstAtLeast(index.bad, threshold);
  const tn = firstAtLeast(index.good, threshold);
  return { tp: index.bad.length - fn, fp: index.good.length - tn, tn, fn };
}

/** Every threshold metric at `threshold`, in O(log n); equal to binaryMetrics on the raw scores. */
export function metricsAt(index: ScoreIndex, threshold: number, z = DEFAULT_Z): BinaryMetrics {
  return metricsFromCounts(countsAt(index, threshold), threshold, z);
}

/** Defect recall per defect type at `threshold`, O(types · log n); equal to defectRecall on the raw data. */
export function defectRecallAt(
  index: ScoreIndex,
  threshold: number,
  z = DEFAULT_Z,
): Record<string, Proportion> {
  checkThreshold(threshold);
  return Object.fromEntries(
    Object.entries(index.byDefect).map(([type, s]) => [
      type,
      proportion(s.length - firstAtLeast(s, threshold), s.length, z),
    ]),
  );
}

/** What a threshold must achieve: defect recall at least, or false-reject rate at most, a value 0..1. */
export type ThresholdTarget =
  { metric: 'recall'; atLeast: number } | { metric: 'falseRejectRate'; atMost: number };

/** A found threshold with the counts it gives, or null and why no threshold reaches the target. */
export type ThresholdSearch =
  { threshold: number; achieved: number; counts: ConfusionCounts } | { threshold: null; reason: string };

// Targets like 0.99 · 100 land a hair off the whole number; this keeps 99 of 100 counting as 0.99.
const EPS = 1e-9;

/** The highest threshold whose defect recall is ≥ `atLeast` (0 < atLeast ≤ 1), or null and why. */
export function thresholdForRecall(index: ScoreIndex, atLeast: number): ThresholdSearch {
  checkUnit(atLeast, 'The target defect recall', 0, 1, true);
  const n = index.bad.length;
  if (!n) return { threshold: null, reason: 'There are no defective images to measure defect recall on.' };
  // The ⌈atLeast · n⌉-th highest defect score: any higher threshold loses that image.
  const needed = Math.max(1, Math.ceil(atLeast * n - EPS));
  const threshold = index.bad[n - needed]!;
  const counts = countsAt(index, threshold);
  return { threshold, achieved: counts.tp / n, counts };
}

/** The lowest threshold at a score with false-reject rate ≤ `atMost` (0..1), or null and why. */
export function thresholdForFalseRejectRate(index: ScoreIndex, atMost: number): ThresholdSearch {
  checkUnit(atMost, 'The target false-reject rate');
  const { good, bad } = index;
  const n = good.length;
  if (!n) return { threshold: null, reason: 'There are no good images to measure the false-reject rate on.' };
  // Counts only change at scores, so the answer is a score: every threshold between the score below it and
  // it flags the same images. Null when only flagging nothing keeps the rate (a good image scores highest).
  const allowed = Math.floor(atMost * n + EPS);
  let threshold: number | undefined;
  if (allowed >= n) threshold = Math.min(good[0]!, bad[0] ?? Infinity);
  else {
    // The (allowed + 1)-th highest good score must fall below; the lowest score above it is the answer.
    const cut = good[n - allowed - 1]!;
    const next = Math.min(good[firstAbove(good, cut)] ?? Infinity, bad[firstAbove(bad, cut)] ?? Infinity);
    if (Number.isFinite(next)) threshold = next;
  }
  if (threshold === undefined)
    return {
      threshold: null,
      reason: `Keeping the false-reject rate at or below ${atMost} needs a threshold above every validation score, which flags nothing: the highest scoring images are good.`,
    };
  const counts = countsAt(index, threshold);
  return { threshold, achieved: counts.fp / n, counts };
}

/** The threshold meeting `target` on the indexed (validation) scores; see the two searches. */
export function findThreshold(index: ScoreIndex, target: ThresholdTarget): ThresholdSearch {
  return target.metric === 'recall'
    ? thresholdForRecall(index, target.atLeast)
    : thresholdForFalseRejectRate(index, target.atMost);
}
