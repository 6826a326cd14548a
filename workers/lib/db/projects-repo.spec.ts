import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDB, openDB } from 'idb';
import { openScrewOpsDb, writeTransaction, type Db } from './open-db.ts';
import {
  createProject,
  deleteProject,
  findProjectByName,
  listProjects,
  requireProject,
  updateProjectScope,
} from './projects-repo.ts';
import { getSetting } from './settings-repo.ts';
import {
  DuplicateNameError,
  NotFoundError,
  StorageFullError,
  isQuotaError,
  toStorageError,
} from './errors.ts';
import { defaultScope } from '../domain/scope.ts';
import { DB_VERSION } from './schema.ts';

let db: Db;
let name: string;
let counter = 0;

beforeEach(async () => {
  name = `screwops-test-${++counter}`;
  db = await openScrewOpsDb({}, name);
});
afterEach(async () => {
  db.close();
  await deleteDB(name);
});

describe('projects repository', () => {
  it('creates a project and remembers it as the last one, in one transaction', async () => {
    const project = await createProject(db, defaultScope('Line 4'));
    expect(await findProjectByName(db, 'Line 4')).toEqual(project);
    expect(await getSetting(db, 'lastProjectId')).toBe(project.id);
  });

  it('refuses a duplicate name and writes nothing', async () => {
    await createProject(db, defaultScope('Line 4'));
    await expect(createProject(db, defaultScope('Line 4'))).rejects.toBeInstanceOf(DuplicateNameError);
    expect(await listProjects(db)).toHaveLength(1);
  });

  it('lists the most recently updated first and keeps projects apart', async () => {
    const a = await createProject(db, defaultScope('A'), 1000);
    await createProject(db, defaultScope('B'), 2000);
    const scope = { ...a.scope, classes: ['ok', 'scratch', 'thread'] };
    await updateProjectScope(db, a.id, scope, 3000);
    const listed = await listProjects(db);
    expect(listed.map((p) => p.scope.name)).toEqual(['A', 'B']);
    expect(listed[0]?.scope.classes).toEqual(['ok', 'scratch', 'thread']);
    expect(listed[1]?.scope.classes).toEqual(['good', 'bad']);
  });

  it('renaming onto another project name is refused', async () => {
    const a = await createProject(db, defaultScope('A'));
    await createProject(db, defaultScope('B'));
    await expect(updateProjectScope(db, a.id, { ...a.scope, name: 'B' })).rejects.toBeInstanceOf(
      DuplicateNameError,
    );
  });

  it('deleting the last project forgets it as the last one', async () => {
    const a = await createProject(db, defaultScope('A'));
    await deleteProject(db, a.id);
    expect(await listProjects(db)).toEqual([]);
    expect(await getSetting(db, 'lastProjectId')).toBeUndefined();
  });

  it('requireProject returns a stored project and names a missing one in a NotFoundError', async () => {
    const a = await createProject(db, defaultScope('A'));
    expect(await requireProject(db, a.id)).toEqual(a);
    await deleteProject(db, a.id);
    const missing = requireProject(db, a.id);
    await expect(missing).rejects.toBeInstanceOf(NotFoundError);
    await expect(missing).rejects.toThrow(`No project "${a.id}" exists on this device.`);
  });
});

describe('writeTransaction', () => {
  it('leaves nothing half-written when the body fails after a write', async () => {
    await expect(
      writeTransaction(db, ['projects', 'settings'], 'test', async (tx) => {
        await tx.objectStore('settings').put({ key: 'demoSeeded', value: true });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await getSetting(db, 'demoSeeded')).toBeUndefined();
  });

  it('turns a quota failure into a StorageFullError', async () => {
    await expect(
      writeTransaction(db, ['settings'], 'the image batch', async () => {
        throw new DOMException('Quota exceeded', 'QuotaExceededError');
      }),
    ).rejects.toBeInstanceOf(StorageFullError);
  });
});

describe('quota detection', () => {
  it('recognises QuotaExceededError directly and wrapped in AbortError', () => {
    const quota = new DOMException('full', 'QuotaExceededError');
    expect(isQuotaError(quota)).toBe(true);
    const wrapped = new Error('The transaction was aborted', { cause: quota });
    wrapped.name = 'AbortError';
    expect(isQuotaError(wrapped)).toBe(true);
    expect(isQuotaError(new DOMException('aborted', 'AbortError'), quota)).toBe(true);
    expect(isQuotaError(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isQuotaError(new TypeError('x'))).toBe(false);
  });

  it('names what was not saved', () => {
    const error = toStorageError(new DOMException('full', 'QuotaExceededError'), 'batch 3 of the import');
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as Error).message).toContain('batch 3 of the import was not saved');
  });
});

describe('migration ladder', () => {
  it('reopening an existing database runs no step twice and keeps its data', async () => {
    const project = await createProject(db, defaultScope('Kept'));
    db.close();
    db = await openScrewOpsDb({}, name);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'aliasEvents',
      'artifacts',
      'blobs',
      'checkpoints',
      'deployEvents',
      'deployments',
      'driftReferences',
      'evaluations',
      'images',
      'imports',
      'inspectionThumbs',
      'inspections',
      'labelEvents',
      'modelBlobs',
      'modelVersions',
      'profiles',
      'projects',
      'registeredModels',
      'runs',
      'settings',
      'snapshots',
      'tensors',
    ]);
    expect(await findProjectByName(db, 'Kept')).toEqual(project);
  });

  it('upgrades a released version-1 database to the current schema without losing its projects', async () => {
    db.close();
    await deleteDB(name);
    // A database exactly as version 1 shipped it, with one project in it.
    const v1 = await openDB(name, 1, {
      upgrade(old) {
        const projects = old.createObjectStore('projects', { keyPath: 'id' });
        projects.createIndex('by-name', 'scope.name', { unique: true });
        projects.createIndex('by-updated', 'updatedAt');
        old.createObjectStore('settings', { keyPath: 'key' });
      },
    });
    await v1.put('projects', { id: 'prj_old', scope: defaultScope('From v1'), createdAt: 1, updatedAt: 1 });
    v1.close();
    db = await openScrewOpsDb({}, name);
    expect(db.version).toBe(DB_VERSION);
    expect((await findProjectByName(db, 'From v1'))?.id).toBe('prj_old');
    expect(await db.countFromIndex('images', 'by-project', 'prj_old')).toBe(0);
  });

  it('tells this tab to close when another tab opens a newer version', async () => {
    let told = false;
    db.close();
    db = await openScrewOpsDb({ onVersionChange: () => (told = true) }, name);
    const newer = await openDB(name, DB_VERSION + 1);
    expect(told).toBe(true);
    newer.close();
  });
});
