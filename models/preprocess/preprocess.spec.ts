import { describe, expect, it } from 'vitest';
import { findPart, otsuThreshold, histogram256 } from './part.ts';
import { canonicalCrop, preprocessGray, standardize } from './preprocess.ts';
import { defaultPreprocessSpec, inputHeight, specKey } from './spec.ts';
import { generateScrewImage, planDataset } from '../../workers/lib/synth/screw-generator.ts';

/** A bright image with a dark bar of length `len` at `deg`, with a wider end at +axis. */
function bar(size: number, deg: number, len: number, invert = false): Uint8Array {
  const img = new Uint8Array(size * size);
  const a = (deg * Math.PI) / 180;
  const [ux, uy] = [Math.cos(a), Math.sin(a)];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = x - size / 2;
      const dy = y - size / 2;
      const t = dx * ux + dy * uy;
      const n = -dx * uy + dy * ux;
      const halfWidth = t > len / 2 - len / 6 ? 9 : 4;
      const inside = Math.abs(t) <= len / 2 && Math.abs(n) <= halfWidth;
      img[y * size + x] = inside !== invert ? 40 : 210;
    }
  }
  return img;
}

function axisAngle(out: Float32Array, width: number): number {
  let n = 0,
    sx = 0,
    sy = 0;
  const pts: Array<[number, number]> = [];
  const rows = out.length / width;
  for (let y = 0; y < rows; y++)
    for (let x = 0; x < width; x++)
      if (out[y * width + x]! < 0) {
        n++;
        sx += x;
        sy += y;
        pts.push([x, y]);
      }
  const cx = sx / n,
    cy = sy / n;
  let mxx = 0,
    myy = 0,
    mxy = 0;
  for (const [x, y] of pts) {
    mxx += (x - cx) ** 2;
    myy += (y - cy) ** 2;
    mxy += (x - cx) * (y - cy);
  }
  return (0.5 * Math.atan2(2 * mxy, mxx - myy) * 180) / Math.PI;
}

describe('otsuThreshold', () => {
  it('splits a two-level image between its levels', () => {
    const t = otsuThreshold(histogram256(bar(64, 0, 40)));
    expect(t).toBeGreaterThanOrEqual(40);
    expect(t).toBeLessThan(210);
  });
});

describe('findPart', () => {
  it('finds a dark part on a bright background and a bright part on a dark one', () => {
    for (const invert of [false, true]) {
      const part = findPart(bar(96, 30, 60, invert), 96, 96);
      expect(part.found).toBe(true);
      // The wide end pulls the centroid a little off the bar's middle.
      expect(Math.hypot(part.cx - 48, part.cy - 48)).toBeLessThan(8);
      expect(part.fraction).toBeGreaterThan(0.03);
      expect(part.fraction).toBeLessThan(0.2);
    }
  });

  it('points every generated screw head the same way, whatever the defect', () => {
    // A polished head is about as bright as the plate, so mass alone misplaces it; the width profile does not.
    const wrong: string[] = [];
    for (const item of planDataset({ count: 120, defectRatio: 0.5, seed: 7 })) {
      const image = generateScrewImage({ seed: item.seed, kind: item.kind, size: 160 });
      const part = findPart(image.pixels, 160, 160);
      // The generator's angle runs from the tip to the head, which the part's angle + π must match.
      const turn = ((((part.angle * 180) / Math.PI - image.meta.angleDeg) % 360) + 360) % 360;
      if (turn > 90 && turn < 270) wrong.push(`${item.kind} ${item.seed}`);
    }
    expect(wrong).toEqual([]);
  });

  it('reports no part in a uniform image', () => {
    expect(findPart(new Uint8Array(64 * 64).fill(128), 64, 64).found).toBe(false);
  });
});

describe('preprocessGray', () => {
  const spec = defaultPreprocessSpec(48);

  it('turns the part to the horizontal axis whatever its angle, wide end on the same side', () => {
    const reference = preprocessGray(bar(96, 0, 60), 96, 96, spec).tensor;
    for (const deg of [17, 90, 145, 200, 301]) {
      const { tensor } = preprocessGray(bar(96, deg, 60), 96, 96, spec);
      expect(Math.abs(axisAngle(tensor, 48))).toBeLessThan(4);
      // Same picture after canonicalisation: most pixels agree in sign with the 0° reference.
      let agree = 0;
      for (let i = 0; i < tensor.length; i++) if (Math.sign(tensor[i]!) === Math.sign(reference[i]!)) agree++;
      expect(agree / tensor.length).toBeGreaterThan(0.93);
    }
  });

  it('standardises to zero mean and unit variance, deterministically', () => {
    const image = generateScrewImage({ seed: 5, kind: 'good', size: 128 });
    const a = preprocessGray(image.pixels, 128, 128, spec).tensor;
    const b = preprocessGray(image.pixels, 128, 128, spec).tensor;
    expect(Array.from(a)).toEqual(Array.from(b));
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(mean).toBeCloseTo(0, 4);
    expect(variance).toBeCloseTo(1, 3);
  });

  it('outputs a band of inputSize × inputHeight pixels', () => {
    const { tensor } = preprocessGray(bar(96, 10, 60), 96, 96, spec);
    expect(tensor.length).toBe(48 * inputHeight(spec));
    expect(inputHeight(spec)).toBe(16);
  });

  it('keys specs by their content', () => {
    expect(specKey(spec)).toBe(specKey(defaultPreprocessSpec(48)));
    expect(specKey(spec)).not.toBe(specKey(defaultPreprocessSpec(64)));
  });
});

describe('preprocessing parity', () => {
  it('the training path (cached 8-bit crop, standardised per batch) equals the inference path bit for bit', () => {
    const spec128 = defaultPreprocessSpec(128);
    for (const [seed, kind] of [
      [3, 'good'],
      [8, 'scratch_neck'],
      [21, 'manipulated_front'],
    ] as const) {
      const image = generateScrewImage({ seed, kind, size: 256 });
      // Training: the crop is cached as bytes, then standardised when a batch is built.
      const cached = Uint8Array.from(canonicalCrop(image.pixels, 256, 256, spec128).pixels);
      const training = standardize(cached);
      // Inference: one call on the decoded frame.
      const inference = preprocessGray(image.pixels, 256, 256, spec128).tensor;
      expect(Array.from(training)).toEqual(Array.from(inference));
    }
  });
});
