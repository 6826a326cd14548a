import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { deleteDB } from 'idb';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openScrewOpsDb, type Db } from '../lib/db/open-db.ts';
import { createProject } from '../lib/db/projects-repo.ts';
import { getVersionBundle, listModels } from '../lib/db/registry-repo.ts';
import { defaultScope } from '../lib/domain/scope.ts';
import type { ModelBundle } from '../../models/bundle.ts';
import { modelArtifacts } from '../../models/bundle/bundle-model.ts';
import { BundleRejectedError } from '../../models/bundle/errors.ts';
import { teachableMachineFiles, teachableMachineShaped } from '../../models/bundle/testing.ts';
import { importForeign, readForeign } from './foreign-import.ts';

const SIZE = 16;
let artifacts: Pick<ModelBundle, 'modelTopology' | 'weightSpecs' | 'weightData'>;

/** The files of a Teachable Machine export under a folder, with `labels` in metadata.json (or none). */
function tmFiles(labels: string[] | null): Record<string, Uint8Array> {
  const files = teachableMachineFiles(artifacts, SIZE, labels);
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [`tm-export/${name}`, bytes]));
}

let db: Db;
let name: string;
let counter = 0;
const target = (projectId: string) => ({
  projectId,
  name: 'teachable',
  tfjsVersion: tf.version_core,
  appVersion: '0.0.0-test',
});

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  const model = teachableMachineShaped(SIZE, 2);
  artifacts = await modelArtifacts(model);
  model.dispose();
});
beforeEach(async () => {
  name = `screwops-foreign-${++counter}`;
  db = await openScrewOpsDb({}, name);
});
afterEach(async () => {
  db.close();
  await deleteDB(name);
});

describe('importing a foreign model into a project', () => {
  it('reads a Teachable Machine export: labels, input size, and only the good label missing', () => {
    expect(readForeign(tmFiles(['bad', 'good']))).toEqual({
      kind: 'teachable-machine',
      name: 'tm-my-image-model',
      labels: ['bad', 'good'],
      outputCount: 2,
      inputShape: [SIZE, SIZE, 3],
      missing: ['goodLabel'],
      suggestedPreprocess: { size: SIZE, range: [-1, 1] },
    });
    const plain = readForeign(tmFiles(null));
    expect(plain.kind).toBe('tfjs-layers');
    expect(plain.missing).toEqual(['labels', 'goodLabel', 'preprocess']);
  });

  it('registers a Teachable Machine model whose labels, good first, are the project classes', async () => {
    const project = await createProject(db, defaultScope('Line 1'));
    const version = await importForeign(
      db,
      tmFiles(['bad', 'good']),
      { goodLabel: 'good' },
      target(project.id),
    );
    expect(version).toMatchObject({
      name: 'teachable',
      version: 1,
      source: 'import',
      threshold: 0.5,
      gatePassed: null,
    });
    const bundle = await getVersionBundle(db, version.id);
    expect(bundle.metadata.classes).toEqual(['good', 'bad']);
    // Output 0 is "bad", output 1 "good": the mapping keeps each output with its class.
    expect(bundle.metadata.outputs).toEqual({ names: ['bad', 'good'], classOf: [1, 0] });
    expect(bundle.golden?.count).toBeGreaterThan(0);
  });

  it('registers a plain layers model with the labels and threshold given', async () => {
    const project = await createProject(db, defaultScope('Line 1'));
    const version = await importForeign(
      db,
      tmFiles(null),
      { labels: ['good', 'bad'], goodLabel: 'good', range: [0, 1] },
      { ...target(project.id), threshold: 0.3 },
    );
    expect(version.threshold).toBe(0.3);
    const bundle = await getVersionBundle(db, version.id);
    expect(bundle.metadata.preprocess).toMatchObject({ kind: 'frame-resize', width: SIZE, range: [0, 1] });
  });

  it('refuses labels that are not the project classes, naming both, and stores nothing', async () => {
    const project = await createProject(db, defaultScope('Line 1'));
    const attempt = importForeign(db, tmFiles(['ok', 'scratch']), { goodLabel: 'ok' }, target(project.id));
    await expect(attempt).rejects.toThrow(BundleRejectedError);
    await expect(attempt).rejects.toThrow(/ok \/ scratch.*good \/ bad/);
    expect(await listModels(db, project.id)).toEqual([]);
  });

  it('refuses a label count that does not match the outputs and stores nothing', async () => {
    const project = await createProject(db, defaultScope('Line 1'));
    const attempt = importForeign(
      db,
      tmFiles(null),
      { labels: ['good', 'bad', 'rust'], goodLabel: 'good' },
      target(project.id),
    );
    await expect(attempt).rejects.toThrow(/2 outputs but 3 labels/);
    expect(await listModels(db, project.id)).toEqual([]);
  });
});
