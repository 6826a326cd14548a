import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { MAX_REFERENCE_VALUES, buildDriftReference, frameDrift, statReference } from './drift-reference.ts';
import type { FrameStats } from './monitor-types.ts';

const uniform = (n: number, lo: number, hi: number) =>
  Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

describe('statReference', () => {
  it('widens the 1st–99th percentile range by half its width on each side', () => {
    // 0..100 evenly: P1 = 1, P99 = 99, width 98, so 1 − 49 .. 99 + 49.
    const ref = statReference('brightness', uniform(101, 0, 100));
    expect(ref.lo).toBeCloseTo(-48, 9);
    expect(ref.hi).toBeCloseTo(148, 9);
    expect(ref.sorted[0]).toBe(0);
  });

  it('takes sharpness on a log scale, so heavy blur falls below a positive limit', () => {
    const values = uniform(101, 100, 10000);
    const ref = statReference('sharpness', values);
    expect(ref.lo).toBeGreaterThan(0);
    expect(ref.lo).toBeLessThan(100);
    const linear = statReference('contrast', values);
    expect(linear.lo).toBeLessThan(0);
  });

  it('never puts the angle out of domain and gives the embedding no lower limit above 0', () => {
    expect(statReference('partAngle', [10, 20, 30])).toMatchObject({ lo: 0, hi: 180 });
    expect(statReference('embedding', uniform(50, 2, 4)).lo).toBe(0);
  });
});

describe('buildDriftReference', () => {
  it('keeps at most MAX_REFERENCE_VALUES per statistic, sorted, and leaves out statistics no image had', () => {
    const rng = createRng('ref');
    const samples: FrameStats[] = Array.from({ length: 400 }, () => ({ brightness: rng.range(100, 200) }));
    const ref = buildDriftReference({
      key: 'v1',
      projectId: 'p',
      source: 'snapshot',
      snapshotId: 's',
      samples,
      createdAt: 1,
    });
    expect(ref.count).toBe(400);
    expect(ref.stats.brightness!.sorted).toHaveLength(MAX_REFERENCE_VALUES);
    expect(ref.stats.brightness!.sorted).toEqual([...ref.stats.brightness!.sorted].sort((a, b) => a - b));
    expect(ref.stats.sharpness).toBeUndefined();
    expect(ref.embeddingCentre).toBeUndefined();
  });
});

describe('frameDrift', () => {
  const reference = buildDriftReference({
    key: 'v1',
    projectId: 'p',
    source: 'snapshot',
    snapshotId: 's',
    samples: uniform(101, 140, 180).map((b, i) => ({
      brightness: b,
      partAngle: i,
      sharpness: 1000 + i * 10,
    })),
    createdAt: 1,
  });

  it('marks a frame outside a range out of domain and says which statistic and by how much', () => {
    const drift = frameDrift({ brightness: 75, sharpness: 1500, partAngle: 3 }, reference);
    expect(drift.outOfDomain).toBe(true);
    expect(drift.reasons).toEqual(['brightness 75 below the training range 140–180']);
  });

  it('leaves a frame inside every range, any angle, and a frame without a reference in domain', () => {
    expect(frameDrift({ brightness: 150, partAngle: 179 }, reference).outOfDomain).toBe(false);
    expect(frameDrift({ brightness: 20 }, null)).toEqual({
      stats: { brightness: 20 },
      outOfDomain: false,
      reasons: [],
    });
  });

  it('names a statistic above its range too', () => {
    const drift = frameDrift({ brightness: 260 }, reference);
    expect(drift.reasons[0]).toMatch(/^brightness 260 above the training range/);
  });
});
