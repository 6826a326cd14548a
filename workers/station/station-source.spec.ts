import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readShippedBundle } from '../../tests/support/shipped-bundle.ts';
import { deleteDB } from 'idb';
import { openScrewOpsDb, type Db } from '../lib/db/open-db.ts';
import { createProject } from '../lib/db/projects-repo.ts';
import { listVersions, registerVersion } from '../lib/db/registry-repo.ts';
import { deployVersion } from '../lib/db/deployments-repo.ts';
import { defaultScope } from '../lib/domain/scope.ts';
import { resolveStationModel } from './station-source.ts';

const versions = { tfjs: '4.22.0', app: '0.0.0-test' };

describe('resolveStationModel', () => {
  let db: Db;
  let name: string;
  let counter = 0;
  let projectId: string;
  let loads: number;
  const load = () => {
    loads++;
    return Promise.resolve(readShippedBundle());
  };
  beforeEach(async () => {
    name = `screwops-station-source-${++counter}`;
    db = await openScrewOpsDb({}, name);
    projectId = (await createProject(db, defaultScope())).id;
    loads = 0;
  });
  afterEach(async () => {
    db.close();
    await deleteDB(name);
  });

  it('runs the shipped model, registered as default@1, when nothing is deployed', async () => {
    const source = await resolveStationModel(db, projectId, load, versions);
    expect(source.isShippedDefault).toBe(true);
    expect(source.model).toMatchObject({ label: 'default@1', source: 'shipped' });
    expect((await listVersions(db, projectId, 'default')).map((v) => v.id)).toEqual([source.key]);
    expect(source.model.versionId).toBe(source.key);
    // Registered once: the next station start reads it from storage.
    const again = await resolveStationModel(db, projectId, load, versions);
    expect(again.key).toBe(source.key);
    expect(loads).toBe(1);
  });

  it('runs the deployed version with its threshold', async () => {
    const record = await registerVersion(db, {
      projectId,
      name: 'screws',
      bundle: readShippedBundle(),
      source: 'import',
      threshold: 0.7,
      thresholdRule: 'set by hand',
      tfjsVersion: versions.tfjs,
      appVersion: versions.app,
      lineage: { runId: null, snapshotId: null, snapshotHash: null, profileId: null },
      gatePassed: null,
      description: '',
    });
    await deployVersion(
      db,
      projectId,
      {
        versionId: record.id,
        label: 'screws@1',
        threshold: 0.7,
        source: 'registry',
        origin: null,
        deployedAt: 1,
        reason: 'test',
      },
      'deploy',
      'test',
    );
    const source = await resolveStationModel(db, projectId, load, versions);
    expect(source).toMatchObject({ key: record.id, isShippedDefault: false });
    expect(source.model).toMatchObject({ label: 'screws@1', threshold: 0.7 });
    expect(loads).toBe(0);
  });

  it('refuses a project that does not exist', async () => {
    await expect(resolveStationModel(db, 'prj_missing', load, versions)).rejects.toThrow(/project/i);
  });
});
