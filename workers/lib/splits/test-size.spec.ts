import { describe, expect, it } from 'vitest';
import { gateWarning, minSampleForLowerBound, wilsonLowerBound } from './test-size.ts';

describe('wilsonLowerBound', () => {
  it('matches hand-computed values', () => {
    // 38/40: (0.95 + 0.04802 − 1.96·√(0.0011875 + 0.00060025)) / 1.09604
    expect(wilsonLowerBound(38, 40)).toBeCloseTo(0.83496, 4);
    // All correct: the bound is n / (n + z²).
    expect(wilsonLowerBound(35, 35)).toBeCloseTo(35 / (35 + 1.96 ** 2), 12);
    // Published: 95/100 gives [0.8882, 0.9785].
    expect(wilsonLowerBound(95, 100)).toBeCloseTo(0.8882, 4);
    expect(wilsonLowerBound(0, 10)).toBe(0);
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(wilsonLowerBound(5, 0)).toBe(0);
  });

  it('rises with n at a fixed rate and falls with z', () => {
    expect(wilsonLowerBound(95, 100)).toBeGreaterThan(wilsonLowerBound(19, 20));
    expect(wilsonLowerBound(95, 100, 2.576)).toBeLessThan(wilsonLowerBound(95, 100));
    expect(wilsonLowerBound(50, 100, 2.576)).toBeLessThan(wilsonLowerBound(50, 100));
  });
});

describe('minSampleForLowerBound', () => {
  it('needs 139 images before a measured 0.95 proves 0.90 (not the ~70 often guessed)', () => {
    const n = minSampleForLowerBound(0.95, 0.9);
    expect(n).toBe(139);
    expect(wilsonLowerBound(0.95 * 138, 138)).toBeLessThan(0.9);
    expect(wilsonLowerBound(0.95 * 139, 139)).toBeGreaterThanOrEqual(0.9);
  });

  it('agrees with a linear scan and handles the edges', () => {
    for (const [acc, target] of [
      [0.9, 0.85],
      [0.99, 0.95],
      [1, 0.9],
      [0.6, 0.5],
    ] as const) {
      let n = 1;
      while (wilsonLowerBound(acc * n, n) < target) n++;
      expect(minSampleForLowerBound(acc, target)).toBe(n);
    }
    expect(minSampleForLowerBound(1, 0.9)).toBe(35);
    expect(minSampleForLowerBound(0.9, 0.9)).toBeNull();
    expect(minSampleForLowerBound(0.9, 0.95)).toBeNull();
    expect(minSampleForLowerBound(0.9, 1)).toBeNull();
    expect(minSampleForLowerBound(0.9, 0)).toBe(0);
  });
});

describe('gateWarning', () => {
  it('explains, with numbers, why 40 test images cannot back a 0.95 gate', () => {
    const w = gateWarning(40, 0.95);
    expect(w).not.toBeNull();
    expect(w?.needed).toBe(139);
    expect(w?.wilsonLower).toBeCloseTo(0.835, 3);
    expect(w?.message).toBe(
      'With 40 test images, a measured accuracy of 0.95 only shows the true accuracy is above 0.83 (95% Wilson lower bound). About 139 test images are needed for the bound to reach 0.90.',
    );
  });

  it('is silent once the test split is large enough, and honours margin and z', () => {
    expect(gateWarning(139, 0.95)).toBeNull();
    expect(gateWarning(138, 0.95)).not.toBeNull();
    expect(gateWarning(60, 0.95, { margin: 0.1 })).toBeNull();
    expect(gateWarning(60, 0.95, { margin: 0.1, z: 2.576 })?.message).toMatch(/99% Wilson/);
  });

  it('covers an empty test split and an unreachable target', () => {
    expect(gateWarning(0, 0.9)?.message).toMatch(/^There are no test images.*About \d+ test images/);
    expect(gateWarning(1, 0.9)?.message).toMatch(/^With 1 test image,/);
    expect(gateWarning(500, 0.9, { margin: 0 })?.message).toMatch(/No test size/);
  });
});
