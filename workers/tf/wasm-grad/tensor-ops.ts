import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import type { Sides } from './geometry.ts';

/** Runs a kernel on the active backend (no op-level checks, no tape) and returns its first output. */
export function run(kernel: string, inputs: Record<string, Tensor>, attrs: NamedAttrMap = {}): Tensor {
  const out = tf.engine().runKernel<Tensor | Tensor[]>(kernel, inputs, attrs);
  if (!Array.isArray(out)) return out;
  const [first, ...rest] = out;
  tf.dispose(rest);
  if (!first) throw new Error(`wasm-grad: kernel ${kernel} returned no output.`);
  return first;
}

/** A kernel input as an engine tensor (inputs routed through the engine already are; raw infos get wrapped). */
export function asTensor(info: TensorInfo): Tensor {
  return info instanceof tf.Tensor ? info : tf.engine().makeTensorFromTensorInfo(info);
}

/** Reshape through the kernel (metadata only on wasm). */
export function reshape(x: Tensor, shape: number[]): Tensor {
  return run('Reshape', { x }, { shape });
}

/** Transpose through the kernel. */
export function transpose(x: Tensor, perm: number[]): Tensor {
  return run('Transpose', { x }, { perm });
}

/** Sum over `axes`, dropping them. */
export function sum(x: Tensor, axes: number[]): Tensor {
  return run('Sum', { x }, { axis: axes, keepDims: false });
}

/**
 * Applies NHWC spatial `sides` to `x`: negative sides are cropped away; the non-negative rest is
 * returned as an explicit padding for a following conv kernel (or 'valid' when all zero).
 */
export function cropForConv(
  x: Tensor,
  [top, bottom, left, right]: Sides,
): { x: Tensor; pad: 'valid' | [[number, number], [number, number], [number, number], [number, number]] } {
  const [n = 0, h = 0, w = 0, c = 0] = x.shape;
  const ct = Math.max(0, -top);
  const cb = Math.max(0, -bottom);
  const cl = Math.max(0, -left);
  const cr = Math.max(0, -right);
  const cropped =
    ct + cb + cl + cr === 0
      ? x
      : run('Slice', { x }, { begin: [0, ct, cl, 0], size: [n, h - ct - cb, w - cl - cr, c] });
  const pt = Math.max(0, top);
  const pb = Math.max(0, bottom);
  const pl = Math.max(0, left);
  const pr = Math.max(0, right);
  const pad =
    pt + pb + pl + pr === 0
      ? ('valid' as const)
      : ([
          [0, 0],
          [pt, pb],
          [pl, pr],
          [0, 0],
        ] as [[number, number], [number, number], [number, number], [number, number]]);
  return { x: cropped, pad };
}

/**
 * Spreads an NHWC tensor by the strides: each pixel is followed by `sh-1` zero rows and `sw-1` zero
 * columns (output `[n, h*sh, w*sw, c]`, trailing zeros included).
 */
export function zeroInsert(x: Tensor, sh: number, sw: number): Tensor {
  if (sh === 1 && sw === 1) return x;
  const [n = 0, h = 0, w = 0, c = 0] = x.shape;
  const six = reshape(x, [n, h, 1, w, 1, c]);
  const padded = run(
    'PadV2',
    { x: six },
    {
      paddings: [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  return reshape(padded, [n, h * sh, w * sw, c]);
}

/** Rotates a `[fh, fw, ...]` filter by 180 degrees in its spatial dims. */
export function flipSpatial(filter: Tensor): Tensor {
  return run('Reverse', { x: filter }, { dims: [0, 1] });
}

/** Applies NHWC spatial `sides` to `x` for real: crops negative sides, pads positive ones with `value`. */
export function padOrCrop(x: Tensor, sides: Sides, value: number): Tensor {
  const { x: cropped, pad } = cropForConv(x, sides);
  if (pad === 'valid') return cropped;
  return run('PadV2', { x: cropped }, { paddings: pad, constantValue: value });
}
