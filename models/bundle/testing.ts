import * as tf from '@tensorflow/tfjs-core';
import { unzipSync, zipSync } from 'fflate';
import { buildScrewCnn } from '../architectures/screw-cnn.ts';
import type { ModelBundle } from '../bundle.ts';
import { defaultPreprocessSpec, inputHeight } from '../preprocess/spec.ts';
import { modelArtifacts } from './bundle-model.ts';
import { noiseInputs } from './golden.ts';
import { buildManifest, type BundleManifest } from './manifest.ts';
import { ZIP_FILES } from './zip.ts';

/** The canonical-crop spec of the small test bundle, and its input height and width, pixels. */
export const SMALL_SPEC = defaultPreprocessSpec(32);
export const [SMALL_HEIGHT, SMALL_WIDTH] = [inputHeight(SMALL_SPEC), SMALL_SPEC.inputSize];

/** A small screw CNN whose every weight is seeded noise, so that no two tensors hold the same values. */
export async function smallBundle(): Promise<ModelBundle> {
  const model = buildScrewCnn({
    width: SMALL_WIDTH,
    height: SMALL_HEIGHT,
    classes: 2,
    baseFilters: 4,
    seed: 3,
  });
  const weights = model.weights.map((w, i) => {
    const values = noiseInputs(1, w.shape as number[], 100 + i).map((v) =>
      /variance|gamma/.test(w.name) ? 1 + 0.5 * Math.abs(v) : 0.3 * v,
    );
    return tf.tensor(values, w.shape as number[]);
  });
  model.setWeights(weights);
  tf.dispose(weights);
  const artifacts = await modelArtifacts(model);
  model.dispose();
  return {
    metadata: {
      format: 'screwops-model',
      formatVersion: 1,
      name: 'small',
      classes: ['good', 'bad'],
      outputs: { names: ['good', 'bad'], classOf: [0, 1] },
      preprocess: SMALL_SPEC,
      inputShape: [SMALL_HEIGHT, SMALL_WIDTH, 1],
      metrics: { testAccuracy: 0.9, threshold: 0.4 },
      lineage: { runId: 'run_1', snapshotHash: 'abc', params: null },
      createdAt: 5,
    },
    ...artifacts,
  };
}

/** Rewrites a bundle zip's files; `reseal` recomputes the manifest's digests, as a careful forger would. */
export async function tamperZip(
  zip: Uint8Array,
  edit: (files: Record<string, Uint8Array>) => void,
  { reseal }: { reseal: boolean },
): Promise<Uint8Array> {
  const files = unzipSync(zip);
  edit(files);
  if (reseal) {
    const { [ZIP_FILES.manifest]: manifestBytes, ...rest } = files;
    const old = JSON.parse(new TextDecoder().decode(manifestBytes)) as BundleManifest;
    const manifest = await buildManifest(rest, old.golden);
    files[ZIP_FILES.manifest] = new TextEncoder().encode(JSON.stringify(manifest));
  }
  return zipSync(files);
}

/** Edits one JSON file of unzipped bundle files in place. */
export function editJson<T>(files: Record<string, Uint8Array>, name: string, edit: (value: T) => void): void {
  const value = JSON.parse(new TextDecoder().decode(files[name])) as T;
  edit(value);
  files[name] = new TextEncoder().encode(JSON.stringify(value));
}

/** Byte offset and length of every weight of a bundle in weights.bin. */
export function weightRanges(bundle: ModelBundle): Map<string, { offset: number; bytes: number }> {
  const ranges = new Map<string, { offset: number; bytes: number }>();
  let offset = 0;
  for (const w of bundle.weightSpecs) {
    const bytes = 4 * w.shape.reduce((a, b) => a * b, 1);
    ranges.set(w.name, { offset, bytes });
    offset += bytes;
  }
  return ranges;
}
