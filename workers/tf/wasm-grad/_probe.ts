import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';

const missing = new Set<string>();
function stub(name: string): void {
  tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: ({ inputs, attrs, backend }) => {
    missing.add(name);
    const cpu = tf.findBackend('cpu')!;
    const ins: Record<string, tf.Tensor> = {};
    const cpuIns: tf.Tensor[] = [];
    for (const [k, t] of Object.entries(inputs)) {
      const tt = t as tf.TensorInfo;
      const vals = (backend as unknown as {readSync(id: object): tf.TypedArray}).readSync(tt.dataId);
      const ct = tf.engine().makeTensor(vals, tt.shape, tt.dtype, cpu);
      ins[k] = ct; cpuIns.push(ct);
    }
    const k = tf.getKernel(name, 'cpu')!;
    const out = k.kernelFunc({ inputs: ins, backend: cpu, attrs: attrs ?? {} }) as tf.TensorInfo;
    const vals = cpu.readSync(out.dataId) as Float32Array;
    const res = (backend as unknown as {makeOutput(s: number[], d: string): tf.TensorInfo}).makeOutput(out.shape, out.dtype);
    (backend as unknown as {typedArrayFromHeap(t: tf.TensorInfo): Float32Array}).typedArrayFromHeap(res).set(vals);
    return res;
  }});
}
async function main(): Promise<void> {
  await tf.setBackend('wasm');
  console.log(tf.env().getFlags());
  const wasmK = new Set(tf.getKernelsForBackend('wasm').map(k => k.kernelName));
  for (const k of tf.getKernelsForBackend('cpu')) if (!wasmK.has(k.kernelName)) stub(k.kernelName);
  for (const act of ['relu', 'relu6', 'elu', 'sigmoid', 'tanh', 'softplus', 'selu', 'swish', 'linear']) {
    missing.clear();
    const m = tfl.sequential();
    m.add(tfl.layers.conv2d({ inputShape: [16, 16, 1], filters: 4, kernelSize: 3, padding: 'same', activation: act as 'relu', strides: 1 }));
    m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'valid', strides: 2, activation: act as 'relu' }));
    m.add(tfl.layers.averagePooling2d({ poolSize: 2, padding: 'same' }));
    m.add(tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same' }));
    m.add(tfl.layers.separableConv2d({ filters: 4, kernelSize: 3, padding: 'same' }));
    m.add(tfl.layers.batchNormalization());
    m.add(tfl.layers.dropout({ rate: 0.2 }));
    m.add(tfl.layers.globalAveragePooling2d({}));
    m.add(tfl.layers.dense({ units: 2, activation: 'softmax' }));
    m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const x = tf.randomUniform([4, 16, 16, 1]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 2);
    await m.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
    console.log(act, [...missing].join(' '));
  }
  for (const opt of ['sgd', 'momentum', 'rmsprop', 'adagrad', 'adadelta', 'adamax']) {
    missing.clear();
    const m = tfl.sequential();
    m.add(tfl.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, activation: 'relu' }));
    m.add(tfl.layers.flatten());
    m.add(tfl.layers.dense({ units: 2, activation: 'softmax' }));
    m.compile({ optimizer: opt === 'momentum' ? tf.train.momentum(0.1, 0.9) : opt, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const x = tf.randomUniform([4, 8, 8, 1]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 2);
    await m.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0, validationSplit: 0.5 });
    console.log(opt, [...missing].join(' '));
  }
}
void main();
