/** Scores stored images with a bundle's model, one image at a time, as the station will see them. */
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../tf/runtime.ts';
import type { Db } from '../lib/db/open-db.ts';
import { NotFoundError } from '../lib/db/errors.ts';
import { getImageBlobs } from '../lib/db/images-repo.ts';
import { blobToGray } from '../lib/gray.ts';
import { throwIfAborted } from '../lib/abort-port.ts';
import { badProbabilities, type ModelBundle } from '../../models/bundle.ts';
import { preprocessGray } from '../../models/preprocess/preprocess.ts';
import { inputHeight } from '../../models/preprocess/spec.ts';
import { medianSorted, quantileSorted } from '../lib/profile/stats.ts';

/** A loaded model, ready to score preprocessed crops. */
export async function loadBundleModel(bundle: ModelBundle): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: bundle.modelTopology,
      weightSpecs: bundle.weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: bundle.weightData,
    }),
  );
}

/** P(bad) of each image and how long preprocessing plus inference took for each. */
export interface ImageScores {
  scores: number[];
  /** ms per image: preprocessing and inference, decoding the stored file excluded */
  latencyMs: number[];
}

/**
 * Scores images in order. Each image is preprocessed and predicted on its own, so the latency is that
 * of one station frame; decoding the stored file is left out, as a camera frame arrives decoded.
 */
export async function scoreImages(
  db: Db,
  bundle: ModelBundle,
  imageIds: readonly string[],
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
): Promise<ImageScores> {
  const { preprocess, outputs } = bundle.metadata;
  const width = preprocess.inputSize;
  const height = inputHeight(preprocess);
  const model = await loadBundleModel(bundle);
  const scores: number[] = [];
  const latencyMs: number[] = [];
  try {
    // Warm-up: the first prediction compiles kernels and would distort the latency figures.
    tf.tidy(() => model.predict(tf.zeros([1, height, width, 1])));
    for (const [i, id] of imageIds.entries()) {
      throwIfAborted(signal);
      const blobs = await getImageBlobs(db, id);
      if (!blobs) throw new NotFoundError('image', id);
      const { gray, width: w, height: h } = await blobToGray(blobs.original);
      const started = performance.now();
      const { tensor } = preprocessGray(gray, w, h, preprocess);
      const output = tf.tidy(() => model.predict(tf.tensor4d(tensor, [1, height, width, 1])) as tf.Tensor);
      const probabilities = await output.data();
      output.dispose();
      latencyMs.push(performance.now() - started);
      scores.push(Math.min(1, Math.max(0, badProbabilities(probabilities, outputs.classOf)[0]!)));
      onProgress(i + 1, imageIds.length);
    }
  } finally {
    model.dispose();
  }
  return { scores, latencyMs };
}

/** Median and 95th percentile of latencies, ms; null without any. */
export function latencySummary(latencyMs: readonly number[]): { p50Ms: number | null; p95Ms: number | null } {
  if (!latencyMs.length) return { p50Ms: null, p95Ms: null };
  const sorted = [...latencyMs].sort((a, b) => a - b);
  return { p50Ms: medianSorted(sorted), p95Ms: quantileSorted(sorted, 0.95) };
}
