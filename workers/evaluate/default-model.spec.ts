import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readShippedBundle } from '../../tests/support/shipped-bundle.ts';
import { deleteDB } from 'idb';
import { openScrewOpsDb, type Db } from '../lib/db/open-db.ts';
import { createProject } from '../lib/db/projects-repo.ts';
import { aliasHistory, getModel, listVersions } from '../lib/db/registry-repo.ts';
import { defaultScope, type Gate } from '../lib/domain/scope.ts';
import { DEFAULT_MODEL_NAME, ensureDefaultModel, recordedGate } from './default-model.ts';

const gate = (threshold: number): Gate => ({ metric: 'accuracy', split: 'test', threshold });
const versions = { tfjs: '4.22.0', app: '0.0.0-test' };

describe('the shipped model in the registry', () => {
  let db: Db;
  let name: string;
  let counter = 0;
  beforeEach(async () => {
    name = `screwops-default-model-${++counter}`;
    db = await openScrewOpsDb({}, name);
  });
  afterEach(async () => {
    db.close();
    await deleteDB(name);
  });

  it('judges the gate on the test figures recorded at build time', () => {
    const bundle = readShippedBundle();
    const passed = recordedGate(bundle, gate(0.95));
    expect(passed?.passed).toBe(true);
    expect(passed?.criteria.map((c) => c.passed)).toEqual([true, true, true, true]);
    // The recorded confusion allows at most 448/450: a 0.999 gate cannot pass on it.
    expect(recordedGate(bundle, gate(0.999))?.passed).toBe(false);
    expect(
      recordedGate({ ...bundle, metadata: { ...bundle.metadata, metrics: null } }, gate(0.95)),
    ).toBeNull();
  });

  it('registers it once as default@1, champion when it passes the project gate', async () => {
    const project = await createProject(db, defaultScope('Line 1'));
    let loads = 0;
    const load = async () => (loads++, readShippedBundle());
    const record = await ensureDefaultModel(db, project.id, project.scope.gate, load, versions);
    expect(record).toMatchObject({
      name: DEFAULT_MODEL_NAME,
      version: 1,
      source: 'default',
      gatePassed: true,
    });
    expect(record!.threshold).toBeCloseTo(0.3306, 3);
    expect((await getModel(db, project.id, DEFAULT_MODEL_NAME))?.aliases).toEqual({ champion: 1 });
    expect((await aliasHistory(db, project.id, DEFAULT_MODEL_NAME))[0]?.reason).toMatch(/build-time test/);

    expect(await ensureDefaultModel(db, project.id, project.scope.gate, load, versions)).toBeNull();
    expect(loads).toBe(1);
    expect(await listVersions(db, project.id, DEFAULT_MODEL_NAME)).toHaveLength(1);
  });

  it('registers it without an alias when the project gate is stricter than its figures', async () => {
    const project = await createProject(db, { ...defaultScope('Strict line'), gate: gate(0.999) });
    const record = await ensureDefaultModel(
      db,
      project.id,
      project.scope.gate,
      async () => readShippedBundle(),
      versions,
    );
    expect(record?.gatePassed).toBe(false);
    expect((await getModel(db, project.id, DEFAULT_MODEL_NAME))?.aliases).toEqual({});
  });
});
