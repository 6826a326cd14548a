import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { resizeFrame } from './frame-resize.ts';
import {
  frameResizeSpec,
  isFrameResizeSpec,
  isModelPreprocessSpec,
  isPreprocessSpec,
  specInputShape,
} from './spec.ts';
import { defaultPreprocessSpec } from './spec.ts';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

/** A w × h RGBA frame whose channels are distinct functions of the position. */
function frame(w: number, h: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const p = (y * w + x) * 4;
      rgba.set([(x * 37) % 256, (y * 53) % 256, (x * y) % 256, 255], p);
    }
  return rgba;
}

describe('whole-frame resize', () => {
  it('matches tf.image.resizeBilinear on the RGB channels, scaled onto [-1, 1]', () => {
    const [w, h] = [50, 30];
    const rgba = frame(w, h);
    const spec = frameResizeSpec(16);
    const got = resizeFrame(rgba, w, h, spec);
    const want = tf.tidy(() => {
      const rgb = tf.slice(tf.tensor3d(Float32Array.from(rgba), [h, w, 4]), [0, 0, 0], [h, w, 3]);
      return tf.sub(tf.div(tf.image.resizeBilinear(rgb, [16, 16]), 127.5), 1).dataSync();
    });
    expect(got.length).toBe(16 * 16 * 3);
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
    expect(Math.min(...got)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...got)).toBeLessThanOrEqual(1);
  });

  it('is told apart from the canonical crop by its type guards', () => {
    const frameSpec = frameResizeSpec(224);
    const crop = defaultPreprocessSpec(128);
    expect(isFrameResizeSpec(frameSpec) && !isPreprocessSpec(frameSpec)).toBe(true);
    expect(isPreprocessSpec(crop) && !isFrameResizeSpec(crop)).toBe(true);
    expect(isModelPreprocessSpec({ ...frameSpec, channels: 4 })).toBe(false);
    expect(specInputShape(frameSpec)).toEqual([224, 224, 3]);
    expect(specInputShape(crop)).toEqual([48, 128, 1]);
  });
});
