import type { Db } from './open-db.ts';
import { writeTransaction } from './open-db.ts';
import type { SnapshotRecord } from './schema/snapshots.ts';
import { DuplicateNameError } from './errors.ts';

/** Snapshots of a project, newest first. */
export async function listSnapshots(db: Db, projectId: string): Promise<SnapshotRecord[]> {
  const all = await db.getAllFromIndex('snapshots', 'by-project', projectId);
  return all.sort((a, b) => b.createdAt - a.createdAt);
}

/** One snapshot by id. */
export function getSnapshot(db: Db, id: string): Promise<SnapshotRecord | undefined> {
  return db.get('snapshots', id);
}

/** Stores a new snapshot; names are unique within a project. Snapshots are never modified. */
export async function addSnapshot(db: Db, snapshot: SnapshotRecord): Promise<void> {
  await writeTransaction(db, ['snapshots'], `snapshot "${snapshot.name}"`, async (tx) => {
    const store = tx.objectStore('snapshots');
    const siblings = await store.index('by-project').getAll(snapshot.projectId);
    if (siblings.some((s) => s.name === snapshot.name))
      throw new DuplicateNameError('snapshot', snapshot.name);
    await store.add(snapshot);
  });
}
