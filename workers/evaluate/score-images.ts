/** Scores stored images with a bundle's model, one image at a time, as the station will see them. */
import { tf } from '../tf/runtime.ts';
import type { Db } from '../lib/db/open-db.ts';
import { NotFoundError } from '../lib/db/errors.ts';
import { getImageBlobs } from '../lib/db/images-repo.ts';
import { bitmapRgba, bitmapToGray } from '../lib/gray.ts';
import { throwIfAborted } from '../lib/abort-port.ts';
import { badProbabilities, type ModelBundle } from '../../models/bundle.ts';
import { preprocessGray } from '../../models/preprocess/preprocess.ts';
import { inputHeight, isFrameResizeSpec, type ModelPreprocessSpec } from '../../models/preprocess/spec.ts';
import { resizeFrame } from '../../models/preprocess/frame-resize.ts';
import { disposeModel, loadBundleModel } from '../../models/bundle/bundle-model.ts';
import { medianSorted, quantileSorted } from '../lib/profile/stats.ts';

/** The model input of one stored image under a bundle's preprocessing, with its tensor shape. */
export async function modelInput(
  blob: Blob,
  spec: ModelPreprocessSpec,
): Promise<{ data: Float32Array; shape: [number, number, number, number] }> {
  const bitmap = await createImageBitmap(blob);
  try {
    if (isFrameResizeSpec(spec))
      return {
        data: resizeFrame(bitmapRgba(bitmap), bitmap.width, bitmap.height, spec),
        shape: [1, spec.height, spec.width, 3],
      };
    const { gray, width, height } = bitmapToGray(bitmap);
    return {
      data: preprocessGray(gray, width, height, spec).tensor,
      shape: [1, inputHeight(spec), spec.inputSize, 1],
    };
  } finally {
    bitmap.close();
  }
}

/** P(bad) of each image and how long decoding, preprocessing and inference took for each. */
export interface ImageScores {
  scores: number[];
  /** ms per image: decoding, preprocessing and inference */
  latencyMs: number[];
}

/**
 * Scores images in order. Each image is decoded, preprocessed and predicted on its own, so the
 * latency is that of one frame through the model as deployed.
 */
export async function scoreImages(
  db: Db,
  bundle: ModelBundle,
  imageIds: readonly string[],
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
): Promise<ImageScores> {
  const { preprocess, outputs } = bundle.metadata;
  const model = await loadBundleModel(bundle);
  const scores: number[] = [];
  const latencyMs: number[] = [];
  try {
    // Warm-up: the first prediction compiles kernels and would distort the latency figures.
    tf.tidy(() => model.predict(tf.zeros([1, ...bundle.metadata.inputShape])));
    for (const [i, id] of imageIds.entries()) {
      throwIfAborted(signal);
      const blobs = await getImageBlobs(db, id);
      if (!blobs) throw new NotFoundError('image', id);
      // Decoding is timed too: preprocessing and decoding share one pass over the pixels.
      const started = performance.now();
      const input = await modelInput(blobs.original, preprocess);
      const output = tf.tidy(() => model.predict(tf.tensor4d(input.data, input.shape)) as tf.Tensor);
      const probabilities = await output.data();
      output.dispose();
      latencyMs.push(performance.now() - started);
      scores.push(Math.min(1, Math.max(0, badProbabilities(probabilities, outputs.classOf)[0]!)));
      onProgress(i + 1, imageIds.length);
    }
  } finally {
    disposeModel(model);
  }
  return { scores, latencyMs };
}

/** Median and 95th percentile of latencies, ms; null without any. */
export function latencySummary(latencyMs: readonly number[]): { p50Ms: number | null; p95Ms: number | null } {
  if (!latencyMs.length) return { p50Ms: null, p95Ms: null };
  const sorted = [...latencyMs].sort((a, b) => a - b);
  return { p50Ms: medianSorted(sorted), p95Ms: quantileSorted(sorted, 0.95) };
}
