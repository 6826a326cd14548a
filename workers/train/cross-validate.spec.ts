import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteDB } from 'idb';
import { tf } from '../tf/runtime.ts';
import { registerWasmGradKernels } from '../tf/wasm-grad/index.ts';
import { openScrewOpsDb, type Db } from '../lib/db/open-db.ts';
import type { ImageRecord } from '../lib/db/schema/images.ts';
import type { CachedTensor } from '../lib/db/schema/tensors.ts';
import { saveCachedTensors } from '../lib/db/tensors-repo.ts';
import { saveImages } from '../lib/db/images-repo.ts';
import { addSnapshot } from '../lib/db/snapshots-repo.ts';
import { getRun, saveRun } from '../lib/db/runs-repo.ts';
import { isAbortError } from '../lib/abort-port.ts';
import { createRng } from '../lib/rng.ts';
import { canonicalCrop } from '../../models/preprocess/preprocess.ts';
import { defaultPreprocessSpec } from '../../models/preprocess/spec.ts';
import { generateScrewImage } from '../lib/synth/screw-generator.ts';
import { tensorKey } from './dataset.ts';
import { defaultTrainParams } from './train-params.ts';
import { crossValidateRun } from './cross-validate.ts';
import { useWasmBackend } from '../../tests/support/wasm-backend.ts';
import { testRun } from './testing.ts';
import { defaultScope } from '../lib/domain/scope.ts';

const spec = defaultPreprocessSpec(48);
const DB = 'cross-validate-test';
let db: Db;
const shas: string[] = [];

function image(i: number, label: string, defectType: string | null, phash: string): ImageRecord {
  const sha256 = i.toString(16).padStart(64, '0');
  return {
    id: `p/${sha256}`,
    projectId: 'p',
    sha256,
    label,
    labelSource: 'generated',
    defectType,
    source: 'demo',
    originalPath: `${i}.png`,
    fileName: `${i}.png`,
    format: 'png',
    width: 96,
    height: 96,
    byteSize: 1,
    capturedAt: null,
    addedAt: 0,
    importId: 'imp',
    split: i % 5 === 0 ? 'test' : i % 5 === 1 ? 'validation' : 'train',
    phash,
  };
}

const run = testRun(
  'run_a',
  { ...defaultTrainParams(48), epochs: 2, batchSize: 8, baseFilters: 2, earlyStoppingPatience: 0 },
  spec,
  { name: 'tiny', snapshotId: 'snp', status: 'done', finishedAt: 1, notes: 'kept' },
);

beforeAll(async () => {
  registerWasmGradKernels();
  expect(await useWasmBackend()).toBe(true);
  db = await openScrewOpsDb({}, DB);
  const images: ImageRecord[] = [];
  const crops: CachedTensor[] = [];
  for (let i = 0; i < 20; i++) {
    const kind = i % 10 < 3 ? 'manipulated_front' : 'good';
    // Random 64-bit hashes lie ~32 bits apart; images 4 and 5 share one: near-duplicates, which must share a fold.
    const rng = createRng(`phash/${i === 5 ? 4 : i}`);
    const phash = [rng.uint32(), rng.uint32()].map((w) => w.toString(16).padStart(8, '0')).join('');
    const record = image(i, kind === 'good' ? 'good' : 'bad', kind === 'good' ? null : kind, phash);
    images.push(record);
    shas.push(record.sha256);
    const pixels = generateScrewImage({ seed: 900 + i, kind, size: 96 }).pixels;
    crops.push({ key: tensorKey(spec, record.sha256), pixels: canonicalCrop(pixels, 96, 96, spec).pixels });
  }
  await saveImages(db, images, 'test images');
  await saveCachedTensors(db, crops);
  await addSnapshot(db, {
    id: 'snp',
    projectId: 'p',
    name: 'v1',
    createdAt: 0,
    hash: 'h',
    entries: images.map((i) => ({ imageId: i.id, sha256: i.sha256, label: i.label, split: i.split ?? null })),
    splitSettings: null,
  });
  await saveRun(db, run);
  await db.put('projects', { id: 'p', scope: defaultScope('Line 4'), createdAt: 0, updatedAt: 0 });
});
afterAll(async () => {
  db.close();
  await deleteDB(DB);
});

describe('crossValidateRun', () => {
  it('scores every image once per repeat, keeps near-duplicates together and stores only the result', async () => {
    const baseline = tf.memory().numTensors;
    const folds: number[] = [];
    const updated = await crossValidateRun(
      db,
      { runId: run.id, folds: 3, repeats: 2, seed: 5, backend: 'wasm' },
      new AbortController().signal,
      (p) => folds.push(p.fold),
    );
    const cv = updated.crossValidation!;
    expect(cv.perFold).toHaveLength(6);
    expect(Math.max(...folds)).toBe(6);
    for (const repeat of [0, 1]) {
      const rows = cv.perFold.filter((f) => f.repeat === repeat);
      expect(rows.flatMap((f) => f.tested).sort()).toEqual([...shas].sort());
      expect(rows.some((f) => f.tested.includes(shas[4]!) && f.tested.includes(shas[5]!))).toBe(true);
    }
    expect(cv).toMatchObject({ folds: 3, repeats: 2, seed: 5, images: 20, good: 14, defective: 6 });
    expect(cv.summary.accuracy!.folds).toBe(6);
    expect(cv.perFold.every((f) => f.epochs === 2)).toBe(true);
    // The gate's verdict is kept with it: 20 images are too few for even a perfect score to clear the floor.
    expect(cv.gate).toEqual({
      passed: false,
      figure: `accuracy, 3-fold × 2 repeats cross-validated mean ${cv.summary.accuracy!.mean.toFixed(3)}`,
    });
    // The run keeps its own record; nothing else was written.
    expect(await getRun(db, run.id)).toEqual({ ...run, crossValidation: cv });
    expect(await db.getAllKeys('runs')).toEqual([run.id]);
    expect(await db.getAllKeys('checkpoints')).toEqual([]);
    expect(await db.getAllKeys('artifacts')).toEqual([]);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('stores nothing when aborted mid-way', async () => {
    const before = await getRun(db, run.id);
    const controller = new AbortController();
    const outcome = crossValidateRun(
      db,
      { runId: run.id, folds: 3, repeats: 1, seed: 99, backend: 'wasm' },
      controller.signal,
      (p) => {
        if (p.fold === 2) controller.abort();
      },
    );
    await expect(outcome).rejects.toSatisfy(isAbortError);
    expect(await getRun(db, run.id)).toEqual(before);
    expect(await db.getAllKeys('checkpoints')).toEqual([]);
  });
});
