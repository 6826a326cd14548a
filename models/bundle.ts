import type { PreprocessSpec } from './preprocess/spec.ts';
import { isPreprocessSpec } from './preprocess/spec.ts';

/** Version of the bundle format; raise it (and note it in the CHANGELOG) when the layout changes. */
export const BUNDLE_FORMAT_VERSION = 1;

/** What travels with a model's weights: enough to preprocess, interpret and trust its outputs. */
export interface BundleMetadata {
  format: 'screwops-model';
  formatVersion: number;
  name: string;
  /** the project's classes; the first is the good class */
  classes: string[];
  /** the softmax outputs and the class each stands for (outputs may be finer than classes) */
  outputs: { names: string[]; classOf: number[] };
  preprocess: PreprocessSpec;
  /** input tensor shape [height, width, 1] */
  inputShape: [number, number, number];
  /** test metrics at training time, or null */
  metrics: Record<string, unknown> | null;
  /** the dataset snapshot and run it came from */
  lineage: { runId: string | null; snapshotHash: string | null; params: Record<string, unknown> | null };
  /** ms since epoch */
  createdAt: number;
}

/** A model as stored in IndexedDB or shipped under models/: tfjs artifacts plus metadata. */
export interface ModelBundle {
  metadata: BundleMetadata;
  /** tfjs layers topology (model.json's modelTopology) */
  modelTopology: object;
  /** tfjs weights manifest entries, in weightData order */
  weightSpecs: Array<{ name: string; shape: number[]; dtype: string }>;
  weightData: ArrayBuffer;
}

/**
 * P(bad) of each row of softmax outputs (row-major, one column per output): the sum over every
 * output that stands for a class other than the first, the good one.
 */
export function badProbabilities(probabilities: ArrayLike<number>, classOf: readonly number[]): number[] {
  const k = classOf.length;
  return Array.from({ length: Math.floor(probabilities.length / k) }, (_, i) =>
    classOf.reduce((sum, c, j) => sum + (c === 0 ? 0 : probabilities[i * k + j]!), 0),
  );
}

/** Type guard for bundle metadata read from a file or storage. */
export function isBundleMetadata(value: unknown): value is BundleMetadata {
  const v = value as Partial<BundleMetadata> | null;
  return (
    !!v &&
    v.format === 'screwops-model' &&
    typeof v.formatVersion === 'number' &&
    v.formatVersion <= BUNDLE_FORMAT_VERSION &&
    Array.isArray(v.classes) &&
    v.classes.every((c) => typeof c === 'string') &&
    isPreprocessSpec(v.preprocess) &&
    Array.isArray(v.inputShape) &&
    !!v.outputs &&
    Array.isArray(v.outputs.names) &&
    Array.isArray(v.outputs.classOf) &&
    v.outputs.names.length === v.outputs.classOf.length
  );
}
