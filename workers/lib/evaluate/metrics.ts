/**
 * Binary inspection metrics at a threshold on P(bad), each with its 95 % interval. Positive means
 * defective: an image is flagged (predicted bad) when its score is at or above the threshold.
 */
import { auroc, confusion, recallByGroup } from '../metrics/classification.ts';
import { checkScores, checkThreshold } from './input.ts';
import {
  aurocInterval,
  DEFAULT_Z,
  f1Estimate,
  proportion,
  type F1Estimate,
  type Interval,
  type Proportion,
} from './intervals.ts';

/** Confusion counts with positive = defective: TP caught defects, FP good parts flagged NG. */
export interface ConfusionCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Every threshold-dependent metric at one threshold, with Wilson intervals (F1: Bonferroni–Wilson). */
export interface BinaryMetrics {
  /** P(bad) at or above which an image is flagged, 0..1. */
  threshold: number;
  counts: ConfusionCounts;
  /** (TP + TN) / all images. */
  accuracy: Proportion;
  /** TP / flagged images. */
  precision: Proportion;
  /** Defect recall: TP / defective images. */
  recall: Proportion;
  /** TN / good images. */
  specificity: Proportion;
  /** False-reject rate: FP / good images (good parts flagged NG). */
  falseRejectRate: Proportion;
  f1: F1Estimate;
}

/** AUROC with its interval and the class sizes behind it; `value` is null without both classes. */
export interface AurocEstimate extends Interval {
  value: number | null;
  positives: number;
  negatives: number;
  method: 'birnbaum-klose-wilson';
}

/** Confusion counts of `scores` against `isBad` when scores ≥ `threshold` are flagged. */
export function confusionAt(
  scores: ArrayLike<number>,
  isBad: ArrayLike<boolean>,
  threshold: number,
): ConfusionCounts {
  checkScores(scores, isBad);
  checkThreshold(threshold);
  const truth = Array.from(isBad, (b) => (b ? 1 : 0));
  const predicted = Array.from(scores, (s) => (s >= threshold ? 1 : 0));
  const [[tn, fp], [fn, tp]] = confusion(truth, predicted, 2) as [[number, number], [number, number]];
  return { tp, fp, tn, fn };
}

/** All threshold metrics, with intervals at `z`, from confusion counts at `threshold`. */
export function metricsFromCounts(counts: ConfusionCounts, threshold: number, z = DEFAULT_Z): BinaryMetrics {
  const { tp, fp, tn, fn } = counts;
  return {
    threshold,
    counts: { ...counts },
    accuracy: proportion(tp + tn, tp + fp + tn + fn, z),
    precision: proportion(tp, tp + fp, z),
    recall: proportion(tp, tp + fn, z),
    specificity: proportion(tn, tn + fp, z),
    falseRejectRate: proportion(fp, tn + fp, z),
    f1: f1Estimate(tp, fp, fn, z),
  };
}

/** All threshold metrics computed from scratch from scores, truths and a threshold. */
export function binaryMetrics(
  scores: ArrayLike<number>,
  isBad: ArrayLike<boolean>,
  threshold: number,
  z = DEFAULT_Z,
): BinaryMetrics {
  return metricsFromCounts(confusionAt(scores, isBad, threshold), threshold, z);
}

/** Defect recall per defect type (sorted by name) with Wilson intervals; only defective images count. */
export function defectRecall(
  scores: ArrayLike<number>,
  isBad: ArrayLike<boolean>,
  defectTypes: ReadonlyArray<string | null>,
  threshold: number,
  z = DEFAULT_Z,
): Record<string, Proportion> {
  checkScores(scores, isBad, defectTypes);
  checkThreshold(threshold);
  // A type on a good image is stale metadata, not a defect; an untyped defect counts only overall.
  const groups = defectTypes.map((d, i) => (isBad[i] ? d : null));
  const sizes = new Map<string, number>();
  for (const g of groups) if (g !== null) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const rates = recallByGroup(
    groups,
    Array.from(scores, (s) => s >= threshold),
  );
  return Object.fromEntries(
    Object.entries(rates).map(([group, rate]) => {
      const n = sizes.get(group)!;
      // recallByGroup gives hits / n; the hit count is that rate times n, rounded off float dust.
      return [group, proportion(Math.round(rate * n), n, z)];
    }),
  );
}

/** AUROC (Mann–Whitney, ties count half) with its Birnbaum–Klose–Wilson interval. */
export function aurocEstimate(
  scores: ArrayLike<number>,
  isBad: ArrayLike<boolean>,
  z = DEFAULT_Z,
): AurocEstimate {
  checkScores(scores, isBad);
  let positives = 0;
  for (let i = 0; i < isBad.length; i++) if (isBad[i]) positives++;
  const negatives = isBad.length - positives;
  const value = auroc(scores, isBad);
  const known = Number.isFinite(value);
  return {
    value: known ? value : null,
    positives,
    negatives,
    ...(known ? aurocInterval(value, positives, negatives, z) : { lower: 0, upper: 1 }),
    method: 'birnbaum-klose-wilson',
  };
}
