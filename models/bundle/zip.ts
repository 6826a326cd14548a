import { unzipSync, zipSync, type Zippable } from 'fflate';
import { BUNDLE_FORMAT_VERSION, type GoldenData, type ModelBundle } from '../bundle.ts';
import { bundleToFiles, BUNDLE_FILES } from '../bundle-files.ts';
import { BundleRejectedError } from './errors.ts';
import { BUNDLE_LIMITS, MAX_BUNDLE_ZIP_BYTES } from './limits.ts';
import {
  compareGolden,
  decodeGolden,
  encodeGolden,
  GOLDEN_TOLERANCE,
  recordGolden,
  type BundlePredict,
  type GoldenOptions,
} from './golden.ts';
import { buildManifest, sha256Hex, type BundleManifest } from './manifest.ts';
import { checkBundle, parseJsonFile, readModelJson } from './structure.ts';

/** The files of a format-2 bundle zip. */
export const ZIP_FILES = { ...BUNDLE_FILES, manifest: 'manifest.json', golden: 'golden.bin' } as const;

/** A bundle that passed the structural checks, with the golden data the model must still reproduce. */
export interface VerifiedBundle {
  bundle: ModelBundle;
  golden: GoldenData;
  manifest: BundleManifest;
}

/** Options of bundleToZip. */
export interface BundleZipOptions extends GoldenOptions {
  /** largest difference from the bundle's recorded golden outputs that still exports */
  tolerance?: number;
}

/** Largest unpacked size of each file, bytes. */
const MAX_FILE_BYTES: Record<string, number> = {
  [ZIP_FILES.weights]: BUNDLE_LIMITS.maxParams * 4,
  [ZIP_FILES.golden]: BUNDLE_LIMITS.maxGoldenBytes,
  [ZIP_FILES.model]: BUNDLE_LIMITS.maxJsonBytes,
  [ZIP_FILES.metadata]: BUNDLE_LIMITS.maxJsonBytes,
  [ZIP_FILES.manifest]: BUNDLE_LIMITS.maxJsonBytes,
};

/** Checks that a bundle's model (if given) still answers its recorded golden data; returns that data. */
async function replayGolden(
  bundle: ModelBundle,
  golden: GoldenData,
  predict: BundlePredict | null,
  tolerance: number,
): Promise<GoldenData> {
  checkGoldenShape(bundle, golden);
  if (!predict) return golden;
  const answers = await predict(golden.inputs, [golden.count, ...golden.inputShape]);
  compareGolden(bundle.metadata.name, golden, answers, tolerance);
  return golden;
}

/** Refuses golden data whose shapes are not the model's input and outputs. */
function checkGoldenShape(bundle: ModelBundle, golden: GoldenData): void {
  const { inputShape, outputs } = bundle.metadata;
  if (
    golden.inputShape.join() !== inputShape.join() ||
    golden.outputShape.join() !== String(outputs.names.length)
  )
    throw new BundleRejectedError(
      'golden',
      `The golden data has inputs of shape ${JSON.stringify(golden.inputShape)} and outputs of ${JSON.stringify(golden.outputShape)}, but the model takes ${JSON.stringify(inputShape)} and answers [${outputs.names.length}].`,
    );
}

/**
 * Writes a bundle as one zip of format version 2: the three files of format 1, golden.bin and
 * manifest.json (SHA-256 of every other file). The golden data is the bundle's recorded one, which
 * `predict` must still reproduce, or else (or with options.goldenInputs) what `predict` answers now.
 * With `predict` null, a bundle's recorded golden data is written as it is, with no tfjs: the
 * importing device then checks the model against what it answered when it was made.
 * The bundle is checked first, so this never writes a zip that import would refuse for its structure.
 */
export async function bundleToZip(
  bundle: ModelBundle,
  predict: BundlePredict | null,
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
  if (!predict && (!bundle.golden || options.goldenInputs))
    throw new RangeError(
      'bundleToZip: recording golden outputs needs the model: pass a predict callback (bundle-model.ts: modelPredictor).',
    );
  const golden =
    bundle.golden && !options.goldenInputs
      ? await replayGolden(upgraded, bundle.golden, predict, options.tolerance ?? GOLDEN_TOLERANCE)
      : await recordGolden(upgraded.metadata, predict!, options);
  const { count, inputShape, outputShape } = golden;
  files[ZIP_FILES.golden] = encodeGolden(golden);
  const manifest = await buildManifest(files, { count, inputShape, outputShape });
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
  if (zip.byteLength > MAX_BUNDLE_ZIP_BYTES)
    throw new BundleRejectedError(
      'size',
      `The bundle is ${zip.byteLength} bytes; bundles over ${MAX_BUNDLE_ZIP_BYTES} are refused.`,
    );
  const problems: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (file) => {
        // fflate inflates into a buffer of the declared size, so bounding it bounds the memory.
        const limit = Object.hasOwn(MAX_FILE_BYTES, file.name) ? MAX_FILE_BYTES[file.name]! : -1;
        if (limit < 0) problems.push(`an unexpected file "${file.name}"`);
        else if (file.originalSize > limit)
          problems.push(`${file.name} of ${file.originalSize} bytes (at most ${limit} are accepted)`);
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
      'The bundle has no manifest.json: it is in the three-file layout of format version 1, written by an older ScrewOps, with no digests or golden data to check it by. Export it again from this version.',
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
  checkGoldenShape(bundle, golden);
  if (!golden.inputs.every(Number.isFinite) || !golden.outputs.every(Number.isFinite))
    throw new BundleRejectedError('golden', 'golden.bin holds NaN or infinite values.');
  return { bundle: { ...bundle, golden }, golden, manifest };
}

/** Unzips and structurally verifies a bundle zip (no tfjs; the golden check follows). */
export async function readBundleZip(zip: Uint8Array): Promise<VerifiedBundle> {
  return verifyBundleFiles(unzipBundle(zip));
}
