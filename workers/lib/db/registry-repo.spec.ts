import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDB, openDB } from 'idb';
import { openScrewOpsDb, type Db } from './open-db.ts';
import { DB_VERSION } from './schema.ts';
import { createProject, deleteProject } from './projects-repo.ts';
import { defaultScope } from '../domain/scope.ts';
import {
  aliasHistory,
  championGate,
  deleteVersion,
  getModel,
  getVersionBundle,
  judgeChampion,
  listEvaluations,
  listModels,
  listVersions,
  registerVersion,
  requireVersion,
  rollbackChampion,
  RegistryRuleError,
  saveEvaluation,
  setAlias,
  setArchived,
  versionByAlias,
  versionId,
  type NewVersion,
} from './registry-repo.ts';
import { weightsOnlyBundle } from '../../../models/bundle/testing.ts';
import type { EvaluationRecord } from './schema/registry.ts';
import type { RunRecord } from './schema/runs.ts';

let db: Db;
let name: string;
let counter = 0;
let projectId: string;

beforeEach(async () => {
  name = `screwops-registry-test-${++counter}`;
  db = await openScrewOpsDb({}, name);
  projectId = (await createProject(db, defaultScope('Line 4'))).id;
});
afterEach(async () => {
  db.close();
  await deleteDB(name);
});

function version(gatePassed: boolean | null, weights = [1, 2, 3]): NewVersion {
  return {
    projectId,
    name: 'screws',
    bundle: weightsOnlyBundle(weights),
    source: 'run',
    threshold: 0.4,
    thresholdRule: 'best balanced accuracy on validation',
    tfjsVersion: '4.22.0',
    appVersion: '0.1.0',
    lineage: { runId: 'run_1', snapshotId: 'snp_1', snapshotHash: 'abc', profileId: 'prf_1' },
    gatePassed,
  };
}

const promote = (v: number, extra: { override?: boolean; reason?: string } = {}) =>
  setAlias(db, {
    projectId,
    name: 'screws',
    alias: 'champion',
    version: v,
    reason: extra.reason ?? '',
    ...extra,
  });

describe('model registry', () => {
  it('numbers versions per model and keeps each bundle with its lineage', async () => {
    const v1 = await registerVersion(db, version(true, [1]));
    const v2 = await registerVersion(db, version(true, [2, 2]));
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect((await listVersions(db, projectId, 'screws')).map((v) => v.version)).toEqual([2, 1]);
    expect(v2.sizeBytes).toBe(8 + JSON.stringify({ layers: [] }).length);
    expect(v2.lineage).toEqual({
      runId: 'run_1',
      snapshotId: 'snp_1',
      snapshotHash: 'abc',
      profileId: 'prf_1',
    });
    expect(new Float32Array((await getVersionBundle(db, v2.id)).weightData)).toEqual(
      new Float32Array([2, 2]),
    );
    expect((await listModels(db, projectId)).map((m) => m.name)).toEqual(['screws']);
  });

  it('refuses names that cannot be written as NAME@V', async () => {
    await expect(registerVersion(db, { ...version(true), name: 'a@b' })).rejects.toBeInstanceOf(
      RegistryRuleError,
    );
    expect(await listModels(db, projectId)).toEqual([]);
  });

  it('makes only a version that passed the gate champion, and records an explicit override', async () => {
    await registerVersion(db, version(true));
    await registerVersion(db, version(false));
    await registerVersion(db, version(null));
    await promote(1);
    await expect(promote(2)).rejects.toThrow(/failed the promotion gate/);
    await expect(promote(3)).rejects.toThrow(/has not been evaluated/);
    await expect(promote(2, { override: true, reason: '  ' })).rejects.toBeInstanceOf(RegistryRuleError);
    expect((await versionByAlias(db, projectId, 'screws', 'champion'))?.version).toBe(1);

    const event = await promote(2, { override: true, reason: 'line stop: known false rejects accepted' });
    expect(event).toMatchObject({ from: 1, to: 2, override: true, kind: 'promote' });
    const history = await aliasHistory(db, projectId, 'screws');
    expect(history.map((e) => [e.from, e.to, e.override])).toEqual([
      [1, 2, true],
      [null, 1, false],
    ]);
  });

  it('lets a passed cross-validation of its run stand in for a test split too small to show the gate, never for a large one', async () => {
    // What the Evaluate screen stores: the outcome, whose report holds the gate's criteria.
    const evaluation = (id: string, sampleSizePassed: boolean): EvaluationRecord => ({
      id,
      projectId,
      model: { kind: 'run', runId: 'run_1' },
      snapshotId: 'snp_1',
      report: {
        report: {
          gate: {
            criteria: [
              { id: 'metric', passed: true },
              { id: 'sample-size', passed: sampleSizePassed },
            ],
          },
        },
      },
      gatePassed: false,
      createdAt: 1,
    });
    const crossValidated = (passed: boolean) => ({
      crossValidation: {
        gate: { passed, figure: 'accuracy, 5-fold × 2 repeats cross-validated mean 0.975' },
      },
    });
    const small = await registerVersion(db, { ...version(false), evaluationId: 'evl_small' });
    const large = await registerVersion(db, { ...version(false), evaluationId: 'evl_large' });
    const never = await registerVersion(db, version(null));
    const judge = (v: typeof small, e: EvaluationRecord | undefined, cvPassed: boolean | null) =>
      judgeChampion(v, e, cvPassed === null ? {} : crossValidated(cvPassed));

    expect(judge(small, evaluation('evl_small', false), true)).toMatchObject({
      passed: true,
      basis: 'cross-validation',
    });
    expect(judge(small, evaluation('evl_small', false), true).why).toMatch(
      /failed the promotion gate on a test split too small to show it, but its run passed the gate by cross-validation \(accuracy, 5-fold/,
    );
    expect(judge(never, undefined, true)).toMatchObject({ passed: true, basis: 'cross-validation' });
    const outweighed = judge(large, evaluation('evl_large', true), true);
    expect(outweighed).toMatchObject({ passed: false, basis: null });
    expect(outweighed.why).toMatch(/large enough to judge outweighs that/);
    expect(judge(small, evaluation('evl_small', false), false).why).toMatch(/cross-validation failed it too/);
    expect(judge(small, evaluation('evl_small', false), null).why).toMatch(
      /Evaluate it on a larger test split, or cross-validate its run/,
    );

    // The promotion reads the same evidence from the database, in its own transaction.
    await saveEvaluation(db, evaluation('evl_small', false), { marksVersion: false });
    await saveEvaluation(db, evaluation('evl_large', true), { marksVersion: false });
    await expect(promote(1)).rejects.toThrow(/too small to show it\. Evaluate it on a larger test split/);
    const run = { id: 'run_1', projectId, ...crossValidated(true) } as unknown as RunRecord;
    await db.put('runs', run);
    expect(await championGate(db, small.id)).toMatchObject({ passed: true, basis: 'cross-validation' });
    expect(await promote(1)).toMatchObject({ override: false, gateBasis: 'cross-validation' });
    await expect(promote(2)).rejects.toThrow(/outweighs that\. It cannot become champion unless promoted/);
    expect(await promote(3)).toMatchObject({ override: false, gateBasis: 'cross-validation' });
  });

  it('lets any version be challenger without the gate', async () => {
    await registerVersion(db, version(false));
    await setAlias(db, { projectId, name: 'screws', alias: 'challenger', version: 1, reason: 'shadow test' });
    expect((await getModel(db, projectId, 'screws'))?.aliases).toEqual({ challenger: 1 });
  });

  it('rolls the champion back to the one before, skipping archived versions', async () => {
    for (let i = 0; i < 3; i++) await registerVersion(db, version(true));
    await promote(1);
    await promote(2);
    await promote(3);
    await setArchived(db, versionId(projectId, 'screws', 2), true);
    const event = await rollbackChampion(db, projectId, 'screws', 'false rejects on line 4');
    expect(event).toMatchObject({ from: 3, to: 1, kind: 'rollback', reason: 'false rejects on line 4' });
    expect((await versionByAlias(db, projectId, 'screws', 'champion'))?.version).toBe(1);
  });

  it('refuses a rollback with no earlier champion', async () => {
    await registerVersion(db, version(true));
    await expect(rollbackChampion(db, projectId, 'screws')).rejects.toThrow(/no champion/);
    await promote(1);
    await expect(rollbackChampion(db, projectId, 'screws')).rejects.toThrow(/no earlier champion/);
  });

  it('refuses to delete or archive the champion or a deployed version, and deletes others whole', async () => {
    const v1 = await registerVersion(db, version(true));
    const v2 = await registerVersion(db, version(true));
    const v3 = await registerVersion(db, version(true));
    await promote(1);
    await expect(deleteVersion(db, v1.id)).rejects.toThrow(/champion and cannot be deleted/);
    await expect(setArchived(db, v1.id, true)).rejects.toThrow(/champion/);
    await expect(deleteVersion(db, v2.id, new Set([v2.id]))).rejects.toThrow(/deployed/);
    await deleteVersion(db, v3.id);
    await expect(requireVersion(db, v3.id)).rejects.toThrow(/screws@3/);
    await expect(getVersionBundle(db, v3.id)).rejects.toThrow();
    // A deleted number is never given again.
    expect((await registerVersion(db, version(true))).version).toBe(4);
  });

  it('stores an evaluation and marks the version with its gate result', async () => {
    const v1 = await registerVersion(db, version(null));
    await saveEvaluation(db, {
      id: 'evl_1',
      projectId,
      model: { kind: 'version', versionId: v1.id },
      snapshotId: 'snp_2',
      report: { accuracy: 0.97 },
      gatePassed: true,
      createdAt: 1,
    });
    expect(await requireVersion(db, v1.id)).toMatchObject({ evaluationId: 'evl_1', gatePassed: true });
    expect((await listEvaluations(db, projectId)).map((e) => e.id)).toEqual(['evl_1']);
    await promote(1);
  });

  it('leaves the version’s gate result alone for an evaluation at a moved threshold', async () => {
    const v1 = await registerVersion(db, version(true));
    const explored = {
      id: 'evl_2',
      projectId,
      model: { kind: 'version' as const, versionId: v1.id },
      snapshotId: 'snp_2',
      report: {},
      gatePassed: false,
      createdAt: 2,
    };
    await saveEvaluation(db, explored, { marksVersion: false });
    expect(await requireVersion(db, v1.id)).toMatchObject({ gatePassed: true, evaluationId: null });
    expect((await listEvaluations(db, projectId)).map((e) => e.id)).toEqual(['evl_2']);
  });

  it('deletes the registry with its project', async () => {
    const v1 = await registerVersion(db, version(true));
    await promote(1);
    await deleteProject(db, projectId);
    expect(await listModels(db, projectId)).toEqual([]);
    expect(await db.get('modelBlobs', v1.id)).toBeUndefined();
    expect(await db.count('aliasEvents')).toBe(0);
  });

  it('adds the registry stores to a database of the previous version without touching its data', async () => {
    const old = `screwops-registry-upgrade-${counter}`;
    const v3 = await openDB(old, 3, {
      upgrade(database) {
        const projects = database.createObjectStore('projects', { keyPath: 'id' });
        projects.createIndex('by-name', 'scope.name', { unique: true });
        projects.createIndex('by-updated', 'updatedAt');
      },
    });
    await v3.put('projects', { id: 'prj_old', scope: defaultScope('Old'), createdAt: 1, updatedAt: 1 });
    v3.close();
    const upgraded = await openScrewOpsDb({}, old);
    expect(upgraded.version).toBe(DB_VERSION);
    expect((await upgraded.get('projects', 'prj_old'))?.scope.name).toBe('Old');
    expect([...upgraded.objectStoreNames]).toEqual(
      expect.arrayContaining([
        'registeredModels',
        'modelVersions',
        'modelBlobs',
        'aliasEvents',
        'evaluations',
      ]),
    );
    upgraded.close();
    await deleteDB(old);
  });
});
