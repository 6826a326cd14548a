import * as tfl from '@tensorflow/tfjs-layers';

/** Options of the tiny grayscale CNN. */
export interface TinyCnnOptions {
  /** input side, pixels */
  inputSize: number;
  /** number of output classes */
  classes: number;
  /** filters of the first conv layer; later layers double it */
  baseFilters?: number;
  /** weight-initialisation seed */
  seed?: number;
}

/**
 * A three-block grayscale CNN: small enough for a tablet at camera frame rate, and the reference
 * workload of the backend micro-benchmark.
 */
export function buildTinyCnn({
  inputSize,
  classes,
  baseFilters = 8,
  seed = 1,
}: TinyCnnOptions): tfl.Sequential {
  const init = (offset: number) => tfl.initializers.heNormal({ seed: seed + offset });
  const model = tfl.sequential({ name: 'tiny_cnn' });
  for (let block = 0; block < 3; block++) {
    model.add(
      tfl.layers.conv2d({
        ...(block === 0 ? { inputShape: [inputSize, inputSize, 1] } : {}),
        filters: baseFilters * 2 ** block,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(block),
      }),
    );
    model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  }
  model.add(tfl.layers.globalAveragePooling2d({}));
  model.add(tfl.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: init(10) }));
  return model;
}
