import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmGradKernels } from './index.ts';
import { maxMixedError, seededValues, valuesOn } from './testing.ts';

/** One pooling geometry; `ties` quantises the input (and zeroes negatives, as after a ReLU). */
interface Case {
  n: number;
  h: number;
  w: number;
  c: number;
  f: number | [number, number];
  s: number | [number, number];
  pad: 'same' | 'valid' | number;
  round?: 'floor' | 'round' | 'ceil';
  ties?: boolean;
  /** all inputs negative (windows whose maximum is < 0) */
  neg?: boolean;
}

const CASES: Case[] = [
  { n: 1, h: 8, w: 8, c: 1, f: 2, s: 2, pad: 'valid' },
  { n: 3, h: 7, w: 9, c: 4, f: 2, s: 2, pad: 'valid' },
  { n: 3, h: 7, w: 9, c: 4, f: 2, s: 2, pad: 'same' },
  { n: 1, h: 9, w: 8, c: 8, f: 3, s: 2, pad: 'same' },
  { n: 3, h: 6, w: 6, c: 3, f: 3, s: 1, pad: 'same' },
  { n: 1, h: 7, w: 6, c: 2, f: 2, s: 1, pad: 'valid' },
  { n: 3, h: 9, w: 7, c: 5, f: [3, 2], s: [2, 1], pad: 'valid' },
  { n: 3, h: 8, w: 8, c: 4, f: 2, s: 2, pad: 'valid', ties: true },
  { n: 1, h: 9, w: 9, c: 3, f: 3, s: 2, pad: 'same', ties: true },
  { n: 3, h: 8, w: 8, c: 2, f: 2, s: 2, pad: 'valid', neg: true },
  { n: 1, h: 9, w: 7, c: 3, f: 3, s: 2, pad: 'same', neg: true },
  { n: 1, h: 9, w: 9, c: 2, f: 3, s: 2, pad: 1, round: 'ceil' },
  { n: 3, h: 8, w: 7, c: 2, f: 3, s: 2, pad: 1, round: 'floor', ties: true },
];

function label(c: Case): string {
  return `n${c.n} ${c.h}x${c.w}x${c.c} f${String(c.f)} s${String(c.s)} ${String(c.pad)}${c.round ? ` ${c.round}` : ''}${c.ties ? ' ties' : ''}${c.neg ? ' negative' : ''}`;
}

/** Runs MaxPoolGrad or AvgPoolGrad for case `c` on `backend`. */
async function poolGrad(backend: string, kind: 'max' | 'avg', c: Case): Promise<Float32Array> {
  const xShape: [number, number, number, number] = [c.n, c.h, c.w, c.c];
  const g = backend_util.computePool2DInfo(xShape, c.f, c.s, 1, c.pad, c.round);
  let x = seededValues(c.n * c.h * c.w * c.c, 5);
  if (c.ties) x = x.map((v) => Math.max(0, Math.round(v * 2) / 2));
  if (c.neg) x = x.map((v) => -Math.abs(v) - 0.01);
  const dy = seededValues(
    g.outShape.reduce((a, b) => a * b),
    6,
  );
  const attrs = {
    filterSize: c.f,
    strides: c.s,
    pad: c.pad,
    dimRoundingMode: c.round,
  } as unknown as NamedAttrMap;
  const r = await valuesOn(backend, () => {
    const input = tf.tensor(x, xShape);
    const dyT = tf.tensor(dy, g.outShape);
    if (kind === 'avg') return tf.engine().runKernel('AvgPoolGrad', { dy: dyT, input }, attrs);
    const output = tf.engine().runKernel<tf.Tensor>('MaxPool', { x: input }, attrs);
    return tf.engine().runKernel('MaxPoolGrad', { dy: dyT, input, output }, attrs);
  });
  expect(r.shape).toEqual(xShape);
  return r.values;
}

beforeAll(async () => {
  registerWasmGradKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe.each(['max', 'avg'] as const)('%sPool gradient on wasm', (kind) => {
  it.each(CASES.map((c) => [label(c), c] as const))('matches cpu: %s', async (_l, c) => {
    const wasm = await poolGrad('wasm', kind, c);
    const cpu = await poolGrad('cpu', kind, c);
    expect(maxMixedError(wasm, cpu)).toBeLessThan(1e-5);
  });
});

describe('pool gradients through tf.grad', () => {
  it('maxPool(relu(x)) then avgPool gradient matches cpu', async () => {
    const x = seededValues(3 * 10 * 10 * 4, 9).map((v) => Math.round(v * 4) / 4);
    const run = (backend: string) =>
      valuesOn(backend, () =>
        tf.grad((a: tf.Tensor) => {
          const p = tf.maxPool(tf.relu(a) as tf.Tensor4D, 2, 2, 'same');
          return tf.sum(tf.mul(tf.avgPool(p, 3, 1, 'same'), tf.sin(p)));
        })(tf.tensor(x, [3, 10, 10, 4])),
      );
    const wasm = await run('wasm');
    const cpu = await run('cpu');
    expect(maxMixedError(wasm.values, cpu.values)).toBeLessThan(1e-5);
  });
});
