import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteDB } from 'idb';
import { tf } from '../tf/runtime.ts';
import { registerWasmGradKernels } from '../tf/wasm-grad/index.ts';
import { openScrewOpsDb, type Db } from '../lib/db/open-db.ts';
import type { RunRecord } from '../lib/db/schema/runs.ts';
import type { CachedTensor } from '../lib/db/schema/tensors.ts';
import { saveCachedTensors } from '../lib/db/tensors-repo.ts';
import { getCheckpoint } from '../lib/db/checkpoints-repo.ts';
import { getRun } from '../lib/db/runs-repo.ts';
import { canonicalCrop } from '../../models/preprocess/preprocess.ts';
import { defaultPreprocessSpec } from '../../models/preprocess/spec.ts';
import { generateScrewImage } from '../lib/synth/screw-generator.ts';
import { tensorKey, type Example } from './dataset.ts';
import { defaultTrainParams, MIN_VALIDATION_TO_STOP, monitoredLoss } from './train-params.ts';
import { readWeights } from './checkpoint.ts';
import { trainLoop, type TrainContext } from './trainer.ts';
import { smallBundle } from '../../models/bundle/testing.ts';
import { disposeModel, loadBundleModel } from '../../models/bundle/bundle-model.ts';
import type { Backbone } from './backbone.ts';
import { useWasmBackend } from '../../tests/support/wasm-backend.ts';
import { testRun } from './testing.ts';

const spec = defaultPreprocessSpec(48);
let db: Db;
const examples: Example[] = [];

beforeAll(async () => {
  registerWasmGradKernels();
  // In Node the wasm binaries load from the package folder, not from the app's asset URLs.
  expect(await useWasmBackend()).toBe(true);
  db = await openScrewOpsDb({}, 'trainer-test');
  const crops: CachedTensor[] = [];
  for (let i = 0; i < 24; i++) {
    const kind = i % 3 === 0 ? 'manipulated_front' : 'good';
    const image = generateScrewImage({ seed: 500 + i, kind, size: 96 });
    const sha256 = i.toString(16).padStart(64, '0');
    crops.push({ key: tensorKey(spec, sha256), pixels: canonicalCrop(image.pixels, 96, 96, spec).pixels });
    examples.push({
      imageId: `img${i}`,
      sha256,
      label: kind === 'good' ? 0 : 1,
      target: kind === 'good' ? 0 : 1,
      defectType: kind === 'good' ? null : kind,
      split: i < 18 ? 'train' : 'validation',
    });
  }
  await saveCachedTensors(db, crops);
});
afterAll(async () => {
  db.close();
  await deleteDB('trainer-test');
});

function newRun(id: string): RunRecord {
  const params = {
    ...defaultTrainParams(48),
    epochs: 3,
    batchSize: 8,
    baseFilters: 4,
    earlyStoppingPatience: 0,
  };
  return testRun(id, params, spec);
}

function context(
  run: RunRecord,
  signal: AbortSignal,
  onProgress: TrainContext['onProgress'] = () => undefined,
): TrainContext {
  return {
    db,
    run,
    spec,
    train: examples.filter((e) => e.split === 'train'),
    validation: examples.filter((e) => e.split === 'validation'),
    signal,
    onProgress,
    checkpoint: undefined,
  };
}

describe('trainLoop', () => {
  it('resuming from an epoch checkpoint gives the same weights as an uninterrupted run, and leaks no tensors', async () => {
    const baseline = tf.memory().numTensors;
    const straight = await trainLoop(context(newRun('straight'), new AbortController().signal));
    const expected = await readWeights(straight);
    straight.dispose();
    expect(tf.memory().numTensors).toBe(baseline);

    const controller = new AbortController();
    const interrupted = newRun('interrupted');
    await expect(
      trainLoop(
        context(interrupted, controller.signal, (p) => p.finishedEpoch?.epoch === 1 && controller.abort()),
      ),
    ).rejects.toThrow();
    const checkpoint = await getCheckpoint(db, 'interrupted');
    expect(checkpoint?.epoch).toBe(1);
    const run = (await getRun(db, 'interrupted'))!;
    expect(run.epochs).toHaveLength(1);

    const resumed = await trainLoop({ ...context(run, new AbortController().signal), checkpoint });
    const actual = await readWeights(resumed);
    resumed.dispose();
    expect(run.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    actual.forEach((w, i) => {
      const e = expected[i]!;
      expect(w.shape).toEqual(e.shape);
      let worst = 0;
      for (let j = 0; j < w.data.length; j++) worst = Math.max(worst, Math.abs(w.data[j]! - e.data[j]!));
      expect(worst).toBeLessThan(1e-5);
    });
    expect(tf.memory().numTensors).toBe(baseline);
  }, 120_000);

  it('from a backbone with its top blocks fine-tuned, resuming across the warm-up gives the uninterrupted weights', async () => {
    const backbone: Backbone = {
      bundle: await smallBundle(),
      identity: { model: 'small@1', weightsSha256: 'digest' },
    };
    const fineTuned = (id: string) => {
      const run = newRun(id);
      // Three epochs: the first trains the head alone, the next two the top blocks too.
      run.params = { ...run.params, from: 'small@1', freeze: 'none' };
      return run;
    };
    const baseline = tf.memory().numTensors;
    const straight = await trainLoop({
      ...context(fineTuned('tuned straight'), new AbortController().signal),
      backbone,
    });
    const expected = await readWeights(straight);
    straight.dispose();

    const controller = new AbortController();
    const interrupted = fineTuned('tuned interrupted');
    await expect(
      trainLoop({
        ...context(interrupted, controller.signal, (p) => p.finishedEpoch?.epoch === 1 && controller.abort()),
        backbone,
      }),
    ).rejects.toThrow();
    const checkpoint = await getCheckpoint(db, 'tuned interrupted');
    expect(checkpoint?.epoch).toBe(1);
    const run = (await getRun(db, 'tuned interrupted'))!;
    // The checkpoint holds every weight: the backbone is not needed (nor read) to resume.
    const resumed = await trainLoop({ ...context(run, new AbortController().signal), checkpoint });
    const actual = await readWeights(resumed);
    resumed.dispose();
    actual.forEach((w, i) => {
      let worst = 0;
      for (let j = 0; j < w.data.length; j++)
        worst = Math.max(worst, Math.abs(w.data[j]! - expected[i]!.data[j]!));
      expect(worst).toBeLessThan(1e-5);
    });
    expect(tf.memory().numTensors).toBe(baseline);
  }, 120_000);

  it('with the backbone frozen, the trained model keeps every backbone weight as it came', async () => {
    const bundle = await smallBundle();
    const run = newRun('frozen');
    run.params = { ...run.params, epochs: 2, from: 'small@1', freeze: 'backbone' };
    const model = await trainLoop({
      ...context(run, new AbortController().signal),
      backbone: { bundle, identity: { model: 'small@1', weightsSha256: 'digest' } },
    });
    const source = await loadBundleModel(bundle);
    const expected = new Map(source.weights.map((w) => [w.originalName, w.read().dataSync()]));
    let compared = 0;
    for (const w of model.weights) {
      const values = w.read().dataSync();
      if (w.originalName.startsWith('classes/'))
        expect(values, w.originalName).not.toEqual(expected.get(w.originalName));
      else {
        expect(values, w.originalName).toEqual(expected.get(w.originalName));
        compared++;
      }
    }
    expect(compared).toBe(20);
    disposeModel(source);
    model.dispose();
  }, 120_000);

  it('refuses to train a run that starts from a backbone when none was given, leaking nothing', async () => {
    const baseline = tf.memory().numTensors;
    const run = newRun('no backbone');
    run.params = { ...run.params, from: 'small@1', freeze: 'backbone' };
    await expect(trainLoop(context(run, new AbortController().signal))).rejects.toThrow(
      'Run "no backbone" starts from small@1, but no backbone was given to the trainer',
    );
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('learns: training loss falls over the epochs', async () => {
    const run = newRun('learns');
    run.params = { ...run.params, epochs: 6 };
    const model = await trainLoop(context(run, new AbortController().signal));
    model.dispose();
    expect(run.epochs.at(-1)!.loss).toBeLessThan(run.epochs[0]!.loss);
  }, 120_000);
});

describe('monitoredLoss', () => {
  const epoch = { loss: 0.3, valLoss: 0.5 };
  it('follows the validation loss once the validation split is large enough to stop on', () => {
    expect(monitoredLoss(epoch, MIN_VALIDATION_TO_STOP)).toBe(0.5);
    expect(monitoredLoss(epoch, 450)).toBe(0.5);
  });
  it('follows the training loss on a handful of validation images, or none', () => {
    expect(monitoredLoss(epoch, 9)).toBe(0.3);
    expect(monitoredLoss(epoch, MIN_VALIDATION_TO_STOP - 1)).toBe(0.3);
    expect(monitoredLoss({ loss: 0.3, valLoss: null }, 450)).toBe(0.3);
  });
});
