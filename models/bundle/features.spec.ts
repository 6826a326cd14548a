import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { readShippedBundle } from '../../tests/support/shipped-bundle.ts';
import { loadBundleModel } from './bundle-model.ts';
import { featureModel } from './features.ts';
import { buildTinyCnn } from '../architectures/tiny-cnn.ts';
import * as tfl from '@tensorflow/tfjs-layers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('featureModel', () => {
  it("finds the shipped default model's pooled features under its mirror average", async () => {
    const bundle = readShippedBundle();
    const model = await loadBundleModel(bundle);
    const features = featureModel(model);
    expect(features).not.toBeNull();
    const input = tf.randomNormal([2, ...bundle.metadata.inputShape], 0, 1, 'float32', 3);
    const before = tf.memory().numTensors;
    const out = features!.predict(input) as tf.Tensor;
    // One output tensor and nothing else left behind by the pass.
    expect(tf.memory().numTensors).toBe(before + 1);
    // gap + gmp of the last block's 64 filters.
    expect(out.shape).toEqual([2, 128]);
    // The features feed the dense head: applying its weights to them gives the direct look's scores.
    const dense = model.layers.find((l) => l instanceof tfl.LayersModel)!;
    const scores = (dense as tfl.LayersModel).predict(input) as tf.Tensor;
    const [kernel, bias] = (dense as tfl.LayersModel).getLayer('classes').getWeights();
    const manual = tf.softmax(tf.add(tf.matMul(out as tf.Tensor2D, kernel as tf.Tensor2D), bias!));
    expect(Array.from(await manual.data())).toEqual(
      Array.from(await scores.data()).map((v) => expect.closeTo(v, 5)),
    );
    tf.dispose([input, out, scores, manual]);
    model.dispose();
  });

  it('answers null for a model with no final dense layer', () => {
    const input = tfl.input({ shape: [8, 8, 1] });
    const pooled = tfl.layers.globalAveragePooling2d({}).apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: pooled });
    expect(featureModel(model)).toBeNull();
    model.dispose();
  });

  it('finds the input of the head of a plain classifier', () => {
    const model = buildTinyCnn({ inputSize: 32, classes: 2, seed: 1 });
    const features = featureModel(model);
    expect(features).not.toBeNull();
    const head = model.layers[model.layers.length - 1]!;
    expect(features!.outputs[0]!.shape).toEqual((head.getInputAt(0) as tfl.SymbolicTensor).shape);
    model.dispose();
  });
});
