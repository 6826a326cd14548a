import { describe, expect, it } from 'vitest';
import { wilsonLowerBound } from '../splits/test-size.ts';
import { aurocInterval, f1Estimate, f1Of, proportion, simultaneousZ, wilsonInterval } from './intervals.ts';

const Z2 = 1.96 * 1.96;

describe('wilsonInterval', () => {
  it('starts at exactly 0 for no successes, with the upper end z²/(n + z²)', () => {
    const { lower, upper } = wilsonInterval(0, 10);
    expect(lower).toBe(0);
    expect(upper).toBeCloseTo(Z2 / (10 + Z2), 12);
  });

  it('ends at exactly 1 for n successes, with the lower end n/(n + z²)', () => {
    const { lower, upper } = wilsonInterval(10, 10);
    expect(upper).toBe(1);
    expect(lower).toBeCloseTo(10 / (10 + Z2), 12);
  });

  it("matches Newcombe's (1998) published score intervals", () => {
    const cases: Array<[number, number, number, number]> = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [s, n, lo, hi] of cases) {
      const { lower, upper } = wilsonInterval(s, n);
      expect(lower).toBeCloseTo(lo, 4);
      expect(upper).toBeCloseTo(hi, 4);
    }
  });

  it('has the lower end of wilsonLowerBound and is symmetric in successes and failures', () => {
    for (const [s, n] of [
      [3, 7],
      [12, 40],
      [99, 100],
    ] as const) {
      const a = wilsonInterval(s, n);
      const b = wilsonInterval(n - s, n);
      expect(a.lower).toBe(wilsonLowerBound(s, n));
      expect(a.upper).toBeCloseTo(1 - b.lower, 12);
    }
  });

  it('says nothing without data, and a proportion of nothing has no value', () => {
    expect(wilsonInterval(0, 0)).toEqual({ lower: 0, upper: 1 });
    expect(proportion(0, 0)).toEqual({ value: null, successes: 0, n: 0, lower: 0, upper: 1 });
    expect(proportion(3, 4).value).toBe(0.75);
  });
});

describe('simultaneousZ', () => {
  it('gives the Bonferroni z: 1.96 for two intervals becomes the 98.75 % quantile 2.2414', () => {
    expect(simultaneousZ(1.96, 1)).toBe(1.96);
    expect(simultaneousZ(1.96, 2)).toBeCloseTo(2.2414, 3);
    expect(simultaneousZ(1.96, 4)).toBeCloseTo(2.4977, 3);
  });
});

describe('f1Estimate', () => {
  it('is 2TP/(2TP + FP + FN) between F1 of the Bonferroni–Wilson ends of precision and recall', () => {
    const f1 = f1Estimate(8, 2, 2);
    expect(f1.value).toBe(0.8);
    const each = wilsonInterval(8, 10, simultaneousZ(1.96, 2));
    // Equal precision and recall make F1 equal to both.
    expect(f1.lower).toBeCloseTo(each.lower, 12);
    expect(f1.upper).toBeCloseTo(each.upper, 12);
    expect(f1.lower).toBeLessThan(wilsonInterval(8, 10).lower);
  });

  it('uses each rate for itself when precision and recall differ', () => {
    const f1 = f1Estimate(6, 0, 4);
    const zz = simultaneousZ(1.96, 2);
    expect(f1.value).toBe(0.75);
    expect(f1.lower).toBeCloseTo(f1Of(wilsonInterval(6, 6, zz).lower, wilsonInterval(6, 10, zz).lower), 12);
    expect(f1.upper).toBeCloseTo(f1Of(1, wilsonInterval(6, 10, zz).upper), 12);
  });

  it('is undefined with no defects and nothing flagged, and 0 with defects but no catch', () => {
    expect(f1Estimate(0, 0, 0)).toMatchObject({ value: null, lower: 0, upper: 1 });
    const missed = f1Estimate(0, 0, 5);
    expect(missed.value).toBe(0);
    expect(missed.lower).toBe(0);
    expect(missed.upper).toBeGreaterThan(0);
  });
});

describe('aurocInterval', () => {
  it('keeps a perfect ranking of 4 + 4 images far from certain, unlike Hanley–McNeil', () => {
    expect(aurocInterval(1, 4, 4).lower).toBeCloseTo(4 / (4 + Z2), 12);
    expect(aurocInterval(1, 4, 400).lower).toBeCloseTo(4 / (4 + Z2), 12);
    expect(aurocInterval(1, 60, 60).lower).toBeGreaterThan(0.9);
  });
});
