import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * Wraps a classifier of [height, width, 1] crops so that it answers with the mean of its outputs on
 * the crop and on the crop mirrored across the part's axis (rows reversed). A model trained with
 * mirror augmentation sees both as the same part; averaging the two halves the noise of one look.
 *
 * The mirror is built from stock layers only (a fixed row-reversal matrix between two permutes), so
 * the wrapped model saves, loads and runs anywhere tfjs-layers does. It shares the classifier's
 * layers and weights; disposing it leaves the classifier usable.
 */
export function mirrorAveraged(classifier: tfl.LayersModel): tfl.LayersModel {
  const [, height, width, channels] = classifier.inputs[0]!.shape;
  if (!height || !width || channels !== 1)
    throw new Error(
      `mirrorAveraged: expected a [height, width, 1] input, got ${JSON.stringify(classifier.inputs[0]!.shape)}`,
    );
  const input = tfl.input({ shape: [height, width, 1], name: 'image' });
  // Rows to the last axis, reversed by a fixed permutation matrix, and back.
  const rowsLast = tfl.layers
    .permute({ dims: [3, 2, 1], name: 'mirror_rows_last' })
    .apply(input) as tfl.SymbolicTensor;
  const reverse = tfl.layers.dense({
    units: height,
    useBias: false,
    trainable: false,
    kernelInitializer: 'zeros',
    name: 'mirror_reverse',
  });
  const reversed = reverse.apply(rowsLast) as tfl.SymbolicTensor;
  const mirrored = tfl.layers
    .permute({ dims: [3, 2, 1], name: 'mirror_rows_back' })
    .apply(reversed) as tfl.SymbolicTensor;
  const kernel = tf.tidy(() => tf.reverse(tf.eye(height), 0));
  reverse.setWeights([kernel]);
  kernel.dispose();
  const direct = classifier.apply(input) as tfl.SymbolicTensor;
  const seen = classifier.apply(mirrored) as tfl.SymbolicTensor;
  const output = tfl.layers.average({ name: 'mirror_mean' }).apply([direct, seen]) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output, name: `${classifier.name}_mirror_mean` });
}
