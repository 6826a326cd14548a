import { describe, expect, it } from 'vitest';
import { bundleFromFiles, bundleToFiles, BUNDLE_FILES } from './bundle-files.ts';
import type { ModelBundle } from './bundle.ts';
import { defaultPreprocessSpec, PREPROCESS_VERSION } from './preprocess/spec.ts';

const bundle: ModelBundle = {
  metadata: {
    format: 'screwops-model',
    formatVersion: 1,
    name: 'm',
    classes: ['good', 'bad'],
    outputs: { names: ['good', 'bad'], classOf: [0, 1] },
    preprocess: defaultPreprocessSpec(64),
    inputShape: [24, 64, 1],
    metrics: { testAccuracy: 0.98 },
    lineage: { runId: 'run_1', snapshotHash: 'abc', params: null },
    createdAt: 5,
  },
  modelTopology: { class_name: 'Model' },
  weightSpecs: [{ name: 'w', shape: [2], dtype: 'float32' }],
  weightData: new Float32Array([1.5, -2]).buffer,
};

describe('bundle files', () => {
  it('round-trips a bundle through its three files', () => {
    const back = bundleFromFiles(bundleToFiles(bundle));
    expect(back.metadata).toEqual(bundle.metadata);
    expect(back.weightSpecs).toEqual(bundle.weightSpecs);
    expect(Array.from(new Float32Array(back.weightData))).toEqual([1.5, -2]);
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
      metadata: {
        ...bundle.metadata,
        preprocess: { ...bundle.metadata.preprocess, version: PREPROCESS_VERSION - 1 },
      },
    };
    expect(() => bundleFromFiles(bundleToFiles(older))).toThrow(
      `preprocessing version ${PREPROCESS_VERSION - 1}; this version of ScrewOps implements version ${PREPROCESS_VERSION}`,
    );
  });
});
