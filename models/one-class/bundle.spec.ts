import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleFromFiles, bundleToFiles } from '../bundle-files.ts';
import { badProbabilities, type ModelBundle } from '../bundle.ts';
import { exportBundleZip, importBundleZip, loadBundleModel, modelArtifacts } from '../bundle/bundle-model.ts';
import { BundleRejectedError } from '../bundle/errors.ts';
import { checkMetadata } from '../bundle/metadata.ts';
import { editJson, tamperZip, weightRanges } from '../bundle/testing.ts';
import { readBundleZip, ZIP_FILES } from '../bundle/zip.ts';
import { defaultPreprocessSpec } from '../preprocess/spec.ts';
import { fitOneClass, oneClassMetadata, scoreBatch, type OneClassFit } from './one-class-model.ts';
import { TINY_HEIGHT, TINY_WIDTH, tinyBackbone, tinyCrops } from './testing.ts';

let fit: OneClassFit;
let bundle: ModelBundle;
let zip: Uint8Array;
let probe: tf.Tensor4D;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  const backbone = tinyBackbone();
  const good = tinyCrops(8, 1);
  fit = await fitOneClass(backbone, good, { maxBankSize: 50, seed: 2 });
  tf.dispose(good);
  backbone.dispose();
  probe = tf.concat([tinyCrops(3, 5), tinyCrops(3, 6, true)]);
  bundle = {
    metadata: {
      format: 'screwops-model',
      formatVersion: 2,
      name: 'one-class',
      classes: ['good', 'bad'],
      outputs: { names: ['good', 'bad'], classOf: [0, 1] },
      preprocess: defaultPreprocessSpec(TINY_WIDTH),
      inputShape: [TINY_HEIGHT, TINY_WIDTH, 1],
      metrics: null,
      lineage: { runId: 'run_1', snapshotHash: 'abc', params: null },
      createdAt: 5,
      threshold: 0.5,
      oneClass: oneClassMetadata(fit, 0.02),
    },
    ...(await modelArtifacts(fit.model)),
  };
  zip = await exportBundleZip(bundle);
});

describe('a one-class model as a bundle', () => {
  it('carries its memory bank as weights and its one-class block in the metadata', () => {
    const bank = bundle.weightSpecs.find((w) => w.name === 'bank/kernel');
    expect(bank?.shape).toEqual([1, 1, fit.dims, fit.bankSize]);
    expect(bundle.metadata.oneClass).toEqual({
      bankSize: 50,
      dims: 32,
      featureLayers: ['relu3', 'relu4'],
      patchGrid: [4, 8],
      targetFalseRejectRate: 0.02,
      calibration: fit.calibration,
    });
    expect(bundleFromFiles(bundleToFiles(bundle)).metadata.oneClass).toEqual(bundle.metadata.oneClass);
  });

  it('imports from its zip, passes the golden check and answers the same scores and maps', async () => {
    const imported = await importBundleZip(zip);
    expect(imported.bundle.metadata.oneClass).toEqual(bundle.metadata.oneClass);
    const model = await loadBundleModel(imported.bundle);
    const [before, after] = [await scoreBatch(fit.model, probe), await scoreBatch(model, probe)];
    expect([...after.scores]).toEqual([...before.scores]);
    expect([...after.maps]).toEqual([...before.maps]);
    const output = model.predict(probe) as tf.Tensor;
    const pBad = badProbabilities(await output.data(), [0, 1]);
    output.dispose();
    // The defective half scores higher, so every existing consumer of P(bad) sees it as worse.
    expect(Math.min(...pBad.slice(3))).toBeGreaterThan(Math.max(...pBad.slice(0, 3)));
    model.dispose();
  });

  it('is refused when a bank weight is altered after export', async () => {
    const { offset } = weightRanges(bundle).get('bank/kernel')!;
    const tampered = await tamperZip(zip, (files) => void (files[ZIP_FILES.weights]![offset + 7]! ^= 0x40), {
      reseal: false,
    });
    const error = await readBundleZip(tampered).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BundleRejectedError);
    expect((error as Error).message).toMatch(/weights\.bin does not match its SHA-256/);
  });

  it('is refused when its one-class block is malformed, naming the field', async () => {
    const broken = await tamperZip(
      zip,
      (files) =>
        editJson<{ oneClass: { calibration: { scale: number } } }>(
          files,
          ZIP_FILES.metadata,
          (m) => (m.oneClass.calibration.scale = 0),
        ),
      { reseal: true },
    );
    await expect(readBundleZip(broken)).rejects.toThrow(/oneClass\.calibration/);
    const meta = { ...bundle.metadata, oneClass: { ...bundle.metadata.oneClass!, patchGrid: [4] } };
    expect(() => checkMetadata(meta)).toThrow(/oneClass\.patchGrid is \[4\]/);
  });
});
