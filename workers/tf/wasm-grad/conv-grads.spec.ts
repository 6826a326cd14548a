import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmGradKernels } from './index.ts';
import { maxMixedError, referenceConvGrads, seededValues, valuesOn } from './testing.ts';

type Pad = 'same' | 'valid' | number | backend_util.ExplicitPadding;
type Shape4 = [number, number, number, number];
/** One conv geometry: co is out channels (plain) or the channel multiplier (depthwise). */
interface Case {
  n: number;
  h: number;
  w: number;
  ci: number;
  co: number;
  f: [number, number];
  s: number | [number, number];
  pad: Pad;
  d?: number | [number, number];
  round?: 'floor' | 'round' | 'ceil';
}

const TOL = 1e-4;
const CASES: Case[] = [
  { n: 1, h: 5, w: 5, ci: 1, co: 4, f: [3, 3], s: 1, pad: 'same' },
  { n: 3, h: 6, w: 7, ci: 3, co: 2, f: [3, 3], s: 2, pad: 'same' },
  { n: 1, h: 8, w: 8, ci: 8, co: 16, f: [3, 3], s: 2, pad: 'valid' },
  { n: 3, h: 7, w: 6, ci: 2, co: 5, f: [3, 3], s: 1, pad: 'valid' },
  { n: 1, h: 9, w: 9, ci: 4, co: 3, f: [5, 5], s: 2, pad: 'same' },
  { n: 3, h: 6, w: 6, ci: 3, co: 4, f: [2, 2], s: 2, pad: 'valid' },
  { n: 1, h: 7, w: 8, ci: 2, co: 3, f: [1, 1], s: 2, pad: 'same' },
  { n: 3, h: 8, w: 7, ci: 5, co: 6, f: [4, 3], s: [2, 1], pad: 'same' },
  { n: 1, h: 9, w: 9, ci: 3, co: 2, f: [3, 3], s: 3, pad: 'valid' },
  { n: 1, h: 7, w: 7, ci: 3, co: 2, f: [3, 3], s: 1, pad: 1 },
  { n: 1, h: 8, w: 8, ci: 2, co: 3, f: [3, 3], s: 2, pad: 1, round: 'ceil' },
  {
    n: 3,
    h: 8,
    w: 8,
    ci: 2,
    co: 3,
    f: [3, 3],
    s: 2,
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
];
const DILATED: Case[] = [
  { n: 1, h: 9, w: 8, ci: 2, co: 3, f: [3, 3], s: 1, pad: 'same', d: 2 },
  { n: 3, h: 10, w: 9, ci: 3, co: 2, f: [3, 2], s: 1, pad: 'valid', d: [2, 3] },
];

function geometry(c: Case, depthwise: boolean): backend_util.Conv2DInfo {
  const filter: Shape4 = [c.f[0], c.f[1], c.ci, c.co];
  return backend_util.computeConv2DInfo(
    [c.n, c.h, c.w, c.ci],
    filter,
    c.s,
    c.d ?? 1,
    c.pad,
    c.round,
    depthwise,
  );
}

function label(c: Case): string {
  return `n${c.n} ${c.h}x${c.w}x${c.ci}->${c.co} f${c.f.join('x')} s${String(c.s)} ${JSON.stringify(c.pad)}${c.d ? ` d${String(c.d)}` : ''}${c.round ? ` ${c.round}` : ''}`;
}

/** Runs both backprop kernels of a conv (`depthwise` picks which) on `backend`. */
async function grads(
  backend: string,
  c: Case,
  depthwise: boolean,
): Promise<{ dx: Float32Array; dw: Float32Array }> {
  const g = geometry(c, depthwise);
  const x = seededValues(
    g.inShape.reduce((a, b) => a * b),
    1,
  );
  const w = seededValues(
    g.filterShape.reduce((a, b) => a * b),
    2,
  );
  const dy = seededValues(
    g.outShape.reduce((a, b) => a * b),
    3,
  );
  const common = {
    strides: c.s,
    pad: c.pad,
    dimRoundingMode: c.round,
    dataFormat: 'NHWC',
    dilations: c.d ?? 1,
  };
  const names = depthwise
    ? ['DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter']
    : ['Conv2DBackpropInput', 'Conv2DBackpropFilter'];
  const run = (name: string, inputs: Record<string, tf.Tensor>, attrs: object) =>
    tf.engine().runKernel<tf.Tensor>(name, inputs, attrs as NamedAttrMap);
  const dx = await valuesOn(backend, () =>
    run(
      names[0] ?? '',
      { dy: tf.tensor(dy, g.outShape), filter: tf.tensor(w, g.filterShape) },
      {
        ...common,
        inputShape: g.inShape,
      },
    ),
  );
  const dw = await valuesOn(backend, () =>
    run(
      names[1] ?? '',
      { x: tf.tensor(x, g.inShape), dy: tf.tensor(dy, g.outShape) },
      {
        ...common,
        filterShape: g.filterShape,
      },
    ),
  );
  expect(dx.shape).toEqual(g.inShape);
  expect(dw.shape).toEqual(g.filterShape);
  return { dx: dx.values, dw: dw.values };
}

beforeAll(async () => {
  registerWasmGradKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe.each([
  ['Conv2D', false],
  ['DepthwiseConv2dNative', true],
] as const)('%s backprop kernels on wasm', (_name, depthwise) => {
  const cases = depthwise ? CASES.map((c) => ({ ...c, co: 1 + (c.co % 3) })) : CASES;
  it.each(cases.map((c) => [label(c), c] as const))('match cpu: %s', async (_l, c) => {
    const wasm = await grads('wasm', c, depthwise);
    const cpu = await grads('cpu', c, depthwise);
    expect(maxMixedError(wasm.dx, cpu.dx)).toBeLessThan(TOL);
    expect(maxMixedError(wasm.dw, cpu.dw)).toBeLessThan(TOL);
  });

  it.each(DILATED.map((c) => [label(c), c] as const))(
    'match float64 loops with dilation: %s',
    async (_l, c) => {
      const g = geometry(c, depthwise);
      const x = seededValues(
        g.inShape.reduce((a, b) => a * b),
        1,
      );
      const w = seededValues(
        g.filterShape.reduce((a, b) => a * b),
        2,
      );
      const dy = seededValues(
        g.outShape.reduce((a, b) => a * b),
        3,
      );
      const ref = referenceConvGrads(x, w, dy, g, depthwise);
      const wasm = await grads('wasm', c, depthwise);
      expect(maxMixedError(wasm.dx, ref.dx)).toBeLessThan(TOL);
      expect(maxMixedError(wasm.dw, ref.dw)).toBeLessThan(TOL);
    },
  );
});

describe('conv gradients through tf.grads on wasm', () => {
  it.each([
    ['conv2d same s1', false, 'same', 1],
    ['conv2d valid s2', false, 'valid', 2],
    ['depthwise same s2', true, 'same', 2],
  ] as const)('%s matches cpu', async (_l, depthwise, pad, s) => {
    const xs: Shape4 = [3, 9, 8, 3];
    const fs: Shape4 = [3, 3, 3, depthwise ? 2 : 4];
    const x = seededValues(3 * 9 * 8 * 3, 11);
    const w = seededValues(
      fs.reduce((a, b) => a * b),
      12,
    );
    const both = async (backend: string) => {
      const out: Float32Array[] = [];
      for (const which of [0, 1]) {
        const r = await valuesOn(backend, () => {
          const f = (a: tf.Tensor, b: tf.Tensor) => {
            const y = depthwise
              ? tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, pad)
              : tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, pad);
            return tf.sum(tf.mul(tf.square(y), tf.sin(y)));
          };
          return tf.grads(f)([tf.tensor(x, xs), tf.tensor(w, fs)])[which] as tf.Tensor;
        });
        out.push(r.values);
      }
      return out;
    };
    const [wdx, wdw] = await both('wasm');
    const [cdx, cdw] = await both('cpu');
    expect(maxMixedError(wdx ?? [], cdx ?? [])).toBeLessThan(TOL);
    expect(maxMixedError(wdw ?? [], cdw ?? [])).toBeLessThan(TOL);
  });

  it('agree with central finite differences on a tiny conv2d (wasm)', async () => {
    await tf.setBackend('wasm');
    const xs: Shape4 = [2, 5, 4, 2];
    const fs: Shape4 = [3, 3, 2, 3];
    const x = seededValues(2 * 5 * 4 * 2, 21);
    const w = seededValues(3 * 3 * 2 * 3, 22);
    const r = seededValues(2 * 3 * 2 * 3, 23);
    const loss = (xv: Float32Array, wv: Float32Array): number =>
      tf.tidy(() => {
        const y = tf.conv2d(tf.tensor4d(xv, xs), tf.tensor4d(wv, fs), 2, 'same');
        return tf.sum(tf.mul(tf.tanh(y), tf.tensor(r, y.shape))).dataSync()[0] ?? NaN;
      });
    const [gx, gw] = tf.tidy(() =>
      tf
        .grads((a: tf.Tensor, b: tf.Tensor) => {
          const y = tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same');
          return tf.sum(tf.mul(tf.tanh(y), tf.tensor(r, y.shape)));
        })([tf.tensor(x, xs), tf.tensor(w, fs)])
        .map((t) => t.dataSync().slice()),
    );
    const eps = 1e-2;
    for (const [vals, grad, other, isX] of [
      [x, gx, w, true],
      [w, gw, x, false],
    ] as const) {
      for (let i = 0; i < vals.length; i++) {
        const plus = vals.slice();
        const minus = vals.slice();
        plus[i] = (plus[i] ?? 0) + eps;
        minus[i] = (minus[i] ?? 0) - eps;
        const fd = isX
          ? (loss(plus, other) - loss(minus, other)) / (2 * eps)
          : (loss(other, plus) - loss(other, minus)) / (2 * eps);
        expect(Math.abs(fd - (grad?.[i] ?? NaN))).toBeLessThan(2e-3);
      }
    }
  });
});

describe('attribute checks', () => {
  it('rejects NCHW with a clear error', async () => {
    await tf.setBackend('wasm');
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 2] };
    expect(() =>
      tf.tidy(() =>
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x: tf.zeros([1, 2, 4, 4]), dy: tf.zeros([1, 2, 4, 4]) },
            attrs,
          ),
      ),
    ).toThrow(/NCHW.*not supported/);
  });
});
