/** Scores stored images with a bundle's model, one image at a time, as the station will see them. */
import { tf } from '../tf/runtime.ts';
import type { Db } from '../lib/db/open-db.ts';
import { NotFoundError } from '../lib/db/errors.ts';
import { getImageBlobs } from '../lib/db/images-repo.ts';
import { bitmapRgba, bitmapToGray } from '../lib/gray.ts';
import { throwIfAborted } from '../lib/abort-port.ts';
import { badProbabilities, type ModelBundle } from '../../models/bundle.ts';
import { canonicalCrop, standardize } from '../../models/preprocess/preprocess.ts';
import { bundleAnomalyMap } from '../../models/one-class/one-class-model.ts';
import { withFeatures } from '../../models/bundle/features.ts';
import { hottestPatch } from '../lib/one-class/anomaly-heat.ts';
import type { AnomalyView } from './evaluate-types.ts';
import { inputHeight, isFrameResizeSpec, type ModelPreprocessSpec } from '../../models/preprocess/spec.ts';
import { resizeFrame } from '../../models/preprocess/frame-resize.ts';
import { disposeModel, loadBundleModel } from '../../models/bundle/bundle-model.ts';
import { medianSorted, quantileSorted } from '../lib/profile/stats.ts';

/** The model input of one stored image under a bundle's preprocessing, with its tensor shape (and the canonical crop it came from). */
export async function modelInput(
  blob: Blob,
  spec: ModelPreprocessSpec,
): Promise<{ data: Float32Array; shape: [number, number, number, number]; crop?: Uint8Array }> {
  const bitmap = await createImageBitmap(blob);
  try {
    if (isFrameResizeSpec(spec))
      return {
        data: resizeFrame(bitmapRgba(bitmap), bitmap.width, bitmap.height, spec),
        shape: [1, spec.height, spec.width, 3],
      };
    const { gray, width, height } = bitmapToGray(bitmap);
    // preprocessGray's two steps, so the crop itself is kept for the anomaly overlay.
    const { pixels } = canonicalCrop(gray, width, height, spec);
    return { data: standardize(pixels), shape: [1, inputHeight(spec), spec.inputSize, 1], crop: pixels };
  } finally {
    bitmap.close();
  }
}

/** P(bad) of each image and how long decoding, preprocessing and inference took for each. */
export interface ImageScores {
  scores: number[];
  /** ms per image: decoding, preprocessing and inference */
  latencyMs: number[];
  /** a one-class model's anomaly map of each image on its crop; absent for classifiers */
  anomalies?: AnomalyView[];
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
  const map = bundleAnomalyMap(model, bundle.metadata);
  const oneClass = map !== null;
  const anomalies: AnomalyView[] = [];
  // A one-class model's verdict is the max of its anomaly map, so one pass gives both.
  const view = map ? withFeatures(model, [map]) : null;
  const predict = (x: tf.Tensor): tf.Tensor[] => {
    if (!view) return [model.predict(x) as tf.Tensor];
    const { outputs, extra } = view.predict(x);
    return [outputs[0]!, extra[0]!];
  };
  try {
    // Warm-up: the first prediction compiles kernels and would distort the latency figures.
    tf.tidy(() => predict(tf.zeros([1, ...bundle.metadata.inputShape])));
    for (const [i, id] of imageIds.entries()) {
      throwIfAborted(signal);
      const blobs = await getImageBlobs(db, id);
      if (!blobs) throw new NotFoundError('image', id);
      // Decoding is timed too: preprocessing and decoding share one pass over the pixels.
      const started = performance.now();
      const input = await modelInput(blobs.original, preprocess);
      const output = tf.tidy(() => predict(tf.tensor4d(input.data, input.shape)));
      try {
        const probabilities = await output[0]!.data();
        latencyMs.push(performance.now() - started);
        scores.push(Math.min(1, Math.max(0, badProbabilities(probabilities, outputs.classOf)[0]!)));
        // The map is read after the timing: the station's verdict needs P(bad) only.
        if (oneClass && input.crop) anomalies.push(await anomalyView(output[1]!, input));
      } finally {
        tf.dispose(output);
      }
      onProgress(i + 1, imageIds.length);
    }
  } finally {
    disposeModel(model);
  }
  return oneClass ? { scores, latencyMs, anomalies } : { scores, latencyMs };
}

/** One image's anomaly map ([1, h, w], from the model's `anomaly_map` layer) with the crop it lies on. */
async function anomalyView(
  map: tf.Tensor,
  input: { shape: [number, number, number, number]; crop?: Uint8Array },
): Promise<AnomalyView> {
  const values = (await map.data()) as Float32Array;
  return {
    crop: input.crop!,
    cropShape: [input.shape[1], input.shape[2]],
    map: values,
    mapShape: [map.shape[1]!, map.shape[2]!],
    score: hottestPatch(values, map.shape[2]!).value,
  };
}

/** Median and 95th percentile of latencies, ms; null without any. */
export function latencySummary(latencyMs: readonly number[]): { p50Ms: number | null; p95Ms: number | null } {
  if (!latencyMs.length) return { p50Ms: null, p95Ms: null };
  const sorted = [...latencyMs].sort((a, b) => a - b);
  return { p50Ms: medianSorted(sorted), p95Ms: quantileSorted(sorted, 0.95) };
}
