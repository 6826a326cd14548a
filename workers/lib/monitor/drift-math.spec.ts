import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { DEFAULT_MONITOR_THRESHOLDS } from '../domain/scope.ts';
import {
  DriftInputError,
  MIN_DRIFT_FRAMES,
  PSI_PSEUDO_COUNT,
  kolmogorovQ,
  ksTwoSample,
  median,
  psi,
  psiChanceLevel,
  quantileSorted,
  statDrift,
} from './drift-math.ts';

function normals(seed: string, n: number, mean = 0, sd = 1): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.normal(mean, sd));
}

const ascending = (v: number[]): number[] => [...v].sort((a, b) => a - b);

/** Standard normal CDF by the Abramowitz–Stegun 7.1.26 erf approximation (|error| < 1.5e-7). */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

describe('psi', () => {
  it('is 0 for identical samples', () => {
    const ref = ascending(normals('psi-same', 300));
    expect(psi(ref, ref)).toBeCloseTo(0, 12);
  });

  it('matches a hand-computed value on two bins', () => {
    // Reference 1..10 splits at its median 5: counts 5 | 5, smoothed 5.5 / 11 = 0.5 each.
    // Live: 2 of 8 at or below 5, 6 above, smoothed 2.5 / 9 and 6.5 / 9.
    const ref = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const live = [1, 2, 6, 7, 8, 9, 10, 11];
    const l0 = 2.5 / 9;
    const l1 = 6.5 / 9;
    const expected = (l0 - 0.5) * Math.log(l0 / 0.5) + (l1 - 0.5) * Math.log(l1 / 0.5);
    expect(psi(ref, live, 2)).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(0.2123, 4);
  });

  it('keeps an empty bin finite through the pseudo-count', () => {
    // Every live value lands above the median: bin 0 is empty, smoothed to 0.5 / 3 of the live sample.
    const ref = [1, 2, 3, 4];
    const live = [10, 11];
    const e = PSI_PSEUDO_COUNT;
    const l0 = e / (2 + 2 * e);
    const l1 = (2 + e) / (2 + 2 * e);
    const expected = (l0 - 0.5) * Math.log(l0 / 0.5) + (l1 - 0.5) * Math.log(l1 / 0.5);
    expect(psi(ref, live, 2)).toBeCloseTo(expected, 12);
    expect(Number.isFinite(psi(ref, live, 2))).toBe(true);
  });

  it('merges bins whose quantile edges coincide, so a constant reference does not split', () => {
    const ref = [3, 3, 3, 3, 3, 3, 3, 3, 3, 3];
    expect(psi(ref, ref)).toBeCloseTo(0, 12);
    expect(psi(ref, [3, 9, 9, 9])).toBeGreaterThan(0.5);
  });

  it('grows with the shift of a normal distribution', () => {
    const ref = ascending(normals('psi-ref', 300));
    const small = psi(ref, normals('psi-live-a', 300, 0.1));
    const large = psi(ref, normals('psi-live-b', 300, 1));
    expect(small).toBeLessThan(0.1);
    expect(large).toBeGreaterThan(0.25);
    expect(large).toBeGreaterThan(small * 5);
  });

  it('refuses an unsorted or empty reference and a bad bin count', () => {
    expect(() => psi([2, 1], [1])).toThrow(DriftInputError);
    expect(() => psi([2, 1], [1])).toThrow(/sorted ascending; index 1/);
    expect(() => psi([], [1])).toThrow(/empty/);
    expect(() => psi([1, Number.NaN], [1])).toThrow(/finite/);
    expect(() => psi([1, 2], [1], 1)).toThrow(/at least 2 bins/);
  });

  it('ignores non-finite live values and gives 0 for no live values', () => {
    const ref = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(psi(ref, [])).toBe(0);
    expect(psi(ref, [1, 6, Number.NaN], 2)).toBeCloseTo(psi(ref, [1, 6], 2), 12);
  });
});

describe('psiChanceLevel', () => {
  it("matches the mean PSI of windows drawn from the reference's own distribution", () => {
    const ref = ascending(normals('chance-ref', 300));
    const values = Array.from({ length: 300 }, (_, t) => psi(ref, normals(`chance-${t}`, 60)));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(psiChanceLevel(60, 300)).toBeCloseTo(0.18, 2);
    expect(mean).toBeGreaterThan(psiChanceLevel(60, 300) * 0.7);
    expect(mean).toBeLessThan(psiChanceLevel(60, 300) * 1.3);
  });
});

describe('ksTwoSample', () => {
  it('gives D 0 and p 1 for identical samples', () => {
    const a = normals('ks-same', 200);
    const r = ksTwoSample(a, [...a].reverse());
    expect(r.d).toBe(0);
    expect(r.pValue).toBe(1);
  });

  it('finds D close to the analytic gap of a shifted normal and rejects it', () => {
    // sup |Φ(x) − Φ(x − δ)| is reached at x = δ/2: 2Φ(δ/2) − 1.
    const delta = 1;
    const analytic = 2 * phi(delta / 2) - 1;
    const r = ksTwoSample(normals('ks-a', 5000), normals('ks-b', 5000, delta));
    expect(analytic).toBeCloseTo(0.3829, 3);
    // DKW: each empirical CDF strays more than 0.03 with probability below 2·exp(−2·5000·0.03²) ≈ 2.5e-4.
    expect(Math.abs(r.d - analytic)).toBeLessThan(0.06);
    expect(r.pValue).toBeLessThan(1e-12);
  });

  it('rejects about 5% of same-distribution pairs at p < 0.05, the shape of the drift window', () => {
    const trials = 400;
    let rejected = 0;
    for (let t = 0; t < trials; t++) {
      if (ksTwoSample(normals(`ks-null-a${t}`, 300), normals(`ks-null-b${t}`, 60)).pValue < 0.05) rejected++;
    }
    // Binomial(400, 0.05) lies in 8..34 with probability above 0.999; the small-sample correction
    // keeps the asymptotic test near its nominal level.
    expect(rejected).toBeGreaterThanOrEqual(8);
    expect(rejected).toBeLessThanOrEqual(34);
  });

  it('computes D by hand on small samples with ties', () => {
    // F_a steps: ≤1: 1/2, ≤2: 1, F_b: ≤1: 0, ≤2: 1/2, ≤3: 1. Largest gap 1/2.
    expect(ksTwoSample([1, 2], [2, 3]).d).toBeCloseTo(0.5, 12);
    expect(ksTwoSample([1, 1, 1], [1, 1]).d).toBe(0);
  });

  it('gives D 0 and p 1 when a sample is empty', () => {
    expect(ksTwoSample([], [1, 2])).toEqual({ d: 0, pValue: 1 });
  });
});

describe('kolmogorovQ', () => {
  it('matches tabulated critical values of the Kolmogorov distribution', () => {
    // Known quantiles: P(K > 1.3581) = 0.05, P(K > 1.6276) = 0.01, P(K > 1.2238) = 0.10.
    expect(kolmogorovQ(1.3581)).toBeCloseTo(0.05, 3);
    expect(kolmogorovQ(1.6276)).toBeCloseTo(0.01, 3);
    expect(kolmogorovQ(1.2238)).toBeCloseTo(0.1, 3);
    expect(kolmogorovQ(0)).toBe(1);
  });
});

describe('statDrift', () => {
  const reference = { sorted: ascending(normals('sd-ref', 300, 120, 10)), lo: 80, hi: 160 };
  const limits = DEFAULT_MONITOR_THRESHOLDS;

  it('flags a shifted window and reports both medians', () => {
    const live = normals('sd-live', 60, 90, 10);
    const r = statDrift('brightness', reference, live, limits);
    expect(r.flagged).toBe(true);
    expect(r.psi).toBeGreaterThanOrEqual(limits.psi);
    expect(r.pValue).toBeLessThan(limits.ksPValue);
    expect(r.n).toBe(60);
    expect(r.liveMedian).toBeCloseTo(median(live), 12);
    expect(r.referenceMedian).toBeCloseTo(120, -1);
  });

  it('flags almost no windows of the training distribution, though PSI alone often reaches 0.25 on them', () => {
    // PSI's expected value on a 40-value window of the same distribution is about 9 · (1/40 + 1/300)
    // ≈ 0.26 with ten bins: the usual 0.25 "major shift" reading assumes large samples. KS decides.
    const windows = Array.from({ length: 200 }, (_, t) => normals(`sd-null-${t}`, 40, 120, 10));
    const results = windows.map((w) => statDrift('brightness', reference, w, limits));
    expect(results.filter((r) => r.psi >= limits.psi).length).toBeGreaterThan(20);
    expect(results.filter((r) => r.flagged).length).toBeLessThanOrEqual(6);
  });

  it('does not flag a window from the training distribution', () => {
    const r = statDrift('brightness', reference, normals('sd-same', 60, 120, 10), limits);
    expect(r.flagged).toBe(false);
  });

  it(`needs ${MIN_DRIFT_FRAMES} live values before it flags`, () => {
    const live = normals('sd-few', MIN_DRIFT_FRAMES, 60, 10);
    expect(statDrift('brightness', reference, live.slice(1), limits).flagged).toBe(false);
    expect(statDrift('brightness', reference, live, limits).flagged).toBe(true);
  });

  it('needs both tests: a PSI limit out of reach or a strict p-value keeps it quiet', () => {
    const live = normals('sd-both', 60, 100, 10);
    expect(statDrift('brightness', reference, live, limits).flagged).toBe(true);
    expect(statDrift('brightness', reference, live, { psi: 50, ksPValue: 0.01 }).flagged).toBe(false);
    expect(statDrift('brightness', reference, live, { psi: 0.25, ksPValue: 1e-300 }).flagged).toBe(false);
  });

  it('reports an empty window without flagging it', () => {
    const r = statDrift('embedding', reference, [], limits);
    expect(r).toMatchObject({ n: 0, flagged: false, psi: 0, ks: 0, pValue: 1 });
    expect(r.liveMedian).toBeNaN();
  });
});

describe('quantileSorted', () => {
  it('interpolates between neighbours', () => {
    expect(quantileSorted([0, 10], 0.25)).toBeCloseTo(2.5, 12);
    expect(quantileSorted([1, 2, 3], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3], 1)).toBe(3);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});
