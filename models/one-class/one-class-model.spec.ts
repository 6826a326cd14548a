import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { mirrorAveraged } from '../architectures/mirror-average.ts';
import { NotOneClassModelError, OneClassFitError } from './errors.ts';
import { fitOneClass, scoreBatch } from './one-class-model.ts';
import { badProbabilityAt, bankScorer, nearestSquaredDistances, setCalibration } from './scorer.ts';
import { thresholdAtFalseRejectRate } from './threshold.ts';
import { TINY_HEIGHT, TINY_WIDTH, tinyBackbone, tinyCrops } from './testing.ts';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('the bank scorer', () => {
  // Patch features are the input itself: a 1 × 3 grid of 2-d patches, and a bank of two known entries.
  const bank = new Float32Array([0, 0, 3, 4]);
  const calibration = { center: 10, scale: 2 };
  const build = () => {
    const input = tfl.input({ shape: [1, 3, 2] });
    return tfl.model({ inputs: input, outputs: bankScorer(input, bank, calibration) });
  };
  const images = [
    [0, 0, 3, 4, 1, 1], // on each entry, then √2 from the first
    [3, 0, 6, 8, 0, 4], // 9 from the first, 25 from the second, 9 from the second
    [1, 0, 3, 5, 2, 2],
  ];

  it('maps each patch to its squared distance from the nearest bank entry, and scores the max', async () => {
    const model = build();
    const x = tf.tensor4d(images.flat(), [3, 1, 3, 2]);
    const { scores, maps, mapShape } = await scoreBatch(model, x);
    expect(mapShape).toEqual([1, 3]);
    [0, 0, 2, 9, 25, 9, 1, 1, 5].forEach((d, i) => expect(maps[i]).toBeCloseTo(d, 4));
    expect([...scores]).toEqual([maps[2], maps[4], maps[8]]);
    const probabilities = (model.predict(x) as tf.Tensor).arraySync() as number[][];
    scores.forEach((s, i) => {
      expect(probabilities[i]![1]).toBeCloseTo(sigmoid((s - 10) / 2), 5);
      expect(badProbabilityAt(s, calibration)).toBeCloseTo(probabilities[i]![1]!, 6);
      expect(probabilities[i]![0]! + probabilities[i]![1]!).toBeCloseTo(1, 6);
    });
    tf.dispose(x);
    model.dispose();
  });

  it('moves its calibration onto a threshold, where P(bad) becomes 0.5, without changing the scores', async () => {
    const model = build();
    const x = tf.tensor4d(images.flat(), [3, 1, 3, 2]);
    const before = await scoreBatch(model, x);
    setCalibration(model, { center: 9, scale: 3 });
    const after = await scoreBatch(model, x);
    expect([...after.scores]).toEqual([...before.scores]);
    const probabilities = (model.predict(x) as tf.Tensor).arraySync() as number[][];
    // The second image scores 25, the third 5; a score of exactly 9 would sit at 0.5.
    expect(probabilities[1]![1]).toBeCloseTo(sigmoid((25 - 9) / 3), 5);
    expect(probabilities[2]![1]).toBeCloseTo(sigmoid((5 - 9) / 3), 5);
    expect(badProbabilityAt(9, { center: 9, scale: 3 })).toBe(0.5);
    expect(() => setCalibration(model, { center: 9, scale: 0 })).toThrow(/positive scale/);
    tf.dispose(x);
    model.dispose();
  });

  it('gives scores from which the threshold at a false-reject rate is set', async () => {
    const model = build();
    // Ten good images, one patch of which lies k/2 from the first entry.
    const good = Array.from({ length: 10 }, (_, k) => [0, 0, 3, 4, k / 2, 0]);
    const x = tf.tensor4d(good.flat(), [10, 1, 3, 2]);
    const { scores } = await scoreBatch(model, x);
    const t = thresholdAtFalseRejectRate([...scores], 0.2);
    expect(t).toBeCloseTo((3.5 ** 2 + 4 ** 2) / 2, 4);
    expect([...scores].filter((s) => s >= t)).toHaveLength(2);
    tf.dispose(x);
    model.dispose();
  });

  it('finds the same nearest distances as an exact search with tfjs ops', async () => {
    const d = await nearestSquaredDistances(new Float32Array(images.flat()), bank, 2);
    [0, 0, 2, 9, 25, 9, 1, 1, 5].forEach((v, i) => expect(d[i]).toBeCloseTo(v, 4));
  });

  it('refuses a bank of partial entries and a calibration without a positive scale', () => {
    const input = tfl.input({ shape: [1, 3, 2] });
    expect(() => bankScorer(input, new Float32Array(3), calibration)).toThrow(/not whole entries of 2/);
    expect(() => bankScorer(input, bank, { center: 1, scale: 0 })).toThrow(/positive scale/);
  });
});

describe('fitOneClass', () => {
  it('builds a bank of at most the asked size over the backbone patch grid, calibrated on held-out scores', async () => {
    const backbone = tinyBackbone();
    const good = tinyCrops(12, 1);
    const defective = tinyCrops(6, 2, true);
    const fresh = tinyCrops(6, 3);
    const before = tf.memory().numTensors;
    const fit = await fitOneClass(backbone, good, { maxBankSize: 40, seed: 7 });
    expect(fit.bankSize).toBe(40);
    expect(fit.patchGrid).toEqual([TINY_HEIGHT / 4, TINY_WIDTH / 4]);
    expect(fit.dims).toBe(16 + 16);
    expect(fit.featureLayers).toEqual(['relu3', 'relu4']);
    expect(fit.model.getLayer('anomaly_map').outputShape).toEqual([null, 4, 8, 1]);
    expect(fit.heldOutScores).toHaveLength(12);
    const mean = fit.heldOutScores.reduce((a, b) => a + b, 0) / 12;
    expect(fit.calibration.center).toBeGreaterThan(mean);
    expect(fit.calibration.scale).toBeGreaterThan(0);

    const bad = await scoreBatch(fit.model, defective);
    const ok = await scoreBatch(fit.model, fresh);
    expect(Math.min(...bad.scores)).toBeGreaterThan(Math.max(...ok.scores));
    const output = fit.model.predict(defective) as tf.Tensor2D;
    const probabilities = output.arraySync();
    output.dispose();
    bad.scores.forEach((s, i) =>
      expect(probabilities[i]![1]).toBeCloseTo(
        sigmoid((s - fit.calibration.center) / fit.calibration.scale),
        5,
      ),
    );

    fit.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // The backbone keeps its own weights.
    const answer = backbone.predict(fresh) as tf.Tensor;
    expect(answer.shape).toEqual([6, 2]);
    answer.dispose();
    tf.dispose([good, defective, fresh]);
    backbone.dispose();
  });

  it('scores every patch of a training image, and of its mirror, zero when the bank keeps them all', async () => {
    const backbone = tinyBackbone();
    const good = tinyCrops(4, 1);
    const mirrored = tf.reverse(good, 1);
    const fit = await fitOneClass(backbone, good, { maxBankSize: 2 * 4 * 32, seed: 1, mirror: true });
    expect(fit.bankSize).toBe(2 * 4 * 32);
    const tiny = 1e-3 * Math.max(...fit.heldOutScores);
    expect(Math.max(...(await scoreBatch(fit.model, good)).maps)).toBeLessThan(tiny);
    expect(Math.max(...(await scoreBatch(fit.model, mirrored)).maps)).toBeLessThan(tiny);
    expect(Math.min(...fit.heldOutScores)).toBeGreaterThan(0);
    const plain = await fitOneClass(backbone, good, { maxBankSize: 1000, seed: 1 });
    expect(plain.bankSize).toBe(4 * 32);
    expect(Math.max(...(await scoreBatch(plain.model, mirrored)).maps)).toBeGreaterThan(tiny);
    fit.model.dispose();
    plain.model.dispose();
    tf.dispose([good, mirrored]);
    backbone.dispose();
  });

  it('takes its features from the direct look of a mirror-averaged backbone', async () => {
    const plain = tinyBackbone();
    const wrapped = mirrorAveraged(plain);
    const good = tinyCrops(6, 1);
    const probe = tinyCrops(3, 4, true);
    const a = await fitOneClass(plain, good, { maxBankSize: 30, seed: 3, featureLayers: ['relu3'] });
    const b = await fitOneClass(wrapped, good, { maxBankSize: 30, seed: 3, featureLayers: ['relu3'] });
    expect(b.dims).toBe(16);
    const [sa, sb] = [await scoreBatch(a.model, probe), await scoreBatch(b.model, probe)];
    sa.maps.forEach((v, i) => expect(sb.maps[i]).toBeCloseTo(v, 4));
    a.model.dispose();
    b.model.dispose();
    tf.dispose([good, probe]);
    wrapped.dispose();
    plain.dispose();
  });

  it('refuses what it cannot fit, naming the problem, and leaves no tensor behind', async () => {
    const backbone = tinyBackbone();
    const good = tinyCrops(4, 1);
    const before = tf.memory().numTensors;
    const refusal = (options: Parameters<typeof fitOneClass>[2], images = good) =>
      fitOneClass(backbone, images, options).then(
        () => null,
        (e: unknown) => e as Error,
      );
    const unknown = await refusal({ maxBankSize: 10, seed: 1, featureLayers: ['relu9'] });
    expect(unknown).toBeInstanceOf(OneClassFitError);
    expect(unknown?.message).toMatch(/no layer "relu9".*conv1/);
    expect((await refusal({ maxBankSize: 10, seed: 1, featureLayers: ['gap'] }))?.message).toMatch(
      /not an image-shaped/,
    );
    expect((await refusal({ maxBankSize: 0, seed: 1 }))?.message).toMatch(/bank size/);
    const one = tf.slice(good, [0, 0, 0, 0], [1, -1, -1, -1]);
    expect((await refusal({ maxBankSize: 10, seed: 1 }, one))?.message).toMatch(/at least two good images/);
    one.dispose();
    await expect(scoreBatch(backbone, good)).rejects.toThrow(NotOneClassModelError);
    await expect(scoreBatch(backbone, good)).rejects.toThrow(/no "anomaly_map" layer/);
    const wide = tf.zeros([2, TINY_HEIGHT, TINY_WIDTH * 2, 1]) as tf.Tensor4D;
    expect((await refusal({ maxBankSize: 10, seed: 1 }, wide))?.message).toMatch(
      /the backbone takes \[16,32,1\]/,
    );
    wide.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(good);
    backbone.dispose();
  });
});
