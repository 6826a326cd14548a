import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
async function main(): Promise<void> {
  await tf.setBackend('wasm');
  for (const x of [[-3, -1, -2, -5], [-3, -1, -1, -5], [-1, -1, -1, -1], [0, 0, 0, 0], [-0.5, -0.2, -0.3, -0.4]]) {
    const input = tf.tensor4d(x, [1, 2, 2, 1]);
    const [p, i] = tf.engine().runKernel('MaxPoolWithArgmax', { x: input }, { filterSize: 2, strides: 2, pad: 'valid', includeBatchInIndex: true }) as tf.Tensor[];
    const g = tf.engine().runKernel('MaxPoolGrad', { dy: tf.ones([1,1,1,1]), input, output: p! }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor;
    console.log(x.join(','), 'max', p!.dataSync()[0], 'idx', i!.dataSync()[0], 'grad', g.dataSync().join(','));
  }
}
void main();
