import { describe, expect, it } from 'vitest';
import { auroc } from '../metrics/classification.ts';
import { createRng } from '../rng.ts';
import { averagePrecision, prCurve, rocArea, rocCurve, scoreHistogram } from './curves.ts';

// Three defective and three good images; a defect ties a good image at 0.8 and another at 0.5.
const scores = [0.9, 0.8, 0.8, 0.5, 0.5, 0.2];
const isBad = [true, false, true, true, false, false];

describe('rocCurve', () => {
  it('moves tied scores together: one point per distinct score, worked by hand', () => {
    expect(rocCurve(scores, isBad)).toEqual([
      { threshold: null, fpr: 0, tpr: 0 },
      { threshold: 0.9, fpr: 0, tpr: 1 / 3 },
      { threshold: 0.8, fpr: 1 / 3, tpr: 2 / 3 },
      { threshold: 0.5, fpr: 2 / 3, tpr: 1 },
      { threshold: 0.2, fpr: 1, tpr: 1 },
    ]);
  });

  it('has the trapezoid area of the ties-count-half AUROC: 7/9 here', () => {
    expect(rocArea(rocCurve(scores, isBad))).toBeCloseTo(7 / 9, 12);
  });

  it('matches auroc on seeded data with many ties', () => {
    const rng = createRng('roc-area');
    for (let round = 0; round < 20; round++) {
      const n = rng.int(2, 60);
      const bad = Array.from({ length: n }, () => rng.chance(0.4));
      bad[0] = true;
      bad[1] = false;
      const s = bad.map(
        (b) => Math.round(Math.min(1, Math.max(0, rng.normal(b ? 0.6 : 0.4, 0.2))) * 10) / 10,
      );
      expect(rocArea(rocCurve(s, bad))).toBeCloseTo(auroc(s, bad), 12);
    }
  });

  it('is empty without both classes', () => {
    expect(rocCurve([0.2, 0.3], [true, true])).toEqual([]);
    expect(rocArea([])).toBeNull();
  });
});

describe('prCurve and averagePrecision', () => {
  it('gives observed points only, one per distinct score, worked by hand', () => {
    expect(prCurve(scores, isBad)).toEqual([
      { threshold: 0.9, recall: 1 / 3, precision: 1 },
      { threshold: 0.8, recall: 2 / 3, precision: 2 / 3 },
      { threshold: 0.5, recall: 1, precision: 3 / 5 },
      { threshold: 0.2, recall: 1, precision: 1 / 2 },
    ]);
  });

  it('sums recall steps times precision: 1/3 + 2/9 + 1/5 = 34/45', () => {
    expect(averagePrecision(prCurve(scores, isBad))).toBeCloseTo(34 / 45, 12);
  });

  it('is 1 for a perfect ranking and empty without defects', () => {
    expect(averagePrecision(prCurve([0.1, 0.2, 0.8, 0.9], [false, false, true, true]))).toBe(1);
    expect(prCurve([0.1], [false])).toEqual([]);
    expect(averagePrecision([])).toBeNull();
  });
});

describe('scoreHistogram', () => {
  it('bins each class over 0..1, the last bin closed at 1', () => {
    const h = scoreHistogram([0, 0.25, 0.5, 0.7499, 1, 0.3], [false, false, true, true, true, false], 4);
    expect(h.edges).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(h.good).toEqual([1, 2, 0, 0]);
    expect(h.bad).toEqual([0, 0, 2, 1]);
  });

  it('puts a score on an edge in the bin that edge opens, despite rounding in s · bins', () => {
    // (15/22) · 22 and 0.58 · 50 round below 15 and 29 in floating point.
    for (const bins of [3, 10, 22, 23, 26, 39, 43]) {
      const s = Array.from({ length: bins }, (_, k) => k / bins);
      const h = scoreHistogram(
        s,
        s.map(() => false),
        bins,
      );
      expect(h.good).toEqual(new Array(bins).fill(1));
    }
    expect(scoreHistogram([0.58], [true], 50).bad[29]).toBe(1);
  });

  it('defaults to 20 bins and refuses a bin count that is not a positive whole number', () => {
    expect(scoreHistogram([0.5], [true]).edges).toHaveLength(21);
    expect(() => scoreHistogram([0.5], [true], 0)).toThrow(/bins/);
    expect(() => scoreHistogram([0.5], [true], 2.5)).toThrow(/bins/);
  });
});
