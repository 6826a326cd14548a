import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { buildScoreIndex, type ScoreIndex } from './operating-point.ts';
import { thresholdSupport } from './threshold-support.ts';

const index = (good: number[], bad: number[]): ScoreIndex =>
  buildScoreIndex([...good, ...bad], [...good.map(() => false), ...bad.map(() => true)]);

// Tight clusters around P(bad) 0.05 (good) and 0.95 (defective), ten images each.
const goodCluster = Array.from({ length: 10 }, (_, i) => 0.04 + i * 0.002);
const badCluster = Array.from({ length: 10 }, (_, i) => 0.94 + i * 0.002);

describe('thresholdSupport', () => {
  it('supports a threshold in a wide gap bordered by dense clusters', () => {
    const s = thresholdSupport(index(goodCluster, badCluster), 0.5);
    expect(s.supported).toBe(true);
    expect(s.reasons).toEqual([]);
    expect(s.below).toEqual({ edge: goodCluster.at(-1), images: 10 });
    expect(s.above).toEqual({ edge: badCluster[0], images: 10 });
    expect(s.gapLogits).toBeGreaterThan(5);
    expect(s.nearby).toEqual({ good: 0, bad: 0 });
  });

  it('flags a threshold that rests on one stray good image', () => {
    const s = thresholdSupport(index([...goodCluster, 0.6], badCluster), 0.61);
    expect(s.supported).toBe(false);
    expect(s.below).toEqual({ edge: 0.6, images: 1 });
    expect(s.above?.images).toBe(10);
    expect(s.reasons).toHaveLength(1);
    expect(s.reasons[0]).toMatch(/Only 1 validation image below .*P\(bad\) 0\.6\).*fewer than 5/);
  });

  it('counts a score equal to the threshold on the flagged side', () => {
    const s = thresholdSupport(index(goodCluster, badCluster), badCluster[0]!);
    expect(s.above).toEqual({ edge: badCluster[0], images: 10 });
    expect(s.below?.edge).toBe(goodCluster.at(-1));
  });

  it('flags thresholds beyond the scores and sparse data, and honours its options', () => {
    const idx = index(goodCluster, badCluster);
    expect(thresholdSupport(idx, 0.99).reasons[0]).toMatch(/flags nothing/);
    expect(thresholdSupport(idx, 0.01).reasons[0]).toMatch(/flags every image/);
    const sparse = index([0.1, 0.3], [0.7, 0.9]);
    expect(thresholdSupport(sparse, 0.5).supported).toBe(false);
    expect(thresholdSupport(sparse, 0.5, { minImages: 1 }).supported).toBe(true);
    // 0.1 lies 1.35 logits below 0.3 (log-odds −2.20 and −0.85): within a margin of 2, not of 0.5.
    expect(thresholdSupport(sparse, 0.5, { minImages: 2, margin: 2 }).supported).toBe(true);
    expect(thresholdSupport(sparse, 0.5, { minImages: 2, margin: 0.5 }).supported).toBe(false);
    expect(() => thresholdSupport(sparse, 0.5, { minImages: 0 })).toThrow(/whole number/);
  });

  it('reaches scores of exactly 0 and 1, where log-odds are infinite', () => {
    const s = thresholdSupport(index([0, 0, 0, 0, 0], [1, 1, 1, 1, 1]), 0.5);
    expect(s.supported).toBe(true);
    expect(s.below?.images).toBe(5);
    expect(s.above?.images).toBe(5);
  });

  it('supports a threshold inside overlapping, dense scores and counts classes near it', () => {
    const rng = createRng('support-dense');
    const good = Array.from({ length: 200 }, () => rng.range(0.2, 0.7));
    const bad = Array.from({ length: 200 }, () => rng.range(0.3, 0.8));
    const s = thresholdSupport(index(good, bad), 0.5);
    expect(s.supported).toBe(true);
    // ±1 logit around 0.5 is 0.269..0.731.
    const within = (x: number) => x >= 1 / (1 + Math.E) && x <= Math.E / (1 + Math.E);
    expect(s.nearby).toEqual({ good: good.filter(within).length, bad: bad.filter(within).length });
  });
});
