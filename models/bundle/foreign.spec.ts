import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { badProbabilities, type ModelBundle } from '../bundle.ts';
import { resizeFrame } from '../preprocess/frame-resize.ts';
import { frameResizeSpec, isFrameResizeSpec } from '../preprocess/spec.ts';
import {
  exportBundleZip,
  importBundleZip,
  loadBundleModel,
  modelArtifacts,
  modelPredictor,
} from './bundle-model.ts';
import { BundleRejectedError } from './errors.ts';
import { completeForeignImport, importLayersModel, importTeachableMachine } from './foreign.ts';
import { teachableMachineFiles, teachableMachineShaped } from './testing.ts';

const SIZE = 32;
const LABELS = ['scratch', 'ok', 'dent'];

let tm: tfl.Sequential;
let artifacts: Pick<ModelBundle, 'modelTopology' | 'weightSpecs' | 'weightData'>;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  tm = teachableMachineShaped(SIZE, LABELS.length);
  artifacts = await modelArtifacts(tm);
});

/** The files of a Teachable Machine export of `tm`, weights split into `shards` files. */
function exportFiles(shards = 1, labels = LABELS): Record<string, Uint8Array> {
  return teachableMachineFiles(artifacts, SIZE, labels, shards);
}

/** An RGBA frame of 48 × 40 pixels with a seeded pattern. */
function frame(seed: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(48 * 40 * 4);
  for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 31 + seed * 97 + ((i * i) >> 5)) % 256;
  return rgba;
}

describe('Teachable Machine import', () => {
  it('reads labels and preprocessing, asks only which label is good, and runs as the export did', async () => {
    const draft = importTeachableMachine(exportFiles());
    expect(draft.missing).toEqual(['goodLabel']);
    expect(draft.labels).toEqual(LABELS);
    expect(draft.outputCount).toBe(3);
    expect(draft.preprocess).toEqual(frameResizeSpec(SIZE, [-1, 1]));
    const bundle = completeForeignImport(draft, { goodLabel: 'ok' });
    expect(bundle.metadata.classes).toEqual(['ok', 'scratch', 'dent']);
    expect(bundle.metadata.outputs).toEqual({ names: LABELS, classOf: [1, 0, 2] });
    expect(bundle.metadata.modelCard?.source).toBe('Teachable Machine');

    const imported = await importBundleZip(await exportBundleZip(bundle));
    const spec = imported.bundle.metadata.preprocess;
    if (!isFrameResizeSpec(spec)) throw new Error('expected the whole-frame preprocessing');
    const x = new Float32Array(2 * SIZE * SIZE * 3);
    [1, 2].forEach((seed, i) => resizeFrame(frame(seed), 48, 40, spec, x.subarray(i * SIZE * SIZE * 3)));
    const model = await loadBundleModel(imported.bundle);
    const got = await modelPredictor(model)(x, [2, SIZE, SIZE, 3]);
    model.dispose();
    const want = await modelPredictor(tm)(x, [2, SIZE, SIZE, 3]);
    expect(Array.from(got)).toEqual(Array.from(want));
    // P(bad) sums the outputs of every label but the good one.
    expect(badProbabilities(got, imported.bundle.metadata.outputs.classOf)[0]).toBeCloseTo(
      want[0]! + want[2]!,
      6,
    );
  });

  it('folds the other labels into one bad class when asked', () => {
    const bundle = completeForeignImport(importTeachableMachine(exportFiles()), {
      goodLabel: 'ok',
      badClass: 'bad',
    });
    expect(bundle.metadata.classes).toEqual(['ok', 'bad']);
    expect(bundle.metadata.outputs.classOf).toEqual([1, 0, 1]);
  });

  it('refuses an export whose labels do not match the model’s outputs, or a good label it lacks', () => {
    expect(() => importTeachableMachine(exportFiles(1, ['ok', 'bad']))).toThrow(
      /answers 3 outputs, but metadata\.json lists 2 labels/,
    );
    expect(() => completeForeignImport(importTeachableMachine(exportFiles()), { goodLabel: 'fine' })).toThrow(
      /"fine" is not one of the model's labels/,
    );
  });
});

describe('plain tfjs layers import', () => {
  it('joins weight shards in order and reports labels, good label and preprocessing as missing', () => {
    const { 'metadata.json': _, ...files } = exportFiles(2);
    const draft = importLayersModel(files);
    expect(draft.missing).toEqual(['labels', 'goodLabel', 'preprocess']);
    expect(draft.inputShape).toEqual([SIZE, SIZE, 3]);
    expect(new Uint8Array(draft.model.weightData)).toEqual(new Uint8Array(artifacts.weightData));
    expect(() => completeForeignImport(draft, { goodLabel: 'ok' })).toThrow(/Name the label of each/);
    const bundle = completeForeignImport(draft, {
      goodLabel: 'ok',
      labels: LABELS,
      preprocess: frameResizeSpec(SIZE, [0, 1]),
    });
    expect(bundle.metadata.preprocess).toEqual(frameResizeSpec(SIZE, [0, 1]));
  });

  it('refuses a missing shard and shards that do not fill the declared shapes', () => {
    const { 'group1-shard2of2.bin': second, ...missing } = exportFiles(2);
    expect(() => importLayersModel(missing)).toThrow(
      /names the weight file group1-shard2of2\.bin, which was not given/,
    );
    const short = { ...missing, 'group1-shard2of2.bin': second!.subarray(8) };
    const error = (() => {
      try {
        importLayersModel(short);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(BundleRejectedError);
    expect((error as BundleRejectedError).problem).toBe('weights');
  });
});
