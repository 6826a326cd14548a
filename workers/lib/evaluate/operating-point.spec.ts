import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { binaryMetrics, defectRecall } from './metrics.ts';
import {
  buildScoreIndex,
  countsAt,
  defectRecallAt,
  findThreshold,
  metricsAt,
  thresholdForFalseRejectRate,
  thresholdForRecall,
  type ScoreIndex,
} from './operating-point.ts';

const index = (good: number[], bad: number[]): ScoreIndex =>
  buildScoreIndex([...good, ...bad], [...good.map(() => false), ...bad.map(() => true)]);

// Five good and five defective images; a good one ties a defective one at 0.6.
const sample = index([0.1, 0.3, 0.5, 0.6, 0.7], [0.2, 0.4, 0.6, 0.8, 0.9]);

function seededData(seed: string, n: number) {
  const rng = createRng(seed);
  const types = ['scratch', 'thread', 'tip'];
  const isBad = Array.from({ length: n }, () => rng.chance(0.35));
  // Two decimals, so many scores tie.
  const scores = isBad.map(
    (b) => Math.round(Math.min(1, Math.max(0, rng.normal(b ? 0.7 : 0.3, 0.2))) * 100) / 100,
  );
  const defectTypes = isBad.map((b) => (b && rng.chance(0.9) ? rng.pick(types) : null));
  return { rng, scores, isBad, defectTypes };
}

describe('buildScoreIndex', () => {
  it('sorts scores per class and per defect type', () => {
    const i = buildScoreIndex([0.9, 0.1, 0.5, 0.3], [true, false, true, true], ['tip', null, 'tip', null]);
    expect(i).toEqual({ good: [0.1], bad: [0.3, 0.5, 0.9], byDefect: { tip: [0.5, 0.9] } });
  });
});

describe('metricsAt', () => {
  it('equals a from-scratch computation at every kind of threshold, on seeded data', () => {
    const { rng, scores, isBad, defectTypes } = seededData('moved-threshold', 300);
    const idx = buildScoreIndex(scores, isBad, defectTypes);
    // Random cuts, cuts exactly on scores (ties), and cuts beyond both ends.
    const thresholds = [
      ...Array.from({ length: 40 }, () => rng.next()),
      ...Array.from({ length: 40 }, () => rng.pick(scores)),
      -0.5,
      0,
      1,
      1.5,
    ];
    for (const t of thresholds) {
      expect(metricsAt(idx, t)).toEqual(binaryMetrics(scores, isBad, t));
      expect(defectRecallAt(idx, t)).toEqual(defectRecall(scores, isBad, defectTypes, t));
    }
  });

  it('counts a score equal to the threshold as flagged', () => {
    expect(countsAt(sample, 0.6)).toEqual({ tp: 3, fp: 2, tn: 3, fn: 2 });
    expect(countsAt(sample, 0.600001)).toEqual({ tp: 2, fp: 1, tn: 4, fn: 3 });
  });
});

describe('thresholdForRecall', () => {
  it('gives the highest threshold reaching the target: the score of the needed defect', () => {
    expect(thresholdForRecall(sample, 0.8)).toEqual({
      threshold: 0.4,
      achieved: 0.8,
      counts: { tp: 4, fp: 3, tn: 2, fn: 1 },
    });
    expect(thresholdForRecall(sample, 0.79)).toMatchObject({ threshold: 0.4 });
    expect(thresholdForRecall(sample, 1)).toMatchObject({ threshold: 0.2, achieved: 1 });
    // The good image tied at 0.6 is flagged along with the defect.
    expect(thresholdForRecall(sample, 0.6)).toMatchObject({ threshold: 0.6, counts: { fp: 2 } });
  });

  it('reaches more than the target when defects tie at the threshold', () => {
    const tied = index([0.1], [0.5, 0.5, 0.5, 0.9]);
    expect(thresholdForRecall(tied, 0.5)).toMatchObject({ threshold: 0.5, achieved: 1 });
    expect(countsAt(tied, 0.5000001).tp).toBe(1);
  });

  it('reads 0.99 of 100 defects as 99, not 100, despite 0.99 · 100 in floating point', () => {
    const bad = Array.from({ length: 100 }, (_, i) => (i + 1) / 200);
    expect(thresholdForRecall(index([0], bad), 0.99)).toMatchObject({ threshold: 0.01, achieved: 0.99 });
  });

  it('is null with a reason without defective images, and refuses targets outside (0, 1]', () => {
    const r = thresholdForRecall(index([0.1, 0.2], []), 0.9);
    expect(r.threshold).toBeNull();
    expect(r).toHaveProperty('reason', expect.stringMatching(/no defective images/));
    expect(() => thresholdForRecall(sample, 0)).toThrow(/target defect recall/);
    expect(() => thresholdForRecall(sample, 1.01)).toThrow(/target defect recall/);
  });
});

describe('thresholdForFalseRejectRate', () => {
  it('gives the lowest validation score keeping the rate', () => {
    expect(thresholdForFalseRejectRate(sample, 0.2)).toEqual({
      threshold: 0.7,
      achieved: 0.2,
      counts: { tp: 2, fp: 1, tn: 4, fn: 3 },
    });
    expect(countsAt(sample, 0.6).fp / 5).toBeGreaterThan(0.2);
    expect(thresholdForFalseRejectRate(sample, 0)).toMatchObject({ threshold: 0.8, achieved: 0 });
    expect(thresholdForFalseRejectRate(sample, 1)).toMatchObject({ threshold: 0.1, achieved: 1 });
  });

  it('steps past good images tied at the cut, which cannot be split', () => {
    const tied = index([0.3, 0.6, 0.6], [0.6, 0.9]);
    // One false reject of three is allowed, but the two good images at 0.6 go together.
    expect(thresholdForFalseRejectRate(tied, 0.34)).toMatchObject({ threshold: 0.9, achieved: 0 });
    expect(thresholdForFalseRejectRate(tied, 0.67)).toMatchObject({ threshold: 0.6, achieved: 2 / 3 });
  });

  it('is null with a reason when only flagging nothing keeps the rate', () => {
    const r = thresholdForFalseRejectRate(index([0.1, 0.95], [0.5, 0.9]), 0.2);
    expect(r.threshold).toBeNull();
    expect(r).toHaveProperty('reason', expect.stringMatching(/flags nothing/));
    expect(thresholdForFalseRejectRate(index([], [0.5]), 0.1).threshold).toBeNull();
    expect(() => thresholdForFalseRejectRate(sample, -0.1)).toThrow(/false-reject rate/);
  });
});

describe('findThreshold on seeded data', () => {
  it('meets each target, and the next distinct score in the search direction does not', () => {
    const { rng, scores, isBad } = seededData('threshold-search', 200);
    const idx = buildScoreIndex(scores, isBad);
    const distinct = [...new Set(scores)].sort((a, b) => a - b);
    for (let round = 0; round < 30; round++) {
      const goal = rng.next();
      const recall = findThreshold(idx, { metric: 'recall', atLeast: Math.max(goal, 0.01) });
      if (recall.threshold === null) throw new Error('recall is always reachable with defects present');
      const r = (t: number) => countsAt(idx, t).tp / idx.bad.length;
      expect(r(recall.threshold)).toBeGreaterThanOrEqual(Math.max(goal, 0.01) - 1e-12);
      const higher = distinct.find((s) => s > recall.threshold!);
      if (higher !== undefined) expect(r(higher)).toBeLessThan(Math.max(goal, 0.01) - 1e-12);

      const frr = findThreshold(idx, { metric: 'falseRejectRate', atMost: goal });
      const f = (t: number) => countsAt(idx, t).fp / idx.good.length;
      if (frr.threshold === null) {
        expect(f(distinct.at(-1)!)).toBeGreaterThan(goal);
        continue;
      }
      expect(f(frr.threshold)).toBeLessThanOrEqual(goal + 1e-12);
      const lower = distinct.findLast((s) => s < frr.threshold!);
      if (lower !== undefined) expect(f(lower)).toBeGreaterThan(goal);
    }
  });
});
