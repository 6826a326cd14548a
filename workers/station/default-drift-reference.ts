/**
 * The shipped default model's drift reference, measured on its own training data: a seeded sample of
 * the demo generator's dataset it was trained on (same seed, count, size and defect ratio as recorded
 * in metrics.json), with the station's own functions. The split is not replayed: the generator draws
 * train, validation and test images from one distribution, so a sample of the dataset is a sample of
 * the training data's distribution.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { generateScrewImage, planDataset, type PlanItem } from '../lib/synth/screw-generator.ts';
import { createRng } from '../lib/rng.ts';
import { frameStats } from '../lib/monitor/frame-stats.ts';
import { buildDriftReference, MAX_REFERENCE_VALUES } from '../lib/monitor/drift-reference.ts';
import type { DriftReference, FrameStats } from '../lib/monitor/monitor-types.ts';
import { frameModelInput, grayPixels, locatePart } from './frame-input.ts';
import type { ModelPreprocessSpec } from '../../models/preprocess/spec.ts';

/** The dataset the shipped model was trained on, as metrics.json records it. */
export interface ShippedDataset {
  seed: number;
  count: number;
  size: number;
  defectRatio: number;
}

/** The shipped reference file: the reference, and which generated images it measured. */
export interface ShippedReferenceFile {
  generator: ShippedDataset & { sampled: number[] };
  reference: DriftReference;
}

/** The plan items the reference measures: a seeded sample of MAX_REFERENCE_VALUES of the dataset, in plan order. */
export function sampledItems(dataset: ShippedDataset): PlanItem[] {
  const plan = planDataset({ count: dataset.count, defectRatio: dataset.defectRatio, seed: dataset.seed });
  const picked = createRng(`drift-reference/${dataset.seed}`)
    .shuffle(plan.map((p) => p.index))
    .slice(0, MAX_REFERENCE_VALUES)
    .sort((a, b) => a - b);
  return picked.map((i) => plan[i]!);
}

/** One generated image's statistics (rounded as stored) and model input; null without a part. */
export function measureItem(
  item: PlanItem,
  size: number,
  spec: ModelPreprocessSpec,
): { stats: FrameStats; input: ReturnType<typeof frameModelInput> } | null {
  const image = generateScrewImage({ seed: item.seed, kind: item.kind, size });
  const pixels = grayPixels(image.pixels, image.width, image.height);
  const { geometry } = locatePart(pixels);
  if (!geometry.found) return null;
  const stats = frameStats(pixels.gray, pixels.width, pixels.height, geometry);
  return { stats: roundStats(stats), input: frameModelInput(pixels, geometry, spec) };
}

/** The features model's output for one input. */
export function featuresOf(
  features: tfl.LayersModel,
  input: ReturnType<typeof frameModelInput>,
): Float32Array {
  return tf.tidy(
    () => (features.predict(tf.tensor4d(input.data, input.shape)) as tf.Tensor).dataSync() as Float32Array,
  );
}

/** The whole reference file for the shipped model (a few seconds: 300 renders and forward passes). */
export function shippedReference(
  dataset: ShippedDataset,
  spec: ModelPreprocessSpec,
  features: tfl.LayersModel | null,
): ShippedReferenceFile {
  const samples: FrameStats[] = [];
  const vectors: Float32Array[] = [];
  const sampled: number[] = [];
  for (const item of sampledItems(dataset)) {
    const measured = measureItem(item, dataset.size, spec);
    if (!measured) continue;
    sampled.push(item.index);
    samples.push(measured.stats);
    if (features) vectors.push(featuresOf(features, measured.input));
  }
  const reference = buildDriftReference({
    key: 'shipped',
    projectId: '',
    source: 'shipped',
    snapshotId: null,
    samples,
    features: vectors,
    createdAt: 0,
  });
  if (reference.stats.embedding)
    reference.stats.embedding.sorted = reference.stats.embedding.sorted.map(round);
  return { generator: { ...dataset, sampled }, reference };
}

/** Six significant digits: what the stored file keeps. */
export function round(v: number): number {
  return Number(v.toPrecision(6));
}

function roundStats(stats: FrameStats): FrameStats {
  return Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, round(v)])) as FrameStats;
}
