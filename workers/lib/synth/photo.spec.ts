import { describe, expect, it } from 'vitest';
import { jpegArtefacts } from './jpeg.ts';
import { gaussBlur, toGray } from './photo.ts';

/** Sum and variance along x of a w×h float image. */
function spread(img: Float32Array, w: number, h: number): { sum: number; varX: number } {
  let sum = 0;
  let mx = 0;
  for (let i = 0; i < img.length; i++) {
    sum += img[i]!;
    mx += img[i]! * (i % w);
  }
  mx /= sum;
  let v = 0;
  for (let i = 0; i < w * h; i++) v += img[i]! * ((i % w) - mx) ** 2;
  return { sum, varX: v / sum };
}

describe('camera effects of styled photos', () => {
  it.each([0.8, 1.5, 4.8])('blurs an impulse to variance σ² (σ = %s px) and keeps its energy', (sigma) => {
    const w = 61;
    const img = new Float32Array(w * w);
    img[30 * w + 30] = 1;
    gaussBlur(img, w, w, sigma);
    const { sum, varX } = spread(img, w, w);
    expect(sum).toBeCloseTo(1, 4);
    expect(Math.abs(varX - sigma * sigma)).toBeLessThan(0.03 * sigma * sigma + 0.02);
  });

  it('compresses like a JPEG: near-lossless at quality 95, blocky but mean-preserving at 15', () => {
    const w = 48;
    const h = 40;
    const src = Uint8Array.from({ length: w * h }, (_, i) => {
      const x = i % w;
      const y = Math.floor(i / w);
      return Math.round(128 + 60 * Math.sin(x / 3) + 40 * Math.cos(y / 5) + ((x * 7 + y * 13) % 11));
    });
    const hi = src.slice();
    jpegArtefacts(hi, w, h, 1, 95);
    const lo = src.slice();
    jpegArtefacts(lo, w, h, 1, 15);
    const err = (a: Uint8Array) => a.reduce((s, v, i) => s + Math.abs(v - src[i]!), 0) / a.length;
    const mean = (a: Uint8Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(err(hi)).toBeLessThan(2);
    expect(err(lo)).toBeGreaterThan(3 * err(hi));
    expect(Math.abs(mean(lo) - mean(src))).toBeLessThan(1.5);
    const flat = new Uint8Array(w * h * 3).fill(90);
    jpegArtefacts(flat, w, h, 3, 10);
    // A flat patch stays flat; only its level moves, by at most half the DC step (80 / 8 / 2 at quality 10).
    expect(new Set(flat).size).toBe(1);
    expect(Math.abs(flat[0]! - 90)).toBeLessThanOrEqual(5);
  });

  it('takes BT.601 luma from RGB and passes grey through untouched', () => {
    const grey = Uint8Array.from([1, 2, 3]);
    expect(toGray(grey, 1)).toBe(grey);
    expect([...toGray(Uint8Array.from([10, 20, 30, 255, 255, 255]), 3)]).toEqual([18, 255]);
  });
});
