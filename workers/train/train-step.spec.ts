import { beforeAll, describe, expect, it } from 'vitest';
import type * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../tf/runtime.ts';
import { buildScrewCnn } from '../../models/architectures/screw-cnn.ts';
import { createRng } from '../lib/rng.ts';
import type { TrainPhase } from './fine-tune.ts';
import { PhaseStepper } from './train-step.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Every weight of a model by its variable name, copied out. */
function byName(model: tfl.LayersModel): Map<string, Float32Array> {
  return new Map(model.weights.map((w) => [w.originalName, w.read().dataSync() as Float32Array]));
}

/** A seeded batch whose statistics differ from a fresh batch norm's (mean 0, variance 1). */
function batch(): { xs: tf.Tensor4D; labels: tf.Tensor1D } {
  const rng = createRng('train-step');
  const values = Float32Array.from({ length: 6 * 16 * 32 }, () => 2 + 3 * rng.next());
  return {
    xs: tf.tensor4d(values, [6, 16, 32, 1]),
    labels: tf.tensor1d([0, 1, 0, 1, 1, 0], 'int32'),
  };
}

/** Takes two updates of `phase` on a fresh model and returns which of its weights changed. */
function changedBy(phase: TrainPhase): Set<string> {
  const model = buildScrewCnn({ width: 32, height: 16, classes: 2, baseFilters: 4, seed: 2 });
  const before = byName(model);
  const baseline = tf.memory().numTensors;
  const { xs, labels } = batch();
  const classWeights = tf.tensor1d([1, 1]);
  const optimizer = tf.train.adam(0.05);
  const stepper = new PhaseStepper(model);
  for (let i = 0; i < 2; i++) {
    const { loss, predicted } = stepper.step(optimizer, phase, xs, labels, classWeights);
    tf.dispose([loss, predicted]);
  }
  optimizer.dispose();
  tf.dispose([xs, labels, classWeights]);
  expect(tf.memory().numTensors, 'tensors left behind').toBe(baseline);
  const after = byName(model);
  model.dispose();
  return new Set(
    [...after].filter(([name, v]) => v.some((x, i) => x !== before.get(name)![i])).map(([n]) => n),
  );
}

const MOVING = /moving_(mean|variance)/;

describe('PhaseStepper', () => {
  it('head only: the classifier learns and every backbone weight, moving statistics included, stays put', () => {
    expect([...changedBy('head')].sort()).toEqual(['classes/bias', 'classes/kernel']);
  });

  it('top blocks: blocks 3-4 and the head learn on frozen statistics; blocks 1-2 stay put', () => {
    const changed = changedBy('top');
    for (const name of [
      'conv3/kernel',
      'bn3/gamma',
      'bn3/beta',
      'conv4/kernel',
      'bn4/gamma',
      'classes/kernel',
    ])
      expect(changed, name).toContain(name);
    for (const name of changed) {
      expect(name).not.toMatch(MOVING);
      expect(name).toMatch(/^(conv3|bn3|conv4|bn4|classes)\//);
    }
  });

  it('frozen phases normalise with the moving statistics: a step reports the inference-mode loss', async () => {
    for (const phase of ['head', 'top'] as const) {
      const model = buildScrewCnn({ width: 32, height: 16, classes: 2, baseFilters: 4, seed: 2 });
      const { xs, labels } = batch();
      const probs = (await (model.predict(xs) as tf.Tensor2D).array()) as number[][];
      const labelled = (await labels.array()) as number[];
      const expected = -labelled.reduce((s, y, i) => s + Math.log(probs[i]![y]!), 0) / labelled.length;
      const classWeights = tf.tensor1d([1, 1]);
      const optimizer = tf.train.sgd(0.01);
      const { loss, predicted } = new PhaseStepper(model).step(optimizer, phase, xs, labels, classWeights);
      expect((await loss.data())[0], phase).toBeCloseTo(expected, 5);
      tf.dispose([loss, predicted, xs, labels, classWeights]);
      optimizer.dispose();
      model.dispose();
    }
  });

  it('from scratch: every layer learns and batch norm tracks the batch statistics', () => {
    const changed = changedBy('all');
    expect(changed).toContain('conv1/kernel');
    expect(changed).toContain('bn1/moving_mean');
    expect(changed).toContain('bn4/moving_variance');
  });
});
