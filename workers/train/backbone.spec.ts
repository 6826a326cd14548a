import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteDB } from 'idb';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../tf/runtime.ts';
import { openScrewOpsDb, type Db } from '../lib/db/open-db.ts';
import { registerVersion } from '../lib/db/registry-repo.ts';
import { buildScrewCnn } from '../../models/architectures/screw-cnn.ts';
import { disposeModel, loadBundleModel } from '../../models/bundle/bundle-model.ts';
import { sha256Hex } from '../../models/bundle/manifest.ts';
import { SMALL_HEIGHT, SMALL_WIDTH, smallBundle } from '../../models/bundle/testing.ts';
import type { ModelBundle } from '../../models/bundle.ts';
import { readShippedBundle } from '../../tests/support/shipped-bundle.ts';
import { BackboneError, copyBackboneWeights, findBackbone, seedFromBackbone } from './backbone.ts';
import { defaultTrainParams } from './train-params.ts';

let db: Db;
let small: ModelBundle;
const shipped = readShippedBundle();

beforeAll(async () => {
  await tf.setBackend('cpu');
  db = await openScrewOpsDb({}, 'backbone-test');
  small = await smallBundle();
  await registerVersion(db, {
    projectId: 'p',
    name: 'small',
    bundle: small,
    source: 'import',
    threshold: 0.5,
    thresholdRule: 'test',
    tfjsVersion: 't',
    appVersion: 'a',
    lineage: { runId: null, snapshotId: null, snapshotHash: null, profileId: null },
  });
});
afterAll(async () => {
  db.close();
  await deleteDB('backbone-test');
});

/** Every weight of a model by its variable name, copied out. */
function byName(model: tfl.LayersModel): Map<string, Float32Array> {
  return new Map(model.weights.map((w) => [w.originalName, w.read().dataSync() as Float32Array]));
}

const fresh = (baseFilters: number, seed = 9) =>
  buildScrewCnn({ width: SMALL_WIDTH, height: SMALL_HEIGHT, classes: 2, baseFilters, seed });

describe('copyBackboneWeights', () => {
  it('copies every conv and batch-norm weight of the mirror-averaged shipped model by name, and no head', async () => {
    const source = await loadBundleModel(shipped);
    // The shipped model nests its classifier inside the mirror average; its layers hold the weights.
    const inner = source.layers.find((l): l is tfl.LayersModel => l instanceof tfl.LayersModel)!;
    const expected = byName(inner);
    // Conv weights do not depend on the input's size: a smaller crop keeps the test fast.
    const target = fresh(16);
    const before = byName(target);
    const copied = copyBackboneWeights(target, source, 'shipped');
    expect(copied).toEqual(['conv1', 'bn1', 'conv2', 'bn2', 'conv3', 'bn3', 'conv4', 'bn4']);
    const after = byName(target);
    let compared = 0;
    for (const [name, values] of after) {
      if (name.startsWith('classes/')) {
        expect(values, name).toEqual(before.get(name));
        expect(values, name).not.toEqual(expected.get(name));
      } else {
        expect(values, name).toEqual(expected.get(name));
        expect(values, name).not.toEqual(before.get(name));
        compared++;
      }
    }
    // Conv kernels, and gamma, beta and both moving statistics of each batch norm.
    expect(compared).toBe(4 + 4 * 4);
    disposeModel(source);
    target.dispose();
  });

  it('refuses a backbone whose layer differs in shape, naming the layer, and writes nothing', async () => {
    const source = await loadBundleModel(small);
    const target = fresh(8);
    const before = byName(target);
    expect(() => copyBackboneWeights(target, source, 'small@1')).toThrow(BackboneError);
    expect(() => copyBackboneWeights(target, source, 'small@1')).toThrow(
      /The backbone small@1's layer "conv1" is a Conv2D with weights \[\[3,3,1,4\]\]; this run's needs Conv2D \[\[3,3,1,8\]\]/,
    );
    expect(byName(target)).toEqual(before);
    disposeModel(source);
    target.dispose();
  });

  it('refuses a backbone that lacks one of the layers, naming it', () => {
    const input = tfl.input({ shape: [SMALL_HEIGHT, SMALL_WIDTH, 1] });
    const conv = tfl.layers
      .conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: false, name: 'conv1' })
      .apply(input) as tfl.SymbolicTensor;
    const out = tfl.layers
      .dense({ units: 2, name: 'classes' })
      .apply(tfl.layers.flatten().apply(conv)) as tfl.SymbolicTensor;
    const foreign = tfl.model({ inputs: input, outputs: out });
    const target = fresh(4);
    expect(() => copyBackboneWeights(target, foreign, 'mine@2')).toThrow(
      /The backbone mine@2 has no layer "bn1" \(BatchNormalization\)/,
    );
    foreign.dispose();
    target.dispose();
  });
});

describe('findBackbone', () => {
  it('finds nothing to start from for a run from scratch, or one stored before runs recorded a start', async () => {
    const params = defaultTrainParams(64);
    expect(params.from).toBe('scratch');
    expect(await findBackbone(db, 'p', params, () => Promise.reject(new Error('unused')))).toBeNull();
    const { from: _from, freeze: _freeze, ...legacy } = defaultTrainParams(128);
    expect(await findBackbone(db, 'p', legacy, () => Promise.reject(new Error('unused')))).toBeNull();
  });

  it('identifies the shipped model by the digest of its weights', async () => {
    const found = await findBackbone(db, 'p', defaultTrainParams(128), async () => shipped);
    expect(found!.identity).toEqual({
      model: 'shipped',
      weightsSha256: await sha256Hex(new Uint8Array(shipped.weightData)),
    });
  });

  it('reads a registered version, which seeds a model of its shapes with a zeroed head', async () => {
    const params = {
      ...defaultTrainParams(32),
      baseFilters: 4,
      from: 'small@1',
      freeze: 'backbone' as const,
    };
    const found = await findBackbone(db, 'p', params, () => Promise.reject(new Error('unused')));
    expect(found!.identity.model).toBe('small@1');
    const target = fresh(4);
    expect(await seedFromBackbone(target, found!)).toHaveLength(8);
    // The new head starts neutral: every class equally likely for any image.
    for (const [name, values] of byName(target))
      if (name.startsWith('classes/')) expect(values.every((v) => v === 0)).toBe(true);
      else expect(values.some((v) => v !== 0)).toBe(true);
    target.dispose();
  });

  it('refuses a version the project does not have, saying where to pick one', async () => {
    const params = { ...defaultTrainParams(32), from: 'small@7' };
    await expect(findBackbone(db, 'p', params, () => Promise.reject(new Error('unused')))).rejects.toThrow(
      'No registered version small@7 to start from in this project; pick one on the Registry screen.',
    );
  });
});
