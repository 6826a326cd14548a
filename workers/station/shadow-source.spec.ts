import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDB } from 'idb';
import { openScrewOpsDb, type Db } from '../lib/db/open-db.ts';
import { createProject } from '../lib/db/projects-repo.ts';
import { registerVersion, setAlias, type NewVersion } from '../lib/db/registry-repo.ts';
import { setSetting } from '../lib/db/settings-repo.ts';
import { defaultScope } from '../lib/domain/scope.ts';
import { weightsOnlyBundle } from '../../models/bundle/testing.ts';
import { resolveChallenger } from './shadow-source.ts';

let db: Db;
let name: string;
let counter = 0;
let projectId: string;

beforeEach(async () => {
  name = `screwops-shadow-source-test-${++counter}`;
  db = await openScrewOpsDb({}, name);
  projectId = (await createProject(db, defaultScope('Line 4'))).id;
  for (const threshold of [0.4, 0.6, 0.7]) await registerVersion(db, version(threshold));
});
afterEach(async () => {
  db.close();
  await deleteDB(name);
});

/** A version of "screws" with `threshold` (its weights do not matter here). */
function version(threshold: number): NewVersion {
  return {
    projectId,
    name: 'screws',
    bundle: weightsOnlyBundle([threshold]),
    source: 'run',
    threshold,
    thresholdRule: 'set by hand',
    tfjsVersion: '4.22.0',
    appVersion: '0.1.0',
    lineage: { runId: null, snapshotId: null, snapshotHash: null, profileId: null },
    gatePassed: null,
  };
}

const id = (v: number) => `${projectId}/screws@${v}`;
const challenge = (v: number) =>
  setAlias(db, { projectId, name: 'screws', alias: 'challenger', version: v, reason: '' });

describe('resolveChallenger', () => {
  it('is the version the deployed model’s challenger alias points at, with its own threshold and bundle', async () => {
    await challenge(3);
    const source = await resolveChallenger(db, projectId, id(1));
    expect(source).toMatchObject({ versionId: id(3), label: 'screws@3', threshold: 0.7 });
    expect(new Float32Array(source!.bundle.weightData)[0]).toBeCloseTo(0.7);
  });

  it('is null without a challenger alias, or when the challenger is the deployed version itself', async () => {
    expect(await resolveChallenger(db, projectId, id(1))).toBe(null);
    await challenge(2);
    expect(await resolveChallenger(db, projectId, id(2))).toBe(null);
  });

  it('is null with shadow mode off and for the unregistered shipped model', async () => {
    await challenge(2);
    expect(await resolveChallenger(db, projectId, null)).toBe(null);
    await setSetting(db, 'shadowMode', 'off');
    expect(await resolveChallenger(db, projectId, id(1))).toBe(null);
    await setSetting(db, 'shadowMode', 'auto');
    expect((await resolveChallenger(db, projectId, id(1)))?.label).toBe('screws@2');
  });
});
