import type { Db } from '../lib/db/open-db.ts';
import { listImages } from '../lib/db/images-repo.ts';
import { newId } from '../lib/db/projects-repo.ts';
import { addSnapshot, getSnapshot } from '../lib/db/snapshots-repo.ts';
import { NotFoundError } from '../lib/db/errors.ts';
import type { SplitSettings } from '../lib/db/schema/projects.ts';
import type { SnapshotRecord } from '../lib/db/schema/snapshots.ts';
import { diffSnapshots, snapshotHash } from '../lib/snapshots/snapshot.ts';
import { splitTable } from './split-job.ts';
import type { SnapshotSummary } from './snapshots-types.ts';

/** The list form of a snapshot. */
export function summarize(snapshot: SnapshotRecord): SnapshotSummary {
  return {
    id: snapshot.id,
    name: snapshot.name,
    createdAt: snapshot.createdAt,
    hash: snapshot.hash,
    images: snapshot.entries.length,
    table: splitTable(snapshot.entries),
  };
}

/** Freezes the project's current images, labels and splits as a named, hashed snapshot. */
export async function takeSnapshot(
  db: Db,
  projectId: string,
  name: string,
  splitSettings: SplitSettings | null,
): Promise<SnapshotSummary> {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('Give the snapshot a name, e.g. "v1 labeled".');
  const images = await listImages(db, projectId);
  if (!images.length) throw new Error('The project has no images to snapshot yet.');
  const entries = images
    .map((i) => ({ imageId: i.id, sha256: i.sha256, label: i.label, split: i.split ?? null }))
    .sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0));
  const snapshot: SnapshotRecord = {
    id: newId('snp'),
    projectId,
    name: trimmed,
    createdAt: Date.now(),
    hash: await snapshotHash(entries),
    entries,
    splitSettings,
  };
  await addSnapshot(db, snapshot);
  return summarize(snapshot);
}

/** What changed from snapshot `a` to snapshot `b`. */
export async function diffById(db: Db, a: string, b: string): Promise<ReturnType<typeof diffSnapshots>> {
  const [first, second] = await Promise.all([getSnapshot(db, a), getSnapshot(db, b)]);
  if (!first) throw new NotFoundError('snapshot', a);
  if (!second) throw new NotFoundError('snapshot', b);
  return diffSnapshots(first.entries, second.entries);
}
