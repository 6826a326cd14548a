import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { inputGrad } from './conv-grads.ts';
import { assertNhwc } from './geometry.ts';
import type { PadAttr, Sides } from './geometry.ts';
import { asTensor, padOrCrop, reshape, run, sum, transpose } from './tensor-ops.ts';

type Shape4 = [number, number, number, number];
type PoolGeometry = backend_util.Conv2DInfo;

/** Pool geometry from gradient-kernel attributes. */
function poolGeometry(kernel: string, xShape: Shape4, attrs: NamedAttrMap): PoolGeometry {
  assertNhwc(kernel, attrs['dataFormat']);
  return backend_util.computePool2DInfo(
    xShape,
    attrs['filterSize'] as number | [number, number],
    attrs['strides'] as number | [number, number],
    1,
    attrs['pad'] as PadAttr,
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
  );
}

/** Sides taking x to the padded extent every window reads: `[(ho-1)*sh + fh, (wo-1)*sw + fw]`. */
function windowSides(g: PoolGeometry): Sides {
  const needH = (g.outHeight - 1) * g.strideHeight + g.filterHeight;
  const needW = (g.outWidth - 1) * g.strideWidth + g.filterWidth;
  const { top, left } = g.padInfo;
  return [top, needH - g.inHeight - top, left, needW - g.inWidth - left];
}

/** True when windows tile the padded input exactly (stride == window): reshapes replace gathers. */
function tiles(g: PoolGeometry): boolean {
  return g.strideHeight === g.filterHeight && g.strideWidth === g.filterWidth;
}

/** Window values `[n, ho, wo, c, fh*fw]` (row-major taps) of the padded input `xp`, by strided slices. */
function windowTaps(xp: Tensor, g: PoolGeometry): Tensor {
  const { batchSize: n, outHeight: ho, outWidth: wo, inChannels: c, filterHeight: fh, filterWidth: fw } = g;
  const taps: Tensor[] = [];
  const [sh, sw] = [g.strideHeight, g.strideWidth];
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      const end = [n, i + (ho - 1) * sh + 1, j + (wo - 1) * sw + 1, c];
      taps.push(tf.stridedSlice(xp, [0, i, j, 0], end, [1, sh, sw, 1]));
    }
  }
  return tf.stack(taps, 4);
}

/** Float one-hot of each window's first maximum along `axis` of `taps` (ArgMax: first max wins), axis last. */
function firstMaxMask(taps: Tensor, axis: number, k: number): Tensor {
  const arg = run('ArgMax', { x: taps }, { axis });
  const hot = run('OneHot', { indices: arg }, { depth: k, onValue: 1, offValue: 0, dtype: 'int32' });
  return run('Cast', { x: hot }, { dtype: 'float32' });
}

/**
 * Windows tile the padded input `xp`: a 4-D transpose gathers each window's taps (`[windows, k, c]`),
 * the first-max mask routes dy, one 5-D transpose restores the padded image layout.
 */
function maxPoolGradTiled(xp: Tensor, dy: Tensor, g: PoolGeometry): Tensor {
  const { batchSize: n, outHeight: ho, outWidth: wo, inChannels: c, filterHeight: fh, filterWidth: fw } = g;
  const k = fh * fw;
  const windows = n * ho * wo;
  const rows = transpose(reshape(xp, [n * ho, fh, wo, fw * c]), [0, 2, 1, 3]);
  const mask = firstMaxMask(reshape(rows, [windows, k, c]), 1, k); // [windows, c, k]
  const routed = run('Multiply', { a: mask, b: reshape(dy, [windows, c, 1]) });
  const back = transpose(reshape(routed, [n * ho, wo, c, fh, fw]), [0, 3, 1, 4, 2]);
  return reshape(back, [n, ho * fh, wo * fw, c]);
}

/**
 * Overlapping windows: taps by strided slices, first-max mask routes dy, then a depthwise transposed
 * conv with a one-hot filter (channel multiplier fh*fw) sums every tap back onto its input pixel.
 */
function maxPoolGradOverlapping(xp: Tensor, dy: Tensor, g: PoolGeometry): Tensor {
  const { batchSize: n, outHeight: ho, outWidth: wo, inChannels: c, filterHeight: fh, filterWidth: fw } = g;
  const k = fh * fw;
  const mask = firstMaxMask(windowTaps(xp, g), 4, k); // [n, ho, wo, c, k]
  const routed = run('Multiply', { a: mask, b: reshape(dy, [n, ho, wo, c, 1]) });
  // Tap m of channel ch feeds output channel ch*k+m through filter position m (flipped: k-1-m).
  const onehot = new Float32Array(k * c * k);
  for (let pos = 0; pos < k; pos++)
    for (let ch = 0; ch < c; ch++) onehot[(pos * c + ch) * k + (k - 1 - pos)] = 1;
  const filter = tf.tensor4d(onehot, [fh, fw, c * k, 1]);
  const dx = inputGrad(reshape(routed, [n, ho, wo, c * k]), filter, g, 'DepthwiseConv2dNative');
  return sum(reshape(dx, [n, g.inHeight, g.inWidth, c, k]), [4]);
}

/**
 * MaxPoolGrad on wasm: each window's first maximum (row-major, as tfjs cpu) found with ArgMax over
 * its taps, dy routed there by a one-hot mask, overlapping windows summing. Replaces
 * tfjs-backend-wasm 4.22's native kernel, which is wrong for windows whose maximum is <= 0.
 */
export const maxPoolGrad: KernelFunc = ({ inputs, attrs = {} }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const g = poolGeometry('MaxPoolGrad', input.shape as Shape4, attrs);
  return tf.tidy(() => {
    const sides = windowSides(g);
    const xp = padOrCrop(asTensor(input), sides, -Infinity);
    if (!tiles(g)) return maxPoolGradOverlapping(xp, asTensor(dy), g);
    const [t, b, l, r] = sides;
    return padOrCrop(maxPoolGradTiled(xp, asTensor(dy), g), [-t, -b, -l, -r], 0);
  });
};

/**
 * AvgPoolGrad on wasm with tfjs cpu semantics (each window spreads dy / (fh*fw), padding counted):
 * a broadcast multiply upsamples when windows tile, else a depthwise transposed conv with a constant filter.
 */
export const avgPoolGrad: KernelFunc = ({ inputs, attrs = {} }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const g = poolGeometry('AvgPoolGrad', input.shape as Shape4, attrs);
  const { batchSize: n, outHeight: ho, outWidth: wo, inChannels: c, filterHeight: fh, filterWidth: fw } = g;
  return tf.tidy(() => {
    if (tiles(g)) {
      const spread = tf.fill([1, 1, fh, 1, fw, 1], 1 / (fh * fw));
      const up = run('Multiply', { a: reshape(asTensor(dy), [n, ho, 1, wo, 1, c]), b: spread });
      const [t, b, l, r] = windowSides(g);
      return padOrCrop(reshape(up, [n, ho * fh, wo * fw, c]), [-t, -b, -l, -r], 0);
    }
    const filter = tf.fill([fh, fw, c, 1], 1 / (fh * fw));
    return inputGrad(asTensor(dy), filter, g, 'DepthwiseConv2dNative');
  });
};

/** The pooling gradient kernels this module provides for the wasm backend. */
export const poolGradKernels: KernelConfig[] = [
  { kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: maxPoolGrad },
  { kernelName: 'AvgPoolGrad', backendName: 'wasm', kernelFunc: avgPoolGrad },
];
