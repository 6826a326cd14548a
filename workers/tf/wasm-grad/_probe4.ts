import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
async function main(): Promise<void> {
  await tf.setBackend('wasm');
  for (const x of [[-3, -1, -2, -5], [-3, -1, -1, -5], [-1, -1, -1, -1], [0, 0, 0, 0], [-0.5, -0.2, -0.3, -0.4], [-Infinity, -Infinity, -2, -2], [2, 1, 2, 0]]) {
    const input = tf.tensor4d(x, [1, 2, 2, 1]);
    const p = tf.maxPool(input, 2, 2, 'valid');
    const am = tf.argMax(tf.tensor2d(x, [1, 4]), 1);
    const am2 = tf.argMax(tf.tensor2d([...x, ...x], [2, 4]), 1);
    console.log(x.join(','), 'max', p.dataSync()[0], 'argmax', am.dataSync()[0], am2.dataSync().join(','));
  }
  const oh = tf.oneHot(tf.tensor1d([0, 3, 1], 'int32'), 4); console.log(oh.dtype, oh.dataSync().join(','));
  const pd = tf.pad(tf.ones([1, 2, 2, 1]), [[0, 0], [1, 0], [0, 1], [0, 0]], -Infinity); console.log(pd.dataSync().join(','));
}
void main();
