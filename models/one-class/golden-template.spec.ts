import { describe, expect, it } from 'vitest';
import { fitGoldenTemplate, goldenTemplateScore } from './golden-template.ts';

const W = 12;
const H = 6;

/** A seeded crop: a fixed pattern plus small per-crop noise. */
function crop(seed: number): Float32Array {
  return Float32Array.from(
    { length: W * H },
    (_, p) => Math.sin(p / 3) + 0.05 * Math.sin(seed * 13.7 + p * 5.1),
  );
}

describe('golden template', () => {
  const template = fitGoldenTemplate(
    Array.from({ length: 20 }, (_, i) => crop(i)),
    W,
    H,
    { smooth: 3, stdFloor: 0.1 },
  );

  it('scores a good crop low and one with a defect high, with the map peaking at the defect', () => {
    const good = goldenTemplateScore(template, crop(99));
    const defective = crop(99);
    for (const [x, y] of [
      [7, 3],
      [8, 3],
      [7, 2],
    ])
      defective[y! * W + x!]! += 3;
    const bad = goldenTemplateScore(template, defective);
    expect(bad.score).toBeGreaterThan(4 * good.score);
    const peak = bad.map.indexOf(bad.score);
    expect(Math.abs((peak % W) - 7.5)).toBeLessThanOrEqual(1);
    expect(Math.abs(Math.floor(peak / W) - 2.5)).toBeLessThanOrEqual(1);
  });

  it('measures each pixel against its own spread: the same change scores lower where good parts vary', () => {
    const crops = Array.from({ length: 10 }, (_, i) => {
      const c = crop(i);
      c[0] = i % 2 ? 1 : -1;
      return c;
    });
    const t = fitGoldenTemplate(crops, W, H, { smooth: 1 });
    const atVarying = crop(50);
    atVarying[0] = 3;
    const atSteady = crop(50);
    atSteady[W * H - 1]! += 3;
    expect(goldenTemplateScore(t, atVarying).score).toBeLessThan(goldenTemplateScore(t, atSteady).score);
  });

  it('refuses too few crops, crops of another size and an even smoothing box', () => {
    expect(() => fitGoldenTemplate([crop(1)], W, H)).toThrow(/at least two/);
    expect(() => fitGoldenTemplate([crop(1), new Float32Array(3)], W, H)).toThrow(/Crop 1 holds 3 pixels/);
    expect(() => fitGoldenTemplate([crop(1), crop(2)], W, H, { smooth: 2 })).toThrow(/odd/);
    expect(() => goldenTemplateScore(template, new Float32Array(5))).toThrow(/holds 5 pixels/);
  });
});
