import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDB } from 'idb';
import { openScrewOpsDb, type Db } from './open-db.ts';
import { getProfile, latestProfileOf, listProfiles, saveProfile } from './profiles-repo.ts';
import type { ProfileRecord } from './schema/profiles.ts';
import { syntheticAccumulator } from '../profile/synthetic-profile.ts';

const profile = syntheticAccumulator({ good: { train: 2 } }).finish();

function record(id: string, snapshotId: string, createdAt: number, projectId = 'prj_a'): ProfileRecord {
  return { id, projectId, snapshotId, createdAt, profile, assertions: [], results: [], elapsedMs: 1 };
}

let db: Db;
let name: string;
let counter = 0;
beforeEach(async () => {
  name = `profiles-repo-test-${++counter}`;
  db = await openScrewOpsDb({}, name);
});
afterEach(async () => {
  db.close();
  await deleteDB(name);
});

describe('profiles repository', () => {
  it("finds a snapshot's newest profile, whatever order the profiles were stored in", async () => {
    await saveProfile(db, record('p2', 's1', 200));
    await saveProfile(db, record('p3', 's1', 100));
    await saveProfile(db, record('p1', 's2', 300));
    expect((await latestProfileOf(db, 's1'))?.id).toBe('p2');
    expect((await latestProfileOf(db, 's2'))?.id).toBe('p1');
    expect(await latestProfileOf(db, 's3')).toBeUndefined();
  });

  it("lists a project's profiles newest first and replaces a re-saved one", async () => {
    await saveProfile(db, record('p1', 's1', 100));
    await saveProfile(db, record('p2', 's2', 200));
    await saveProfile(db, record('other', 's9', 300, 'prj_b'));
    await saveProfile(db, { ...record('p1', 's1', 100), elapsedMs: 5 });
    expect((await listProfiles(db, 'prj_a')).map((r) => r.id)).toEqual(['p2', 'p1']);
    expect((await getProfile(db, 'p1'))?.elapsedMs).toBe(5);
  });
});
