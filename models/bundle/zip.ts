import { unzipSync, zipSync, type Zippable } from 'fflate';
import { BUNDLE_FORMAT_VERSION, type ModelBundle } from '../bundle.ts';
import { bundleToFiles, BUNDLE_FILES } from '../bundle-files.ts';
import { BundleRejectedError } from './errors.ts';
import { BUNDLE_LIMITS } from './limits.ts';
import {
  buildManifest,
  decodeGolden,
  encodeGolden,
  noiseInputs,
  sha256Hex,
  type BundleManifest,
  type GoldenData,
} from './manifest.ts';
import { checkBundle, parseJsonFile, readModelJson } from './structure.ts';

/** The files of a format-2 bundle zip. */
export const ZIP_FILES = { ...BUNDLE_FILES, manifest: 'manifest.json', golden: 'golden.bin' } as const;

/** Runs a model: `inputs` holds a batch of `shape` ([count, ...inputShape]); resolves its outputs, row-major. */
export type BundlePredict = (inputs: Float32Array, shape: number[]) => Promise<Float32Array>;

/** A bundle that passed the structural checks, with the golden data the model must still reproduce. */
export interface VerifiedBundle {
  bundle: ModelBundle;
  golden: GoldenData;
  manifest: BundleManifest;
}

/** Options of bundleToZip. */
export interface BundleZipOptions {
  /** golden inputs, count × inputShape (real preprocessed crops test the model best); else seeded noise */
  goldenInputs?: Float32Array;
  /** golden examples when none are given */
  goldenCount?: number;
  /** seed of the noise inputs */
  seed?: number;
}

/** Largest zip accepted, bytes: the weights at their limit plus room for the rest. */
const MAX_ZIP_BYTES = BUNDLE_LIMITS.maxParams * 4 + 4 * BUNDLE_LIMITS.maxJsonBytes;

/**
 * Writes a bundle as one zip of format version 2: the three files of format 1, golden.bin (inputs
 * and what `predict` answers for them) and manifest.json (SHA-256 of every other file). The bundle
 * is checked first, so this never writes a zip that import would refuse for its structure.
 */
export async function bundleToZip(
  bundle: ModelBundle,
  predict: BundlePredict,
  options: BundleZipOptions = {},
): Promise<Uint8Array> {
  const legacyThreshold = bundle.metadata.metrics?.['threshold'];
  const upgraded: ModelBundle = {
    ...bundle,
    metadata: {
      ...bundle.metadata,
      formatVersion: BUNDLE_FORMAT_VERSION,
      threshold: bundle.metadata.threshold ?? (typeof legacyThreshold === 'number' ? legacyThreshold : null),
      modelCard: bundle.metadata.modelCard ?? null,
    },
  };
  const files = bundleToFiles(upgraded);
  checkBundle(
    parseJsonFile(BUNDLE_FILES.metadata, files[BUNDLE_FILES.metadata]),
    readModelJson(parseJsonFile(BUNDLE_FILES.model, files[BUNDLE_FILES.model])),
    files[BUNDLE_FILES.weights]!,
  );
  const inputShape = [...upgraded.metadata.inputShape];
  const perInput = inputShape.reduce((a, b) => a * b, 1);
  const count = options.goldenInputs ? options.goldenInputs.length / perInput : (options.goldenCount ?? 3);
  if (!Number.isInteger(count) || count < 1 || count > BUNDLE_LIMITS.maxGolden)
    throw new RangeError(
      `bundleToZip: golden inputs must be 1 to ${BUNDLE_LIMITS.maxGolden} tensors of shape ${JSON.stringify(inputShape)}.`,
    );
  const inputs = options.goldenInputs ?? noiseInputs(count, inputShape, options.seed ?? 1);
  const outputs = await predict(inputs, [count, ...inputShape]);
  const k = upgraded.metadata.outputs.names.length;
  if (outputs.length !== count * k)
    throw new RangeError(
      `bundleToZip: the model answered ${outputs.length} values for ${count} inputs; ${count} × ${k} outputs were expected.`,
    );
  if (!outputs.every(Number.isFinite))
    throw new RangeError(
      'bundleToZip: the model answers NaN or infinity for the golden inputs; it cannot be shipped.',
    );
  files[ZIP_FILES.golden] = encodeGolden({ count, inputShape, outputShape: [k], inputs, outputs });
  const manifest = await buildManifest(files, { count, inputShape, outputShape: [k] });
  files[ZIP_FILES.manifest] = new TextEncoder().encode(JSON.stringify(manifest, null, 2));
  // A fixed time stamp: the same bundle always zips to the same bytes.
  const mtime = new Date(Date.UTC(2020, 0, 1));
  const zippable: Zippable = Object.fromEntries(
    Object.entries(files).map(([name, bytes]) => [name, [bytes, { mtime }]]),
  );
  return zipSync(zippable, { level: 6 });
}

/** Unpacks a bundle zip, refusing unknown files and sizes past the limits before inflating anything. */
export function unzipBundle(zip: Uint8Array): Record<string, Uint8Array> {
  if (zip.byteLength > MAX_ZIP_BYTES)
    throw new BundleRejectedError(
      'size',
      `The bundle is ${zip.byteLength} bytes; bundles over ${MAX_ZIP_BYTES} are refused.`,
    );
  const known = new Set<string>(Object.values(ZIP_FILES));
  const problems: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (file) => {
        if (!known.has(file.name)) problems.push(`an unexpected file "${file.name}"`);
        else if (file.originalSize > MAX_ZIP_BYTES)
          problems.push(`${file.name} unpacks to ${file.originalSize} bytes`);
        return problems.length === 0;
      },
    });
  } catch (error) {
    throw new BundleRejectedError(
      'file',
      `The bundle is not a readable zip file (${(error as Error).message}).`,
    );
  }
  if (problems.length)
    throw new BundleRejectedError(
      'file',
      `The bundle holds ${problems.join(' and ')}; it was not written by ScrewOps.`,
    );
  return files;
}

/** Checks every digest of the manifest against the files, and that it lists every file but itself. */
async function checkDigests(files: Record<string, Uint8Array>, manifest: BundleManifest): Promise<void> {
  const listed = manifest.files && typeof manifest.files === 'object' ? manifest.files : {};
  for (const name of Object.keys(files)) {
    if (name === ZIP_FILES.manifest) continue;
    if (typeof listed[name] !== 'string')
      throw new BundleRejectedError(
        'digest',
        `manifest.json lists no digest for ${name}; the bundle was altered.`,
      );
    if ((await sha256Hex(files[name]!)) !== listed[name]!.toLowerCase())
      throw new BundleRejectedError(
        'digest',
        `${name} does not match its SHA-256 in manifest.json: it was altered or damaged after export. Export the model again from its source.`,
      );
  }
  const missing = Object.keys(listed).filter((name) => !files[name]);
  if (missing.length)
    throw new BundleRejectedError(
      'file',
      `The bundle lacks ${missing.join(', ')}, which manifest.json lists.`,
    );
}

/**
 * The structural pass over a bundle's files, with no tfjs: the files and their digests, the
 * metadata, weights and topology, and the golden data's layout. What it returns still has to pass
 * the golden check (bundle-model.ts) before it is stored.
 */
export async function verifyBundleFiles(files: Record<string, Uint8Array>): Promise<VerifiedBundle> {
  if (!files[ZIP_FILES.manifest] && files[ZIP_FILES.metadata])
    throw new BundleRejectedError(
      'format-version',
      'The bundle has no manifest.json: it is of format version 1 (an older ScrewOps), which carries no digests or golden data to check it by. Export it again from this version.',
    );
  const manifestJson = parseJsonFile(ZIP_FILES.manifest, files[ZIP_FILES.manifest]);
  const manifest = manifestJson as BundleManifest;
  if (manifest?.format !== 'screwops-bundle-manifest' || manifest.algorithm !== 'SHA-256' || !manifest.golden)
    throw new BundleRejectedError(
      'file',
      'manifest.json is not a ScrewOps bundle manifest with SHA-256 digests.',
    );
  for (const name of Object.values(ZIP_FILES))
    if (!files[name]) throw new BundleRejectedError('file', `The model bundle has no ${name}.`);
  await checkDigests(files, manifest);
  const model = readModelJson(parseJsonFile(ZIP_FILES.model, files[ZIP_FILES.model]));
  if (model.paths.length !== 1 || model.paths[0] !== ZIP_FILES.weights)
    throw new BundleRejectedError('file', `model.json must keep its weights in ${ZIP_FILES.weights} alone.`);
  const bundle = checkBundle(
    parseJsonFile(ZIP_FILES.metadata, files[ZIP_FILES.metadata]),
    model,
    files[ZIP_FILES.weights]!,
  );
  if (bundle.metadata.formatVersion < 2)
    throw new BundleRejectedError(
      'format-version',
      'screwops.json says format version 1, which has no manifest; the zip was altered.',
    );
  const golden = decodeGolden(files[ZIP_FILES.golden]!, manifest.golden);
  const { inputShape, outputs } = bundle.metadata;
  if (
    golden.inputShape.join() !== inputShape.join() ||
    golden.outputShape.join() !== String(outputs.names.length)
  )
    throw new BundleRejectedError(
      'golden',
      `The golden data has inputs of shape ${JSON.stringify(golden.inputShape)} and outputs of ${JSON.stringify(golden.outputShape)}, but the model takes ${JSON.stringify(inputShape)} and answers [${outputs.names.length}].`,
    );
  if (!golden.inputs.every(Number.isFinite) || !golden.outputs.every(Number.isFinite))
    throw new BundleRejectedError('golden', 'golden.bin holds NaN or infinite values.');
  return { bundle, golden, manifest };
}

/** Unzips and structurally verifies a bundle zip (no tfjs; the golden check follows). */
export async function readBundleZip(zip: Uint8Array): Promise<VerifiedBundle> {
  return verifyBundleFiles(unzipBundle(zip));
}
