/**
 * Confidence intervals for the evaluation: the Wilson score interval for proportions, a Bonferroni
 * combination for F1 and a conservative interval for AUROC. All bounds are 0..1.
 */
import { DEFAULT_Z, wilsonLowerBound } from '../splits/test-size.ts';

export { DEFAULT_Z };

/** A two-sided confidence interval, 0..1. */
export interface Interval {
  lower: number;
  upper: number;
}

/** A proportion (successes / n) with its Wilson interval; `value` is null when n is 0. */
export interface Proportion extends Interval {
  value: number | null;
  successes: number;
  n: number;
}

/** Two-sided Wilson score interval for `successes` out of `n` (0..1); [0, 1], no information, when n is 0. */
export function wilsonInterval(successes: number, n: number, z = DEFAULT_Z): Interval {
  if (!(n > 0)) return { lower: 0, upper: 1 };
  // Exact ends at 0 and n successes: the closed form would leave rounding dust (1e-17) there.
  const lower = successes <= 0 ? 0 : wilsonLowerBound(successes, n, z);
  // The Wilson interval is symmetric under swapping successes and failures.
  const upper = successes >= n ? 1 : 1 - wilsonLowerBound(n - successes, n, z);
  return { lower, upper };
}

/** `successes` of `n` as a Proportion with its Wilson interval. */
export function proportion(successes: number, n: number, z = DEFAULT_Z): Proportion {
  return { value: n > 0 ? successes / n : null, successes, n, ...wilsonInterval(successes, n, z) };
}

// Standard normal CDF via erf (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7).
function normalCdf(x: number): number {
  const a = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * a);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-a * a);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Bonferroni z: `count` intervals at it hold jointly at the confidence of one ±z (1.96, 2 → 2.24). */
export function simultaneousZ(z: number, count: number): number {
  if (count <= 1) return z;
  const tail = (1 - normalCdf(z)) / count;
  // The CDF rises monotonically, so bisection finds the quantile 1 − tail.
  let lo = z;
  let hi = z + 10;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (1 - normalCdf(mid) > tail) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** F1 = 2PR / (P + R) of a precision and a recall (0..1); 0 when both are 0. */
export function f1Of(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

/** F1 with a conservative interval; `value` is null when there are no positives and none flagged. */
export interface F1Estimate extends Interval {
  value: number | null;
  method: 'bonferroni-wilson';
}

/** F1 = 2TP / (2TP + FP + FN) with a conservative Bonferroni–Wilson interval (no resampling). */
export function f1Estimate(tp: number, fp: number, fn: number, z = DEFAULT_Z): F1Estimate {
  // Precision and recall get Wilson intervals at the Bonferroni z for two, so both hold together at the
  // confidence of `z`; F1 rises with both, so F1 of the lower ends and of the upper ends bound it.
  const denominator = 2 * tp + fp + fn;
  const zz = simultaneousZ(z, 2);
  const precision = wilsonInterval(tp, tp + fp, zz);
  const recall = wilsonInterval(tp, tp + fn, zz);
  return {
    value: denominator > 0 ? (2 * tp) / denominator : null,
    lower: f1Of(precision.lower, recall.lower),
    upper: f1Of(precision.upper, recall.upper),
    method: 'bonferroni-wilson',
  };
}

/** Conservative AUROC interval: Wilson with min(positives, negatives) trials (Birnbaum–Klose). */
export function aurocInterval(auc: number, positives: number, negatives: number, z = DEFAULT_Z): Interval {
  // Birnbaum–Klose caps the AUROC's variance at A(1 − A) / min(m, n), so inverting the score test with
  // that variance is the Wilson interval with min(m, n) trials. The Hanley–McNeil standard error would
  // shrink to zero at AUROC 1 and let a perfect ranking of a handful of images pass any floor.
  const effective = Math.min(positives, negatives);
  return wilsonInterval(auc * effective, effective, z);
}
