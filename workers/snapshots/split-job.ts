import type { Db } from '../lib/db/open-db.ts';
import { getImageBlobs, listImages, saveImages } from '../lib/db/images-repo.ts';
import { applySplits } from '../lib/db/labels-repo.ts';
import type { ImageRecord } from '../lib/db/schema/images.ts';
import type { SplitSettings } from '../lib/db/schema/projects.ts';
import type { Split } from '../lib/splits/split.ts';
import { groupDuplicates } from '../lib/splits/duplicate-groups.ts';
import { assignSplits } from '../lib/splits/splits.ts';
import { gateWarning } from '../lib/splits/test-size.ts';
import { throwIfAborted } from '../lib/abort-port.ts';
import { decodeBitmap, perceptualHash } from '../ingest/decode.ts';
import type { SplitReport, SplitTable } from './snapshots-types.ts';

/** Images per label and split. */
export function splitTable(
  images: ReadonlyArray<{ label: string | null; split?: Split | null }>,
): SplitTable {
  const table: SplitTable = {};
  for (const image of images) {
    if (!image.split) continue;
    const row = (table[image.label ?? ''] ??= { train: 0, validation: 0, test: 0 });
    row[image.split]++;
  }
  return table;
}

/** Computes the perceptual hash of images stored before hashes were kept, and saves them. */
async function backfillHashes(db: Db, images: ImageRecord[], signal: AbortSignal): Promise<void> {
  const missing = images.filter((i) => !i.phash);
  for (const image of missing) {
    throwIfAborted(signal);
    const blobs = await getImageBlobs(db, image.id);
    if (!blobs) continue;
    const bitmap = await decodeBitmap(blobs.original);
    image.phash = perceptualHash(bitmap);
    bitmap.close();
  }
  if (!missing.length) return;
  await saveImages(db, missing, 'the perceptual hashes');
}

/**
 * Splits the project's images: old images keep their split (unless `reassign`), duplicate groups
 * share one split, new groups fill each label's train/validation/test shares. One transaction.
 */
export async function runSplit(
  db: Db,
  projectId: string,
  settings: SplitSettings,
  options: { reassign: boolean; gateThreshold: number; signal: AbortSignal },
): Promise<SplitReport> {
  const images = await listImages(db, projectId);
  await backfillHashes(db, images, options.signal);
  const groups = groupDuplicates(
    images.map((i) => ({ id: i.id, sha256: i.sha256, phash: i.phash ?? null })),
    settings.nearDuplicateBits,
  );
  // A group is named by its smallest content hash, not by an image id (which holds the project's id),
  // so the same images split the same way in every project.
  const groupHash = new Map<string, string>();
  for (const image of images) {
    const group = groups.get(image.id) ?? image.id;
    const hash = groupHash.get(group);
    if (hash === undefined || image.sha256 < hash) groupHash.set(group, image.sha256);
  }
  const assigned = assignSplits(
    images.map((i) => ({
      id: i.id,
      label: i.label,
      group: groupHash.get(groups.get(i.id) ?? i.id)!,
      current: options.reassign ? null : (i.split ?? null),
    })),
    { ratios: settings.ratios, seed: settings.seed },
  );
  const changed = await applySplits(db, assigned);
  const sizes = new Map<string, number>();
  for (const group of groups.values()) sizes.set(group, (sizes.get(group) ?? 0) + 1);
  const multi = [...sizes.values()].filter((n) => n > 1);
  const after = images.map((i) => ({ label: i.label, split: assigned.get(i.id) ?? null }));
  const testCount = after.filter((i) => i.split === 'test').length;
  return {
    table: splitTable(after),
    changed,
    duplicateGroups: multi.length,
    groupedImages: multi.reduce((a, b) => a + b, 0),
    gateWarning: gateWarning(testCount, options.gateThreshold),
    testCount,
  };
}
