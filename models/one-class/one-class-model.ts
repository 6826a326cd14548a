/**
 * A one-class scorer of canonical crops, built from stock layers so it saves, loads, verifies and runs
 * like any classifier bundle: the backbone's blocks up to a mid-level layer give patch features, a
 * memory bank of good-part patches (the weights of a 1×1 convolution) gives each patch its squared
 * distance to the nearest good patch (`anomaly_map`), and the image's largest patch distance becomes
 * P(bad) through a fixed two-unit softmax (`classes`).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { greedyCoreset } from './coreset.ts';

/** How a one-class model is fitted. */
export interface OneClassOptions {
  /** most patches kept in the memory bank */
  maxBankSize: number;
  seed: number;
  /** backbone layers whose output gives the patch features (default: relu4, the last block: its patches see enough of the part to tell a bent tip) */
  featureLayers?: string[];
}

/** A fitted one-class model and what it is made of. */
export interface OneClassFit {
  /** the scorer described above; caller disposes */
  model: tfl.LayersModel;
  bankSize: number;
  dims: number;
  /** patch grid [rows, columns] of the anomaly map */
  patchGrid: [number, number];
  featureLayers: string[];
  /** P(bad) = sigmoid((score − center) / scale) */
  calibration: { center: number; scale: number };
}

/** The backbone's own classifier: the nested model of a mirror-averaged wrapper, or the model itself. */
function classifierOf(model: tfl.LayersModel): tfl.LayersModel {
  return model.layers.find((l): l is tfl.LayersModel => l instanceof tfl.LayersModel) ?? model;
}

type LayerClass = { fromConfig(cls: unknown, config: unknown): tfl.layers.Layer };

/** A fresh copy of the backbone's layers up to `last` on `input`, with the copies and their sources. */
function copyBackbone(
  backbone: tfl.LayersModel,
  last: string,
  input: tfl.SymbolicTensor,
): { output: tfl.SymbolicTensor; pairs: Array<[tfl.layers.Layer, tfl.layers.Layer]> } {
  const inner = classifierOf(backbone);
  const end = inner.layers.findIndex((l) => l.name === last);
  if (end < 0)
    throw new Error(
      `The backbone "${inner.name}" has no layer "${last}"; a screw-cnn backbone (conv1..relu4) is needed.`,
    );
  let x = input;
  const pairs: Array<[tfl.layers.Layer, tfl.layers.Layer]> = [];
  for (const layer of inner.layers.slice(0, end + 1)) {
    if (layer.getClassName() === 'InputLayer') continue;
    const ctor = layer.constructor as unknown as LayerClass;
    const copy = ctor.fromConfig(ctor, { ...layer.getConfig(), trainable: false });
    x = copy.apply(x) as tfl.SymbolicTensor;
    pairs.push([copy, layer]);
  }
  return { output: x, pairs };
}

/** The scorer's graph with an empty bank of `bankSize` entries and a neutral calibration. */
function buildScorer(
  backbone: tfl.LayersModel,
  featureLayer: string,
  bankSize: number,
): { model: tfl.LayersModel; features: tfl.SymbolicTensor } {
  const [, height, width] = classifierOf(backbone).inputs[0]!.shape;
  const input = tfl.input({ shape: [height!, width!, 1], name: 'image' });
  const { output: features, pairs } = copyBackbone(backbone, featureLayer, input);
  const [, h, w, dims] = features.shape as number[];
  const oneByOne = (filters: number, name: string, useBias: boolean, activation?: 'relu') =>
    tfl.layers.conv2d({ filters, kernelSize: 1, useBias, name, trainable: false, activation });
  const squared = tfl.layers.multiply({ name: 'feature_square' }).apply([features, features]);
  const norm = oneByOne(1, 'feature_norm', false).apply(squared) as tfl.SymbolicTensor;
  // 2·f·m − |m|² for every bank entry m; its maximum is |f|² minus the nearest squared distance.
  const similarity = oneByOne(bankSize, 'bank', true).apply(features) as tfl.SymbolicTensor;
  const rows = tfl.layers
    .reshape({ targetShape: [h! * w!, bankSize, 1], name: 'bank_rows' })
    .apply(similarity) as tfl.SymbolicTensor;
  const nearest = tfl.layers
    .maxPooling2d({ poolSize: [1, bankSize], strides: [1, bankSize], name: 'bank_nearest' })
    .apply(rows) as tfl.SymbolicTensor;
  const nearestMap = tfl.layers
    .reshape({ targetShape: [h!, w!, 1], name: 'bank_nearest_map' })
    .apply(nearest) as tfl.SymbolicTensor;
  const both = tfl.layers.concatenate({ name: 'distance_terms' }).apply([norm, nearestMap]);
  const map = oneByOne(1, 'anomaly_map', false, 'relu').apply(both) as tfl.SymbolicTensor;
  const score = tfl.layers.globalMaxPooling2d({ name: 'image_score' }).apply(map) as tfl.SymbolicTensor;
  const classes = tfl.layers
    .dense({ units: 2, activation: 'softmax', name: 'classes', trainable: false })
    .apply(score) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: classes, name: 'one_class' });
  for (const [copy, source] of pairs) copy.setWeights(source.getWeights());
  tf.tidy(() => {
    model.getLayer('feature_norm').setWeights([tf.ones([1, 1, dims!, 1])]);
    model.getLayer('anomaly_map').setWeights([tf.tensor4d([1, -1], [1, 1, 2, 1])]);
  });
  return { model, features };
}

/** Sets the softmax so that P(bad) = sigmoid((score − center) / scale). */
function setCalibration(model: tfl.LayersModel, { center, scale }: OneClassFit['calibration']): void {
  tf.tidy(() =>
    model.getLayer('classes').setWeights([tf.tensor2d([[0, 1 / scale]]), tf.tensor1d([0, -center / scale])]),
  );
}

/** Rows of patch features [n·h·w, dims] of a batch of crops, read in chunks. */
async function patchRows(
  extractor: tfl.LayersModel,
  good: tf.Tensor4D,
): Promise<{ rows: Float32Array; dims: number; grid: [number, number] }> {
  const [, h, w, dims] = extractor.outputs[0]!.shape as number[];
  const n = good.shape[0];
  const rows = new Float32Array(n * h! * w! * dims!);
  for (let start = 0; start < n; start += 16) {
    const size = Math.min(16, n - start);
    const out = tf.tidy(() => extractor.predict(tf.slice(good, start, size)) as tf.Tensor);
    rows.set((await out.data()) as Float32Array, start * h! * w! * dims!);
    out.dispose();
  }
  return { rows, dims: dims!, grid: [h!, w!] };
}

/** Fits the scorer on good crops [n, h, w, 1] (standardised); the caller disposes `fit.model`. */
export async function fitOneClass(
  backbone: tfl.LayersModel,
  good: tf.Tensor4D,
  options: OneClassOptions,
): Promise<OneClassFit> {
  const featureLayers = options.featureLayers ?? ['relu4'];
  if (featureLayers.length !== 1) throw new Error('Patch features come from exactly one backbone layer.');
  if (good.shape[0] < 1) throw new Error('A one-class model needs at least one good image.');
  // The graph needs the bank's size before the bank is known: measure the feature grid first.
  const probe = buildScorer(backbone, featureLayers[0]!, 1);
  const extractor = tfl.model({ inputs: probe.model.inputs, outputs: probe.features });
  const { rows, dims, grid } = await patchRows(extractor, good);
  probe.model.dispose();
  const picked = greedyCoreset(rows, dims, Math.min(options.maxBankSize, rows.length / dims), options.seed);
  const bankSize = picked.length;
  const { model } = buildScorer(backbone, featureLayers[0]!, bankSize);
  const kernel = new Float32Array(dims * bankSize);
  const bias = new Float32Array(bankSize);
  picked.forEach((row, k) => {
    for (let d = 0; d < dims; d++) {
      const v = rows[row * dims + d]!;
      kernel[d * bankSize + k] = 2 * v;
      bias[k]! -= v * v;
    }
  });
  tf.tidy(() =>
    model.getLayer('bank').setWeights([tf.tensor4d(kernel, [1, 1, dims, bankSize]), tf.tensor1d(bias)]),
  );
  setCalibration(model, { center: 0, scale: 1 });
  const { scores } = await scoreBatch(model, good);
  const sorted = [...scores].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / sorted.length;
  const spread = Math.sqrt(sorted.reduce((s, x) => s + (x - mean) ** 2, 0) / sorted.length);
  // Good train images lie partly in the bank, so their scores run low: centre above the highest of them.
  const calibration = { center: sorted.at(-1)! * 1.5 + 1e-6, scale: Math.max(spread, mean * 0.25, 1e-6) };
  setCalibration(model, calibration);
  return { model, bankSize, dims, patchGrid: grid, featureLayers, calibration };
}

const mapModels = new WeakMap<tfl.LayersModel, tfl.LayersModel>();

/** Image scores (largest patch distance) and anomaly maps [n, h, w] of a batch of standardised crops. */
export async function scoreBatch(
  model: tfl.LayersModel,
  inputs: tf.Tensor4D,
): Promise<{ scores: Float32Array; maps: Float32Array; mapShape: [number, number] }> {
  let mapModel = mapModels.get(model);
  if (!mapModel) {
    // Shares the scorer's layers; dropped with it, never disposed on its own.
    mapModel = tfl.model({ inputs: model.inputs, outputs: model.getLayer('anomaly_map').output });
    mapModels.set(model, mapModel);
  }
  const out = tf.tidy(() => mapModel.predict(inputs) as tf.Tensor4D);
  const [n, h, w] = out.shape;
  const maps = (await out.data()) as Float32Array;
  out.dispose();
  const scores = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = i * h * w; j < (i + 1) * h * w; j++) if (maps[j]! > best) best = maps[j]!;
    scores[i] = best;
  }
  return { scores, maps, mapShape: [h, w] };
}
