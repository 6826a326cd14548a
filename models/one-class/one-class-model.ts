/**
 * One-class models: fitted on good parts only, they flag whatever looks unlike every good patch seen
 * (PatchCore: a memory bank of good patch features and the distance of each new patch to its nearest
 * entry). The model is a plain tfjs LayersModel whose output is the usual [P(good), P(bad)], so its
 * bundle is stored, verified, evaluated and deployed like any classifier's.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { OneClassMetadata } from '../bundle.ts';
import { greedyCoreset } from './coreset.ts';
import { NotOneClassModelError, OneClassFitError } from './errors.ts';
import { DEFAULT_FEATURE_LAYERS, patchFeatureGraph } from './patch-features.ts';
import {
  ANOMALY_MAP_LAYER,
  bankScorer,
  nearestSquaredDistances,
  type OneClassCalibration,
} from './scorer.ts';

/** How a one-class model is fitted. */
export interface OneClassOptions {
  /** most entries the memory bank keeps (its coreset size) */
  maxBankSize: number;
  seed: number;
  /** backbone layers the patch features come from; the first sets the patch grid */
  featureLayers?: string[];
  /**
   * also bank the patches of every image mirrored across the part's axis (default false: on the
   * pretraining styles it doubled the fit time and did not raise AUROC)
   */
  mirror?: boolean;
}

/** A fitted one-class model and what its bundle metadata records of it. */
export interface OneClassFit {
  /** the scorer: input → `anomaly_map` → `classes`; the caller disposes it */
  model: tfl.LayersModel;
  bankSize: number;
  /** values per patch feature */
  dims: number;
  /** patch rows × columns of the anomaly map */
  patchGrid: [number, number];
  featureLayers: string[];
  calibration: OneClassCalibration;
  /** image scores of the good images, each scored against a bank built without it (the calibration's data) */
  heldOutScores: Float32Array;
}

/** Images scored in one batch: bounds the [batch, patches, bank] block the scorer allocates. */
const SCORE_BATCH = 16;
/** Folds of the good images for the calibration's held-out scores. */
const CALIBRATION_FOLDS = 3;
/** P(bad) is 0.5 this many standard deviations of good held-out scores above their mean. */
const CENTER_SDS = 3;

/** Rows of `tensor` run through `model` a batch at a time, each batch's output read back as floats. */
async function predictInBatches(model: tfl.LayersModel, inputs: tf.Tensor4D): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  const n = inputs.shape[0];
  for (let from = 0; from < n; from += SCORE_BATCH) {
    const result = tf.tidy(() => {
      const batch = tf.slice(inputs, [from, 0, 0, 0], [Math.min(SCORE_BATCH, n - from), -1, -1, -1]);
      return model.predict(batch) as tf.Tensor;
    });
    out.push((await result.data()) as Float32Array);
    result.dispose();
  }
  return out;
}

/** Concatenates float arrays. */
function join(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The rows of `rows` (`dims` each) at `indices`. */
function pickRows(rows: Float32Array, dims: number, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * dims);
  for (let i = 0; i < indices.length; i++)
    out.set(rows.subarray(indices[i]! * dims, (indices[i]! + 1) * dims), i * dims);
  return out;
}

/** Max over each image's `patches` consecutive values. */
function imageMaxima(values: Float32Array, patches: number): Float32Array {
  const out = new Float32Array(values.length / patches);
  for (let i = 0; i < out.length; i++) {
    let max = -Infinity;
    for (let p = i * patches; p < (i + 1) * patches; p++) if (values[p]! > max) max = values[p]!;
    out[i] = max;
  }
  return out;
}

/**
 * Each good image's score against a bank built from the other folds only: what a new good part
 * scores, where scoring the training images against their own bank would give each a zero. `rows`
 * hold `copies` looks of the `images` images, look after look; every look of an image shares its fold.
 */
async function heldOutScores(
  rows: Float32Array,
  dims: number,
  images: number,
  copies: number,
  patches: number,
  { maxBankSize, seed }: OneClassOptions,
): Promise<Float32Array> {
  const folds = Math.min(CALIBRATION_FOLDS, images);
  const scores = new Float32Array(images);
  for (let fold = 0; fold < folds; fold++) {
    const inFold = (image: number) => image % folds === fold;
    const trainRows: number[] = [];
    for (let look = 0; look < images * copies; look++)
      if (!inFold(look % images)) for (let p = 0; p < patches; p++) trainRows.push(look * patches + p);
    const train = pickRows(rows, dims, trainRows);
    const bank = pickRows(train, dims, greedyCoreset(train, dims, maxBankSize, seed + fold + 1));
    const held = Array.from({ length: images }, (_, i) => i).filter(inFold);
    const heldRows = held.flatMap((image) => Array.from({ length: patches }, (_, p) => image * patches + p));
    const maxima = imageMaxima(
      await nearestSquaredDistances(pickRows(rows, dims, heldRows), bank, dims),
      patches,
    );
    held.forEach((image, i) => (scores[image] = maxima[i]!));
  }
  return scores;
}

/** Centre and scale of P(bad) from good held-out scores: 0.5 at three standard deviations above their mean. */
export function calibrate(goodScores: ArrayLike<number>): OneClassCalibration {
  const n = goodScores.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += goodScores[i]! / n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (goodScores[i]! - mean) ** 2 / Math.max(1, n - 1);
  const center = mean + CENTER_SDS * Math.sqrt(variance);
  // A floor on the scale keeps P(bad) from saturating to exactly 1 in float32 over a modest shift of scores.
  const scale = Math.max(Math.sqrt(variance), 0.1 * Math.abs(center), 1e-6);
  return { center, scale };
}

/**
 * Fits a one-class model from good images [n, h, w, 1] (standardised canonical crops, as the
 * classifier's input): patch features from `backbone` (the shipped model as loaded from its bundle,
 * mirror-averaged or plain; left as it was), a greedy coreset of them as the memory bank, and a
 * calibration from held-out scores. Neither `good` nor `backbone` is disposed.
 */
export async function fitOneClass(
  backbone: tfl.LayersModel,
  good: tf.Tensor4D,
  options: OneClassOptions,
): Promise<OneClassFit> {
  const featureLayers = [...(options.featureLayers ?? DEFAULT_FEATURE_LAYERS)];
  const expected = backbone.inputs[0]!.shape.slice(1);
  if (good.shape.slice(1).join() !== expected.join())
    throw new OneClassFitError(
      `The good images are ${JSON.stringify(good.shape.slice(1))}; the backbone takes ${JSON.stringify(expected)}.`,
    );
  if (good.shape[0] < 2)
    throw new OneClassFitError(`A one-class model needs at least two good images; got ${good.shape[0]}.`);
  if (!Number.isInteger(options.maxBankSize) || options.maxBankSize < 1)
    throw new OneClassFitError(
      `The memory bank size must be a whole number ≥ 1; got ${options.maxBankSize}.`,
    );
  const graph = patchFeatureGraph(backbone, featureLayers);
  const { dims, patchGrid } = graph;
  const patches = patchGrid[0] * patchGrid[1];
  const extractor = tfl.model({ inputs: graph.input, outputs: graph.features, name: 'patch_features_model' });
  let scorer: tfl.LayersModel | null = null;
  try {
    const copies = options.mirror ? 2 : 1;
    const parts = await predictInBatches(extractor, good);
    if (copies === 2) {
      // The canonical crop fixes which end the head is at, not which face is up: a screw turned over
      // is the mirror image, and as good.
      const mirrored = tf.reverse(good, 1);
      try {
        parts.push(...(await predictInBatches(extractor, mirrored)));
      } finally {
        mirrored.dispose();
      }
    }
    const rows = join(parts);
    const heldOut = await heldOutScores(rows, dims, good.shape[0], copies, patches, options);
    const calibration = calibrate(heldOut);
    const bank = pickRows(rows, dims, greedyCoreset(rows, dims, options.maxBankSize, options.seed));
    const output = bankScorer(graph.features, bank, calibration);
    scorer = tfl.model({ inputs: graph.input, outputs: output, name: 'one_class' });
    return {
      model: scorer,
      bankSize: bank.length / dims,
      dims,
      patchGrid,
      featureLayers,
      calibration,
      heldOutScores: heldOut,
    };
  } finally {
    // Without a scorer to own them, the rebuilt backbone layers' weights would be left behind.
    if (!scorer) extractor.dispose();
  }
}

/** The `anomaly_map` output of a one-class model: [n, h, w, 1] squared distances; throws for other models. */
export function anomalyMapOutput(model: tfl.LayersModel): tfl.SymbolicTensor {
  const layer = model.layers.find((l) => l.name === ANOMALY_MAP_LAYER);
  if (!layer)
    throw new NotOneClassModelError(
      `The model "${model.name}" has no "${ANOMALY_MAP_LAYER}" layer, so it gives no anomaly map; only one-class models do.`,
    );
  return layer.output as tfl.SymbolicTensor;
}

/**
 * The anomaly map output of a loaded bundle's model when the bundle is a one-class model's (its
 * metadata says so and the layer is there); null for any other model.
 */
export function bundleAnomalyMap(
  model: tfl.LayersModel,
  metadata: { oneClass?: unknown },
): tfl.SymbolicTensor | null {
  return metadata.oneClass && model.layers.some((l) => l.name === ANOMALY_MAP_LAYER)
    ? anomalyMapOutput(model)
    : null;
}

/** Image scores (each the max of its anomaly map) and anomaly maps ([n, h, w], row-major) of a batch. */
export async function scoreBatch(
  model: tfl.LayersModel,
  inputs: tf.Tensor4D,
): Promise<{ scores: Float32Array; maps: Float32Array; mapShape: [number, number] }> {
  const mapOutput = anomalyMapOutput(model);
  const [, h, w] = mapOutput.shape as number[];
  // A view of the same layers ending at the map; it owns nothing, so it is not disposed.
  const mapModel = tfl.model({ inputs: model.inputs, outputs: mapOutput });
  const maps = join(await predictInBatches(mapModel, inputs));
  return { scores: imageMaxima(maps, h! * w!), maps, mapShape: [h!, w!] };
}

/** The bundle metadata block of a fitted one-class model, with the false-reject rate its threshold targets. */
export function oneClassMetadata(fit: OneClassFit, targetFalseRejectRate: number): OneClassMetadata {
  return {
    bankSize: fit.bankSize,
    dims: fit.dims,
    featureLayers: [...fit.featureLayers],
    patchGrid: [...fit.patchGrid],
    targetFalseRejectRate,
    calibration: { ...fit.calibration },
  };
}
