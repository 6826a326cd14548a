import { describe, expect, it } from 'vitest';
import { findPart } from '../../../models/preprocess/part.ts';
import { cropAroundPart } from '../../../models/preprocess/preprocess.ts';
import { inputHeight } from '../../../models/preprocess/spec.ts';
import { imageStats } from '../profile/image-stats.ts';
import { renderScene } from '../synth/render.ts';
import { cropStats, DRIFT_CROP_SPEC, frameStats } from './frame-stats.ts';

function scene(size: [number, number], seed = 11) {
  const [width, height] = size;
  const image = renderScene({ seed, kind: 'good', width, height });
  return { ...image, part: findPart(image.pixels, width, height) };
}

describe('frameStats', () => {
  it("measures the default canonical crop with the profile's own imageStats", () => {
    const { pixels, width, height, part } = scene([256, 256]);
    const crop = cropAroundPart(pixels, width, height, DRIFT_CROP_SPEC, part);
    const profile = imageStats(crop, DRIFT_CROP_SPEC.inputSize, inputHeight(DRIFT_CROP_SPEC), 1);
    const stats = frameStats(pixels, width, height, part);
    expect(stats.brightness).toBe(profile.mean);
    expect(stats.contrast).toBe(profile.std);
    expect(stats.sharpness).toBe(profile.sharpness);
    expect(stats.foreground).toBe(profile.foregroundFraction);
  });

  it("gives the part's length as a share of the short side and its axis in degrees 0..180", () => {
    const { pixels, width, height, part, meta } = scene([320, 240]);
    const stats = frameStats(pixels, width, height, part);
    expect(stats.partLength).toBeCloseTo(part.length / 240, 12);
    expect(stats.partAngle).toBeGreaterThanOrEqual(0);
    expect(stats.partAngle).toBeLessThan(180);
    const d = Math.abs(stats.partAngle! - (meta.angleDeg % 180));
    expect(Math.min(d, 180 - d)).toBeLessThan(3);
  });

  it('has nothing to say about a frame without a part', () => {
    const { pixels, width, height, part } = scene([128, 128]);
    expect(frameStats(pixels, width, height, { ...part, found: false })).toEqual({});
  });

  it('measures screws alike at dataset and camera resolution', () => {
    // The same scenes at 256 px and at 640×480 (the camera's): each part spans the same share of the
    // short side, so their statistics should agree once the crop samples at one scale. Cropped
    // straight from the camera frame, sharpness reads far higher than on the dataset image.
    const ratios: number[] = [];
    const direct: number[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const small = scene([256, 256], seed);
      const large = scene([640, 480], seed);
      const a = frameStats(small.pixels, 256, 256, small.part);
      const b = frameStats(large.pixels, 640, 480, large.part);
      expect(Math.abs(a.brightness! - b.brightness!)).toBeLessThan(6);
      expect(Math.abs(a.partLength! - b.partLength!)).toBeLessThan(0.05);
      ratios.push(b.sharpness! / a.sharpness!);
      direct.push(
        cropStats(cropAroundPart(large.pixels, 640, 480, DRIFT_CROP_SPEC, large.part)).sharpness /
          a.sharpness!,
      );
    }
    const median = (v: number[]) => [...v].sort((x, y) => x - y)[v.length >> 1]!;
    expect(median(ratios)).toBeGreaterThan(0.85);
    expect(median(ratios)).toBeLessThan(1.15);
    expect(median(direct)).toBeGreaterThan(1.2);
  });

  it('sees a darker frame as darker and a blurred one as less sharp', () => {
    const { pixels, width, height, part } = scene([256, 256], 8);
    const base = frameStats(pixels, width, height, part);
    const dark = pixels.map((v) => Math.round(v * 0.5));
    const darkStats = frameStats(dark, width, height, findPart(dark, width, height));
    expect(darkStats.brightness! / base.brightness!).toBeCloseTo(0.5, 1);
    const blurred = new Uint8Array(pixels.length);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        let sum = 0;
        let n = 0;
        for (let dy = -2; dy <= 2; dy++)
          for (let dx = -2; dx <= 2; dx++) {
            const xx = Math.min(width - 1, Math.max(0, x + dx));
            const yy = Math.min(height - 1, Math.max(0, y + dy));
            sum += pixels[yy * width + xx]!;
            n++;
          }
        blurred[y * width + x] = Math.round(sum / n);
      }
    const blurStats = frameStats(blurred, width, height, findPart(blurred, width, height));
    expect(blurStats.sharpness!).toBeLessThan(base.sharpness! / 4);
  });
});
