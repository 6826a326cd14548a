import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { readShippedBundle } from '../../tests/support/shipped-bundle.ts';
import { disposeModel, loadBundleModel } from './bundle-model.ts';
import { featureModel, withFeatures } from './features.ts';
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

describe('withFeatures', () => {
  it("answers the shipped default model's scores and features from one pass, as the two models do", async () => {
    const bundle = readShippedBundle();
    const empty = tf.memory().numTensors;
    const model = await loadBundleModel(bundle);
    const view = withFeatures(model);
    expect(view.hasFeatures).toBe(true);
    const input = tf.randomNormal([2, ...bundle.metadata.inputShape], 0, 1, 'float32', 4);
    // The nested classifier's first convolution runs once per look: twice, not a third time for the features.
    const nested = model.layers.find((l): l is tfl.LayersModel => l instanceof tfl.LayersModel)!;
    const conv = vi.spyOn(
      nested.layers.find((l) => l.getClassName() === 'Conv2D')!,
      'call',
    );
    const before = tf.memory().numTensors;
    const { outputs, features, extra } = view.predict(input);
    expect(conv).toHaveBeenCalledTimes(2);
    conv.mockRestore();
    expect(outputs).toHaveLength(1);
    expect(extra).toEqual([]);
    expect(tf.memory().numTensors).toBe(before + 2);
    const alone = model.predict(input) as tf.Tensor;
    const apart = featureModel(model)!.predict(input) as tf.Tensor;
    expect(outputs[0]!.shape).toEqual([2, 2]);
    expect(features!.shape).toEqual([2, 128]);
    expect(Array.from(await outputs[0]!.data())).toEqual(Array.from(await alone.data()));
    expect(Array.from(await features!.data())).toEqual(
      Array.from(await apart.data()).map((v) => expect.closeTo(v, 5)),
    );
    tf.dispose([input, outputs[0]!, features!, alone, apart]);
    // The view owns nothing: disposing the model frees every weight the load made.
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(empty);
  });

  it('appends the extra outputs after the features of a plain classifier', () => {
    const model = buildTinyCnn({ inputSize: 32, classes: 2, seed: 1 });
    const extra = model.layers[1]!.output as tfl.SymbolicTensor;
    const input = tf.zeros([1, 32, 32, 1]);
    const { outputs, features, extra: values } = withFeatures(model, [extra]).predict(input);
    expect(outputs.map((t) => t.shape)).toEqual([[1, 2]]);
    expect(features!.shape).toEqual(featureModel(model)!.outputs[0]!.shape.map((d) => d ?? 1));
    expect(values.map((t) => t.shape)).toEqual([extra.shape.map((d) => d ?? 1)]);
    tf.dispose([input, ...outputs, features!, ...values]);
    model.dispose();
  });

  it('answers the outputs and the extra ones alone when the features cannot be found', () => {
    const input = tfl.input({ shape: [8, 8, 1] });
    const pooled = tfl.layers.globalAveragePooling2d({}).apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: pooled });
    const view = withFeatures(model, [input]);
    expect(view.hasFeatures).toBe(false);
    const x = tf.ones([1, 8, 8, 1]);
    const { outputs, features, extra } = view.predict(x);
    expect(features).toBeNull();
    expect(outputs.map((t) => t.shape)).toEqual([[1, 1]]);
    expect(extra.map((t) => t.shape)).toEqual([[1, 8, 8, 1]]);
    tf.dispose([x, ...outputs, ...extra]);
    model.dispose();
  });
});
