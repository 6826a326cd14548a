import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { averageHash64, dHash64, hamming, hashWords, isHash64, popcount32 } from './perceptual-hash.ts';

/** A textured photo-like gray image: 30 soft bright and dark blobs on mid-gray, 0..255. */
function scene(seed: number, width = 64, height = 48): Float32Array {
  const rng = createRng(`scene-${seed}`);
  const blobs = Array.from({ length: 30 }, () => ({
    x: rng.range(0, width),
    y: rng.range(0, height),
    r: rng.range(2, 6),
    a: rng.range(-90, 90),
  }));
  const img = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 128;
      for (const b of blobs) v += b.a * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.r * b.r));
      img[y * width + x] = Math.min(255, Math.max(0, v));
    }
  }
  return img;
}

function toBytes(img: Float32Array): Uint8Array {
  return Uint8Array.from(img, (v) => Math.round(v));
}

describe('popcount32 and hamming', () => {
  it('counts bits like a naive loop', () => {
    const rng = createRng('popcount');
    for (let k = 0; k < 1000; k++) {
      const x = rng.uint32();
      let naive = 0;
      for (let b = 0; b < 32; b++) naive += (x >>> b) & 1;
      expect(popcount32(x)).toBe(naive);
    }
    expect(popcount32(0xffffffff)).toBe(32);
  });

  it('measures distances between hex hashes, either case', () => {
    expect(hamming('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hamming('8000000000000001', '0000000000000000')).toBe(2);
    expect(hamming('ABCDEF0123456789', 'abcdef0123456789')).toBe(0);
    expect(hashWords('00000001ffffffff')).toEqual([1, 0xffffffff]);
  });

  it('rejects anything but 16 hex digits', () => {
    expect(() => hamming('123', '0000000000000000')).toThrow(/16 hex/);
    expect(() => hashWords('000000000000000g')).toThrow();
    expect(isHash64('0123456789abcdef')).toBe(true);
    expect(isHash64('0123456789abcde')).toBe(false);
  });
});

describe('dHash64', () => {
  it('reads brightness rising to the right as all ones, and falling as all zeros', () => {
    const w = 90;
    const h = 40;
    const up = new Uint8Array(w * h).map((_, i) => i % w);
    const down = new Uint8Array(w * h).map((_, i) => 200 - (i % w));
    expect(dHash64(up, w, h)).toBe('ffffffffffffffff');
    expect(dHash64(down, w, h)).toBe('0000000000000000');
  });

  it('hashes a flat image (and float rounding in it) to zero bits', () => {
    expect(dHash64(new Uint8Array(37 * 29).fill(77), 37, 29)).toBe('0000000000000000');
    expect(dHash64(new Float32Array(37 * 29).fill(0.1), 37, 29)).toBe('0000000000000000');
  });

  it('gives identical images distance 0, whatever the pixel type', () => {
    const img = scene(1);
    expect(dHash64(img, 64, 48)).toBe(dHash64(img.slice(), 64, 48));
    expect(hamming(dHash64(img, 64, 48), dHash64(toBytes(img), 64, 48))).toBeLessThanOrEqual(1);
    expect(isHash64(dHash64(img, 64, 48))).toBe(true);
  });

  it('is unchanged by an exact 2× enlargement (area averaging)', () => {
    const img = toBytes(scene(2));
    const big = new Uint8Array(128 * 96);
    for (let y = 0; y < 96; y++)
      for (let x = 0; x < 128; x++) big[y * 128 + x] = img[(y >> 1) * 64 + (x >> 1)] ?? 0;
    expect(dHash64(big, 128, 96)).toBe(dHash64(img, 64, 48));
  });

  it('keeps noised and brightness-shifted copies within 6 bits', () => {
    let worst = 0;
    for (let seed = 0; seed < 40; seed++) {
      const img = scene(seed);
      const rng = createRng(`noise-${seed}`);
      const copy = img.map((v) => Math.min(255, Math.max(0, v + 12 + rng.normal(0, 3))));
      worst = Math.max(worst, hamming(dHash64(img, 64, 48), dHash64(copy, 64, 48)));
    }
    expect(worst).toBeLessThanOrEqual(6);
  });

  it('puts different images far apart (> 16 bits)', () => {
    let closest = 64;
    for (let seed = 0; seed < 40; seed++) {
      const a = dHash64(scene(seed), 64, 48);
      const b = dHash64(scene(seed + 1000), 64, 48);
      closest = Math.min(closest, hamming(a, b));
    }
    expect(closest).toBeGreaterThan(16);
  });

  it('handles images smaller than the 9×8 grid', () => {
    const tiny = Uint8Array.from([0, 50, 100, 10, 60, 110]);
    expect(dHash64(tiny, 3, 2)).toMatch(/^[0-9a-f]{16}$/);
    expect(dHash64(Uint8Array.from([5]), 1, 1)).toBe('0000000000000000');
  });

  it('rejects impossible sizes', () => {
    expect(() => dHash64(new Uint8Array(10), 4, 4)).toThrow(/needs 16/);
    expect(() => dHash64(new Uint8Array(10), 0, 4)).toThrow(RangeError);
  });
});

describe('averageHash64', () => {
  it('marks cells brighter than the mean', () => {
    const w = 16;
    const h = 16;
    const halves = new Uint8Array(w * h).map((_, i) => (i % w < 8 ? 10 : 200));
    expect(averageHash64(halves, w, h)).toBe('0f0f0f0f0f0f0f0f');
  });

  it('keeps a brightness-shifted copy close', () => {
    const img = scene(7);
    const copy = img.map((v) => Math.min(255, v + 10));
    expect(hamming(averageHash64(img, 64, 48), averageHash64(copy, 64, 48))).toBeLessThanOrEqual(6);
  });
});
