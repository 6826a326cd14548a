/**
 * How many test images an accuracy gate needs: Wilson score lower bounds and a warning when the
 * test split is too small for a measured accuracy to mean much.
 */

/** Default z: the lower end of a two-sided 95 % interval. */
export const DEFAULT_Z = 1.96;

/**
 * Lower end of the Wilson score interval for `successes` out of `n` trials (0..1); 0 when n is 0.
 * `successes` may be fractional (an observed rate × n).
 */
export function wilsonLowerBound(successes: number, n: number, z = DEFAULT_Z): number {
  if (!(n > 0)) return 0;
  const p = Math.min(1, Math.max(0, successes / n));
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return Math.max(0, (centre - spread) / (1 + z2 / n));
}

/**
 * Smallest test-set size n (images) at which a measured accuracy `p` has a Wilson lower bound of at
 * least `target`: 0 when target ≤ 0, null when no n does (p ≤ target, or target ≥ 1).
 */
export function minSampleForLowerBound(p: number, target: number, z = DEFAULT_Z): number | null {
  if (target <= 0) return 0;
  if (!(p > target) || target >= 1) return null;
  const reaches = (n: number): boolean => wilsonLowerBound(p * n, n, z) >= target;
  // The bound rises with n towards `p`, so double until it is reached, then bisect.
  let hi = 1;
  while (!reaches(hi)) {
    hi *= 2;
    if (hi > 2 ** 40) return null;
  }
  let lo = Math.floor(hi / 2);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (reaches(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** A too-small-test-set warning: a sentence, the bound it reports and the test size needed. */
export interface GateWarning {
  message: string;
  /** Wilson lower bound (0..1) for a measured accuracy equal to the gate at the current test size. */
  wilsonLower: number;
  /** Test images needed for that bound to reach gate − margin; Infinity when no test size does. */
  needed: number;
}

/** Tuning of gateWarning: `margin` below the gate the bound must reach (default 0.05), and z. */
export interface GateWarningOptions {
  margin?: number;
  z?: number;
}

// Two-sided confidence of ±z (erf by Abramowitz–Stegun 7.1.26, |error| < 1.5e-7), for the message.
function confidenceOf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return 1 - poly * Math.exp(-x * x);
}

// Two decimals, or three where the third one matters (0.90, 0.95, 0.975).
function show(x: number): string {
  return x.toFixed(3).replace(/0$/, '');
}

/**
 * Warns when `testCount` images are too few to back an accuracy gate of `gateThreshold` (0..1):
 * a model measured exactly at the gate should be shown, by the Wilson lower bound, to be at least
 * gate − margin (default 0.05) accurate. Returns null when the test split is large enough.
 */
export function gateWarning(
  testCount: number,
  gateThreshold: number,
  options: GateWarningOptions = {},
): GateWarning | null {
  const z = options.z ?? DEFAULT_Z;
  const margin = options.margin ?? 0.05;
  const target = gateThreshold - margin;
  const needed = minSampleForLowerBound(gateThreshold, target, z) ?? Infinity;
  if (testCount >= needed) return null;
  const wilsonLower = wilsonLowerBound(gateThreshold * testCount, testCount, z);
  const level = `${Math.round(confidenceOf(z) * 100)}% Wilson lower bound`;
  // Rounded down, so the sentence never claims more than the data shows.
  const shown = (Math.floor(wilsonLower * 100) / 100).toFixed(2);
  const have =
    testCount > 0
      ? `With ${testCount} test image${testCount === 1 ? '' : 's'}, a measured accuracy of ${show(gateThreshold)} only shows the true accuracy is above ${shown} (${level}).`
      : 'There are no test images, so a measured accuracy shows nothing about the true accuracy.';
  const need = Number.isFinite(needed)
    ? `About ${needed} test images are needed for the bound to reach ${show(target)}.`
    : `No test size lets the bound reach ${show(target)}; lower the gate or the margin.`;
  return { message: `${have} ${need}`, wilsonLower, needed };
}
