import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { MISSING_WASM_KERNELS, registerWasmGradKernels } from './index.ts';
import { seededValues } from './testing.ts';

const SIZE = 16;
const BATCH = 4;
const CLASSES = 3;
const STEPS = 4;

/** conv3x3 same relu -> maxPool 2 -> conv3x3 relu -> GAP -> dense softmax, seeded. */
function buildCnn(): tfl.Sequential {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const model = tfl.sequential();
  model.add(
    tfl.layers.conv2d({
      inputShape: [SIZE, SIZE, 1],
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(1),
    }),
  );
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: init(2) }));
  model.add(tfl.layers.globalAveragePooling2d({}));
  model.add(tfl.layers.dense({ units: CLASSES, activation: 'softmax', kernelInitializer: init(3) }));
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
  return model;
}

/** Batch `i`: seeded images and one-hot labels. */
function batch(i: number): [tf.Tensor, tf.Tensor] {
  const x = tf.tensor4d(seededValues(BATCH * SIZE * SIZE, 100 + i), [BATCH, SIZE, SIZE, 1]);
  const labels = Array.from({ length: BATCH }, (_, b) => (b + i) % CLASSES);
  return [x, tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES))];
}

/** Trains from `weights` for STEPS batches on `backend`; returns the losses and the tensor-count drift. */
async function train(backend: string, weights: Float32Array[]): Promise<{ losses: number[]; drift: number }> {
  expect(await tf.setBackend(backend)).toBe(true);
  const model = buildCnn();
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i] ?? new Float32Array(), w.shape)));
  const losses: number[] = [];
  let baseline = -1;
  for (let step = 0; step < STEPS; step++) {
    const [x, y] = batch(step);
    const loss = await model.trainOnBatch(x, y);
    tf.dispose([x, y]);
    losses.push(Array.isArray(loss) ? (loss[0] ?? NaN) : loss);
    // Adam creates its slot variables on the first step: count from there.
    if (step === 0) baseline = tf.memory().numTensors;
  }
  expect(tf.getBackend()).toBe(backend);
  const drift = tf.memory().numTensors - baseline;
  model.dispose();
  return { losses, drift };
}

beforeAll(() => {
  registerWasmGradKernels();
});

describe('tfjs-layers CNN training on wasm', () => {
  it('follows the cpu loss curve step for step, without leaking tensors', async () => {
    await tf.setBackend('cpu');
    const seedModel = buildCnn();
    const weights = seedModel.getWeights().map((w) => w.dataSync() as Float32Array);
    seedModel.dispose();

    const wasm = await train('wasm', weights);
    const cpu = await train('cpu', weights);
    expect(wasm.drift).toBe(0);
    expect(cpu.drift).toBe(0);
    expect(wasm.losses.every(Number.isFinite)).toBe(true);
    for (let i = 0; i < STEPS; i++) {
      const rel = Math.abs((wasm.losses[i] ?? NaN) - (cpu.losses[i] ?? NaN)) / Math.abs(cpu.losses[i] ?? NaN);
      expect(rel).toBeLessThan(1e-3);
    }
    expect(wasm.losses[STEPS - 1]).not.toBe(wasm.losses[0]);
  });
});

describe('registration and tensor hygiene', () => {
  it('is idempotent and serves the kernels wasm lacks', () => {
    const first = registerWasmGradKernels();
    const again = registerWasmGradKernels();
    expect(again).toEqual(first);
    for (const name of MISSING_WASM_KERNELS) expect(first).toContain(name);
    for (const name of first) expect(tf.getKernel(name, 'wasm')).toBeTruthy();
  });

  it('each kernel leaves exactly its output behind (engine tensors and wasm buffers)', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(seededValues(2 * 7 * 6 * 3, 1), [2, 7, 6, 3]);
    const w = tf.tensor4d(seededValues(3 * 3 * 3 * 4, 2), [3, 3, 3, 4]);
    const dw = tf.tensor4d(seededValues(3 * 3 * 3 * 2, 3), [3, 3, 3, 2]);
    const dy = tf.tensor4d(seededValues(2 * 4 * 3 * 4, 4), [2, 4, 3, 4]);
    const dyd = tf.tensor4d(seededValues(2 * 4 * 3 * 6, 5), [2, 4, 3, 6]);
    const dyp = tf.tensor4d(seededValues(2 * 4 * 3 * 3, 6), [2, 4, 3, 3]);
    const conv = { strides: 2, pad: 'same', dataFormat: 'NHWC', dilations: 1 };
    const pool = { filterSize: 3, strides: 2, pad: 'same' };
    const calls: [string, Record<string, tf.Tensor>, object][] = [
      ['Conv2DBackpropInput', { dy, filter: w }, { ...conv, inputShape: x.shape }],
      ['Conv2DBackpropFilter', { x, dy }, { ...conv, filterShape: w.shape }],
      ['DepthwiseConv2dNativeBackpropInput', { dy: dyd, filter: dw }, { ...conv, inputShape: x.shape }],
      ['DepthwiseConv2dNativeBackpropFilter', { x, dy: dyd }, { ...conv, filterShape: dw.shape }],
      ['MaxPoolGrad', { dy: dyp, input: x, output: dyp }, pool],
      ['AvgPoolGrad', { dy: dyp, input: x }, pool],
      ['MaxPoolGrad', { dy: dyp, input: x, output: dyp }, { ...pool, filterSize: 2, pad: 'same' }],
    ];
    const backend = tf.engine().backend;
    for (const [name, inputs, attrs] of calls) {
      const tensors = tf.memory().numTensors;
      const buffers = backend.numDataIds();
      const out = tf.engine().runKernel<tf.Tensor>(name, inputs, attrs as NamedAttrMap);
      expect(tf.memory().numTensors, name).toBe(tensors + 1);
      expect(backend.numDataIds(), name).toBe(buffers + 1);
      out.dispose();
      expect(backend.numDataIds(), name).toBe(buffers);
    }
    tf.dispose([x, w, dw, dy, dyd, dyp]);
  });
});
