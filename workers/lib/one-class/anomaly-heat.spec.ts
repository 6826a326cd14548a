import { describe, expect, it } from 'vitest';
import { fineHeat, heatRgba, hottestPatch, scoreAtThreshold, upsampleMap } from './anomaly-heat.ts';

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

  it('colours the finer map: clear over good-like patches, strongest red over one that alone flags the part', () => {
    // 2 × 3 patches, the middle of the bottom row at the NG distance.
    const heat = fineHeat([0, 0, 0, 0, 10, 0], 2, 3, 10);
    expect(heat).toMatchObject({ width: 24, height: 16 });
    expect(heat.rgba).toHaveLength(24 * 16 * 4);
    const alpha = (x: number, y: number) => heat.rgba[(y * 24 + x) * 4 + 3]!;
    let hottest = { x: 0, y: 0, a: -1 };
    for (let y = 0; y < 16; y++)
      for (let x = 0; x < 24; x++) if (alpha(x, y) > hottest.a) hottest = { x, y, a: alpha(x, y) };
    // The strongest heat lies on the flagging patch's cells, near full strength (179 at the NG distance).
    expect(hottest.x >= 8 && hottest.x < 16 && hottest.y >= 8).toBe(true);
    expect(hottest.a).toBeGreaterThan(150);
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(23, 0)).toBe(0);
  });
});
