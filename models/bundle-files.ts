import type { ModelBundle } from './bundle.ts';
import { BundleRejectedError } from './bundle/errors.ts';
import { checkBundle, parseJsonFile, readModelJson } from './bundle/structure.ts';

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

/**
 * Reads the three files of format version 1 (the shipped default model's) back into a bundle, with
 * every structural check of a zip import; they carry no digests or golden data, so only bundles
 * shipped with the app, or built in it, should come this way. Throws BundleRejectedError naming
 * the problem.
 */
export function bundleFromFiles(files: Record<string, Uint8Array | undefined>): ModelBundle {
  const metadata = parseJsonFile(BUNDLE_FILES.metadata, files[BUNDLE_FILES.metadata]);
  const model = readModelJson(parseJsonFile(BUNDLE_FILES.model, files[BUNDLE_FILES.model]));
  const weights = files[BUNDLE_FILES.weights];
  if (!weights) throw new BundleRejectedError('file', `The model bundle has no ${BUNDLE_FILES.weights}.`);
  return checkBundle(metadata, model, weights);
}
