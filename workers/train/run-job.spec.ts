import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDB } from 'idb';
import { openScrewOpsDb, type Db } from '../lib/db/open-db.ts';
import { createProject, setProjectAssertions } from '../lib/db/projects-repo.ts';
import { addSnapshot } from '../lib/db/snapshots-repo.ts';
import { getProfile, saveProfile } from '../lib/db/profiles-repo.ts';
import { getRun, listRuns } from '../lib/db/runs-repo.ts';
import type { ProjectRecord } from '../lib/db/schema/projects.ts';
import { defaultScope } from '../lib/domain/scope.ts';
import { assertionsToYaml, evaluateAssertions } from '../lib/profile/assertions.ts';
import { syntheticAccumulator } from '../lib/profile/synthetic-profile.ts';
import { projectAssertions } from '../profile/project-assertions.ts';
import { DataGateError } from './data-gate.ts';
import { defaultTrainParams } from './train-params.ts';
import type { TrainRequest } from './train-types.ts';
import { createRun } from './run-job.ts';
import { readShippedBundle } from '../../tests/support/shipped-bundle.ts';
import { sha256Hex } from '../../models/bundle/manifest.ts';
import { withMode } from './one-class-params.ts';

let db: Db;
let name: string;
let counter = 0;
let project: ProjectRecord;
let request: TrainRequest;

beforeEach(async () => {
  name = `run-job-test-${++counter}`;
  db = await openScrewOpsDb({}, name);
  project = await createProject(db, defaultScope('Line 4'));
  await addSnapshot(db, {
    id: 'snp_v1',
    projectId: project.id,
    name: 'v1',
    createdAt: 1,
    hash: 'h1',
    entries: [],
    splitSettings: null,
  });
  // Three images per class and split: the default 'enough-images' assertion (ten, blocking) fails.
  const profile = syntheticAccumulator({
    good: { train: 3, validation: 3, test: 3 },
    bad: { train: 3, validation: 3, test: 3 },
  }).finish();
  const { scope, assertions } = projectAssertions(project);
  await saveProfile(db, {
    id: 'prf_v1',
    projectId: project.id,
    snapshotId: 'snp_v1',
    createdAt: 2,
    profile,
    assertions,
    results: evaluateAssertions(profile, assertions, scope),
    elapsedMs: 1,
  });
  request = {
    projectId: project.id,
    snapshotId: 'snp_v1',
    params: defaultTrainParams(64),
    name: 'run 1',
    backend: 'cpu',
  };
});
afterEach(async () => {
  db.close();
  await deleteDB(name);
});

const noProgress = () => undefined;

describe('createRun and the data gate', () => {
  it('refuses a snapshot whose stored profile fails a blocking assertion, and records no run', async () => {
    const refusal = createRun(db, request, new AbortController().signal, noProgress);
    await expect(refusal).rejects.toBeInstanceOf(DataGateError);
    await expect(refusal).rejects.toThrow(
      /^Training is refused: 1 blocking data-quality assertion fail \(enough-images: /,
    );
    expect(await listRuns(db, project.id)).toEqual([]);
  });

  it('trains it with an override reason, recorded on the run with the failures it overrode', async () => {
    const run = await createRun(
      db,
      { ...request, override: '  small pilot set, reviewed  ' },
      new AbortController().signal,
      noProgress,
    );
    expect(run.dataGate.passed).toBe(false);
    expect(run.dataGate.failures).toHaveLength(1);
    expect(run.dataGate.failures[0]).toMatch(/^enough-images: /);
    expect(run.dataGate.override?.reason).toBe('small pilot set, reviewed');
    expect(run.backend).toBe('cpu');
    expect(await getRun(db, run.id)).toEqual(run);
  });

  it("judges by the project's current assertions, saving the re-evaluated profile", async () => {
    const { assertions } = projectAssertions(project);
    const relaxed = assertions.map((a) => (a.id === 'enough-images' ? { ...a, blocking: false } : a));
    await setProjectAssertions(db, project.id, assertionsToYaml(relaxed));
    const run = await createRun(db, request, new AbortController().signal, noProgress);
    expect(run.dataGate).toEqual({ passed: true, failures: [], override: null });
    const stored = await getProfile(db, 'prf_v1');
    expect(stored?.results.find((r) => r.id === 'enough-images')).toMatchObject({
      status: 'fail',
      blocking: false,
    });
  });
});

describe('createRun and the backbone', () => {
  const overridden = (params: TrainRequest['params']): TrainRequest => ({
    ...request,
    params,
    override: 'small pilot set, reviewed',
  });

  it('records the shipped backbone and the digest of its weights on a run that starts from it', async () => {
    const shipped = readShippedBundle();
    const run = await createRun(
      db,
      overridden(defaultTrainParams(128)),
      new AbortController().signal,
      noProgress,
      async () => shipped,
    );
    expect(run.params).toMatchObject({ from: 'default', freeze: 'backbone' });
    expect(run.backbone).toEqual({
      model: 'shipped',
      weightsSha256: await sha256Hex(new Uint8Array(shipped.weightData)),
    });
  });

  it('refuses a registered version the project does not have, and records no run', async () => {
    const params = { ...defaultTrainParams(64), from: 'screws@3', freeze: 'backbone' as const };
    await expect(
      createRun(db, overridden(params), new AbortController().signal, noProgress, () =>
        Promise.reject(new Error('unused')),
      ),
    ).rejects.toThrow('No registered version screws@3 to start from in this project');
    expect(await listRuns(db, project.id)).toEqual([]);
  });
});

describe('the data gate of a one-class run', () => {
  beforeEach(async () => {
    // Good train images only: too few for a classifier, enough for a model of good parts.
    const profile = syntheticAccumulator({ good: { train: 12, validation: 3, test: 3 } }).finish();
    const { scope, assertions } = projectAssertions(project);
    await saveProfile(db, {
      id: 'prf_v2',
      projectId: project.id,
      snapshotId: 'snp_v1',
      createdAt: 3,
      profile,
      assertions,
      results: evaluateAssertions(profile, assertions, scope),
      elapsedMs: 1,
    });
  });

  it('lets a one-class run through on good train images alone, and says why', async () => {
    const params = withMode(defaultTrainParams(128), 'one-class');
    const run = await createRun(
      db,
      { ...request, params },
      new AbortController().signal,
      noProgress,
      async () => readShippedBundle(),
    );
    expect(run.dataGate).toEqual({ passed: true, failures: [], override: null });
    const stored = await getProfile(db, 'prf_v2');
    expect(stored?.results.find((r) => r.id === 'enough-images')?.message).toMatch(
      /^one-class project: 12 good train images \(needs ≥ 10\)/,
    );
    expect(stored?.results.find((r) => r.id === 'class-balance')?.status).toBe('pass');
  });

  it('still refuses a classifier run on the same snapshot', async () => {
    const refusal = createRun(db, request, new AbortController().signal, noProgress);
    await expect(refusal).rejects.toThrow(/enough-images: .*bad\/train 0/);
  });
});
