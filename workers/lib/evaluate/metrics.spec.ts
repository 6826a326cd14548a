import { describe, expect, it } from 'vitest';
import { aurocEstimate, binaryMetrics, confusionAt, defectRecall } from './metrics.ts';
import { EvaluationInputError } from './input.ts';
import { wilsonInterval } from './intervals.ts';

// Seven images: four defective (one scored 0.2, below the cut), a good one tied with a defect at 0.4.
const scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.7, 0.2];
const isBad = [false, true, false, true, false, true, true];

describe('confusionAt and binaryMetrics', () => {
  it('flags scores at or above the threshold, positive = defective', () => {
    expect(confusionAt(scores, isBad, 0.4)).toEqual({ tp: 3, fp: 1, tn: 2, fn: 1 });
    expect(confusionAt(scores, isBad, 0.41)).toEqual({ tp: 2, fp: 0, tn: 3, fn: 2 });
  });

  it('gives each rate its counts and Wilson interval', () => {
    const m = binaryMetrics(scores, isBad, 0.4);
    expect(m.accuracy).toMatchObject({ value: 5 / 7, successes: 5, n: 7, ...wilsonInterval(5, 7) });
    expect(m.precision).toMatchObject({ value: 3 / 4, successes: 3, n: 4 });
    expect(m.recall).toMatchObject({ value: 3 / 4, successes: 3, n: 4 });
    expect(m.specificity).toMatchObject({ value: 2 / 3, successes: 2, n: 3, ...wilsonInterval(2, 3) });
    expect(m.falseRejectRate).toMatchObject({ value: 1 / 3, successes: 1, n: 3, ...wilsonInterval(1, 3) });
    expect(m.f1.value).toBe(0.75);
    expect(m.f1.lower).toBeLessThan(0.75);
    expect(m.threshold).toBe(0.4);
  });

  it('leaves precision undefined when nothing is flagged', () => {
    const m = binaryMetrics(scores, isBad, 0.9);
    expect(m.precision.value).toBeNull();
    expect(m.recall.value).toBe(0);
    expect(m.falseRejectRate.value).toBe(0);
  });

  it('rejects mismatched lengths and scores that are not probabilities', () => {
    expect(() => binaryMetrics([0.1, 0.2], [true], 0.5)).toThrow(EvaluationInputError);
    expect(() => binaryMetrics([0.1, Number.NaN], [true, false], 0.5)).toThrow(/Score 1 is NaN/);
    expect(() => binaryMetrics([1.2], [true], 0.5)).toThrow(/from 0 to 1/);
    expect(() => binaryMetrics([0.2], [true], Number.NaN)).toThrow(/threshold/);
  });
});

describe('defectRecall', () => {
  const types = [null, 'scratch', null, 'thread', 'scratch', 'scratch', null];

  it('counts only defective images of each type, with intervals', () => {
    const r = defectRecall(scores, isBad, types, 0.5);
    // The good image labelled 'scratch' is ignored; the untyped defect belongs to no type.
    expect(Object.keys(r)).toEqual(['scratch', 'thread']);
    expect(r.scratch).toMatchObject({ value: 0.5, successes: 1, n: 2, ...wilsonInterval(1, 2) });
    expect(r.thread).toMatchObject({ value: 1, successes: 1, n: 1 });
    expect(defectRecall(scores, isBad, types, 0.4).scratch).toMatchObject({ successes: 2, n: 2 });
  });

  it('needs one type (or null) per image', () => {
    expect(() => defectRecall(scores, isBad, ['scratch'], 0.5)).toThrow(/defect types/);
  });
});

describe('aurocEstimate', () => {
  it('counts ties half: 9.5 of 12 pairs by hand', () => {
    const a = aurocEstimate(scores, isBad);
    expect(a.value).toBeCloseTo(9.5 / 12, 12);
    expect(a).toMatchObject({ positives: 4, negatives: 3 });
    expect(a.lower).toBeCloseTo(wilsonInterval((9.5 / 12) * 3, 3).lower, 12);
  });

  it('is null with an uninformative interval without both classes', () => {
    expect(aurocEstimate([0.1, 0.9], [true, true])).toMatchObject({ value: null, lower: 0, upper: 1 });
  });
});
