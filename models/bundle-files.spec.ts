import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildScrewCnn } from './architectures/screw-cnn.ts';
import { bundleFromFiles, bundleToFiles, BUNDLE_FILES } from './bundle-files.ts';
import type { ModelBundle } from './bundle.ts';
import { modelArtifacts } from './bundle/bundle-model.ts';
import { BundleRejectedError } from './bundle/errors.ts';
import { defaultPreprocessSpec, inputHeight, PREPROCESS_VERSION } from './preprocess/spec.ts';

const spec = defaultPreprocessSpec(32);
let bundle: ModelBundle;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  const model = buildScrewCnn({ width: 32, height: inputHeight(spec), classes: 2, baseFilters: 2, seed: 1 });
  const artifacts = await modelArtifacts(model);
  model.dispose();
  bundle = {
    metadata: {
      format: 'screwops-model',
      formatVersion: 1,
      name: 'm',
      classes: ['good', 'bad'],
      outputs: { names: ['good', 'bad'], classOf: [0, 1] },
      preprocess: spec,
      inputShape: [inputHeight(spec), 32, 1],
      metrics: { testAccuracy: 0.98 },
      lineage: { runId: 'run_1', snapshotHash: 'abc', params: null },
      createdAt: 5,
    },
    ...artifacts,
  };
});

describe('bundle files', () => {
  it('round-trips a bundle through its three files', () => {
    const back = bundleFromFiles(bundleToFiles(bundle));
    expect(back.metadata).toEqual(bundle.metadata);
    expect(back.weightSpecs).toEqual(bundle.weightSpecs);
    expect(new Uint8Array(back.weightData)).toEqual(new Uint8Array(bundle.weightData));
  });

  it('refuses files that are not a ScrewOps bundle, naming what is wrong', () => {
    const files = bundleToFiles(bundle);
    expect(() =>
      bundleFromFiles({ ...files, [BUNDLE_FILES.metadata]: new TextEncoder().encode('{"format":"other"}') }),
    ).toThrow(/not ScrewOps model metadata/);
    expect(() => bundleFromFiles({ [BUNDLE_FILES.model]: files[BUNDLE_FILES.model] })).toThrow(
      /has no screwops\.json/,
    );
  });

  it('refuses a model trained on another preprocessing version', () => {
    const older = {
      ...bundle,
      metadata: { ...bundle.metadata, preprocess: { ...spec, version: PREPROCESS_VERSION - 1 } },
    };
    expect(() => bundleFromFiles(bundleToFiles(older))).toThrow(
      `preprocessing version ${PREPROCESS_VERSION - 1}; this version of ScrewOps implements version ${PREPROCESS_VERSION}`,
    );
  });

  it('checks format-1 files as strictly as a zip, short of digests and golden data', () => {
    const files = bundleToFiles(bundle);
    const cut = files[BUNDLE_FILES.weights]!.subarray(4);
    expect(() => bundleFromFiles({ ...files, [BUNDLE_FILES.weights]: cut })).toThrow(BundleRejectedError);
    expect(() => bundleFromFiles({ ...files, [BUNDLE_FILES.weights]: cut })).toThrow(
      /weights\.bin holds \d+ bytes, but the shapes and dtypes in model\.json need/,
    );
  });
});
