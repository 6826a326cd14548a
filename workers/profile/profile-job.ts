import type { Db } from '../lib/db/open-db.ts';
import { getImageBlobs, listImages } from '../lib/db/images-repo.ts';
import { getSnapshot } from '../lib/db/snapshots-repo.ts';
import { newId } from '../lib/db/projects-repo.ts';
import { saveProfile } from '../lib/db/profiles-repo.ts';
import { NotFoundError } from '../lib/db/errors.ts';
import type { ProfileRecord } from '../lib/db/schema/profiles.ts';
import { ProfileAccumulator } from '../lib/profile/dataset-profile.ts';
import { imageStats } from '../lib/profile/image-stats.ts';
import { evaluateAssertions, type Assertion, type AssertionScope } from '../lib/profile/assertions.ts';
import { throwIfAborted } from '../lib/abort-port.ts';
import { sha256Hex } from '../lib/ingest/dedup.ts';
import { bitmapRgba } from '../lib/gray.ts';

/** Progress of a profile: images done of all. */
export interface ProfileProgress {
  done: number;
  total: number;
  imagesPerSecond: number;
}

/**
 * Profiles a snapshot image by image: one decoded image is in memory at a time and only a small
 * row of numbers per image is kept, so memory stays bounded whatever the dataset size.
 */
export async function profileSnapshot(
  db: Db,
  snapshotId: string,
  assertions: Assertion[],
  scope: AssertionScope,
  signal: AbortSignal,
  onProgress: (p: ProfileProgress) => void,
): Promise<ProfileRecord> {
  const snapshot = await getSnapshot(db, snapshotId);
  if (!snapshot) throw new NotFoundError('snapshot', snapshotId);
  const images = new Map((await listImages(db, snapshot.projectId)).map((i) => [i.id, i]));
  const accumulator = new ProfileAccumulator();
  const started = performance.now();
  let last = 0;
  for (const [index, entry] of snapshot.entries.entries()) {
    throwIfAborted(signal);
    const image = images.get(entry.imageId);
    const blobs = image && (await getImageBlobs(db, entry.imageId));
    const input = {
      id: entry.imageId,
      sha256: entry.sha256,
      label: entry.label,
      split: entry.split,
      width: image?.width ?? 0,
      height: image?.height ?? 0,
      channels: 0,
      format: image?.format ?? 'missing',
      byteSize: image?.byteSize ?? 0,
    };
    let stats = null;
    if (blobs) {
      try {
        const bitmap = await createImageBitmap(blobs.original);
        const { width, height } = bitmap;
        const pixels = bitmapRgba(bitmap);
        bitmap.close();
        stats = imageStats(pixels, width, height, 4);
        input.channels = stats.isGrayscale ? 1 : 3;
        // Exact duplicates are judged by decoded content: a re-encoded copy has other bytes but the same picture.
        input.sha256 = await sha256Hex(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength));
      } catch {
        stats = null;
      }
    }
    accumulator.add(input, stats);
    const now = performance.now();
    if (now - last > 150 || index === snapshot.entries.length - 1) {
      last = now;
      onProgress({
        done: index + 1,
        total: snapshot.entries.length,
        imagesPerSecond: ((index + 1) / (now - started)) * 1000,
      });
    }
  }
  const profile = accumulator.finish();
  const record: ProfileRecord = {
    id: newId('prf'),
    projectId: snapshot.projectId,
    snapshotId,
    createdAt: Date.now(),
    profile,
    assertions,
    results: evaluateAssertions(profile, assertions, scope),
    elapsedMs: performance.now() - started,
  };
  await saveProfile(db, record);
  return record;
}
