import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT_VERSION, type ModelBundle } from '../bundle.ts';
import { bundleToFiles } from '../bundle-files.ts';
import { defaultPreprocessSpec, inputHeight, PREPROCESS_VERSION } from '../preprocess/spec.ts';
import { exportBundleZip, importBundleZip } from './bundle-model.ts';
import { BundleRejectedError, type BundleProblem } from './errors.ts';
import { editJson, smallBundle, tamperZip, weightRanges } from './testing.ts';
import { readBundleZip, ZIP_FILES } from './zip.ts';

type ModelJson = { modelTopology: unknown; weightsManifest: Array<{ weights: ModelBundle['weightSpecs'] }> };
type Metadata = ModelBundle['metadata'];

let bundle: ModelBundle;
let zip: Uint8Array;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  bundle = await smallBundle();
  zip = await exportBundleZip(bundle);
});

/** Rewrites the test bundle's zip. */
const tamper = (edit: (files: Record<string, Uint8Array>) => void, options: { reseal: boolean }) =>
  tamperZip(zip, edit, options);

/** Resolves the problem an import refuses `bytes` for, after checking the message names it. */
async function refusal(bytes: Uint8Array, message: RegExp): Promise<BundleProblem> {
  const error = await importBundleZip(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BundleRejectedError);
  expect((error as Error).message).toMatch(message);
  return (error as BundleRejectedError).problem;
}

/** Resolves the problem the structural pass alone (no tfjs) refuses `bytes` for. */
async function structuralRefusal(bytes: Uint8Array, message: RegExp): Promise<BundleProblem> {
  const tensors = tf.memory().numTensors;
  const error = await readBundleZip(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(tf.memory().numTensors).toBe(tensors);
  expect(error).toBeInstanceOf(BundleRejectedError);
  expect((error as Error).message).toMatch(message);
  return (error as BundleRejectedError).problem;
}

describe('bundle import refuses', () => {
  const flipLastSigns = (files: Record<string, Uint8Array>) => {
    const weights = files[ZIP_FILES.weights]!.slice();
    // Little-endian float32: the sign bit is the top bit of each value's last byte.
    for (let i = weights.length - 1; i >= weights.length - 64; i -= 4) weights[i]! ^= 0x80;
    files[ZIP_FILES.weights] = weights;
  };

  it('weights with flipped sign bits under a stale manifest, by digest', async () => {
    const bytes = await tamper(flipLastSigns, { reseal: false });
    expect(await structuralRefusal(bytes, /weights\.bin does not match its SHA-256/)).toBe('digest');
  });

  it('weights with flipped sign bits under a recomputed manifest, by the golden outputs', async () => {
    const bytes = await tamper(flipLastSigns, { reseal: true });
    await expect(readBundleZip(bytes)).resolves.toBeDefined();
    expect(await refusal(bytes, /golden inputs/)).toBe('golden');
  });

  it('two batch-norm tensors of one shape swapped under a recomputed manifest, by the golden outputs', async () => {
    const ranges = weightRanges(bundle);
    const gamma = ranges.get('bn2/gamma')!;
    const mean = ranges.get('bn2/moving_mean')!;
    expect(gamma.bytes).toBe(mean.bytes);
    const bytes = await tamper(
      (files) => {
        const weights = files[ZIP_FILES.weights]!.slice();
        weights.set(files[ZIP_FILES.weights]!.subarray(mean.offset, mean.offset + mean.bytes), gamma.offset);
        weights.set(
          files[ZIP_FILES.weights]!.subarray(gamma.offset, gamma.offset + gamma.bytes),
          mean.offset,
        );
        files[ZIP_FILES.weights] = weights;
      },
      { reseal: true },
    );
    expect(await refusal(bytes, /up to .* away from the outputs recorded/)).toBe('golden');
  });

  it('weight bytes appended: by digest, and by byte count once resealed', async () => {
    const append = (files: Record<string, Uint8Array>) => {
      const weights = new Uint8Array(files[ZIP_FILES.weights]!.length + 8);
      weights.set(files[ZIP_FILES.weights]!);
      files[ZIP_FILES.weights] = weights;
    };
    expect(await structuralRefusal(await tamper(append, { reseal: false }), /SHA-256/)).toBe('digest');
    expect(
      await structuralRefusal(
        await tamper(append, { reseal: true }),
        /holds \d+ bytes, but the shapes and dtypes/,
      ),
    ).toBe('weights');
  });

  it.each(['int8', 'float16'])('a weight of dtype %s', async (dtype) => {
    const bytes = await tamper(
      (files) =>
        editJson<ModelJson>(files, ZIP_FILES.model, (m) => {
          m.weightsManifest[0]!.weights[0]!.dtype = dtype;
        }),
      { reseal: true },
    );
    expect(
      await structuralRefusal(bytes, new RegExp(`dtype ${dtype}; ScrewOps loads float32 and int32`)),
    ).toBe('dtype');
  });

  it('a shape of a billion elements, before anything is allocated', async () => {
    const withShape = (shape: number[]) =>
      tamper(
        (files) =>
          editJson<ModelJson>(files, ZIP_FILES.model, (m) => {
            m.weightsManifest[0]!.weights.at(-1)!.shape = shape;
          }),
        { reseal: true },
      );
    const before = tf.memory().numBytes;
    expect(await structuralRefusal(await withShape([1_000_000_000]), /each dimension must be/)).toBe('size');
    expect(await structuralRefusal(await withShape([40_000, 25_000]), /refuses models this large/)).toBe(
      'size',
    );
    expect(tf.memory().numBytes).toBe(before);
  });

  it('a layer configured with an absurd size, before anything is allocated', async () => {
    const bytes = await tamper(
      (files) =>
        editJson<ModelJson>(files, ZIP_FILES.model, (m) => {
          const text = JSON.stringify(m.modelTopology).replace('"pool_size":[2,2]', '"pool_size":[100000,2]');
          m.modelTopology = JSON.parse(text) as unknown;
        }),
      { reseal: true },
    );
    expect(await structuralRefusal(bytes, /layer "pool1" is configured with 100000/)).toBe('size');
  });

  it('metadata that names more outputs than the model answers, or unknown or missing classes', async () => {
    const withMetadata = (edit: (m: Metadata) => void) =>
      tamper((files) => editJson<Metadata>(files, ZIP_FILES.metadata, edit), { reseal: true });
    const threeOutputs = await withMetadata((m) => {
      m.outputs = { names: ['good', 'scratch', 'dent'], classOf: [0, 1, 1] };
    });
    expect(
      await structuralRefusal(threeOutputs, /model\.json answers 2 outputs, but screwops\.json names 3/),
    ).toBe('metadata');
    const unknownClass = await withMetadata((m) => {
      m.outputs.classOf = [0, 5];
    });
    expect(await structuralRefusal(unknownClass, /stands for class index 5, but there are only 2/)).toBe(
      'metadata',
    );
    const noClasses = await withMetadata((m) => {
      m.classes = [];
    });
    expect(await structuralRefusal(noClasses, /at least two classes/)).toBe('metadata');
  });

  it('metadata whose input shape is not the model’s', async () => {
    const bytes = await tamper(
      (files) =>
        editJson<Metadata>(files, ZIP_FILES.metadata, (m) => {
          m.preprocess = defaultPreprocessSpec(64);
          m.inputShape = [inputHeight(m.preprocess), 64, 1];
        }),
      { reseal: true },
    );
    expect(
      await structuralRefusal(bytes, /takes inputs of shape \[16,32,1\], but screwops\.json declares/),
    ).toBe('metadata');
  });

  it('a layer class outside the allow-list', async () => {
    const bytes = await tamper(
      (files) =>
        editJson<ModelJson>(files, ZIP_FILES.model, (m) => {
          const text = JSON.stringify(m.modelTopology).replace('"GlobalMaxPooling2D"', '"Lambda"');
          m.modelTopology = JSON.parse(text) as unknown;
        }),
      { reseal: true },
    );
    expect(await structuralRefusal(bytes, /layer class "Lambda" \(layer "gmp"\)/)).toBe('layer');
  });

  it('a topology with a null where a layer belongs, by name rather than by crashing', async () => {
    const bytes = await tamper(
      (files) =>
        editJson<ModelJson>(files, ZIP_FILES.model, (m) => {
          (m.modelTopology as { config: { layers: unknown[] } }).config.layers.push(null);
        }),
      { reseal: true },
    );
    expect(await structuralRefusal(bytes, /^model\.json is malformed: /)).toBe('file');
  });

  it('a format version newer than this app, or negative', async () => {
    const withVersion = (formatVersion: number) =>
      tamper(
        (files) =>
          editJson<Metadata>(files, ZIP_FILES.metadata, (m) => {
            m.formatVersion = formatVersion;
          }),
        { reseal: true },
      );
    expect(
      await structuralRefusal(
        await withVersion(BUNDLE_FORMAT_VERSION + 1),
        new RegExp(`reads up to version ${BUNDLE_FORMAT_VERSION}. Update the app`),
      ),
    ).toBe('format-version');
    expect(
      await structuralRefusal(await withVersion(-1), /format version -1, which no ScrewOps ever wrote/),
    ).toBe('format-version');
  });

  it('a preprocessing version this app cannot run', async () => {
    const bytes = await tamper(
      (files) =>
        editJson<Metadata>(files, ZIP_FILES.metadata, (m) => {
          m.preprocess.version = PREPROCESS_VERSION + 1;
        }),
      { reseal: true },
    );
    expect(
      await structuralRefusal(
        bytes,
        new RegExp(`preprocessing version ${PREPROCESS_VERSION + 1}; this version`),
      ),
    ).toBe('preprocess');
  });

  it('files the manifest does not list, and format-1 zips that carry no manifest', async () => {
    const extra = await tamper(
      (files) => {
        files['notes.txt'] = new Uint8Array([1]);
      },
      { reseal: true },
    );
    expect(await structuralRefusal(extra, /unexpected file "notes\.txt"/)).toBe('file');
    const legacy = zipSync(bundleToFiles(bundle));
    expect(await structuralRefusal(legacy, /format version 1/)).toBe('format-version');
  });
});
