import { describe, expect, it } from 'vitest';
import { createRng } from './rng.ts';

/** First four uint32 draws of seed 42, recorded from this implementation. */
const GOLDEN_42 = [2366446284, 937882996, 284098305, 514059299];

const draw = (seed: number | string, n: number) => {
  const r = createRng(seed);
  return Array.from({ length: n }, () => r.uint32());
};

describe('createRng', () => {
  it('is reproducible, and number and string seeds with the same text agree', () => {
    expect(draw(42, 50)).toEqual(draw(42, 50));
    expect(draw(42, 10)).toEqual(draw('42', 10));
  });

  it('pins the stream so saved datasets regenerate identically across versions', () => {
    // If this fails, every seeded dataset and golden image changes: bump the generator version on purpose.
    expect(draw(42, 4)).toEqual(GOLDEN_42);
  });

  it('gives unrelated streams for nearby seeds', () => {
    const a = draw(1, 64);
    const b = draw(2, 64);
    expect(a.filter((x, i) => x === b[i]).length).toBe(0);
  });

  it('keeps next/range/int within bounds and reaches both ends of int', () => {
    const r = createRng('bounds');
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const y = r.range(-3, 5);
      expect(y).toBeGreaterThanOrEqual(-3);
      expect(y).toBeLessThan(5);
      const k = r.int(2, 6);
      expect(Number.isInteger(k)).toBe(true);
      seen.add(k);
    }
    expect([...seen].sort()).toEqual([2, 3, 4, 5, 6]);
  });

  it('is roughly uniform', () => {
    const r = createRng(7);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) bins[Math.floor(r.next() * 10)]! += 1;
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });

  it('draws normals with the requested mean and spread', () => {
    const r = createRng(3);
    const n = 40_000;
    const xs = Array.from({ length: n }, () => r.normal(5, 2));
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    expect(mean).toBeCloseTo(5, 1);
    expect(sd).toBeCloseTo(2, 1);
    // About 68 % within one standard deviation, as for a true Gaussian.
    const within = xs.filter((x) => Math.abs(x - 5) < 2).length / n;
    expect(within).toBeGreaterThan(0.66);
    expect(within).toBeLessThan(0.7);
  });

  it('forks without advancing the parent, reproducibly, and per label', () => {
    const a = createRng(9);
    const b = createRng(9);
    const fa = a.fork('x');
    expect(a.uint32()).toBe(b.uint32());
    // A fork depends on the seed and label only, not on how far the parent has run.
    const fb = b.fork('x');
    expect(fa.uint32()).toBe(fb.uint32());
    expect(createRng(9).fork('x').uint32()).not.toBe(createRng(9).fork('y').uint32());
    expect(createRng(9).fork('x').key).toBe('9/x');
  });

  it('shuffles into a permutation and picks members', () => {
    const r = createRng('s');
    const arr = Array.from({ length: 50 }, (_, i) => i);
    const out = r.shuffle([...arr]);
    expect(out).not.toEqual(arr);
    expect([...out].sort((p, q) => p - q)).toEqual(arr);
    for (let i = 0; i < 20; i++) expect(['a', 'b', 'c']).toContain(r.pick(['a', 'b', 'c']));
    expect(() => r.pick([])).toThrow();
  });

  it('honours chance at the extremes', () => {
    const r = createRng(0);
    for (let i = 0; i < 100; i++) {
      expect(r.chance(0)).toBe(false);
      expect(r.chance(1)).toBe(true);
    }
  });
});
