/**
 * The embedding statistic: how far a frame's model features lie from the training images' features,
 * as the root mean square of the per-feature z-scores. 1 is a typical training image's distance in
 * every feature; a frame the model has never seen the like of lies much further out.
 */
import type { EmbeddingCentre } from './monitor-types.ts';

/** Keeps a feature that hardly varies in training from turning tiny live wobbles into huge z-scores. */
const SCALE_FLOOR_SHARE = 0.05;

/** Mean and (floored) standard deviation of each feature over the training images' features. */
export function embeddingCentre(features: readonly ArrayLike<number>[]): EmbeddingCentre {
  if (features.length < 2)
    throw new RangeError(`The embedding centre needs at least 2 images, got ${features.length}.`);
  const dims = features[0]!.length;
  const mean = new Array<number>(dims).fill(0);
  const sq = new Array<number>(dims).fill(0);
  for (const f of features) {
    if (f.length !== dims) throw new RangeError(`Every image needs ${dims} features, one had ${f.length}.`);
    for (let d = 0; d < dims; d++) mean[d]! += f[d]! / features.length;
  }
  for (const f of features) for (let d = 0; d < dims; d++) sq[d]! += (f[d]! - mean[d]!) ** 2;
  const sd = sq.map((s) => Math.sqrt(s / (features.length - 1)));
  // The floor is a share of the features' typical spread, so it scales with the layer's activations.
  const typical = [...sd].sort((a, b) => a - b)[dims >> 1] ?? 0;
  const floor = Math.max(typical * SCALE_FLOOR_SHARE, 1e-6);
  return { mean: mean.map(tidy), scale: sd.map((s) => tidy(Math.max(s, floor))) };
}

/** A frame's distance from the training features (root mean square z-score over features). */
export function embeddingDistance(features: ArrayLike<number>, centre: EmbeddingCentre): number {
  const dims = centre.mean.length;
  if (features.length !== dims)
    throw new RangeError(`The model gave ${features.length} features; its reference has ${dims}.`);
  let sum = 0;
  for (let d = 0; d < dims; d++) sum += ((features[d]! - centre.mean[d]!) / centre.scale[d]!) ** 2;
  return Math.sqrt(sum / dims);
}

function tidy(v: number): number {
  return Number(v.toPrecision(6));
}
