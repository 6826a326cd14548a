import type { ModelBundle } from '../bundle.ts';
import { BundleRejectedError } from './errors.ts';
import { BUNDLE_LIMITS } from './limits.ts';
import { checkMetadata, checkMetadataMatchesModel } from './metadata.ts';
import { readTopology, type TopologyFacts } from './topology.ts';
import { checkWeightSpecs, type WeightSpec } from './weights.ts';

/** Parses a JSON file of a bundle, refusing oversized or malformed ones by name. */
export function parseJsonFile(name: string, bytes: Uint8Array | undefined): unknown {
  if (!bytes) throw new BundleRejectedError('file', `The model bundle has no ${name}.`);
  if (bytes.byteLength > BUNDLE_LIMITS.maxJsonBytes)
    throw new BundleRejectedError(
      'size',
      `${name} is ${bytes.byteLength} bytes; JSON files over ${BUNDLE_LIMITS.maxJsonBytes} bytes are refused.`,
    );
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new BundleRejectedError('file', `${name} is not valid UTF-8 JSON.`);
  }
}

/**
 * Runs a check over untrusted JSON, turning any slip on a malformed value (a TypeError on a null
 * where an object belongs) into a refusal that names the file.
 */
export function structural<T>(file: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof BundleRejectedError) throw error;
    throw new BundleRejectedError('file', `${file} is malformed: ${(error as Error).message}`);
  }
}

/** model.json's parts: the topology, the weight entries in order, and the weight files they live in. */
export interface ModelJson {
  modelTopology: object;
  weightSpecs: WeightSpec[];
  paths: string[];
}

/** Reads tfjs's model.json (layers format) without trusting any of it. */
export function readModelJson(value: unknown, name = 'model.json'): ModelJson {
  const v = value as { format?: unknown; modelTopology?: unknown; weightsManifest?: unknown } | null;
  if (!v || typeof v !== 'object' || !v.modelTopology || typeof v.modelTopology !== 'object')
    throw new BundleRejectedError('file', `${name} is not a tfjs layers model: it has no modelTopology.`);
  if (v.format !== undefined && v.format !== 'layers-model')
    throw new BundleRejectedError(
      'file',
      `${name} is a tfjs "${String(v.format)}"; ScrewOps imports layers models (tf.LayersModel) only.`,
    );
  const groups = v.weightsManifest;
  if (!Array.isArray(groups)) throw new BundleRejectedError('file', `${name} has no weightsManifest.`);
  const paths: string[] = [];
  const weightSpecs: WeightSpec[] = [];
  for (const group of groups as Array<{ paths?: unknown; weights?: unknown }>) {
    if (
      !Array.isArray(group?.paths) ||
      !Array.isArray(group.weights) ||
      group.paths.some((p) => typeof p !== 'string')
    )
      throw new BundleRejectedError('file', `${name} has a weightsManifest group without paths and weights.`);
    paths.push(...(group.paths as string[]));
    weightSpecs.push(...(group.weights as WeightSpec[]));
  }
  return { modelTopology: v.modelTopology, weightSpecs, paths };
}

/**
 * The structural checks of a bundle's model and metadata, with no tfjs: metadata fields, weight
 * dtypes, shapes, sizes and byte count, layer classes, and metadata against the topology.
 */
export function checkBundle(metadataJson: unknown, model: ModelJson, weights: Uint8Array): ModelBundle {
  const metadata = checkMetadata(metadataJson);
  checkWeightSpecs(model.weightSpecs, weights.byteLength, 'weights.bin');
  const facts: TopologyFacts = structural('model.json', () => readTopology(model.modelTopology));
  checkMetadataMatchesModel(metadata, facts);
  return {
    metadata,
    modelTopology: model.modelTopology,
    weightSpecs: model.weightSpecs.map(({ name, shape, dtype }) => ({ name, shape, dtype })),
    weightData: weights.slice().buffer,
  };
}
