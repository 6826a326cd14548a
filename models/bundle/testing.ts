import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
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

/**
 * A 64-pixel two-class bundle with no layers whose only weight tensor holds `weights`: enough for storage,
 * which keeps and compares bundles but never runs them.
 */
export function weightsOnlyBundle(weights: number[]): ModelBundle {
  return {
    metadata: {
      format: 'screwops-model',
      formatVersion: 1,
      name: 'm',
      classes: ['good', 'bad'],
      outputs: { names: ['good', 'bad'], classOf: [0, 1] },
      preprocess: defaultPreprocessSpec(64),
      inputShape: [64, 64, 1],
      metrics: null,
      lineage: { runId: null, snapshotHash: null, params: null },
      createdAt: 0,
    },
    modelTopology: { layers: [] },
    weightSpecs: [{ name: 'w', shape: [weights.length], dtype: 'float32' }],
    weightData: new Float32Array(weights).buffer,
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

/**
 * A bundle zip with the sign of its last weight flipped and the manifest resealed: every digest
 * matches, so only the golden-output check can tell it from the real one.
 */
export async function flipLastWeight(zip: Uint8Array, bundle: ModelBundle): Promise<Uint8Array> {
  const [last] = [...weightRanges(bundle).values()].slice(-1);
  return tamperZip(zip, (files) => void (files['weights.bin']![last!.offset + 3]! ^= 0x80), { reseal: true });
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

/**
 * A small model shaped like a Teachable Machine image export: a Sequential of two nested Sequentials,
 * a MobileNet-style base (conv, batch norm, ReLU6, depthwise conv, pooling) and a dense softmax head
 * with `outputs` units, for `size` × `size` RGB input. Seeded, so every call builds the same weights.
 */
export function teachableMachineShaped(size: number, outputs: number): tfl.Sequential {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const base = tfl.sequential({
    name: 'sequential_1',
    layers: [
      tfl.layers.conv2d({
        inputShape: [size, size, 3],
        filters: 4,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        kernelInitializer: init(1),
      }),
      tfl.layers.batchNormalization({}),
      tfl.layers.reLU({ maxValue: 6 }),
      tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', depthwiseInitializer: init(2) }),
      tfl.layers.globalAveragePooling2d({}),
    ],
  });
  const head = tfl.sequential({
    name: 'sequential_3',
    layers: [
      tfl.layers.dense({ inputShape: [4], units: 8, activation: 'relu', kernelInitializer: init(3) }),
      tfl.layers.dense({ units: outputs, activation: 'softmax', kernelInitializer: init(4) }),
    ],
  });
  return tfl.sequential({ layers: [base, head] });
}

/**
 * The files of a Teachable Machine export of a model's artifacts: `model.json`, the weights split
 * into `shards` files, and `metadata.json` with `labels` (left out when `labels` is null).
 */
export function teachableMachineFiles(
  artifacts: Pick<ModelBundle, 'modelTopology' | 'weightSpecs' | 'weightData'>,
  size: number,
  labels: string[] | null,
  shards = 1,
): Record<string, Uint8Array> {
  const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  const weights = new Uint8Array(artifacts.weightData);
  const cut = Math.floor(weights.length / shards / 4) * 4;
  const paths = Array.from({ length: shards }, (_, i) =>
    shards === 1 ? 'weights.bin' : `group1-shard${i + 1}of${shards}.bin`,
  );
  const files: Record<string, Uint8Array> = {
    'model.json': encode({
      modelTopology: artifacts.modelTopology,
      format: 'layers-model',
      generatedBy: 'TensorFlow.js tfjs-layers v4',
      weightsManifest: [{ paths, weights: artifacts.weightSpecs }],
    }),
  };
  if (labels)
    files['metadata.json'] = encode({
      tfjsVersion: '4.22.0',
      tmVersion: '2.4.10',
      packageName: '@teachablemachine/image',
      modelName: 'tm-my-image-model',
      labels,
      imageSize: size,
    });
  paths.forEach(
    (p, i) => (files[p] = weights.slice(i * cut, i === shards - 1 ? weights.length : (i + 1) * cut)),
  );
  return files;
}
