import { describe, expect, it } from 'vitest';
import { heatRgba, hottestPatch, scoreAtThreshold, upsampleMap } from './anomaly-heat.ts';

describe('the anomaly heat overlay', () => {
  it('finds the score at a P(bad) threshold by inverting the calibration', () => {
    const calibration = { center: 40, scale: 8 };
    expect(scoreAtThreshold(0.5, calibration)).toBeCloseTo(40);
    const p = 1 / (1 + Math.exp(-(56 - 40) / 8));
    expect(scoreAtThreshold(p, calibration)).toBeCloseTo(56);
  });

  it('leaves good-like patches clear and paints the flagging ones opaque red', () => {
    const rgba = heatRgba([4, 7.5, 10, 30], 10);
    expect(rgba[3]).toBe(0);
    expect(rgba[7]).toBeGreaterThan(0);
    expect(rgba[7]).toBeLessThan(rgba[11]!);
    expect([...rgba.subarray(8, 12)]).toEqual([255, 0, 0, 179]);
    expect([...rgba.subarray(12, 16)]).toEqual([...rgba.subarray(8, 12)]);
  });

  it('finds the hottest patch by row and column', () => {
    expect(hottestPatch([1, 2, 3, 9, 4, 5], 3)).toEqual({ row: 1, column: 0, value: 9 });
    expect(hottestPatch([7, 2], 2)).toEqual({ row: 0, column: 0, value: 7 });
  });

  it('upsamples the map smoothly between patch centres, keeping each centre’s value', () => {
    // 1 × 2 patches, 4 times finer: 4 × 8 cells.
    const fine = upsampleMap([0, 8], 1, 2, 4);
    expect(fine).toHaveLength(32);
    const row = [...fine.subarray(0, 8)];
    // Cell i's centre lies (i + 0.5) / 4 − 0.5 patches along: flat beyond the outer centres, linear between.
    expect(row).toEqual([0, 0, 1, 3, 5, 7, 8, 8]);
    expect([...fine.subarray(24, 32)]).toEqual(row);
    expect(Math.max(...upsampleMap([1, 2, 9, 3], 2, 2, 3))).toBe(9);
  });
});
