import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { convGeometry, filterGradSides, inputGradSides, shape4 } from './geometry.ts';
import type { ConvGeometry } from './geometry.ts';
import {
  asTensor,
  cropForConv,
  flipSpatial,
  reshape,
  run,
  sum,
  transpose,
  zeroInsert,
} from './tensor-ops.ts';

type Shape4 = [number, number, number, number];

/** Conv attributes for a forward kernel run with explicit stride/dilation/padding. */
function convAttrs(
  strides: [number, number],
  dilations: [number, number],
  pad: NamedAttrMap['pad'],
): NamedAttrMap {
  return {
    strides,
    dilations,
    pad,
    dataFormat: 'NHWC',
    dimRoundingMode: undefined,
  } as unknown as NamedAttrMap;
}

/**
 * dx of a (depthwise) conv or pool sweep `g`: the stride-dilated dy convolved (stride 1, the forward
 * dilation) with the spatially flipped filter `flipped` (laid out for `kernel`: Conv2D or depthwise).
 */
export function inputGrad(dy: Tensor, flipped: Tensor, g: ConvGeometry, kernel: string): Tensor {
  const spread = zeroInsert(dy, g.strideHeight, g.strideWidth);
  const { x, pad } = cropForConv(spread, inputGradSides(g));
  return run(kernel, { x, filter: flipped }, convAttrs([1, 1], [g.dilationHeight, g.dilationWidth], pad));
}

/**
 * Filter-gradient correlation: `x` (laid out as conv input) correlated with `dyFilter` (dy laid out as
 * a filter) with stride = forward dilation and dilation = forward stride.
 */
function correlate(x: Tensor, dyFilter: Tensor, g: ConvGeometry, kernel: string): Tensor {
  const { x: xc, pad } = cropForConv(x, filterGradSides(g));
  const attrs = convAttrs([g.dilationHeight, g.dilationWidth], [g.strideHeight, g.strideWidth], pad);
  return run(kernel, { x: xc, filter: dyFilter }, attrs);
}

/** Conv2DBackpropInput(dy, filter) on wasm: one XNNPACK Conv2D of the dilated dy with the flipped filter. */
export const conv2DBackpropInput: KernelFunc = ({ inputs, attrs = {} }) => {
  const k = 'Conv2DBackpropInput';
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const g = convGeometry(
    k,
    shape4(k, 'inputShape', attrs['inputShape']),
    filter.shape as Shape4,
    attrs,
    false,
  );
  return tf.tidy(() => {
    const wT = transpose(flipSpatial(asTensor(filter)), [0, 1, 3, 2]);
    return inputGrad(asTensor(dy), wT, g, 'Conv2D');
  });
};

/** Conv2DBackpropFilter(x, dy) on wasm: a Conv2D with batch and channels swapped (dy acts as the filter). */
export const conv2DBackpropFilter: KernelFunc = ({ inputs, attrs = {} }) => {
  const k = 'Conv2DBackpropFilter';
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const g = convGeometry(k, x.shape as Shape4, shape4(k, 'filterShape', attrs['filterShape']), attrs, false);
  return tf.tidy(() => {
    const xT = transpose(asTensor(x), [3, 1, 2, 0]); // [ci, h, w, n]
    const dyF = transpose(asTensor(dy), [1, 2, 0, 3]); // [ho, wo, n, co]
    const out = correlate(xT, dyF, g, 'Conv2D'); // [ci, fh, fw, co]
    return transpose(out, [1, 2, 0, 3]);
  });
};

/** DepthwiseConv2dNativeBackpropInput on wasm: a depthwise conv of the dilated dy with the flipped filter. */
export const depthwiseBackpropInput: KernelFunc = ({ inputs, attrs = {} }) => {
  const k = 'DepthwiseConv2dNativeBackpropInput';
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const fShape = filter.shape as Shape4;
  const g = convGeometry(k, shape4(k, 'inputShape', attrs['inputShape']), fShape, attrs, true);
  const [fh, fw, c, m] = fShape;
  return tf.tidy(() => {
    const flipped = reshape(flipSpatial(asTensor(filter)), [fh, fw, c * m, 1]);
    const perOut = inputGrad(asTensor(dy), flipped, g, 'DepthwiseConv2dNative'); // [n, h, w, c*m]
    if (m === 1) return perOut;
    return sum(reshape(perOut, [g.batchSize, g.inHeight, g.inWidth, c, m]), [4]);
  });
};

/** DepthwiseConv2dNativeBackpropFilter on wasm: a depthwise conv with (channel, batch) folded into channels. */
export const depthwiseBackpropFilter: KernelFunc = ({ inputs, attrs = {} }) => {
  const k = 'DepthwiseConv2dNativeBackpropFilter';
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const fShape = shape4(k, 'filterShape', attrs['filterShape']);
  const g = convGeometry(k, x.shape as Shape4, fShape, attrs, true);
  const [fh, fw, c, m] = fShape;
  const n = g.batchSize;
  return tf.tidy(() => {
    const xt = transpose(asTensor(x), [1, 2, 3, 0]); // [h, w, c, n]
    const xIn = reshape(xt, [1, g.inHeight, g.inWidth, c * n]);
    const dy5 = reshape(asTensor(dy), [n, g.outHeight, g.outWidth, c, m]);
    const dyT = transpose(dy5, [1, 2, 3, 0, 4]); // [ho, wo, c, n, m]
    const dyF = reshape(dyT, [g.outHeight, g.outWidth, c * n, m]);
    const out = correlate(xIn, dyF, g, 'DepthwiseConv2dNative'); // [1, fh, fw, c*n*m]
    const perBatch = reshape(out, [fh, fw, c, n, m]);
    return n === 1 ? reshape(perBatch, [fh, fw, c, m]) : sum(perBatch, [3]);
  });
};

/** The conv gradient kernels this module provides for the wasm backend. */
export const convGradKernels: KernelConfig[] = [
  { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: conv2DBackpropInput },
  { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter },
  {
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    backendName: 'wasm',
    kernelFunc: depthwiseBackpropInput,
  },
  {
    kernelName: 'DepthwiseConv2dNativeBackpropFilter',
    backendName: 'wasm',
    kernelFunc: depthwiseBackpropFilter,
  },
];
