/** Small, allocation-light statistics shared by the dataset profile, its assertions and the benchmarks. */
/** Value at quantile `q` (0..1) of an ascending-sorted array, linearly interpolated (R type 7); NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
}

/** Ascending copy of `values` as a Float64Array (numeric sort, unlike Array#sort's default). */
export function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** Median of an ascending-sorted array; NaN when empty. */
export function medianSorted(sorted: ArrayLike<number>): number {
  return quantileSorted(sorted, 0.5);
}

/** Median of unsorted values; NaN when empty. */
export function median(values: readonly number[]): number {
  return medianSorted(sortedCopy(values));
}

/** Median absolute deviation from `median` (same unit as the values); NaN when empty. */
export function medianAbsDeviation(values: ArrayLike<number>, median: number): number {
  const dev = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) dev[i] = Math.abs((values[i] ?? 0) - median);
  return medianSorted(dev.sort());
}

/**
 * Scale for the modified z-score (Iglewicz & Hoaglin): returns `d` such that z = (x − median) / d.
 * With MAD = 0 (over half the values identical) the plain MAD would flag nothing or everything, so it
 * falls back to the mean absolute deviation; null when every value equals the median (no spread at all).
 */
export function robustZScale(values: ArrayLike<number>, median: number): number | null {
  const mad = medianAbsDeviation(values, median);
  if (mad > 0) return mad / 0.6745;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.abs((values[i] ?? 0) - median);
  const meanAd = values.length > 0 ? sum / values.length : 0;
  return meanAd > 0 ? 1.253314 * meanAd : null;
}
