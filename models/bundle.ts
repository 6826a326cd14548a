import type { ModelPreprocessSpec } from './preprocess/spec.ts';
import { isModelPreprocessSpec } from './preprocess/spec.ts';

/**
 * Version of the bundle format; raise it (and note it in CHANGELOG.md) when the layout changes.
 * 1: model.json, weights.bin and screwops.json. 2: one zip that adds manifest.json (SHA-256 of every
 * file) and golden.bin (inputs and the outputs the model must answer), and metadata gains `threshold`
 * and `modelCard`, and may name the whole-frame preprocessing.
 */
export const BUNDLE_FORMAT_VERSION = 2;

/** A model card: what the model is for and where it fails, written by whoever trained or imported it. */
export interface ModelCard {
  summary?: string;
  intendedUse?: string;
  limitations?: string;
  /** who trained or imported it */
  author?: string;
  license?: string;
  /** the model's source when imported (e.g. "Teachable Machine") */
  source?: string;
}

/**
 * What a one-class model (fitted on good parts only) records of itself: its memory bank of patch
 * features (the bank itself is the weights of its layer "bank"), where the features come from, and
 * how its image score, the max of the layer "anomaly_map", becomes P(bad).
 */
export interface OneClassMetadata {
  /** entries in the memory bank */
  bankSize: number;
  /** values per patch feature */
  dims: number;
  /** backbone layers the patch features come from */
  featureLayers: string[];
  /** rows × columns of the anomaly map */
  patchGrid: [number, number];
  /** share of good parts the operating threshold may reject, 0..1 */
  targetFalseRejectRate: number;
  /** P(bad) = sigmoid((score − center) / scale) */
  calibration: { center: number; scale: number };
}

/** What travels with a model's weights: enough to preprocess, interpret and trust its outputs. */
export interface BundleMetadata {
  format: 'screwops-model';
  formatVersion: number;
  name: string;
  /** the project's classes; the first is the good class */
  classes: string[];
  /** the softmax outputs and the class each stands for (outputs may be finer than classes) */
  outputs: { names: string[]; classOf: number[] };
  preprocess: ModelPreprocessSpec;
  /** input tensor shape [height, width, channels]: 1 channel for the canonical crop, 3 for whole frames */
  inputShape: [number, number, number];
  /** test metrics at training time, or null */
  metrics: Record<string, unknown> | null;
  /** the dataset snapshot and run it came from, and the backbone its weights started from (null: scratch) */
  lineage: {
    runId: string | null;
    snapshotHash: string | null;
    params: Record<string, unknown> | null;
    backbone?: { model: string; weightsSha256: string } | null;
  };
  /** ms since epoch */
  createdAt: number;
  /** operating threshold on P(bad), 0..1; format 1 kept it in metrics.threshold */
  threshold?: number | null;
  /** the model card, or null where nobody wrote one */
  modelCard?: ModelCard | null;
  /** present when the model is one-class: trained on good parts only, scoring by distance to them */
  oneClass?: OneClassMetadata;
}

/** Golden inputs and the outputs the model answered for them when it was made: its fingerprint. */
export interface GoldenData {
  count: number;
  inputShape: number[];
  outputShape: number[];
  /** count × inputShape, row-major */
  inputs: Float32Array;
  /** count × outputShape, row-major */
  outputs: Float32Array;
}

/** A model as stored in IndexedDB or shipped under models/: tfjs artifacts plus metadata. */
export interface ModelBundle {
  metadata: BundleMetadata;
  /** tfjs layers topology (model.json's modelTopology) */
  modelTopology: object;
  /** tfjs weights manifest entries, in weightData order */
  weightSpecs: Array<{ name: string; shape: number[]; dtype: string }>;
  weightData: ArrayBuffer;
  /** golden data recorded when the model was trained or imported; zip exports carry it */
  golden?: GoldenData | null;
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

/** The operating threshold on P(bad), 0..1: the metadata's own, else format 1's metrics.threshold, else 0.5. */
export function decisionThreshold(metadata: BundleMetadata): number {
  if (typeof metadata.threshold === 'number') return metadata.threshold;
  const legacy = metadata.metrics?.['threshold'];
  return typeof legacy === 'number' ? legacy : 0.5;
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
    isModelPreprocessSpec(v.preprocess) &&
    Array.isArray(v.inputShape) &&
    !!v.outputs &&
    Array.isArray(v.outputs.names) &&
    Array.isArray(v.outputs.classOf) &&
    v.outputs.names.length === v.outputs.classOf.length
  );
}
