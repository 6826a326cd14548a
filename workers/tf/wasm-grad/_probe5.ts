import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradKernels } from './index.ts';
function time(label: string, f: () => tf.Tensor | tf.Tensor[], reps = 7): void {
  const warm = f(); tf.dispose(warm);
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); const r = f(); (Array.isArray(r) ? r[0]! : r).dataSync(); ts.push(performance.now() - t0); tf.dispose(r); }
  ts.sort((a, b) => a - b);
  console.log(label.padEnd(40), ts[Math.floor(reps / 2)]!.toFixed(2), 'ms');
}
async function main(): Promise<void> {
  await tf.setBackend('wasm');
  const x = tf.randomNormal([16, 128, 128, 8]);
  const y = tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid');
  const dy = tf.randomNormal(y.shape);
  time('native MaxPoolGrad', () => tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor);
  registerWasmGradKernels();
  time('mine MaxPoolGrad', () => tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor);
  time('mine AvgPoolGrad', () => tf.engine().runKernel('AvgPoolGrad', { dy, input: x }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor);
  time('transpose6', () => tf.transpose(tf.reshape(x, [16, 64, 2, 64, 2, 8]), [0, 1, 3, 5, 2, 4]));
  time('transpose4 [N*Ho,2,Wo,2C]->', () => tf.transpose(tf.reshape(x, [16 * 64, 2, 64, 16]), [0, 2, 1, 3]));
  const t5 = tf.reshape(tf.transpose(tf.reshape(x, [16, 64, 2, 64, 2, 8]), [0, 1, 3, 5, 2, 4]), [16 * 64 * 64 * 8, 4]);
  time('argmax', () => tf.argMax(t5, 1));
  const am = tf.argMax(t5, 1);
  time('onehot', () => tf.oneHot(am, 4));
  const oh = tf.oneHot(am, 4);
  time('cast', () => tf.cast(oh, 'float32'));
  time('mul bcast', () => tf.mul(t5, tf.reshape(dy, [-1, 1])));
  time('mul same', () => tf.mul(x, x));
  time('equal', () => tf.equal(x, x));
  time('slice4', () => tf.slice(tf.reshape(x, [1024, 2, 64, 16]), [0, 1, 0, 0], [1024, 1, 64, 16]));
  time('slice4 last', () => tf.slice(tf.reshape(x, [1024, 2, 64, 16]), [0, 1, 0, 8], [1024, 1, 64, 8]));
  time('concat last', () => tf.concat([y, y], 3));
  time('tile6', () => tf.tile(tf.reshape(y, [16, 64, 1, 64, 1, 8]), [1, 1, 2, 1, 2, 1]));
  time('maxpool fwd', () => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'));
  time('relu', () => tf.relu(x));
  time('step', () => tf.step(x));
  time('sum mean axis012', () => tf.sum(x, [0, 1, 2]));
}
void main();
