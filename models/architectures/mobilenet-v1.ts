import * as tfl from '@tensorflow/tfjs-layers';

/** Options of a MobileNetV1 shaped like a Teachable Machine image model. */
export interface MobileNetV1Options {
  /** width multiplier α: 0.25 keeps a quarter of every layer's filters */
  alpha: number;
  /** input side, pixels (RGB) */
  size: number;
  /** number of output classes */
  classes: number;
  /** weight-initialisation seed */
  seed?: number;
}

/** Filters (before α) and stride of MobileNetV1's thirteen depthwise-separable blocks. */
const BLOCKS: readonly (readonly [number, number])[] = [
  [64, 1],
  [128, 2],
  [128, 1],
  [256, 2],
  [256, 1],
  [512, 2],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [1024, 2],
  [1024, 1],
];

/**
 * MobileNetV1 (conv, then depthwise-separable blocks with batch norm and ReLU6, global average pooling)
 * with a Teachable-Machine-style head (dense 100, then softmax), as two nested Sequentials the way a
 * Teachable Machine export nests them. The weights are random: it is the reference workload a
 * general-purpose image model puts on a station, not a trained model.
 */
export function buildMobileNetV1({ alpha, size, classes, seed = 1 }: MobileNetV1Options): tfl.Sequential {
  const init = (offset: number) => tfl.initializers.heNormal({ seed: seed + offset });
  const filters = (n: number) => Math.max(8, Math.round(n * alpha));
  const base = tfl.sequential({ name: 'sequential_1' });
  base.add(
    tfl.layers.conv2d({
      inputShape: [size, size, 3],
      filters: filters(32),
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      useBias: false,
      kernelInitializer: init(0),
    }),
  );
  base.add(tfl.layers.batchNormalization({}));
  base.add(tfl.layers.reLU({ maxValue: 6 }));
  BLOCKS.forEach(([n, stride], i) => {
    base.add(
      tfl.layers.depthwiseConv2d({
        kernelSize: 3,
        strides: stride,
        padding: 'same',
        useBias: false,
        depthwiseInitializer: init(2 * i + 1),
      }),
    );
    base.add(tfl.layers.batchNormalization({}));
    base.add(tfl.layers.reLU({ maxValue: 6 }));
    base.add(
      tfl.layers.conv2d({
        filters: filters(n),
        kernelSize: 1,
        useBias: false,
        kernelInitializer: init(2 * i + 2),
      }),
    );
    base.add(tfl.layers.batchNormalization({}));
    base.add(tfl.layers.reLU({ maxValue: 6 }));
  });
  base.add(tfl.layers.globalAveragePooling2d({}));
  const head = tfl.sequential({
    name: 'sequential_3',
    layers: [
      tfl.layers.dense({
        inputShape: [filters(1024)],
        units: 100,
        activation: 'relu',
        kernelInitializer: init(40),
      }),
      tfl.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: init(41) }),
    ],
  });
  return tfl.sequential({ layers: [base, head] });
}
