import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { BundleMetadata, ModelBundle } from '../bundle.ts';
import { BundleRejectedError } from './errors.ts';
import { compareGolden, GOLDEN_TOLERANCE, type BundlePredict } from './golden.ts';
import { bundleToZip, readBundleZip, type BundleZipOptions, type VerifiedBundle } from './zip.ts';

/** tfjs's artifacts of a built model: its topology, weight entries and weight bytes. */
export async function modelArtifacts(
  model: tfl.LayersModel,
): Promise<Pick<ModelBundle, 'modelTopology' | 'weightSpecs' | 'weightData'>> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return {
    modelTopology: saved!.modelTopology as object,
    weightSpecs: saved!.weightSpecs as ModelBundle['weightSpecs'],
    weightData: saved!.weightData as ArrayBuffer,
  };
}

/** Builds a bundle's tf.LayersModel (the caller disposes it); a model tfjs cannot build is refused. */
export async function loadBundleModel(bundle: ModelBundle): Promise<tfl.LayersModel> {
  try {
    return await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: bundle.modelTopology,
        weightSpecs: bundle.weightSpecs as tf.io.WeightsManifestEntry[],
        weightData: bundle.weightData,
      }),
    );
  } catch (error) {
    throw new BundleRejectedError(
      'layer',
      `tfjs cannot build the model "${bundle.metadata.name}": ${(error as Error).message}`,
    );
  }
}

/** A predict callback over a loaded model: one batch in, its outputs out, no tensor left behind. */
export function modelPredictor(model: tfl.LayersModel): BundlePredict {
  return async (inputs, shape) => {
    const output = tf.tidy(() => model.predict(tf.tensor(inputs, shape, 'float32')) as tf.Tensor);
    try {
      return (await output.data()) as Float32Array;
    } finally {
      output.dispose();
    }
  };
}

/** Refuses a built model whose input or output shape is not what its metadata declares. */
export function checkModelShape(model: tfl.LayersModel, metadata: BundleMetadata): void {
  const k = metadata.outputs.names.length;
  const [input] = model.inputs;
  const [output] = model.outputs;
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || !input || !output)
    throw new BundleRejectedError('layer', 'The model does not have exactly one input and one output.');
  if (input.shape.slice(1).join() !== metadata.inputShape.join())
    throw new BundleRejectedError(
      'metadata',
      `The model takes inputs of shape ${JSON.stringify(input.shape.slice(1))}, but screwops.json declares ${JSON.stringify(metadata.inputShape)}.`,
    );
  if (output.shape.length !== 2 || output.shape[1] !== k)
    throw new BundleRejectedError(
      'metadata',
      `The model answers outputs of shape ${JSON.stringify(output.shape)}, but screwops.json names ${k} outputs.`,
    );
}

/** Writes a bundle zip (bundleToZip), asking the bundle's own model, built here with tfjs. */
export async function exportBundleZip(
  bundle: ModelBundle,
  options: BundleZipOptions = {},
): Promise<Uint8Array> {
  const model = await loadBundleModel(bundle);
  try {
    checkModelShape(model, bundle.metadata);
    return await bundleToZip(bundle, modelPredictor(model), options);
  } finally {
    disposeModel(model);
  }
}

/**
 * The golden check: builds the model with tfjs and refuses it unless it answers every golden input
 * within `tolerance` of the recorded outputs. Resolves the largest difference seen.
 */
export async function checkGolden(verified: VerifiedBundle, tolerance = GOLDEN_TOLERANCE): Promise<number> {
  const { bundle, golden } = verified;
  const model = await loadBundleModel(bundle);
  try {
    checkModelShape(model, bundle.metadata);
    const answers = await modelPredictor(model)(golden.inputs, [golden.count, ...golden.inputShape]);
    return compareGolden(bundle.metadata.name, golden, answers, tolerance);
  } finally {
    disposeModel(model);
  }
}

/**
 * Everything an import checks, in order: the structural pass (no tfjs) and then the golden check.
 * Only a bundle this resolves may be stored.
 */
export async function importBundleZip(
  zip: Uint8Array,
  tolerance = GOLDEN_TOLERANCE,
): Promise<VerifiedBundle & { goldenDifference: number }> {
  const verified = await readBundleZip(zip);
  return { ...verified, goldenDifference: await checkGolden(verified, tolerance) };
}

/**
 * Disposes a built model and every model nested in it. LayersModel.dispose counts a nested model's
 * uses (a mirror-averaged classifier is applied twice) and frees its weights only at the last, which
 * never comes when the outer model was the only owner; this frees them.
 */
export function disposeModel(model: tfl.LayersModel): void {
  const nested = model.layers.filter((layer): layer is tfl.LayersModel => layer instanceof tfl.LayersModel);
  model.dispose();
  for (const inner of nested) {
    // One release per use the outer model counted; a model already freed refuses further releases.
    for (let uses = 0; uses < 16; uses++) {
      try {
        if (inner.dispose().refCountAfterDispose <= 0) break;
      } catch {
        break;
      }
    }
  }
}
