import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDB } from 'idb';
import { openScrewOpsDb, type Db } from './open-db.ts';
import {
  InvalidDriftReferenceError,
  driftReferenceKey,
  getDriftReference,
  listDriftReferences,
  putDriftReference,
} from './drift-references-repo.ts';
import type { DriftReferenceRecord } from './schema/station.ts';

function reference(key: string, projectId = 'prj_a', sorted = [1, 2, 3]): DriftReferenceRecord {
  return {
    key,
    projectId,
    source: 'snapshot',
    snapshotId: 'snap_1',
    count: sorted.length,
    stats: { brightness: { sorted, lo: 0, hi: 4 } },
    createdAt: 100,
  };
}

let db: Db;
let name: string;
let counter = 0;
beforeEach(async () => {
  name = `drift-references-test-${++counter}`;
  db = await openScrewOpsDb({}, name);
});
afterEach(async () => {
  db.close();
  await deleteDB(name);
});

describe('drift references repository', () => {
  it("keys a version by its id and the shipped default model as 'shipped'", () => {
    expect(driftReferenceKey('ver_7')).toBe('ver_7');
    expect(driftReferenceKey(null)).toBe('shipped');
  });

  it('stores, replaces and lists references per project', async () => {
    await putDriftReference(db, reference('ver_1'));
    await putDriftReference(db, reference('ver_2', 'prj_b'));
    await putDriftReference(db, { ...reference('ver_1'), count: 9 });
    expect((await getDriftReference(db, 'ver_1'))?.count).toBe(9);
    expect(await getDriftReference(db, 'ver_3')).toBeUndefined();
    expect((await listDriftReferences(db, 'prj_a')).map((r) => r.key)).toEqual(['ver_1']);
  });

  it('refuses an unsorted or non-finite statistic and keeps the stored one', async () => {
    await putDriftReference(db, reference('ver_1'));
    await expect(putDriftReference(db, reference('ver_1', 'prj_a', [3, 1]))).rejects.toThrow(
      InvalidDriftReferenceError,
    );
    await expect(putDriftReference(db, reference('ver_1', 'prj_a', [1, Number.NaN]))).rejects.toThrow(
      /finite and ascending \(index 1\)/,
    );
    expect((await getDriftReference(db, 'ver_1'))?.stats.brightness?.sorted).toEqual([1, 2, 3]);
  });
});
