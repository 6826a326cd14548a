import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { assertNhwc } from './geometry.ts';
import type { PadAttr } from './geometry.ts';
import { asTensor, reshape, run } from './tensor-ops.ts';

type Shape4 = [number, number, number, number];

/** Native wasm kernels this module falls back to for attribute forms its fast paths do not cover. */
const natives = new Map<string, KernelConfig>();
/** Backends on which a remembered native kernel's setup (its wasm function binding) has run. */
const setUp = new WeakMap<KernelConfig, WeakSet<object>>();

/** Remembers tfjs-backend-wasm's own kernel (if any) before it is replaced, for fallbacks. */
export function rememberNative(kernelName: string): void {
  if (natives.has(kernelName)) return;
  const config = tf.getKernel(kernelName, 'wasm') as KernelConfig | undefined;
  if (config && !ownKernels.has(config.kernelFunc)) natives.set(kernelName, config);
}

/** Calls the remembered native kernel (binding it first: replaced kernels miss the engine's setup). */
function native(kernelName: string, args: Parameters<KernelFunc>[0]): ReturnType<KernelFunc> {
  const config = natives.get(kernelName);
  if (!config) throw new Error(`wasm-grad ${kernelName}: these attributes need the native wasm kernel, which is missing.`);
  let done = setUp.get(config);
  if (!done) setUp.set(config, (done = new WeakSet()));
  if (config.setupFunc && !done.has(args.backend)) {
    config.setupFunc(args.backend);
    done.add(args.backend);
  }
  return config.kernelFunc(args);
}

/** Pool geometry from gradient-kernel attributes. */
function poolGeometry(kernel: string, xShape: Shape4, attrs: NamedAttrMap): backend_util.Conv2DInfo {
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

/**
 * MaxPoolGrad on wasm: recomputes the window argmax with the native MaxPoolWithArgmax (first maximum in
 * row-major window order, as tfjs cpu) and scatter-adds dy there with ScatterNd.
 */
export const maxPoolGrad: KernelFunc = (args) => {
  const k = 'MaxPoolGrad';
  const { inputs, attrs = {} } = args;
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const g = poolGeometry(k, input.shape as Shape4, attrs);
  // MaxPoolWithArgmax ignores dimRoundingMode and explicit pads: only 'same'/'valid' take the fast path.
  if (typeof attrs['pad'] !== 'string') return native(k, args);
  const size = input.shape.reduce((a, b) => a * b, 1);
  const windows = g.batchSize * g.outHeight * g.outWidth * g.inChannels;
  return tf.tidy(() => {
    const [pooled, argmax] = tf
      .engine()
      .runKernel<Tensor[]>(
        'MaxPoolWithArgmax',
        { x: asTensor(input) },
        { ...attrs, includeBatchInIndex: true },
      );
    pooled?.dispose();
    if (!argmax) throw new Error('wasm-grad MaxPoolGrad: MaxPoolWithArgmax returned no indices.');
    const indices = reshape(argmax, [windows, 1]);
    const updates = reshape(asTensor(dy), [windows]);
    const flat = run('ScatterNd', { indices, updates }, { shape: [size] });
    return reshape(flat, input.shape);
  });
};

/**
 * AvgPoolGrad on wasm, tfjs cpu semantics (every window spreads dy / (filterHeight*filterWidth), padding
 * included): for non-overlapping windows a broadcast upsample; otherwise a depthwise conv of the
 * stride-dilated dy with a constant filter (the depthwise input gradient).
 */
export const avgPoolGrad: KernelFunc = (args) => {
  const k = 'AvgPoolGrad';
  const { inputs, attrs = {} } = args;
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const g = poolGeometry(k, input.shape as Shape4, attrs);
  const fh = g.filterHeight;
  const fw = g.filterWidth;
  const c = g.inChannels;
  return tf.tidy(() => {
    const scaled = tf.mul(asTensor(dy), tf.scalar(1 / (fh * fw)));
    const tiles = g.strideHeight === fh && g.strideWidth === fw && g.padInfo.top === 0 && g.padInfo.left === 0;
    const coverH = g.outHeight * fh;
    const coverW = g.outWidth * fw;
    if (tiles && coverH <= g.inHeight && coverW <= g.inWidth) {
      const six = reshape(scaled, [g.batchSize, g.outHeight, 1, g.outWidth, 1, c]);
      const up = run('Tile', { x: six }, { reps: [1, 1, fh, 1, fw, 1] });
      const img = reshape(up, [g.batchSize, coverH, coverW, c]);
      if (coverH === g.inHeight && coverW === g.inWidth) return img;
      const rest = [
        [0, 0],
        [0, g.inHeight - coverH],
        [0, g.inWidth - coverW],
        [0, 0],
      ];
      return run('PadV2', { x: img }, { paddings: rest, constantValue: 0 });
    }
    const ones = tf.ones([fh, fw, c, 1]);
    const dwAttrs = { strides: attrs['strides'], pad: attrs['pad'], dimRoundingMode: attrs['dimRoundingMode'] };
    const dx = tf.engine().runKernel<Tensor>(
      'DepthwiseConv2dNativeBackpropInput',
      { dy: scaled, filter: ones },
      { ...dwAttrs, dilations: 1, inputShape: input.shape } as unknown as NamedAttrMap,
    );
    return dx;
  });
};

/** The functions this module registers, to tell our own kernels from tfjs's in `rememberNative`. */
const ownKernels = new Set<KernelFunc>([maxPoolGrad, avgPoolGrad]);

/** The pooling gradient kernels this module provides for the wasm backend. */
export const poolGradKernels: KernelConfig[] = [
  { kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: maxPoolGrad },
  { kernelName: 'AvgPoolGrad', backendName: 'wasm', kernelFunc: avgPoolGrad },
];
