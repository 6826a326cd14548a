import { BUNDLE_FORMAT_VERSION, isBundleMetadata, type ModelBundle } from './bundle.ts';
import { PREPROCESS_VERSION } from './preprocess/spec.ts';

/** File names of a bundle on disk or in a zip: the tfjs model, its weights and ScrewOps' metadata. */
export const BUNDLE_FILES = {
  model: 'model.json',
  weights: 'weights.bin',
  metadata: 'screwops.json',
} as const;

/** A bundle as three files: tfjs's own model.json format (loadable by tf.loadLayersModel) and metadata. */
export function bundleToFiles(bundle: ModelBundle): Record<string, Uint8Array> {
  const encoder = new TextEncoder();
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'ScrewOps',
    modelTopology: bundle.modelTopology,
    weightsManifest: [{ paths: [BUNDLE_FILES.weights], weights: bundle.weightSpecs }],
  };
  return {
    [BUNDLE_FILES.model]: encoder.encode(JSON.stringify(modelJson)),
    [BUNDLE_FILES.weights]: new Uint8Array(bundle.weightData),
    [BUNDLE_FILES.metadata]: encoder.encode(JSON.stringify(bundle.metadata, null, 2)),
  };
}

/** Reads the three files back into a bundle; throws a clear error for anything that is not one. */
export function bundleFromFiles(files: Record<string, Uint8Array | undefined>): ModelBundle {
  const decoder = new TextDecoder();
  const read = (name: string) => {
    const bytes = files[name];
    if (!bytes) throw new Error(`The model bundle has no ${name}.`);
    return bytes;
  };
  const metadata = JSON.parse(decoder.decode(read(BUNDLE_FILES.metadata))) as unknown;
  if (!isBundleMetadata(metadata))
    throw new Error(
      `${BUNDLE_FILES.metadata} is not ScrewOps model metadata of format version ${BUNDLE_FORMAT_VERSION} or older.`,
    );
  // Other preprocessing would feed the model pictures unlike those it learned from, and its outputs would be quietly wrong.
  if (metadata.preprocess.version !== PREPROCESS_VERSION)
    throw new Error(
      `The model "${metadata.name}" was trained on preprocessing version ${metadata.preprocess.version}; this version of ScrewOps implements version ${PREPROCESS_VERSION}. Retrain it on this version.`,
    );
  const model = JSON.parse(decoder.decode(read(BUNDLE_FILES.model))) as {
    modelTopology: object;
    weightsManifest: Array<{ weights: ModelBundle['weightSpecs'] }>;
  };
  const weights = read(BUNDLE_FILES.weights);
  return {
    metadata,
    modelTopology: model.modelTopology,
    weightSpecs: model.weightsManifest.flatMap((m) => m.weights),
    weightData: weights.buffer.slice(
      weights.byteOffset,
      weights.byteOffset + weights.byteLength,
    ) as ArrayBuffer,
  };
}
