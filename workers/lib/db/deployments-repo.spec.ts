import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDB } from 'idb';
import { openScrewOpsDb, type Db } from './open-db.ts';
import { createProject, deleteProject } from './projects-repo.ts';
import { defaultScope } from '../domain/scope.ts';
import {
  deployedVersionIds,
  deployVersion,
  DeploymentRuleError,
  getDeployment,
  listDeployEvents,
  rollbackDeployment,
  setFollow,
} from './deployments-repo.ts';
import { logInspection, listInspections } from './inspections-repo.ts';
import { deleteVersion } from './registry-repo.ts';
import type { DeployedModel } from '../station/station-types.ts';

let db: Db;
let name: string;
let counter = 0;
let projectId: string;

beforeEach(async () => {
  name = `screwops-deployments-test-${++counter}`;
  db = await openScrewOpsDb({}, name);
  projectId = (await createProject(db, defaultScope('Line 4'))).id;
});
afterEach(async () => {
  db.close();
  await deleteDB(name);
});

function model(version: number): DeployedModel {
  return {
    versionId: `${projectId}/screws@${version}`,
    label: `screws@${version}`,
    threshold: 0.4 + version / 100,
    source: 'registry',
    origin: null,
    deployedAt: 0,
    reason: '',
  };
}

const follow = { indexUrl: 'https://models.example/index.json', model: 'screws', alias: 'champion' };

/** Stores a registry version record so a rollback to it finds it. */
async function register(version: number): Promise<void> {
  await db.put('modelVersions', {
    id: `${projectId}/screws@${version}`,
    projectId,
    name: 'screws',
    version,
    source: 'run',
    classes: ['good', 'bad'],
    outputs: { names: ['good', 'bad'], classOf: [0, 1] },
    threshold: 0.5,
    thresholdRule: 'fixed',
    tfjsVersion: '4.22.0',
    appVersion: '0.1.0',
    lineage: { runId: null, snapshotId: null, snapshotHash: null, profileId: null },
    evaluationId: null,
    gatePassed: true,
    sizeBytes: 1,
    archived: false,
    createdAt: 0,
  });
}

describe('deployments repository', () => {
  it('makes the current deployment the previous one and records each switch, newest first', async () => {
    expect(await getDeployment(db, projectId)).toBeUndefined();
    await deployVersion(db, projectId, model(1), 'deploy', 'first model', 1000);
    const after = await deployVersion(db, projectId, model(2), 'deploy', '  retrained  ', 2000);
    expect(after.current).toMatchObject({ label: 'screws@2', reason: 'retrained', deployedAt: 2000 });
    expect(after.previous).toMatchObject({ label: 'screws@1', reason: 'first model', deployedAt: 1000 });
    expect(await getDeployment(db, projectId)).toEqual(after);
    const history = await listDeployEvents(db, projectId);
    expect(history.map((e) => [e.from, e.to, e.action, e.reason, e.at])).toEqual([
      ['screws@1', 'screws@2', 'deploy', 'retrained', 2000],
      [null, 'screws@1', 'deploy', 'first model', 1000],
    ]);
    expect(history[0]?.toVersionId).toBe(`${projectId}/screws@2`);
    expect(await listDeployEvents(db, projectId, 1)).toHaveLength(1);
    expect(await deployedVersionIds(db, projectId)).toEqual(
      new Set([`${projectId}/screws@1`, `${projectId}/screws@2`]),
    );
  });

  it('keeps the rollback target when the running version is deployed again', async () => {
    await deployVersion(db, projectId, model(1), 'deploy', 'a', 1000);
    await deployVersion(db, projectId, model(2), 'deploy', 'b', 2000);
    const again = await deployVersion(db, projectId, model(2), 'deploy', 'tapped twice', 3000);
    expect(again.previous?.label).toBe('screws@1');
    expect(await listDeployEvents(db, projectId)).toHaveLength(2);
  });

  it('rolls back by swapping current and previous, and back again', async () => {
    await register(1);
    await register(2);
    await deployVersion(db, projectId, model(1), 'deploy', 'a', 1000);
    await deployVersion(db, projectId, model(2), 'deploy', 'b', 2000);
    const back = await rollbackDeployment(db, projectId, 'false rejects on line 4', 3000);
    expect([back.current?.label, back.previous?.label]).toEqual(['screws@1', 'screws@2']);
    expect(back.current).toMatchObject({
      threshold: model(1).threshold,
      deployedAt: 3000,
      reason: 'false rejects on line 4',
    });
    const forth = await rollbackDeployment(db, projectId, '', 4000);
    expect([forth.current?.label, forth.previous?.label]).toEqual(['screws@2', 'screws@1']);
    expect((await listDeployEvents(db, projectId)).map((e) => [e.action, e.from, e.to, e.reason])).toEqual([
      ['rollback', 'screws@1', 'screws@2', 'rollback'],
      ['rollback', 'screws@2', 'screws@1', 'false rejects on line 4'],
      ['deploy', 'screws@1', 'screws@2', 'b'],
      ['deploy', null, 'screws@1', 'a'],
    ]);
  });

  it('refuses a rollback with nothing to return to and writes nothing', async () => {
    await expect(rollbackDeployment(db, projectId, 'x')).rejects.toThrow(/no previous deployment/);
    expect(await getDeployment(db, projectId)).toBeUndefined();
    await register(1);
    const first = await deployVersion(db, projectId, model(1), 'deploy', 'a', 1000);
    await expect(rollbackDeployment(db, projectId, 'x')).rejects.toBeInstanceOf(DeploymentRuleError);
    expect(await getDeployment(db, projectId)).toEqual(first);
    expect(await listDeployEvents(db, projectId)).toHaveLength(1);
  });

  it('refuses a rollback to a version deleted since, leaving deployment and history as they were', async () => {
    await deployVersion(db, projectId, model(1), 'deploy', 'a', 1000);
    const before = await deployVersion(db, projectId, model(2), 'deploy', 'b', 2000);
    await expect(rollbackDeployment(db, projectId, 'x')).rejects.toThrow(/screws@1 was deleted/);
    expect(await getDeployment(db, projectId)).toEqual(before);
    expect(await listDeployEvents(db, projectId)).toHaveLength(2);
  });

  it('keeps a followed alias through follow deploys and drops it on a deploy by hand or a rollback', async () => {
    await register(1);
    await setFollow(db, projectId, follow, 500);
    expect((await getDeployment(db, projectId))?.follow).toEqual(follow);
    await deployVersion(db, projectId, model(1), 'follow', 'champion moved', 1000);
    const followed = await deployVersion(db, projectId, model(2), 'follow', 'champion moved', 2000);
    expect(followed.follow).toEqual(follow);
    expect((await rollbackDeployment(db, projectId, 'bad champion')).follow).toBeNull();
    await setFollow(db, projectId, follow);
    expect((await deployVersion(db, projectId, model(3), 'deploy', 'by hand')).follow).toBeNull();
    const stopped = await setFollow(db, projectId, null);
    expect(stopped.current?.label).toBe('screws@3');
  });

  it('keeps the running version and the rollback target from being deleted from the registry', async () => {
    for (const v of [1, 2, 3]) await register(v);
    await deployVersion(db, projectId, model(1), 'deploy', 'a');
    await deployVersion(db, projectId, model(2), 'deploy', 'b');
    await expect(deleteVersion(db, model(2).versionId!)).rejects.toThrow(/screws@2 is deployed/);
    await expect(deleteVersion(db, model(1).versionId!)).rejects.toThrow(/would roll back to/);
    await deployVersion(db, projectId, model(3), 'deploy', 'c');
    await deleteVersion(db, model(1).versionId!);
    expect(await db.get('modelVersions', model(1).versionId!)).toBeUndefined();
  });

  it('goes with its project, leaving other projects alone', async () => {
    const other = (await createProject(db, defaultScope('Line 5'))).id;
    for (const id of [projectId, other]) {
      await deployVersion(db, id, { ...model(1), versionId: `${id}/screws@1` }, 'deploy', 'a');
      await logInspection(
        db,
        {
          projectId: id,
          at: 1000,
          kind: 'gap',
          note: 'camera disconnected',
          versionId: null,
          modelLabel: 'shipped default',
          trigger: null,
          verdict: null,
          score: null,
          threshold: null,
          uncertain: false,
          latencyMs: null,
          part: null,
          frameWidth: null,
          frameHeight: null,
        },
        new Blob([new Uint8Array(10)]),
      );
    }
    await deleteProject(db, projectId);
    expect(await getDeployment(db, projectId)).toBeUndefined();
    expect(await listDeployEvents(db, projectId)).toEqual([]);
    expect(await listInspections(db, projectId)).toEqual([]);
    expect(await db.count('inspectionThumbs')).toBe(1);
    expect((await getDeployment(db, other))?.current?.label).toBe('screws@1');
    expect(await listInspections(db, other)).toHaveLength(1);
    expect(await listDeployEvents(db, other)).toHaveLength(1);
  });
});
