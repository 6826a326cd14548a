import { describe, expect, it } from 'vitest';
import { preprocessGray } from '../../models/preprocess/preprocess.ts';
import { resizeFrame } from '../../models/preprocess/frame-resize.ts';
import { defaultPreprocessSpec, frameResizeSpec } from '../../models/preprocess/spec.ts';
import { planCameraSequence, renderCameraFrame } from '../lib/synth/camera.ts';
import { frameModelInput, framePart, grayPixels, locatePart } from './frame-input.ts';

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

  it('refuses a gray buffer of the wrong size', () => {
    expect(() => grayPixels(new Uint8Array(10), 4, 4)).toThrow(/needs 16 bytes/);
  });
});
