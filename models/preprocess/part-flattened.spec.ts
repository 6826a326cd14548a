import { describe, expect, it } from 'vitest';
import { findPart } from './part.ts';
import { maskShape, looksLikeOneScrew } from './part-flattened.ts';

/** A plate lit from one side (dark at the left, bright at the right) with a long bar lying at `angle`. */
function unevenScene(size: number, angle: number, plain = false): Uint8Array {
  const gray = new Uint8Array(size * size);
  const [ux, uy] = [Math.cos(angle), Math.sin(angle)];
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const along = (x - c) * ux + (y - c) * uy;
      const across = (y - c) * ux - (x - c) * uy;
      // The plate runs from 30 to 200; the bar stands 45 above the plate wherever it lies.
      const plate = 30 + (170 * x) / (size - 1);
      const onBar = !plain && Math.abs(along) <= size * 0.3 && Math.abs(across) <= size * 0.04;
      gray[y * size + x] = Math.round(plate + (onBar ? 45 : 0));
    }
  return gray;
}

describe('the part search under uneven light', () => {
  it('finds a bar the global threshold cannot split from a shaded plate, where it lies', () => {
    const size = 160;
    const angle = 0.5;
    const gray = unevenScene(size, angle);
    // The global threshold alone takes the bright half of the plate for the part: no screw's shape.
    const global = maskShape(size, size, (i) => gray[i]! > 115);
    expect(looksLikeOneScrew(global, size, size)).toBe(false);
    const part = findPart(gray, size, size);
    expect(part.found).toBe(true);
    expect(part.cx).toBeCloseTo((size - 1) / 2, 0);
    expect(part.cy).toBeCloseTo((size - 1) / 2, 0);
    // The axis, either way round: a plain bar has no wider end.
    const off = Math.abs(Math.sin(part.angle - angle));
    expect(off).toBeLessThan(0.05);
    // The bar is 0.6 of the side long; 4 standard deviations of a uniform bar are 1.15 of its length.
    expect(part.length / (0.6 * size)).toBeGreaterThan(1.0);
    expect(part.length / (0.6 * size)).toBeLessThan(1.3);
  });

  it("makes up no part on a shaded plate without one: the first search's answer stands", () => {
    const size = 160;
    const part = findPart(unevenScene(size, 0, true), size, size);
    // The global threshold's half plate, not a small screw-like blob of the flattened search.
    expect(part.fraction).toBeGreaterThan(0.3);
  });
});
