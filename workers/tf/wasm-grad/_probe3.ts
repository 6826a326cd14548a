import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradKernels } from './index.ts';
import { seededValues } from './testing.ts';
async function main(): Promise<void> {
  const x = seededValues(64, 5);
  const dy = seededValues(16, 6);
  for (const b of ['cpu', 'wasm', 'mine']) {
    if (b === 'mine') registerWasmGradKernels();
    await tf.setBackend(b === 'mine' ? 'wasm' : b);
    const input = tf.tensor4d(x, [1, 8, 8, 1]);
    const output = tf.maxPool(input, 2, 2, 'valid');
    const r = tf.engine().runKernel('MaxPoolGrad', { dy: tf.tensor4d(dy, [1, 4, 4, 1]), input, output }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor;
    console.log(b, Array.from(r.dataSync()).map(v => v.toFixed(2)).join(','));
  }
}
void main();
