import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../workers/tf/runtime.ts';
import { buildScrewCnn } from './screw-cnn.ts';
import { mirrorAveraged } from './mirror-average.ts';

const height = 16;
const width = 40;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

async function roundTrip(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return tfl.loadLayersModel(tf.io.fromMemory(saved!));
}

describe('mirrorAveraged', () => {
  it('answers the mean of the classifier on the crop and on the crop with its rows reversed', () => {
    const classifier = buildScrewCnn({ width, height, classes: 2, baseFilters: 4, seed: 3 });
    const wrapped = mirrorAveraged(classifier);
    const x = tf.randomNormal([3, height, width, 1], 0, 1, 'float32', 11);
    const direct = classifier.predict(x) as tf.Tensor;
    const mirrored = classifier.predict(tf.reverse(x, 1)) as tf.Tensor;
    // An untrained classifier is not mirror-symmetric, so the mean differs from either look alone.
    expect(tf.max(tf.abs(tf.sub(direct, mirrored))).dataSync()[0]).toBeGreaterThan(1e-4);
    const want = tf.div(tf.add(direct, mirrored), 2).arraySync();
    const got = (wrapped.predict(x) as tf.Tensor).arraySync() as number[][];
    got.flat().forEach((v, i) => expect(v).toBeCloseTo((want as number[][]).flat()[i]!, 6));
    expect(wrapped.trainableWeights.length).toBe(classifier.trainableWeights.length);
  });

  it('saves and loads as a plain layers model with the same answers', async () => {
    const wrapped = mirrorAveraged(buildScrewCnn({ width, height, classes: 2, baseFilters: 4, seed: 5 }));
    const loaded = await roundTrip(wrapped);
    const x = tf.randomNormal([2, height, width, 1], 0, 1, 'float32', 12);
    const a = (wrapped.predict(x) as tf.Tensor).dataSync();
    const b = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    loaded.dispose();
  });

  it('leaves the classifier usable when disposed, and frees only its own weight', () => {
    const classifier = buildScrewCnn({ width, height, classes: 2, baseFilters: 4, seed: 7 });
    const before = tf.memory().numTensors;
    const wrapped = mirrorAveraged(classifier);
    expect(tf.memory().numTensors).toBe(before + 1);
    wrapped.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const out = tf.tidy(() => (classifier.predict(tf.zeros([1, height, width, 1])) as tf.Tensor).dataSync());
    expect(out.length).toBe(2);
  });

  it('refuses a classifier whose input is not one-channel crops', () => {
    const rgb = tfl.sequential({
      layers: [tfl.layers.flatten({ inputShape: [4, 4, 3] }), tfl.layers.dense({ units: 2 })],
    });
    expect(() => mirrorAveraged(rgb)).toThrow(/\[height, width, 1\]/);
  });
});
