import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { generateScrewImage } from '../synth/screw-generator.ts';
import { dHash64 } from '../image/dhash.ts';
import { imageStats, toGray } from './image-stats.ts';

const W = 128;

/** A gray image filled by `f(x, y)` (values clamped to 0..255 by the array). */
function gray(width: number, height: number, f: (x: number, y: number) => number): Uint8ClampedArray {
  const px = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) px[y * width + x] = Math.round(f(x, y));
  return px;
}

/** A dark (30) bar of `len`×`thick` px on a bright (220) background, rotated `deg` from +x towards +y (clockwise on screen). */
function bar(deg: number, len = 80, thick = 10, size = W): Uint8ClampedArray {
  const t = (deg * Math.PI) / 180;
  const ux = Math.cos(t);
  const uy = Math.sin(t);
  const c = size / 2;
  return gray(size, size, (x, y) => {
    const dx = x + 0.5 - c;
    const dy = y + 0.5 - c;
    const along = dx * ux + dy * uy;
    const across = -dx * uy + dy * ux;
    return Math.abs(along) <= len / 2 && Math.abs(across) <= thick / 2 ? 30 : 220;
  });
}

/** Smallest distance (degrees) between two axis angles, which wrap at 180°. */
const axisDiff = (a: number, b: number) => Math.min(Math.abs(a - b), 180 - Math.abs(a - b));

function boxBlur(src: Uint8ClampedArray, w: number, h: number): Uint8ClampedArray {
  return gray(w, h, (x, y) => {
    let s = 0;
    let k = 0;
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        const yy = y + dy;
        if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
        s += src[yy * w + xx] ?? 0;
        k++;
      }
    return s / k;
  });
}

describe('imageStats known answers', () => {
  it('gives zero contrast and exactly zero sharpness for a constant image', () => {
    const s = imageStats(
      gray(64, 48, () => 90),
      64,
      48,
      1,
    );
    expect(s.mean).toBe(90);
    expect(s.std).toBe(0);
    expect(s.sharpness).toBe(0);
    expect(s.foregroundFraction).toBe(0);
    expect(s.elongation).toBe(1);
    expect(s.clippedDark).toBe(0);
    expect(s.clippedBright).toBe(0);
  });

  it('gives mean 127.5 and std 127.5 for an evenly tiled 0/255 checkerboard, thresholding in the gap', () => {
    const s = imageStats(
      gray(64, 64, (x, y) => (((x >> 3) + (y >> 3)) % 2 ? 255 : 0)),
      64,
      64,
      1,
    );
    expect(s.mean).toBe(127.5);
    expect(s.std).toBe(127.5);
    expect(s.otsuThreshold).toBe(127);
    expect(s.clippedDark).toBe(0.5);
    expect(s.clippedBright).toBe(0.5);
    expect(s.sharpness).toBeGreaterThan(1000);
  });

  it('measures lower sharpness after a box blur, for noise and for a checkerboard', () => {
    const rng = createRng('noise');
    const noise = gray(W, W, () => rng.int(0, 255));
    const checker = gray(W, W, (x, y) => (((x >> 2) + (y >> 2)) % 2 ? 200 : 50));
    for (const img of [noise, checker]) {
      const sharp = imageStats(img, W, W, 1).sharpness;
      const soft = imageStats(boxBlur(img, W, W), W, W, 1).sharpness;
      expect(soft).toBeLessThan(sharp * 0.5);
    }
  });

  it.each([0, 45, 90, 135])('finds a dark bar at %i° with its area share and elongation', (deg) => {
    const s = imageStats(bar(deg), W, W, 1);
    expect(s.foregroundIsDark).toBe(true);
    expect(s.foregroundFraction).toBeCloseTo(800 / (W * W), 2);
    expect(axisDiff(s.orientationDeg, deg)).toBeLessThan(2);
    expect(s.orientationDeg).toBeGreaterThanOrEqual(0);
    expect(s.orientationDeg).toBeLessThan(180);
    expect(s.elongation).toBeGreaterThan(7);
    expect(s.elongation).toBeLessThan(9);
  });

  it('flips polarity for a bright object on a dark background', () => {
    const inverted = bar(30).map((v) => 250 - v);
    const s = imageStats(inverted, W, W, 1);
    expect(s.foregroundIsDark).toBe(false);
    expect(s.foregroundFraction).toBeCloseTo(800 / (W * W), 2);
    expect(axisDiff(s.orientationDeg, 30)).toBeLessThan(2);
  });

  it('takes the object as the class off the border even when it covers most of the frame', () => {
    // A dark disc covering ~61% of the frame that never touches the edges: the minority rule would pick the background.
    const r = 0.44 * W;
    const s = imageStats(
      gray(W, W, (x, y) => ((x + 0.5 - W / 2) ** 2 + (y + 0.5 - W / 2) ** 2 <= r * r ? 40 : 200)),
      W,
      W,
      1,
    );
    expect(s.foregroundIsDark).toBe(true);
    expect(s.foregroundFraction).toBeCloseTo((Math.PI * r * r) / (W * W), 2);
    expect(s.elongation).toBeLessThan(1.05);
  });

  it('agrees with the synthetic screw generator on where the screw points', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const img = generateScrewImage({ seed, kind: 'good', size: 160 });
      const s = imageStats(img.pixels, img.width, img.height, 1);
      expect(s.foregroundIsDark).toBe(true);
      expect(s.foregroundFraction).toBeGreaterThan(0.01);
      expect(s.foregroundFraction).toBeLessThan(0.25);
      expect(axisDiff(s.orientationDeg, ((img.meta.angleDeg % 180) + 180) % 180)).toBeLessThan(3);
      expect(s.elongation).toBeGreaterThan(3);
    }
  });

  it('keeps elongation finite for a one-pixel-thin line', () => {
    const s = imageStats(
      gray(64, 64, (x, y) => (y === 32 && x > 8 && x < 56 ? 0 : 200)),
      64,
      64,
      1,
    );
    expect(Number.isFinite(s.elongation)).toBe(true);
    expect(s.elongation).toBeGreaterThan(40);
    expect(axisDiff(s.orientationDeg, 0)).toBeLessThan(0.01);
  });

  it('counts clipped shares with the ≤ 2 and ≥ 253 cut-offs', () => {
    // 100 pixels per row band: values 0 (10%), 2 (1%), 3 (1%, not clipped), 252 (2%), 253 (3%), 255 (5%), 128 rest.
    const bands: Array<[number, number]> = [
      [0, 10],
      [2, 1],
      [3, 1],
      [252, 2],
      [253, 3],
      [255, 5],
    ];
    const px = new Uint8ClampedArray(100 * 100).fill(128);
    let at = 0;
    for (const [v, pct] of bands) {
      px.fill(v, at, at + pct * 100);
      at += pct * 100;
    }
    const s = imageStats(px, 100, 100, 1);
    expect(s.clippedDark).toBeCloseTo(0.11, 10);
    expect(s.clippedBright).toBeCloseTo(0.08, 10);
  });
});

describe('toGray and colour handling', () => {
  it('uses Rec.601 weights and keeps white at 255', () => {
    const rgb = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
    expect([...toGray(rgb, 4, 1, 3)]).toEqual([76, 150, 29, 255]);
    const rgba = new Uint8ClampedArray([255, 0, 0, 9, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255, 255, 0]);
    expect([...toGray(rgba, 2, 2, 4)]).toEqual([76, 150, 29, 255]);
  });

  it('returns a view, not a copy, for 1-channel input', () => {
    const buf = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const g = toGray(buf.subarray(2), 2, 2, 1);
    buf[2] = 99;
    expect([...g]).toEqual([99, 4, 5, 6]);
  });

  it('calls RGB gray only when channels agree within 2 levels', () => {
    const near = new Uint8Array(4 * 4 * 3).map((_, i) => 100 + (i % 3));
    expect(imageStats(near, 4, 4, 3).isGrayscale).toBe(true);
    near[7] = 103; // pixel 2 becomes (100, 103, 102): a 3-level spread
    expect(imageStats(near, 4, 4, 3).isGrayscale).toBe(false);
  });

  it('rejects buffers too small for the stated size', () => {
    expect(() => imageStats(new Uint8Array(10), 4, 4, 1)).toThrow(RangeError);
    expect(() => toGray(new Uint8Array(47), 4, 4, 3)).toThrow(RangeError);
  });
});

describe('imageStats dhash', () => {
  it('is the dHash of the image’s gray pixels, so profile and split hash alike', () => {
    const a = gray(W, W, (x, y) => 128 + 60 * Math.sin(x / 9) * Math.cos(y / 13));
    expect(imageStats(a, W, W, 1).dhash).toBe(dHash64(a, W, W));
    const rgb = new Uint8ClampedArray(W * W * 3).map((_, i) => (a[Math.floor(i / 3)] ?? 0) + (i % 3) * 20);
    expect(imageStats(rgb, W, W, 3).dhash).toBe(dHash64(toGray(rgb, W, W, 3), W, W));
  });
});
