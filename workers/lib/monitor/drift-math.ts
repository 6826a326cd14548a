/**
 * The two drift tests monitoring uses on one statistic: the population stability index (PSI) on bins
 * at the training data's quantiles, and the two-sample Kolmogorov–Smirnov test. A statistic is said to
 * have drifted only when both agree and enough live frames were seen, so one noisy test alone never
 * raises an alarm.
 */
import type { MonitorThresholds } from '../domain/scope.ts';
import { median } from '../profile/stats.ts';
import type { DriftStat, StatDrift, StatReference } from './monitor-types.ts';

// The profile's own quantiles, for callers of the drift tests: no second implementation.
export { median, quantileSorted } from '../profile/stats.ts';

/** Live values a statistic needs in the window before it may be flagged: fewer say too little. */
export const MIN_DRIFT_FRAMES = 20;

/**
 * Pseudo-count added to every bin (the Jeffreys prior) so an empty bin stays finite. A fixed tiny share
 * instead (1e-4) made one empty bin of a 40-part window add 0.7 to the PSI on its own, which happens
 * by chance to one window in five of the very data the reference was measured on.
 */
export const PSI_PSEUDO_COUNT = 0.5;

/** Input the drift tests cannot work with; the message says which argument and why. */
export class DriftInputError extends Error {
  override name = 'DriftInputError';
}

/**
 * Population stability index of `live` against `reference` (ascending), on `bins` bins whose upper
 * edges are the reference's quantiles, each bin's share smoothed by PSI_PSEUDO_COUNT. Bins are (edge[i-1], edge[i]]; repeated edges (a statistic with
 * many equal training values) merge into one bin. 0 means the same distribution; 0.1 a small and 0.25
 * a major shift by the usual reading. An empty `live` has no shift to measure and gives 0.
 */
export function psi(reference: readonly number[], live: readonly number[], bins = 10): number {
  checkSorted(reference, 'reference');
  if (!Number.isInteger(bins) || bins < 2) {
    throw new DriftInputError(`PSI needs at least 2 bins (a whole number), got ${bins}.`);
  }
  const values = finite(live);
  if (values.length === 0) return 0;
  const edges = quantileEdges(reference, bins);
  const refShare = binShares(reference, edges);
  const liveShare = binShares(values, edges);
  let sum = 0;
  for (let i = 0; i < refShare.length; i++) {
    const r = refShare[i]!;
    const l = liveShare[i]!;
    sum += (l - r) * Math.log(l / r);
  }
  return sum;
}

/**
 * Two-sample Kolmogorov–Smirnov test: D is the largest gap between the two empirical distribution
 * functions; the p-value comes from the asymptotic Kolmogorov distribution at the effective sample
 * size n·m/(n+m), with Stephens' small-sample correction. Either sample empty gives D 0 and p 1.
 */
export function ksTwoSample(a: readonly number[], b: readonly number[]): { d: number; pValue: number } {
  const x = finite(a).sort((p, q) => p - q);
  const y = finite(b).sort((p, q) => p - q);
  if (x.length === 0 || y.length === 0) return { d: 0, pValue: 1 };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    // Step past every copy of the smaller value in both samples, so ties never open a false gap.
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  const ne = (x.length * y.length) / (x.length + y.length);
  const root = Math.sqrt(ne);
  return { d, pValue: kolmogorovQ((root + 0.12 + 0.11 / root) * d) };
}

/**
 * P(K > lambda) for the Kolmogorov distribution: 2 Σ (-1)^(j-1) exp(-2 j² λ²). Below λ ≈ 0.3 the
 * alternating series converges too slowly to sum and the probability is 1 to many digits.
 */
export function kolmogorovQ(lambda: number): number {
  if (!(lambda > 0.3)) return 1;
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    sum += j % 2 === 1 ? term : -term;
    if (term < 1e-12) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * The PSI two samples of n and m values from one distribution show on average, on `bins` bins: n·m/(n+m)
 * times the PSI is about χ² with bins − 1 degrees of freedom. At 60 live parts against 300 training
 * images and 10 bins that is 0.18, most of the usual 0.25 "major shift" limit, which assumes large
 * samples.
 */
export function psiChanceLevel(n: number, m: number, bins = 10): number {
  if (n <= 0 || m <= 0) return 0;
  return (bins - 1) * (1 / n + 1 / m);
}

/**
 * One statistic's drift over a window of live values against its training reference. Flagged only when
 * PSI beyond its chance level (psiChanceLevel) reaches `limits.psi`, the KS p-value is below
 * `limits.ksPValue`, and at least MIN_DRIFT_FRAMES live values were measured. `psi` reports the PSI as
 * measured. The live median is NaN when the window held no value of this statistic.
 */
export function statDrift(
  stat: DriftStat,
  reference: StatReference,
  live: readonly number[],
  limits: Pick<MonitorThresholds, 'psi' | 'ksPValue'>,
): StatDrift {
  const values = finite(live);
  const p = psi(reference.sorted, values);
  const ks = ksTwoSample(reference.sorted, values);
  return {
    stat,
    psi: p,
    ks: ks.d,
    pValue: ks.pValue,
    flagged:
      values.length >= MIN_DRIFT_FRAMES &&
      p - psiChanceLevel(values.length, reference.sorted.length) >= limits.psi &&
      ks.pValue < limits.ksPValue,
    liveMedian: median(values),
    referenceMedian: median(reference.sorted),
    n: values.length,
  };
}

function checkSorted(values: readonly number[], name: string): void {
  if (values.length === 0)
    throw new DriftInputError(`The ${name} sample is empty; measure some training images first.`);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new DriftInputError(
        `The ${name} sample holds a value that is not a finite number at index ${i}.`,
      );
    }
    if (i > 0 && values[i]! < values[i - 1]!) {
      throw new DriftInputError(
        `The ${name} sample must be sorted ascending; index ${i} is smaller than the one before.`,
      );
    }
  }
}

/** Upper bin edges (the last bin is open above), deduplicated so ties merge bins. */
function quantileEdges(sorted: readonly number[], bins: number): number[] {
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const edge = sorted[Math.ceil((i * sorted.length) / bins) - 1]!;
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return edges;
}

function binShares(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) {
    // First edge at or above v: bins are closed on their upper edge.
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]!++;
  }
  const total = values.length + PSI_PSEUDO_COUNT * counts.length;
  return counts.map((c) => (c + PSI_PSEUDO_COUNT) / total);
}

function finite(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v));
}
