import type { Db } from './open-db.ts';
import { writeTransaction } from './open-db.ts';
import type { ProfileRecord } from './schema/profiles.ts';

/** Profiles of a project, newest first. */
export async function listProfiles(db: Db, projectId: string): Promise<ProfileRecord[]> {
  const all = await db.getAllFromIndex('profiles', 'by-project', projectId);
  return all.sort((a, b) => b.createdAt - a.createdAt);
}

/** One profile by id, or undefined. */
export function getProfile(db: Db, id: string): Promise<ProfileRecord | undefined> {
  return db.get('profiles', id);
}

/** The newest profile of a snapshot, or undefined when it was never profiled. */
export async function latestProfileOf(db: Db, snapshotId: string): Promise<ProfileRecord | undefined> {
  const all = await db.getAllFromIndex('profiles', 'by-snapshot', snapshotId);
  return all.reduce<ProfileRecord | undefined>(
    (newest, r) => (newest && newest.createdAt >= r.createdAt ? newest : r),
    undefined,
  );
}

/** Stores a profile, new or re-evaluated. */
export async function saveProfile(db: Db, record: ProfileRecord): Promise<void> {
  await writeTransaction(db, ['profiles'], 'the data profile', async (tx) => {
    await tx.objectStore('profiles').put(record);
  });
}
