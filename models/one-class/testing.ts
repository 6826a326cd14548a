import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { buildScrewCnn } from '../architectures/screw-cnn.ts';

/** Height and width of the tiny test crops, pixels (a multiple of 8, as three poolings need). */
export const TINY_HEIGHT = 16;
export const TINY_WIDTH = 32;

/** A tiny seeded screw CNN (4 base filters) to serve as a fast backbone in specs. */
export function tinyBackbone(seed = 1): tfl.LayersModel {
  return buildScrewCnn({ width: TINY_WIDTH, height: TINY_HEIGHT, classes: 2, baseFilters: 4, seed });
}

/**
 * Seeded stand-ins for standardised crops [n, 16, 32, 1]: a fixed striped "part" plus per-image noise;
 * a defective one (`defect` true) has a bright blob near its centre.
 */
export function tinyCrops(count: number, seed: number, defect = false): tf.Tensor4D {
  const values = new Float32Array(count * TINY_HEIGHT * TINY_WIDTH);
  for (let i = 0; i < count; i++)
    for (let y = 0; y < TINY_HEIGHT; y++)
      for (let x = 0; x < TINY_WIDTH; x++) {
        const noise = 0.1 * Math.sin((seed * 31 + i) * 12.9898 + y * 78.233 + x * 37.719);
        const blob = defect && Math.abs(y - 8) < 3 && Math.abs(x - 18) < 3 ? 3 : 0;
        values[(i * TINY_HEIGHT + y) * TINY_WIDTH + x] =
          Math.sin(x / 2) * (y > 4 && y < 12 ? 1 : 0.2) + noise + blob;
      }
  return tf.tensor4d(values, [count, TINY_HEIGHT, TINY_WIDTH, 1]);
}
