import type { Db } from './open-db.ts';
import { writeTransaction } from './open-db.ts';
import type { ProjectRecord, SplitSettings } from './schema/projects.ts';
import type { Scope } from '../domain/scope.ts';
import { DuplicateNameError, NotFoundError } from './errors.ts';
import { projectTimeRange } from './inspections-repo.ts';

/** A short random id; projects are few, so 96 bits of randomness is plenty. */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return prefix + '_' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Every project, most recently updated first. */
export async function listProjects(db: Db): Promise<ProjectRecord[]> {
  const all = await db.getAllFromIndex('projects', 'by-updated');
  return all.reverse();
}

/** One project by id, or undefined. */
export function getProject(db: Db, id: string): Promise<ProjectRecord | undefined> {
  return db.get('projects', id);
}

/** One project by id; throws NotFoundError when it does not exist (deleted, perhaps in another tab). */
export async function requireProject(db: Db, id: string): Promise<ProjectRecord> {
  const project = await getProject(db, id);
  if (!project) throw new NotFoundError('project', id);
  return project;
}

/** One project by its unique name, or undefined. */
export function findProjectByName(db: Db, name: string): Promise<ProjectRecord | undefined> {
  return db.getFromIndex('projects', 'by-name', name);
}

/** Creates a project from a scope card and makes it the last opened one, in one transaction. */
export async function createProject(db: Db, scope: Scope, now = Date.now()): Promise<ProjectRecord> {
  const record: ProjectRecord = {
    id: newId('prj'),
    scope: structuredClone(scope),
    createdAt: now,
    updatedAt: now,
  };
  return writeTransaction(db, ['projects', 'settings'], `project "${scope.name}"`, async (tx) => {
    const projects = tx.objectStore('projects');
    if (await projects.index('by-name').getKey(scope.name))
      throw new DuplicateNameError('project', scope.name);
    await projects.add(record);
    await tx.objectStore('settings').put({ key: 'lastProjectId', value: record.id });
    return record;
  });
}

/** Replaces a project's scope card. */
export async function updateProjectScope(
  db: Db,
  id: string,
  scope: Scope,
  now = Date.now(),
): Promise<ProjectRecord> {
  return writeTransaction(db, ['projects'], `project "${scope.name}"`, async (tx) => {
    const store = tx.objectStore('projects');
    const current = await store.get(id);
    if (!current) throw new NotFoundError('project', id);
    const holder = await store.index('by-name').getKey(scope.name);
    if (holder && holder !== id) throw new DuplicateNameError('project', scope.name);
    const next: ProjectRecord = { ...current, scope: structuredClone(scope), updatedAt: now };
    await store.put(next);
    return next;
  });
}

/** Deletes a project with everything it owns (images, history, snapshots, profiles, runs, registered models, evaluations, deployments, inspection log), in one transaction. */
export async function deleteProject(db: Db, id: string): Promise<void> {
  const stores = [
    'projects',
    'settings',
    'images',
    'blobs',
    'imports',
    'labelEvents',
    'snapshots',
    'profiles',
    'runs',
    'checkpoints',
    'artifacts',
    'registeredModels',
    'modelVersions',
    'modelBlobs',
    'aliasEvents',
    'evaluations',
    'deployments',
    'deployEvents',
    'inspections',
    'inspectionThumbs',
    'driftReferences',
  ] as const;
  await writeTransaction(db, [...stores], 'the deletion', async (tx) => {
    const imageIds = await tx.objectStore('images').index('by-project').getAllKeys(id);
    const jobIds = await tx.objectStore('imports').index('by-project').getAllKeys(id);
    const eventIds = await tx.objectStore('labelEvents').index('by-project').getAllKeys(id);
    const snapshotIds = await tx.objectStore('snapshots').index('by-project').getAllKeys(id);
    const profileIds = await tx.objectStore('profiles').index('by-project').getAllKeys(id);
    const runIds = await tx.objectStore('runs').index('by-project').getAllKeys(id);
    const modelIds = await tx.objectStore('registeredModels').index('by-project').getAllKeys(id);
    const versionIds = await tx.objectStore('modelVersions').index('by-project').getAllKeys(id);
    const aliasEventIds = await tx.objectStore('aliasEvents').index('by-project').getAllKeys(id);
    const evaluationIds = await tx.objectStore('evaluations').index('by-project').getAllKeys(id);
    const deployEventIds = await tx.objectStore('deployEvents').index('by-project').getAllKeys(id);
    const referenceIds = await tx.objectStore('driftReferences').index('by-project').getAllKeys(id);
    const inspectionIds = await tx
      .objectStore('inspections')
      .index('by-project-at')
      .getAllKeys(projectTimeRange(id));
    const thumbIds = await tx
      .objectStore('inspectionThumbs')
      .index('by-project-at')
      .getAllKeys(projectTimeRange(id));
    await Promise.all([
      ...imageIds.flatMap((key) => [
        tx.objectStore('images').delete(key),
        tx.objectStore('blobs').delete(key),
      ]),
      ...jobIds.map((key) => tx.objectStore('imports').delete(key)),
      ...eventIds.map((key) => tx.objectStore('labelEvents').delete(key)),
      ...snapshotIds.map((key) => tx.objectStore('snapshots').delete(key)),
      ...profileIds.map((key) => tx.objectStore('profiles').delete(key)),
      ...runIds.flatMap((key) => [
        tx.objectStore('runs').delete(key),
        tx.objectStore('checkpoints').delete(key),
        tx.objectStore('artifacts').delete(key),
      ]),
      ...modelIds.map((key) => tx.objectStore('registeredModels').delete(key)),
      ...versionIds.flatMap((key) => [
        tx.objectStore('modelVersions').delete(key),
        tx.objectStore('modelBlobs').delete(key),
      ]),
      ...aliasEventIds.map((key) => tx.objectStore('aliasEvents').delete(key)),
      ...evaluationIds.map((key) => tx.objectStore('evaluations').delete(key)),
      tx.objectStore('deployments').delete(id),
      ...deployEventIds.map((key) => tx.objectStore('deployEvents').delete(key)),
      ...inspectionIds.map((key) => tx.objectStore('inspections').delete(key)),
      ...thumbIds.map((key) => tx.objectStore('inspectionThumbs').delete(key)),
      ...referenceIds.map((key) => tx.objectStore('driftReferences').delete(key)),
    ]);
    await tx.objectStore('projects').delete(id);
    const last = await tx.objectStore('settings').get('lastProjectId');
    if (last?.value === id) await tx.objectStore('settings').delete('lastProjectId');
  });
}

/** Remembers how the project splits its images. */
export async function setSplitSettings(db: Db, id: string, settings: SplitSettings): Promise<ProjectRecord> {
  return writeTransaction(db, ['projects'], 'the split settings', async (tx) => {
    const current = await tx.objectStore('projects').get(id);
    if (!current) throw new NotFoundError('project', id);
    const next: ProjectRecord = { ...current, splitSettings: settings };
    await tx.objectStore('projects').put(next);
    return next;
  });
}

/** Stores the project's data assertions (YAML text, validated by the caller). */
export async function setProjectAssertions(
  db: Db,
  id: string,
  yaml: string | undefined,
  now = Date.now(),
): Promise<ProjectRecord> {
  return writeTransaction(db, ['projects'], 'the data assertions', async (tx) => {
    const current = await tx.objectStore('projects').get(id);
    if (!current) throw new NotFoundError('project', id);
    const next: ProjectRecord = { ...current, assertionsYaml: yaml, updatedAt: now };
    await tx.objectStore('projects').put(next);
    return next;
  });
}
