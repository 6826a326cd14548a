import { describe, expect, it } from 'vitest';
import { refineThreshold, thresholdAtFalseRejectRate } from './threshold.ts';

const rejected = (scores: readonly number[], t: number) => scores.filter((s) => s >= t).length;

describe('thresholdAtFalseRejectRate', () => {
  const good = [5, 1, 9, 3, 7, 2, 8, 4, 6, 10];

  it('rejects at most the given share of the good scores, halfway to the next one', () => {
    expect(thresholdAtFalseRejectRate(good, 0.2)).toBe(8.5);
    expect(rejected(good, thresholdAtFalseRejectRate(good, 0.2))).toBe(2);
    expect(thresholdAtFalseRejectRate(good, 0.25)).toBe(8.5);
    expect(thresholdAtFalseRejectRate(good, 0.1)).toBe(9.5);
  });

  it('accepts every good score at a zero rate, with the threshold just above the highest', () => {
    const t = thresholdAtFalseRejectRate(good, 0);
    expect(t).toBeGreaterThan(10);
    expect(t).toBeLessThan(10.001);
    expect(Math.fround(t)).toBeGreaterThan(10);
  });

  it('never splits tied scores, so ties cannot push the rate over the target', () => {
    const tied = [1, 2, 3, 3, 3, 3];
    const t = thresholdAtFalseRejectRate(tied, 0.5);
    expect(rejected(tied, t)).toBe(0);
    expect(t).toBeGreaterThan(3);
  });

  it('refuses a rate outside 0..1 and an empty or non-finite list', () => {
    expect(() => thresholdAtFalseRejectRate(good, 1)).toThrow(/false-reject rate/);
    expect(() => thresholdAtFalseRejectRate(good, -0.1)).toThrow(/false-reject rate/);
    expect(() => thresholdAtFalseRejectRate([], 0.1)).toThrow(/at least one good score/);
    expect(() => thresholdAtFalseRejectRate([1, Number.NaN], 0.1)).toThrow(/finite/);
  });
});

describe('refineThreshold', () => {
  const good = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it('keeps the false-reject rate and catches every defect it can, with the widest margin', () => {
    const bad = [9.5, 12, 20, 0.5];
    const t = refineThreshold(good, bad, 0.1);
    expect(rejected(good, t)).toBeLessThanOrEqual(1);
    expect(rejected(bad, t)).toBe(3);
    expect(t).toBe((9 + 9.5) / 2);
  });

  it('raises the threshold towards the lowest caught defect when that costs no catch', () => {
    const t = refineThreshold(good, [30, 40], 0);
    expect(t).toBe(20);
    expect(t).toBeGreaterThan(thresholdAtFalseRejectRate(good, 0));
  });

  it('falls back to the false-reject threshold when no defect can be caught', () => {
    expect(refineThreshold(good, [1, 2], 0.1)).toBe(thresholdAtFalseRejectRate(good, 0.1));
    expect(refineThreshold(good, [], 0.1)).toBe(thresholdAtFalseRejectRate(good, 0.1));
  });
});
