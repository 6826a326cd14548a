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

/** Every window's values, `[n, ho, wo, c, fh*fw]` in row-major tap order, -Infinity where padded. */
function windowTaps(x: Tensor, g: PoolGeometry): Tensor {
  const { batchSize: n, outHeight: ho, outWidth: wo, inChannels: c, filterHeight: fh, filterWidth: fw } = g;
  const xp = padOrCrop(x, windowSides(g), -Infinity);
  if (tiles(g)) {
    const six = reshape(xp, [n, ho, fh, wo, fw, c]);
    return reshape(transpose(six, [0, 1, 3, 5, 2, 4]), [n, ho, wo, c, fh * fw]);
  }
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

/**
 * The input gradient of per-window, per-tap values `routed` (`[n, ho, wo, c, fh*fw]`): each value
 * lands on the input pixel its tap reads, overlapping windows summing.
 */
function scatterTaps(routed: Tensor, g: PoolGeometry): Tensor {
  const { batchSize: n, outHeight: ho, outWidth: wo, inChannels: c, filterHeight: fh, filterWidth: fw } = g;
  const k = fh * fw;
  if (tiles(g)) {
    const six = transpose(reshape(routed, [n, ho, wo, c, fh, fw]), [0, 1, 4, 2, 5, 3]);
    const [t, b, l, r] = windowSides(g);
    return padOrCrop(reshape(six, [n, ho * fh, wo * fw, c]), [-t, -b, -l, -r], 0);
  }
  // A depthwise transposed conv with channel multiplier k and a one-hot filter: tap m of channel c
  // goes to filter position m (flipped: position k-1-m).
  const onehot = new Float32Array(k * c * k);
  for (let pos = 0; pos < k; pos++) for (let ch = 0; ch < c; ch++) onehot[(pos * c + ch) * k + (k - 1 - pos)] = 1;
  const filter = tf.tensor4d(onehot, [fh, fw, c * k, 1]);
  const dx = inputGrad(reshape(routed, [n, ho, wo, c * k]), filter, g, 'DepthwiseConv2dNative');
  return sum(reshape(dx, [n, g.inHeight, g.inWidth, c, k]), [4]);
}

/**
 * MaxPoolGrad on wasm: window taps gathered (reshape or strided slices), ArgMax picks each window's
 * first maximum (row-major, as tfjs cpu), a one-hot mask routes dy there, taps scatter back.
 * Replaces tfjs-backend-wasm 4.22's native kernel, which drops windows whose maximum is <= 0.
 */
export const maxPoolGrad: KernelFunc = ({ inputs, attrs = {} }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const g = poolGeometry('MaxPoolGrad', input.shape as Shape4, attrs);
  const k = g.filterHeight * g.filterWidth;
  return tf.tidy(() => {
    const taps = windowTaps(asTensor(input), g);
    const arg = run('ArgMax', { x: taps }, { axis: 4 });
    const hot = run('OneHot', { indices: arg }, { depth: k, onValue: 1, offValue: 0, dtype: 'int32' });
    const mask = run('Cast', { x: hot }, { dtype: 'float32' });
    const dy5 = reshape(asTensor(dy), [g.batchSize, g.outHeight, g.outWidth, g.inChannels, 1]);
    return scatterTaps(run('Multiply', { a: mask, b: dy5 }), g);
  });
};

/**
 * AvgPoolGrad on wasm with tfjs cpu semantics (each window spreads dy / (fh*fw), padding counted):
 * a broadcast upsample when windows tile, else a depthwise transposed conv with a constant filter.
 */
export const avgPoolGrad: KernelFunc = ({ inputs, attrs = {} }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const g = poolGeometry('AvgPoolGrad', input.shape as Shape4, attrs);
  const { batchSize: n, outHeight: ho, outWidth: wo, inChannels: c, filterHeight: fh, filterWidth: fw } = g;
  return tf.tidy(() => {
    const scaled = run('Multiply', { a: asTensor(dy), b: tf.scalar(1 / (fh * fw)) });
    if (tiles(g)) {
      const up = run('Tile', { x: reshape(scaled, [n, ho, 1, wo, 1, c]) }, { reps: [1, 1, fh, 1, fw, 1] });
      const [t, b, l, r] = windowSides(g);
      return padOrCrop(reshape(up, [n, ho * fh, wo * fw, c]), [-t, -b, -l, -r], 0);
    }
    return inputGrad(scaled, tf.ones([fh, fw, c, 1]), g, 'DepthwiseConv2dNative');
  });
};

/** The pooling gradient kernels this module provides for the wasm backend. */
export const poolGradKernels: KernelConfig[] = [
  { kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: maxPoolGrad },
  { kernelName: 'AvgPoolGrad', backendName: 'wasm', kernelFunc: avgPoolGrad },
];
