import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

function time(label: string, f: () => tf.Tensor, reps = 5): void {
  const r0 = f(); r0.dataSync(); r0.dispose();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); const r = f(); r.dataSync(); ts.push(performance.now() - t0); r.dispose(); }
  ts.sort((a, b) => a - b);
  console.log(label.padEnd(50), ts[Math.floor(reps / 2)]!.toFixed(2), 'ms');
}
async function main(): Promise<void> {
  await tf.setBackend('wasm');
  const layers: [number, number, number, number][] = [[16, 128, 1, 8], [16, 64, 8, 16], [16, 32, 16, 32]];
  for (const [n, h, ci, co] of layers) {
    const x = tf.randomNormal([n, h, h, ci]) as tf.Tensor4D;
    const dy = tf.randomNormal([n, h, h, co]) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, ci, co]) as tf.Tensor4D;
    console.log(`--- layer ${n}x${h}x${h}x${ci} -> ${co}`);
    time('fwd conv2d', () => tf.conv2d(x, w, 1, 'same'));
    time('native dx (Conv2DBackpropInput)', () => tf.conv2dTranspose(dy, w, [n, h, h, ci], 1, 'same'));
    time('conv dx', () => tf.tidy(() => tf.conv2d(dy, tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]), 1, 'same')));
    // filter grad via conv batch<->channel
    time('conv dW', () => tf.tidy(() => {
      const xt = tf.transpose(x, [3, 1, 2, 0]);
      const dyt = tf.transpose(dy, [1, 2, 0, 3]);
      const r = tf.conv2d(xt, dyt, 1, [[0, 0], [1, 1], [1, 1], [0, 0]]);
      return tf.transpose(r, [1, 2, 0, 3]);
    }));
    time('im2col concat + matmul dW', () => tf.tidy(() => {
      const xp = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);
      const cols: tf.Tensor[] = [];
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) cols.push(tf.slice(xp, [0, i, j, 0], [n, h, h, ci]));
      const col = tf.reshape(tf.concat(cols, 3), [n * h * h, 9 * ci]);
      const r = tf.matMul(col, tf.reshape(dy, [n * h * h, co]), true, false);
      return tf.reshape(r, [3, 3, ci, co]);
    }));
    time('im2col 9x matmul dW', () => tf.tidy(() => {
      const xp = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);
      const dy2 = tf.reshape(dy, [n * h * h, co]);
      const parts: tf.Tensor[] = [];
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) parts.push(tf.matMul(tf.reshape(tf.slice(xp, [0, i, j, 0], [n, h, h, ci]), [n * h * h, ci]), dy2, true, false));
      return tf.reshape(tf.stack(parts), [3, 3, ci, co]);
    }));
    time('im2col concat + transpose + matmul dW', () => tf.tidy(() => {
      const xp = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);
      const cols: tf.Tensor[] = [];
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) cols.push(tf.slice(xp, [0, i, j, 0], [n, h, h, ci]));
      const col = tf.transpose(tf.reshape(tf.concat(cols, 3), [n * h * h, 9 * ci]));
      const r = tf.matMul(col, tf.reshape(dy, [n * h * h, co]));
      return tf.reshape(r, [3, 3, ci, co]);
    }));
    time('mul+sum dW ', () => tf.tidy(() => {
      const xp = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);
      const dy2 = tf.reshape(dy, [n * h * h, 1, co]);
      const parts: tf.Tensor[] = [];
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) parts.push(tf.sum(tf.mul(tf.reshape(tf.slice(xp, [0, i, j, 0], [n, h, h, ci]), [n * h * h, ci, 1]), dy2), 0));
      return tf.reshape(tf.stack(parts), [3, 3, ci, co]);
    }));
    if (tf.getBackend() === 'wasm') {
      // maxpool grad native
      const y = tf.maxPool(dy, 2, 2, 'valid');
      time('native MaxPoolGrad', () => tf.engine().runKernel('MaxPoolGrad', { dy: y, input: dy, output: y }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor);
      time('native AvgPoolGrad', () => tf.engine().runKernel('AvgPoolGrad', { dy: y, input: dy }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor);
      time('maxpool fwd', () => tf.maxPool(dy, 2, 2, 'valid'));
      time('relu fwd', () => tf.relu(dy));
    }
    tf.dispose([x, dy, w]);
  }
}
void main();
