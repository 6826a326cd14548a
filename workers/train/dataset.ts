import type { Db } from '../lib/db/open-db.ts';
import { getImageBlobs, listImages } from '../lib/db/images-repo.ts';
import { getSnapshot } from '../lib/db/snapshots-repo.ts';
import {
  deleteCachedTensors,
  listCachedTensorKeys,
  readCachedTensors,
  saveCachedTensors,
} from '../lib/db/tensors-repo.ts';
import { NotFoundError } from '../lib/db/errors.ts';
import type { CachedTensor } from '../lib/db/schema/tensors.ts';
import type { Split } from '../lib/splits/split.ts';
import { canonicalCrop } from '../../models/preprocess/preprocess.ts';
import { specKey, specKeyPrefix, type PreprocessSpec } from '../../models/preprocess/spec.ts';
import { blobToGray } from '../lib/gray.ts';
import { throwIfAborted } from '../lib/abort-port.ts';

/** One labeled, split image of a snapshot. */
export interface Example {
  imageId: string;
  sha256: string;
  /** index into the run's classes */
  label: number;
  /** index into the model's outputs (equal to label unless defect types get outputs of their own) */
  target: number;
  defectType: string | null;
  split: Split;
}

/** The labeled, split images of a snapshot, by split. Unlabeled or unsplit images are left out. */
export async function snapshotExamples(
  db: Db,
  snapshotId: string,
  classes: readonly string[],
): Promise<{ hash: string; bySplit: Record<Split, Example[]> }> {
  const snapshot = await getSnapshot(db, snapshotId);
  if (!snapshot) throw new NotFoundError('snapshot', snapshotId);
  const images = new Map((await listImages(db, snapshot.projectId)).map((i) => [i.id, i]));
  const bySplit: Record<Split, Example[]> = { train: [], validation: [], test: [] };
  for (const entry of snapshot.entries) {
    const label = entry.label === null ? -1 : classes.indexOf(entry.label);
    if (label < 0 || !entry.split || !images.has(entry.imageId)) continue;
    bySplit[entry.split].push({
      imageId: entry.imageId,
      sha256: entry.sha256,
      label,
      target: label,
      defectType: images.get(entry.imageId)!.defectType,
      split: entry.split,
    });
  }
  return { hash: snapshot.hash, bySplit };
}

/** Key of one image's cached crop under a spec. */
export function tensorKey(spec: PreprocessSpec, sha256: string): string {
  return `${specKey(spec)}/${sha256}`;
}

/**
 * Preprocesses every image not yet cached for this spec (decode once, crop once) and stores the
 * crops in batches, one transaction each. Later epochs and runs read the cache only. Crops of an
 * older preprocessing version are deleted first.
 */
export async function ensureCached(
  db: Db,
  examples: readonly Example[],
  spec: PreprocessSpec,
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
): Promise<void> {
  const keys = await listCachedTensorKeys(db);
  // Crops of an older preprocessing version can never be read again: free their space.
  const stale = keys.filter((key) => !key.startsWith(specKeyPrefix()));
  if (stale.length) await deleteCachedTensors(db, stale);
  const cached = new Set(keys);
  const missing = examples.filter((e) => !cached.has(tensorKey(spec, e.sha256)));
  let batch: CachedTensor[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    await saveCachedTensors(db, rows);
  };
  for (const [i, example] of missing.entries()) {
    throwIfAborted(signal);
    const blobs = await getImageBlobs(db, example.imageId);
    if (!blobs) throw new NotFoundError('image', example.imageId);
    const { gray, width, height } = await blobToGray(blobs.original);
    batch.push({
      key: tensorKey(spec, example.sha256),
      pixels: canonicalCrop(gray, width, height, spec).pixels,
    });
    if (batch.length >= 32) await flush();
    onProgress(i + 1, missing.length);
  }
  if (batch.length) await flush();
}

/** The cached crops of a batch of examples, in order. */
export async function readCrops(
  db: Db,
  spec: PreprocessSpec,
  examples: readonly Example[],
): Promise<Uint8Array[]> {
  const rows = await readCachedTensors(
    db,
    examples.map((e) => tensorKey(spec, e.sha256)),
  );
  return rows.map((row, i) => {
    if (!row)
      throw new Error(
        `The preprocessed crop of image ${examples[i]!.imageId} is missing; start the run again to rebuild the cache.`,
      );
    return row.pixels;
  });
}

/** One model output per class, each standing for itself. */
export function classOutputs(classes: readonly string[]): { names: string[]; classOf: number[] } {
  return { names: [...classes], classOf: classes.map((_, i) => i) };
}

/**
 * The model outputs for a run: in a binary project whose defective images carry defect types, one
 * output per type (plus the bad class itself for untyped defects); otherwise one per class.
 */
export function modelOutputs(
  classes: readonly string[],
  examples: readonly Example[],
): { names: string[]; classOf: number[] } {
  const types = [
    ...new Set(examples.filter((e) => e.label === 1 && e.defectType).map((e) => e.defectType!)),
  ].sort();
  if (classes.length !== 2 || types.length < 2) return classOutputs(classes);
  const untyped = examples.some((e) => e.label === 1 && !e.defectType);
  const names = [classes[0]!, ...types, ...(untyped ? [classes[1]!] : [])];
  return { names, classOf: names.map((_, i) => (i === 0 ? 0 : 1)) };
}

/** Sets every example's target output from its class and defect type. */
export function assignTargets(
  examples: Example[],
  outputs: { names: string[]; classOf: number[] },
  classes: readonly string[],
): void {
  for (const e of examples) {
    const byType = e.label !== 0 && e.defectType ? outputs.names.indexOf(e.defectType) : -1;
    e.target = byType > 0 ? byType : outputs.names.indexOf(classes[e.label]!);
  }
}
