/**
 * The memory-bank scorer as standard tfjs layers, so it saves, loads, verifies and runs wherever a
 * classifier does. The squared distance from a patch x to a bank entry m is |x|² − 2x·m + |m|²: a
 * 1×1 convolution whose kernel is 2m and whose bias is −|m|² gives |x|² − d² for every entry at once,
 * a max-pooling across the entries picks the nearest, and |x|² (a product and a 1×1 convolution of
 * ones) minus that is the nearest squared distance. The bank is the convolution's weights, so it
 * travels in weights.bin under the manifest's digest.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Name of the layer giving the anomaly map: squared distance of each patch to its nearest bank entry. */
export const ANOMALY_MAP_LAYER = 'anomaly_map';
/** Name of the output layer: [P(good), P(bad)]. */
export const CLASSES_LAYER = 'classes';

/** P(bad) = sigmoid((score − center) / scale), score = the anomaly map's max. */
export interface OneClassCalibration {
  center: number;
  scale: number;
}

/**
 * P(bad) the model answers for an image score (0..1): what a score threshold becomes as the operating
 * threshold in the bundle's metadata. The model computes it in float32, where it reaches exactly 1
 * about 16.6 scales above the centre; thresholds are best set below that.
 */
export function badProbabilityAt(score: number, { center, scale }: OneClassCalibration): number {
  return 1 / (1 + Math.exp(-(score - center) / scale));
}

/** Sets a built layer's weights from plain arrays, disposing the tensors made for it. */
function setWeights(layer: tfl.layers.Layer, values: Array<[Float32Array | number[], number[]]>): void {
  const tensors = values.map(([v, shape]) => tf.tensor(v, shape, 'float32'));
  layer.setWeights(tensors);
  tf.dispose(tensors);
}

/**
 * Appends the scorer to patch features [n, h, w, dims]: the anomaly map (layer `anomaly_map`,
 * [n, h, w, 1]), the image score (its max) and the calibrated softmax (layer `classes`, [n, 2]).
 * `bank` holds the entries row-major, `dims` values each. Resolves the `classes` output.
 */
export function bankScorer(
  features: tfl.SymbolicTensor,
  bank: Float32Array,
  calibration: OneClassCalibration,
): tfl.SymbolicTensor {
  const [, h, w, dims] = features.shape as number[];
  const entries = bank.length / dims!;
  if (!Number.isInteger(entries) || entries < 1)
    throw new RangeError(`The memory bank holds ${bank.length} values, not whole entries of ${dims}.`);
  if (!(calibration.scale > 0) || !Number.isFinite(calibration.center))
    throw new RangeError(
      `The calibration needs a finite centre and a positive scale; got ${JSON.stringify(calibration)}.`,
    );
  const frozen = { trainable: false, kernelSize: 1 } as const;
  const squares = tfl.layers.multiply({ name: 'patch_squares' }).apply([features, features]);
  const normLayer = tfl.layers.conv2d({ ...frozen, filters: 1, useBias: false, name: 'patch_norm' });
  const norm = normLayer.apply(squares) as tfl.SymbolicTensor;
  const bankLayer = tfl.layers.conv2d({ ...frozen, filters: entries, name: 'bank' });
  const closeness = bankLayer.apply(features) as tfl.SymbolicTensor;
  const perPatch = tfl.layers
    .reshape({ targetShape: [h! * w!, entries, 1], name: 'bank_rows' })
    .apply(closeness);
  const best = tfl.layers
    .maxPooling2d({ poolSize: [1, entries], strides: [1, entries], name: 'bank_nearest' })
    .apply(perPatch);
  const nearest = tfl.layers.reshape({ targetShape: [h!, w!, 1], name: 'bank_nearest_map' }).apply(best);
  const terms = tfl.layers
    .concatenate({ name: 'distance_terms' })
    .apply([norm, nearest as tfl.SymbolicTensor]);
  // ReLU clears the float rounding that can leave a patch on a bank entry a hair below zero.
  const mapLayer = tfl.layers.conv2d({
    ...frozen,
    filters: 1,
    useBias: false,
    activation: 'relu',
    name: ANOMALY_MAP_LAYER,
  });
  const map = mapLayer.apply(terms) as tfl.SymbolicTensor;
  const score = tfl.layers.globalMaxPooling2d({ name: 'anomaly_score' }).apply(map);
  const headLayer = tfl.layers.dense({
    units: 2,
    activation: 'softmax',
    trainable: false,
    name: CLASSES_LAYER,
  });
  const output = headLayer.apply(score) as tfl.SymbolicTensor;

  setWeights(normLayer, [[new Float32Array(dims!).fill(1), [1, 1, dims!, 1]]]);
  const kernel = new Float32Array(dims! * entries);
  const bias = new Float32Array(entries);
  for (let e = 0; e < entries; e++)
    for (let d = 0; d < dims!; d++) {
      const m = bank[e * dims! + d]!;
      kernel[d * entries + e] = 2 * m;
      bias[e]! -= m * m;
    }
  setWeights(bankLayer, [
    [kernel, [1, 1, dims!, entries]],
    [bias, [entries]],
  ]);
  setWeights(mapLayer, [
    [
      [1, -1],
      [1, 1, 2, 1],
    ],
  ]);
  setHead(headLayer, calibration);
  return output;
}

/** Writes the calibration into the output layer: softmax([0, z]) = [1 − σ(z), σ(z)], z = (score − center) / scale. */
function setHead(headLayer: tfl.layers.Layer, { center, scale }: OneClassCalibration): void {
  setWeights(headLayer, [
    [
      [0, 1 / scale],
      [1, 2],
    ],
    [[0, -center / scale], [2]],
  ]);
}

/**
 * Moves a fitted scorer's calibration, e.g. its centre onto the operating threshold, so P(bad) = 0.5
 * there and the probabilities people see are graded around the decision, not saturated beside it.
 */
export function setCalibration(model: tfl.LayersModel, calibration: OneClassCalibration): void {
  if (!(calibration.scale > 0) || !Number.isFinite(calibration.center))
    throw new Error(
      `The calibration needs a finite centre and a positive scale; got ${JSON.stringify(calibration)}.`,
    );
  setHead(model.getLayer(CLASSES_LAYER), calibration);
}

/**
 * Squared distance from each of `patches` (row-major, `dims` each) to its nearest row of `bank`, by
 * exact search with tfjs ops, a block of rows at a time.
 */
export async function nearestSquaredDistances(
  patches: Float32Array,
  bank: Float32Array,
  dims: number,
): Promise<Float32Array> {
  const n = patches.length / dims;
  const out = new Float32Array(n);
  // The bank transposed once up front: tfjs-wasm's matMul with transposeB is many times slower.
  const bankColumns = tf.tidy(() => tf.transpose(tf.tensor2d(bank, [bank.length / dims, dims])));
  const bankNorms = tf.tidy(() => tf.sum(tf.square(bankColumns), 0, true));
  try {
    const block = 2048;
    for (let from = 0; from < n; from += block) {
      const rows = Math.min(block, n - from);
      const nearest = tf.tidy(() => {
        const x = tf.tensor2d(patches.subarray(from * dims, (from + rows) * dims), [rows, dims]);
        const closeness = tf.sub(tf.mul(tf.matMul(x, bankColumns), 2), bankNorms);
        return tf.relu(tf.sub(tf.sum(tf.square(x), 1), tf.max(closeness, 1)));
      });
      out.set(await nearest.data(), from);
      nearest.dispose();
    }
  } finally {
    tf.dispose([bankColumns, bankNorms]);
  }
  return out;
}
