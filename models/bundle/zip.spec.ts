import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT_VERSION, type ModelBundle } from '../bundle.ts';
import {
  checkGolden,
  exportBundleZip,
  importBundleZip,
  loadBundleModel,
  modelPredictor,
} from './bundle-model.ts';
import { noiseInputs } from './golden.ts';
import type { BundleManifest } from './manifest.ts';
import { SMALL_HEIGHT as height, SMALL_WIDTH as width, smallBundle } from './testing.ts';
import { bundleToZip, readBundleZip, ZIP_FILES } from './zip.ts';

let bundle: ModelBundle;
let zip: Uint8Array;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  bundle = await smallBundle();
  zip = await exportBundleZip(bundle);
});

describe('bundle zip round trip', () => {
  it('imports what it exported, answering exactly as the original model', async () => {
    const baseline = tf.memory().numTensors;
    const imported = await importBundleZip(zip);
    expect(imported.goldenDifference).toBe(0);
    expect(imported.golden.count).toBe(3);
    expect(imported.bundle.metadata).toEqual({
      ...bundle.metadata,
      formatVersion: BUNDLE_FORMAT_VERSION,
      threshold: 0.4,
      modelCard: null,
    });
    const x = noiseInputs(4, [height, width, 1], 77);
    const [original, back] = await Promise.all([loadBundleModel(bundle), loadBundleModel(imported.bundle)]);
    const a = await modelPredictor(original)(x, [4, height, width, 1]);
    const b = await modelPredictor(back)(x, [4, height, width, 1]);
    original.dispose();
    back.dispose();
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('writes the same bytes for the same bundle, listing every file in the manifest', async () => {
    expect(await exportBundleZip(bundle)).toEqual(zip);
    const files = unzipSync(zip);
    const manifest = JSON.parse(new TextDecoder().decode(files[ZIP_FILES.manifest])) as BundleManifest;
    expect(Object.keys(manifest.files).sort()).toEqual(
      Object.values(ZIP_FILES)
        .filter((f) => f !== ZIP_FILES.manifest)
        .sort(),
    );
    expect(manifest.golden).toMatchObject({ count: 3, inputShape: [height, width, 1], outputShape: [2] });
  });
});

describe('recorded golden data', () => {
  it('travels with an imported bundle, so a re-export writes the same zip', async () => {
    const imported = await importBundleZip(zip);
    expect(imported.bundle.golden?.count).toBe(3);
    expect(await exportBundleZip(imported.bundle)).toEqual(zip);
  });

  it('is written as recorded without a model to ask, and the import still checks the model against it', async () => {
    const imported = await importBundleZip(zip);
    expect(await bundleToZip(imported.bundle, null)).toEqual(zip);
    const weights = new Float32Array(imported.bundle.weightData.slice(0));
    weights[weights.length - 1] = -weights[weights.length - 1]!;
    const damaged = await bundleToZip({ ...imported.bundle, weightData: weights.buffer }, null);
    await expect(importBundleZip(damaged)).rejects.toMatchObject({ problem: 'golden' });
    await expect(bundleToZip(bundle, null)).rejects.toThrow(/needs the model: pass a predict callback/);
  });

  it('stops the export of a stored model that no longer answers it', async () => {
    const imported = await importBundleZip(zip);
    const weights = new Float32Array(imported.bundle.weightData.slice(0));
    weights[weights.length - 1] = -weights[weights.length - 1]!;
    const damaged = { ...imported.bundle, weightData: weights.buffer };
    // The last weight is a batch-norm variance: negated, the model answers NaN.
    await expect(exportBundleZip(damaged)).rejects.toMatchObject({
      problem: 'golden',
      message: expect.stringMatching(/answers NaN for its golden inputs/) as unknown,
    });
  });
});

describe('the golden check', () => {
  it('refuses golden outputs that the model does not reproduce, and passes those it does', async () => {
    const verified = await readBundleZip(zip);
    verified.golden.outputs[1]! += 2e-5;
    await expect(checkGolden(verified)).rejects.toThrow(/2\.\d+e-5 away/);
    verified.golden.outputs[1]! -= 2e-5;
    await expect(checkGolden(verified)).resolves.toBeLessThanOrEqual(1e-5);
  });
});
