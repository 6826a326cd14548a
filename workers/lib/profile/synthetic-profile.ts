/**
 * Deterministic synthetic profile input for specs and report previews: plausible per-image statistics
 * for screw photos without rendering any pixels.
 */
import { createRng } from '../rng.ts';
import { hashFromWords } from '../image/dhash.ts';
import { ProfileAccumulator } from './dataset-profile.ts';
import type { ImageStats } from './image-stats.ts';
import type { Split } from '../splits/split.ts';

/** Images to create per class and split, e.g. { good: { train: 60, test: 20 } }. */
export type CellPlan = Record<string, Partial<Record<Split, number>>>;

/** A random but well-spread 64-bit hash (16 hex digits) from a seeded stream. */
export function randomDHash(seed: string): string {
  const r = createRng(seed);
  return hashFromWords(r.uint32(), r.uint32());
}

/** Plausible stats for one image of class `label` (the 'bad' class is a little darker and busier). */
export function syntheticStats(seed: string, label: string, size = 256): ImageStats {
  const r = createRng(seed);
  const bad = label !== 'good';
  return {
    width: size,
    height: size,
    isGrayscale: true,
    mean: r.normal(bad ? 128 : 140, 8),
    std: Math.max(1, r.normal(bad ? 44 : 38, 5)),
    sharpness: 10 ** r.normal(bad ? 2.6 : 2.4, 0.15),
    clippedDark: 0,
    clippedBright: Math.max(0, r.normal(0.002, 0.001)),
    otsuThreshold: 100,
    foregroundFraction: Math.min(1, Math.max(0, r.normal(0.12, 0.02))),
    foregroundIsDark: true,
    orientationDeg: r.range(0, 180),
    elongation: Math.max(1, r.normal(5, 0.5)),
    centroidX: r.range(0.3, 0.7),
    centroidY: r.range(0.3, 0.7),
    dhash: randomDHash(`${seed}/hash`),
  };
}

/**
 * An accumulator filled per `plan` with ids `${label}-${split}-${i}` and hashes `sha-${id}`; add
 * anomalies to it before calling finish().
 */
export function syntheticAccumulator(plan: CellPlan, seed = 'synthetic', size = 256): ProfileAccumulator {
  const acc = new ProfileAccumulator();
  for (const [label, splits] of Object.entries(plan)) {
    for (const [split, n] of Object.entries(splits) as Array<[Split, number]>) {
      for (let i = 0; i < n; i++) {
        const id = `${label}-${split}-${i}`;
        acc.add(
          {
            id,
            sha256: `sha-${id}`,
            label,
            split,
            width: size,
            height: size,
            channels: 1,
            format: 'png',
            byteSize: 40_000 + ((i * 7919) % 20_000),
          },
          syntheticStats(`${seed}/${id}`, label, size),
        );
      }
    }
  }
  return acc;
}
