import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import {
  averageHash64,
  dHash64,
  DHashGrid,
  hamming,
  hashFromWords,
  hashWords,
  isHash64,
  popcount32,
} from './dhash.ts';

/** A textured photo-like gray image: 30 soft bright and dark blobs on mid-gray, 0..255. */
function scene(seed: number, width = 64, height = 48): Uint8ClampedArray {
  const rng = createRng(`scene-${seed}`);
  const blobs = Array.from({ length: 30 }, () => ({
    x: rng.range(0, width),
    y: rng.range(0, height),
    r: rng.range(2, 6),
    a: rng.range(-90, 90),
  }));
  const img = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 128;
      for (const b of blobs) v += b.a * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.r * b.r));
      img[y * width + x] = Math.round(v);
    }
  }
  return img;
}

/** A gray image filled by `f(x, y)`, rounded and clamped to 0..255. */
function gray(width: number, height: number, f: (x: number, y: number) => number): Uint8ClampedArray {
  const px = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) px[y * width + x] = Math.round(f(x, y));
  return px;
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
    expect(hamming('00000000ffff0000', '000000000000ffff')).toBe(32);
    expect(hamming('ABCDEF0123456789', 'abcdef0123456789')).toBe(0);
    expect(hashWords('00000001ffffffff')).toEqual([1, 0xffffffff]);
    expect(hashWords('ffffffff00000001')).toEqual([0xffffffff, 1]);
  });

  it('writes words back as the same 16 lower-case hex digits', () => {
    const rng = createRng('words');
    for (let k = 0; k < 100; k++) {
      const [hi, lo] = [rng.uint32(), rng.uint32()];
      expect(hashWords(hashFromWords(hi, lo))).toEqual([hi, lo]);
    }
    expect(hashFromWords(0xabcdef01, 2)).toBe('abcdef0100000002');
  });

  it('rejects anything but 16 hex digits', () => {
    expect(() => hamming('123', '0000000000000000')).toThrow(/16 hex digits/);
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

  it('reads gradients across sizes that do not divide the 9×8 grid', () => {
    expect(
      dHash64(
        gray(13, 7, (x) => x * 10),
        13,
        7,
      ),
    ).toBe('ffffffffffffffff');
    expect(
      dHash64(
        gray(13, 7, (x) => 250 - x * 10),
        13,
        7,
      ),
    ).toBe('0000000000000000');
  });

  it('puts row 0 in the most significant bits', () => {
    // Only the top eighth of rows rises from left to right.
    expect(
      dHash64(
        gray(72, 64, (x, y) => (y < 8 ? x * 3 : 128)),
        72,
        64,
      ),
    ).toBe('ff00000000000000');
  });

  it('hashes a flat image to zero bits: an exact tie is 0', () => {
    expect(dHash64(new Uint8Array(37 * 29).fill(77), 37, 29)).toBe('0000000000000000');
    // 3 rising pixels over 9 cells: cells 0-2, 3-5 and 6-8 each lie in one pixel and tie; only the
    // steps between pixels (bits 2 and 5 of each row) rise.
    expect(
      dHash64(
        gray(3, 2, (x) => x * 40),
        3,
        2,
      ),
    ).toBe('2424242424242424');
  });

  it('decides a near-tie by a single gray level, the same way every time', () => {
    // Flat 72×64 image: every cell is 8×8 pixels and every pair ties.
    const flat = new Uint8Array(72 * 64).fill(100);
    const lifted = flat.slice();
    lifted[3 * 72 + 13] = 101; // one pixel of cell (row 0, col 1): it is now brighter than cell 0
    expect(dHash64(lifted, 72, 64)).toBe('8000000000000000');
    expect(hamming(dHash64(flat, 72, 64), dHash64(lifted, 72, 64))).toBe(1);
    // The same pixel one level darker leaves cell 1 below cell 0 (bit 0) and cell 2 above it (bit 1).
    const lowered = flat.slice();
    lowered[3 * 72 + 13] = 99;
    expect(dHash64(lowered, 72, 64)).toBe('4000000000000000');
  });

  it('gives identical images the same hash, fed whole or row by row in any order', () => {
    const img = scene(1);
    expect(dHash64(img, 64, 48)).toBe(dHash64(img.slice(), 64, 48));
    expect(isHash64(dHash64(img, 64, 48))).toBe(true);
    const grid = new DHashGrid(64, 48);
    for (let y = 47; y >= 0; y--) grid.addRow(img, y);
    expect(grid.hex()).toBe(dHash64(img, 64, 48));
  });

  it('is unchanged by an exact 2× enlargement (area averaging)', () => {
    const img = scene(2);
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
