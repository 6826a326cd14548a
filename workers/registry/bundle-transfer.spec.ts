import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { deleteDB } from 'idb';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openScrewOpsDb, type Db } from '../lib/db/open-db.ts';
import { createProject } from '../lib/db/projects-repo.ts';
import {
  getVersionBundle,
  listModels,
  registerVersion,
  versionId,
  type NewVersion,
} from '../lib/db/registry-repo.ts';
import { defaultScope } from '../lib/domain/scope.ts';
import type { ModelBundle } from '../../models/bundle.ts';
import { loadBundleModel, modelPredictor } from '../../models/bundle/bundle-model.ts';
import { recordGolden } from '../../models/bundle/golden.ts';
import { SMALL_HEIGHT, SMALL_WIDTH, flipLastWeight, smallBundle } from '../../models/bundle/testing.ts';
import { exportVersion, importVersion } from './bundle-transfer.ts';

let bundle: ModelBundle;
let db: Db;
let name: string;
let counter = 0;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  bundle = await smallBundle();
  const model = await loadBundleModel(bundle);
  bundle.golden = await recordGolden(bundle.metadata, modelPredictor(model));
  model.dispose();
});
beforeEach(async () => {
  name = `screwops-transfer-${++counter}`;
  db = await openScrewOpsDb({}, name);
});
afterEach(async () => {
  db.close();
  await deleteDB(name);
});

const versions = { tfjsVersion: tf.version_core, appVersion: '0.0.0-test' };

/** Registers the test bundle as the next version of "screws" in a project. */
function register(projectId: string, extra: Partial<NewVersion> = {}) {
  return registerVersion(db, {
    projectId,
    name: 'screws',
    bundle,
    source: 'run',
    threshold: 0.5,
    thresholdRule: 'set by hand',
    ...versions,
    lineage: { runId: null, snapshotId: null, snapshotHash: null, profileId: null },
    ...extra,
  });
}

async function scores(b: ModelBundle): Promise<Float32Array> {
  const model = await loadBundleModel(b);
  const input = tf.randomUniform([4, SMALL_HEIGHT, SMALL_WIDTH, 1], -2, 2, 'float32', 7);
  const out = model.predict(input) as tf.Tensor;
  const values = (await out.data()) as Float32Array;
  tf.dispose([input, out]);
  model.dispose();
  return values;
}

describe('moving a registered version between devices', () => {
  it('exports a version with its registry threshold and imports it on another device with identical answers', async () => {
    const source = await createProject(db, defaultScope('Line 1'));
    const v1 = await register(source.id, {
      threshold: 0.37,
      lineage: { runId: 'run_1', snapshotId: 'snp_1', snapshotHash: 'abc', profileId: null },
      gatePassed: true,
    });
    const exported = await exportVersion(db, v1.id, { summary: 'Line 1 screws' });
    expect(exported.fileName).toBe('screws-v1.screwops.zip');

    // Another device: a fresh database.
    const other = `${name}-other`;
    const db2 = await openScrewOpsDb({}, other);
    try {
      const target = await createProject(db2, defaultScope('Line 1 tablet'));
      const imported = await importVersion(db2, exported.zip, {
        projectId: target.id,
        name: 'screws',
        ...versions,
      });
      expect(imported).toMatchObject({ version: 1, source: 'import', threshold: 0.37, gatePassed: null });
      const stored = await getVersionBundle(db2, imported.id);
      expect(stored.metadata.modelCard?.summary).toBe('Line 1 screws');
      expect(await scores(stored)).toEqual(await scores(bundle));
    } finally {
      db2.close();
      await deleteDB(other);
    }
  });

  it('refuses a tampered bundle and leaves the registry unchanged', async () => {
    const project = await createProject(db, defaultScope('Line 2'));
    await register(project.id);
    const { zip } = await exportVersion(db, versionId(project.id, 'screws', 1));
    // Flip the sign bit of the last weight's first value and reseal the manifest: only the golden check can tell.
    const tampered = await flipLastWeight(zip, bundle);
    await expect(
      importVersion(db, tampered, { projectId: project.id, name: 'screws', ...versions }),
    ).rejects.toThrow(/golden/i);
    const [model] = await listModels(db, project.id);
    expect(model?.lastVersion).toBe(1);
  });

  it('refuses a bundle whose classes are not the project’s', async () => {
    const project = await createProject(db, { ...defaultScope('Washers'), classes: ['ok', 'scratched'] });
    const source = await createProject(db, defaultScope('Screws'));
    const v = await register(source.id);
    const { zip } = await exportVersion(db, v.id);
    await expect(
      importVersion(db, zip, { projectId: project.id, name: 'screws', ...versions }),
    ).rejects.toThrow(/this project's classes are ok \/ scratched/);
    expect(await listModels(db, project.id)).toEqual([]);
  });
});
