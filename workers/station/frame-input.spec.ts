import { describe, expect, it } from 'vitest';
import { preprocessGray } from '../../models/preprocess/preprocess.ts';
import { resizeFrame } from '../../models/preprocess/frame-resize.ts';
import { defaultPreprocessSpec, frameResizeSpec } from '../../models/preprocess/spec.ts';
import { planCameraSequence, renderCameraFrame } from '../lib/synth/camera.ts';
import { cropPlacement, frameModelInput, framePart, grayPixels, locatePart } from './frame-input.ts';
import { cropAroundPart } from '../../models/preprocess/preprocess.ts';

const W = 320;
const H = 240;
const scenes = planCameraSequence({ frames: 6, seed: 4, defectRatio: 0.5, holdFrames: 1 }).map(
  (f) => renderCameraFrame(f, W, H).pixels,
);

describe('frame input', () => {
  it('makes exactly the tensor training makes from the same pixels', () => {
    const spec = defaultPreprocessSpec(128);
    for (const gray of scenes) {
      const pixels = grayPixels(gray, W, H);
      const located = locatePart(pixels);
      expect(located.rejected).toBeNull();
      const input = frameModelInput(pixels, located.geometry, spec);
      const trained = preprocessGray(gray, W, H, spec);
      expect(input.shape).toEqual([1, 48, 128, 1]);
      expect(input.data).toEqual(trained.tensor);
      expect(located.geometry).toEqual(trained.part);
    }
  });

  it('resizes the whole frame for foreign models, from gray expanded to RGB', () => {
    const spec = frameResizeSpec(32);
    const pixels = grayPixels(scenes[0]!, W, H);
    const rgba = new Uint8ClampedArray(W * H * 4).map((_, i) => (i % 4 === 3 ? 255 : scenes[0]![i >> 2]!));
    const input = frameModelInput(pixels, locatePart(pixels).geometry, spec);
    expect(input.shape).toEqual([1, 32, 32, 3]);
    expect(input.data).toEqual(resizeFrame(rgba, W, H, spec));
  });

  it('outlines the band the crop takes: the part length times the margin, by the aspect', () => {
    const located = locatePart(grayPixels(scenes[1]!, W, H));
    const part = framePart(located.geometry, defaultPreprocessSpec(128));
    expect(part.found).toBe(true);
    expect(part.width).toBeCloseTo(located.geometry.length * 1.15 * (48 / 128), 6);
  });

  it('places the crop on the frame where its pixels were sampled, head end to the right', () => {
    const spec = defaultPreprocessSpec(128);
    const gray = scenes[2]!;
    const { geometry } = locatePart(grayPixels(gray, W, H));
    const crop = cropAroundPart(gray, W, H, spec, geometry);
    const placed = cropPlacement(geometry, W, H, spec)!;
    const [rows, columns] = [48, 128];
    // Each crop pixel against the frame pixel nearest where the placement puts it.
    const difference = (angle: number) => {
      let sum = 0;
      for (let v = 0; v < rows; v++)
        for (let u = 0; u < columns; u++) {
          const ox = ((u + 0.5) / columns - 0.5) * placed.width;
          const oy = ((v + 0.5) / rows - 0.5) * placed.height;
          const x = Math.round(placed.cx + ox * Math.cos(angle) - oy * Math.sin(angle));
          const y = Math.round(placed.cy + ox * Math.sin(angle) + oy * Math.cos(angle));
          const inside = Math.min(H - 1, Math.max(0, y)) * W + Math.min(W - 1, Math.max(0, x));
          sum += Math.abs(crop[v * columns + u]! - gray[inside]!);
        }
      return sum / (rows * columns);
    };
    expect(difference(placed.angle)).toBeLessThan(6);
    expect(difference(placed.angle + Math.PI)).toBeGreaterThan(3 * difference(placed.angle));
    // The head points towards angle + π, so the crop's x axis runs towards it.
    expect(placed.angle).toBeCloseTo(geometry.angle + Math.PI, 9);
    expect(cropPlacement(geometry, W, H, frameResizeSpec(32))).toBeNull();
  });

  it('refuses a gray buffer of the wrong size', () => {
    expect(() => grayPixels(new Uint8Array(10), 4, 4)).toThrow(/needs 16 bytes/);
  });
});
