import { describe, expect, it } from 'vitest';
import { heatRgba, scoreAtThreshold } from './anomaly-heat.ts';

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
});
