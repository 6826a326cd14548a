import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../workers/tf/runtime.ts';
import { generateScrewImage, planDataset } from '../../workers/lib/synth/screw-generator.ts';
import { auroc } from '../../workers/lib/metrics/classification.ts';
import { readShippedBundle } from '../../tests/support/shipped-bundle.ts';
import { loadBundleModel, modelArtifacts } from '../bundle/bundle-model.ts';
import { preprocessGray } from '../preprocess/preprocess.ts';
import { inputHeight, isPreprocessSpec } from '../preprocess/spec.ts';
import { fitOneClass, scoreBatch } from './one-class-model.ts';
import { refineThreshold, thresholdAtFalseRejectRate } from './threshold.ts';

beforeAll(async () => {
  const dist = resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist');
  setWasmPaths(
    Object.fromEntries(
      ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map(
        (f) => [f, `${dist}/${f}`],
      ),
    ),
  );
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('the one-class model', () => {
  it('fitted on good screws only, scores unseen defective ones above unseen good ones', async () => {
    const bundle = readShippedBundle();
    const spec = bundle.metadata.preprocess;
    if (!isPreprocessSpec(spec)) throw new Error('the shipped model crops');
    const crops = (plan: ReturnType<typeof planDataset>) => {
      const [w, h] = [spec.inputSize, inputHeight(spec)];
      const data = new Float32Array(plan.length * w * h);
      plan.forEach((item, i) => {
        const image = generateScrewImage({ seed: item.seed, kind: item.kind, size: 256 });
        data.set(preprocessGray(image.pixels, image.width, image.height, spec).tensor, i * w * h);
      });
      return tf.tensor4d(data, [plan.length, h, w, 1]);
    };
    const backbone = await loadBundleModel(bundle);
    const before = tf.memory().numTensors;
    const good = crops(planDataset({ count: 20, defectRatio: 0, seed: 5 }));
    const fit = await fitOneClass(backbone, good, { maxBankSize: 256, seed: 1 });
    good.dispose();
    expect(fit.bankSize).toBe(256);
    expect(fit.patchGrid).toEqual([6, 16]);
    const plan = planDataset({ count: 40, defectRatio: 0.5, seed: 41 });
    const test = crops(plan);
    const { scores, maps, mapShape } = await scoreBatch(fit.model, test);
    const probabilities = tf.tidy(() => (fit.model.predict(test) as tf.Tensor).arraySync() as number[][]);
    test.dispose();
    expect(maps.length).toBe(plan.length * mapShape[0] * mapShape[1]);
    const isBad = plan.map((p) => p.kind !== 'good');
    expect(auroc(Array.from(scores), isBad)).toBeGreaterThan(0.8);
    const { center, scale } = fit.calibration;
    probabilities.forEach((row, i) =>
      expect(row[1]).toBeCloseTo(1 / (1 + Math.exp(-(scores[i]! - center) / scale)), 4),
    );
    // The bank travels in the weights: the saved model scores the same.
    const saved = await modelArtifacts(fit.model);
    expect(saved.weightSpecs.some((s) => s.name.startsWith('bank/'))).toBe(true);
    fit.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    backbone.dispose();
  }, 120_000);
});

describe('thresholds on anomaly scores', () => {
  it('rejects at most the asked share of good scores', () => {
    const good = Array.from({ length: 100 }, (_, i) => i);
    const t = thresholdAtFalseRejectRate(good, 0.02);
    expect(good.filter((s) => s >= t).length).toBe(2);
    expect(thresholdAtFalseRejectRate([1, 2, 3], 0)).toBeGreaterThan(3);
  });

  it('lowers the threshold into the gap below it when defects score there', () => {
    const good = [1, 2, 3, 4, 10];
    const t = refineThreshold(good, [5, 20], 0.2);
    expect(good.filter((s) => s >= t)).toEqual([10]);
    expect([5, 20].every((s) => s >= t)).toBe(true);
  });
});
