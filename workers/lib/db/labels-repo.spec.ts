import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDB } from 'idb';
import { openScrewOpsDb, type Db } from './open-db.ts';
import { applyLabelChanges, applySplits, labelHistory, renameClass } from './labels-repo.ts';
import { createProject, deleteProject } from './projects-repo.ts';
import { defaultScope } from '../domain/scope.ts';
import type { ImageRecord } from './schema/images.ts';

let db: Db;
let name: string;
let n = 0;
let projectId: string;

function image(i: number, label: string | null): ImageRecord {
  const sha256 = i.toString(16).padStart(64, '0');
  return {
    id: `${projectId}/${sha256}`,
    projectId,
    sha256,
    label,
    labelSource: label ? 'folder' : null,
    defectType: null,
    source: 'file',
    originalPath: `img${i}.png`,
    fileName: `img${i}.png`,
    format: 'png',
    width: 8,
    height: 8,
    byteSize: 100,
    capturedAt: null,
    addedAt: i,
    importId: 'imp_1',
  };
}

beforeEach(async () => {
  name = `labels-test-${++n}`;
  db = await openScrewOpsDb({}, name);
  projectId = (await createProject(db, defaultScope('P'))).id;
  for (let i = 0; i < 5; i++) await db.put('images', image(i, i < 2 ? 'good' : null));
});
afterEach(async () => {
  db.close();
  await deleteDB(name);
});

describe('applyLabelChanges', () => {
  it('labels images, records provenance and one event per changed image in one batch', async () => {
    const ids = (await db.getAllKeys('images')).map(String);
    const events = await applyLabelChanges(
      db,
      projectId,
      ids.map((imageId) => ({ imageId, to: 'good' })),
      'manual',
      500,
    );
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.batchId)).size).toBe(1);
    const changed = (await db.get('images', ids[4]!))!;
    expect(changed).toMatchObject({
      label: 'good',
      labelSource: 'manual',
      labeledAt: 500,
      previousLabel: null,
    });
    const unchanged = (await db.get('images', ids[0]!))!;
    expect(unchanged.labelSource).toBe('folder');
    expect(await labelHistory(db, ids[4]!)).toMatchObject([{ from: null, to: 'good', source: 'manual' }]);
  });

  it('ignores images of other projects', async () => {
    const other = (await createProject(db, defaultScope('Other'))).id;
    const ids = (await db.getAllKeys('images')).map(String);
    expect(await applyLabelChanges(db, other, [{ imageId: ids[3]!, to: 'bad' }], 'manual')).toEqual([]);
    expect((await db.get('images', ids[3]!))!.label).toBeNull();
  });
});

describe('applySplits', () => {
  it('writes only the images whose split changes', async () => {
    const ids = (await db.getAllKeys('images')).map(String);
    expect(await applySplits(db, new Map(ids.map((id) => [id, 'train' as const])))).toBe(5);
    expect(
      await applySplits(
        db,
        new Map([
          [ids[0]!, 'train' as const],
          [ids[1]!, 'test' as const],
        ]),
      ),
    ).toBe(1);
    expect((await db.get('images', ids[1]!))!.split).toBe('test');
  });
});

describe('deleteProject', () => {
  it('removes the project with its images, blobs and label history', async () => {
    const ids = (await db.getAllKeys('images')).map(String);
    await applyLabelChanges(db, projectId, [{ imageId: ids[3]!, to: 'bad' }], 'manual');
    await deleteProject(db, projectId);
    expect(await db.count('images')).toBe(0);
    expect(await db.count('labelEvents')).toBe(0);
  });
});

describe('renameClass', () => {
  it('renames a class and relabels its images with a recorded event', async () => {
    const result = await renameClass(db, projectId, 'good', 'ok', 900);
    expect(result).toEqual({ relabeled: 2, merged: false });
    expect((await db.get('projects', projectId))!.scope.classes).toEqual(['ok', 'bad']);
    const relabeled = (await db.getAll('images')).filter((i) => i.label === 'ok');
    expect(relabeled).toHaveLength(2);
    expect(relabeled[0]).toMatchObject({
      labelSource: 'class-rename',
      previousLabel: 'good',
      labeledAt: 900,
    });
    expect((await db.getAll('labelEvents')).filter((e) => e.source === 'class-rename')).toHaveLength(2);
  });

  it('merges into an existing class and refuses to leave fewer than two classes', async () => {
    const project = (await db.get('projects', projectId))!;
    await db.put('projects', {
      ...project,
      scope: { ...project.scope, classes: ['good', 'scratch', 'thread'] },
    });
    const ids = (await db.getAllKeys('images')).map(String);
    await applyLabelChanges(db, projectId, [{ imageId: ids[3]!, to: 'scratch' }], 'manual');
    expect(await renameClass(db, projectId, 'scratch', 'thread')).toEqual({ relabeled: 1, merged: true });
    expect((await db.get('projects', projectId))!.scope.classes).toEqual(['good', 'thread']);
    expect((await db.get('images', ids[3]!))!.label).toBe('thread');
    await expect(renameClass(db, projectId, 'thread', 'good')).rejects.toThrow('at least two classes');
    expect((await db.get('projects', projectId))!.scope.classes).toEqual(['good', 'thread']);
  });
});
