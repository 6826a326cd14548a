import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteDB } from 'idb';
import { tf } from '../tf/runtime.ts';
import { openScrewOpsDb, type Db } from '../lib/db/open-db.ts';
import type { CachedTensor } from '../lib/db/schema/tensors.ts';
import { saveCachedTensors } from '../lib/db/tensors-repo.ts';
import { getArtifact, getRun } from '../lib/db/runs-repo.ts';
import type { Split } from '../lib/splits/split.ts';
import { canonicalCrop } from '../../models/preprocess/preprocess.ts';
import { defaultPreprocessSpec } from '../../models/preprocess/spec.ts';
import { badProbabilities, decisionThreshold } from '../../models/bundle.ts';
import {
  disposeModel,
  exportBundleZip,
  importBundleZip,
  loadBundleModel,
} from '../../models/bundle/bundle-model.ts';
import { generateScrewImage } from '../lib/synth/screw-generator.ts';
import { readShippedBundle } from '../../tests/support/shipped-bundle.ts';
import { tensorKey, type Example } from './dataset.ts';
import { defaultTrainParams } from './train-params.ts';
import { batchTensor, type TrainContext } from './trainer.ts';
import { withMode } from './one-class-params.ts';
import type { RunProgress } from './train-types.ts';
import {
  chooseScoreThreshold,
  executeOneClassRun,
  goodTrainImages,
  oneClassEvaluation,
  OneClassSetupError,
} from './one-class-run.ts';
import { useWasmBackend } from '../../tests/support/wasm-backend.ts';
import { testRun } from './testing.ts';

const spec = defaultPreprocessSpec(128);
let db: Db;
const bySplit: Record<Split, Example[]> = { train: [], validation: [], test: [] };

/** A generated screw as a cached crop and its example. */
function screw(i: number, kind: 'good' | 'scratch_neck' | 'manipulated_front', split: Split) {
  const image = generateScrewImage({ seed: 700 + i, kind, size: 192 });
  const sha256 = i.toString(16).padStart(64, '0');
  const crop: CachedTensor = {
    key: tensorKey(spec, sha256),
    pixels: canonicalCrop(image.pixels, 192, 192, spec).pixels,
  };
  const label = kind === 'good' ? 0 : 1;
  bySplit[split].push({
    imageId: `img${i}`,
    sha256,
    label,
    target: label,
    defectType: kind === 'good' ? null : kind,
    split,
  });
  return crop;
}

beforeAll(async () => {
  expect(await useWasmBackend()).toBe(true);
  db = await openScrewOpsDb({}, 'one-class-run-test');
  const layout: Array<[number, 'good' | 'scratch_neck' | 'manipulated_front', Split]> = [
    [14, 'good', 'train'],
    [4, 'manipulated_front', 'train'],
    [8, 'good', 'validation'],
    [2, 'manipulated_front', 'validation'],
    [6, 'good', 'test'],
    [3, 'manipulated_front', 'test'],
    [3, 'scratch_neck', 'test'],
  ];
  const crops: CachedTensor[] = [];
  let i = 0;
  for (const [count, kind, split] of layout)
    for (let k = 0; k < count; k++) crops.push(screw(i++, kind, split));
  await saveCachedTensors(db, crops);
});
afterAll(async () => {
  db.close();
  await deleteDB('one-class-run-test');
});

function context(id: string, progress: RunProgress[] = []): TrainContext {
  const run = testRun(
    id,
    {
      ...withMode(defaultTrainParams(128), 'one-class'),
      oneClass: { targetFalseRejectRate: 0, maxBankSize: 512 },
    },
    spec,
  );
  return {
    db,
    run,
    spec,
    train: bySplit.train,
    validation: bySplit.validation,
    signal: new AbortController().signal,
    onProgress: (p) => progress.push(p),
    checkpoint: undefined,
    backbone: {
      bundle: readShippedBundle(),
      identity: { model: 'shipped', weightsSha256: 'not checked here' },
    },
  };
}

describe('choosing what a one-class run learns from and where it decides', () => {
  it('learns from the good train images only and counts the defective ones it leaves out', () => {
    const { good, ignoredDefective } = goodTrainImages(bySplit.train);
    expect(good.map((e) => e.label)).toEqual(new Array(14).fill(0));
    expect(ignoredDefective).toBe(4);
  });

  it('sets the threshold on good validation scores, lowered towards defects only where no good image is flagged', () => {
    const good = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const plain = chooseScoreThreshold({ good, bad: [] }, [], 0.1);
    expect(plain.chosenOn).toBe('validation');
    expect(good.filter((s) => s >= plain.threshold)).toEqual([10]);
    const refined = chooseScoreThreshold({ good, bad: [9.5] }, [], 0.1);
    expect(refined.threshold).toBeLessThanOrEqual(9.5);
    expect(good.filter((s) => s >= refined.threshold)).toEqual([10]);
    const fallback = chooseScoreThreshold({ good: [], bad: [3] }, [0.1, 0.2, 0.3], 0);
    expect(fallback).toMatchObject({ chosenOn: 'train' });
    expect(fallback.threshold).toBeGreaterThan(0.3);
  });

  it('reports the false-reject rate as good images flagged over good images', () => {
    const test = bySplit.test;
    const scores = test.map((e, i) => (e.label === 0 ? (i === 0 ? 5 : 1) : 4));
    const { metrics, falseRejectRate } = oneClassEvaluation(test, scores, 3, { center: 3, scale: 1 }, [
      'good',
      'bad',
    ]);
    expect(falseRejectRate).toBeCloseTo(1 / 6);
    expect(metrics.recallByDefect).toEqual({ manipulated_front: 1, scratch_neck: 1 });
    expect(metrics.threshold).toBeCloseTo(0.5);
    expect(metrics.confusion).toEqual([
      [5, 1],
      [0, 6],
    ]);
  });
});

describe('a one-class run', () => {
  it('fits on good images, rejects no good validation image at a 0 % target, and stores a bundle that exports and imports', async () => {
    const progress: RunProgress[] = [];
    const ctx = context('run_oc', progress);
    const before = tf.memory().numTensors;
    await executeOneClassRun(ctx, bySplit);
    expect(tf.memory().numTensors).toBe(before);
    expect(progress.map((p) => p.phase)).toEqual(['fitting', 'calibrating', 'evaluating']);
    expect(progress[0]!.fitting).toEqual({ goodImages: 14, ignoredDefective: 4 });
    const run = (await getRun(db, 'run_oc'))!;
    expect(run.status).toBe('done');
    expect(run.oneClass).toMatchObject({
      goodTrainImages: 14,
      ignoredDefectiveTrain: 4,
      bankSize: 512,
      targetFalseRejectRate: 0,
      thresholdChosenOn: 'validation',
    });
    expect(run.evaluation!.testCount).toBe(12);
    // Measured 1.000 on these seeds; the margin leaves room for another scorer of the same contract.
    expect(run.evaluation!.auroc).toBeGreaterThan(0.85);

    const bundle = (await getArtifact(db, 'run_oc'))!;
    expect(bundle.metadata.oneClass).toMatchObject({ bankSize: 512, targetFalseRejectRate: 0 });
    expect(bundle.metadata.threshold).toBe(run.evaluation!.threshold);
    const model = await loadBundleModel(bundle);
    const xs = await batchTensor(ctx, bySplit.validation, null);
    const probabilities = tf.tidy(() => (model.predict(xs) as tf.Tensor).dataSync());
    xs.dispose();
    disposeModel(model);
    const bad = badProbabilities(probabilities, bundle.metadata.outputs.classOf);
    const threshold = decisionThreshold(bundle.metadata);
    bySplit.validation.forEach((e, i) => {
      if (e.label === 0) expect(bad[i]).toBeLessThan(threshold);
    });
    // Exported and imported as any bundle is: digests, allowed layers, metadata, golden outputs.
    const imported = await importBundleZip(await exportBundleZip(bundle));
    expect(imported.bundle.metadata.oneClass).toEqual(bundle.metadata.oneClass);
    expect(imported.goldenDifference).toBeLessThan(1e-4);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('without validation images sets its threshold on train images scored against banks built without them', async () => {
    const ctx = context('run_no_validation');
    ctx.run.params = { ...ctx.run.params, oneClass: { targetFalseRejectRate: 0.05, maxBankSize: 512 } };
    await executeOneClassRun(ctx, { ...bySplit, validation: [] });
    const run = (await getRun(db, 'run_no_validation'))!;
    expect(run.oneClass!.thresholdChosenOn).toBe('train');
    // Scored against their own bank every train image scores 0, and so would every threshold chosen
    // on them: good parts the model has never seen would nearly all be rejected.
    expect(run.oneClass!.scoreThreshold).toBeGreaterThan(0);
    const bundle = (await getArtifact(db, 'run_no_validation'))!;
    const model = await loadBundleModel(bundle);
    const unseenGood = bySplit.validation.filter((e) => e.label === 0);
    const xs = await batchTensor(ctx, unseenGood, null);
    const probabilities = tf.tidy(() => (model.predict(xs) as tf.Tensor).dataSync());
    xs.dispose();
    disposeModel(model);
    const bad = badProbabilities(probabilities, bundle.metadata.outputs.classOf);
    const rejected = bad.filter((p) => p >= decisionThreshold(bundle.metadata)).length;
    expect(rejected).toBeLessThanOrEqual(2);
  }, 120_000);

  it('refuses a snapshot with fewer than ten good train images, saying what to do', async () => {
    const few = {
      ...bySplit,
      train: bySplit.train.filter((e) => e.label !== 0).concat(bySplit.train.slice(0, 5)),
    };
    const run = executeOneClassRun(context('run_few'), few);
    await expect(run).rejects.toBeInstanceOf(OneClassSetupError);
    await expect(run).rejects.toThrow(/at least 10 good train images; the snapshot has 5/);
  });
});
