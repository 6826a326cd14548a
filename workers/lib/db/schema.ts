import type { DBSchema } from 'idb';
import type { Scope } from '../domain/scope.ts';
import type { ModelBundle } from '../../../models/bundle.ts';
import type { Split } from '../splits/split.ts';

/** The IndexedDB database name; one database holds every project. */
export const DB_NAME = 'screwops';

/** Current schema version; raise it and add a step to the ladder in `open-db.ts` for every change. */
export const DB_VERSION = 3;

/** A stored project: its scope card plus bookkeeping. */
export interface ProjectRecord {
  id: string;
  scope: Scope;
  /** how the project splits its images; absent until the first split */
  splitSettings?: SplitSettings;
  /** the project's data assertions as YAML; absent means the defaults for its scope */
  assertionsYaml?: string;
  /** ms since epoch */
  createdAt: number;
  /** ms since epoch */
  updatedAt: number;
}

/** Where an image came from. */
export type ImageSource = 'demo' | 'file' | 'folder' | 'zip' | 'label-studio' | 'camera';

/** How an image got its label. */
export type LabelSource = 'folder' | 'imported' | 'generated' | 'camera' | 'manual' | 'class-rename';

/** One image's metadata; its bytes live in the `blobs` store under the same id. */
export interface ImageRecord {
  /** `${projectId}/${sha256}`: one copy of each content per project */
  id: string;
  projectId: string;
  /** hex SHA-256 of the original file bytes */
  sha256: string;
  /** a class of the project's scope, or null when unlabeled */
  label: string | null;
  labelSource: LabelSource | null;
  /** defect type from a folder name, a generator or an export; kept even in a binary project */
  defectType: string | null;
  source: ImageSource;
  /** path inside the import (folder, zip) or the file name */
  originalPath: string;
  /** last path segment, used to match Label Studio exports */
  fileName: string;
  format: string;
  /** pixels */
  width: number;
  /** pixels */
  height: number;
  /** bytes of the original file */
  byteSize: number;
  /** ms since epoch, for camera frames; null otherwise */
  capturedAt: number | null;
  /** ms since epoch */
  addedAt: number;
  /** the import job that stored it */
  importId: string;
  /** train/validation/test, or null before the first split */
  split?: Split | null;
  /** 64-bit difference hash (16 hex chars) for near-duplicate search; absent on images from before v3 */
  phash?: string | null;
  /** ms since epoch of the last label change */
  labeledAt?: number | null;
  /** the label before the last change */
  previousLabel?: string | null;
}

/** One label change, kept for provenance, undo and redo. */
export interface LabelEvent {
  /** auto-increment key */
  seq?: number;
  projectId: string;
  imageId: string;
  from: string | null;
  to: string | null;
  source: LabelSource;
  /** ms since epoch */
  at: number;
  /** changes made by one action (a batch label, an undo) share a batch id */
  batchId: string;
}

/** One entry of a snapshot: enough to hash, diff and find the image again. */
export interface SnapshotEntry {
  imageId: string;
  sha256: string;
  label: string | null;
  split: Split | null;
}

/** An immutable dataset version. */
export interface SnapshotRecord {
  id: string;
  projectId: string;
  name: string;
  /** ms since epoch */
  createdAt: number;
  /** hex SHA-256 over the sorted (sha256, label, split) triples */
  hash: string;
  entries: SnapshotEntry[];
  /** the split settings in force when it was taken */
  splitSettings: SplitSettings | null;
}

/** How a project splits its images. */
export interface SplitSettings {
  /** shares 0..1 summing to 1 */
  ratios: { train: number; validation: number; test: number };
  seed: number;
  /** largest Hamming distance (bits of 64) at which two images count as near-duplicates */
  nearDuplicateBits: number;
}

/** The bytes of one image: the original file and a small thumbnail for grids. */
export interface ImageBlobs {
  id: string;
  original: Blob;
  /** at most THUMBNAIL_SIZE pixels on the long side */
  thumbnail: Blob;
}

/** A reason a file was not stored. */
export interface Rejection {
  file: string;
  reason: string;
}

/** Counts of one import job. */
export interface ImportCounts {
  accepted: number;
  duplicates: number;
  rejected: number;
  conflicts: number;
}

/** One import job; an interrupted job resumes, skipping the files it already handled. */
export interface ImportRecord {
  id: string;
  projectId: string;
  source: ImageSource;
  /** what the person imported, e.g. a folder or zip name */
  title: string;
  status: 'running' | 'done' | 'cancelled' | 'failed';
  /** ms since epoch */
  startedAt: number;
  /** ms since epoch */
  finishedAt: number | null;
  /** keys (paths) of the files already handled, for resuming */
  doneKeys: string[];
  counts: ImportCounts;
  rejected: Rejection[];
  conflicts: Array<{ file: string; existingLabel: string; newLabel: string }>;
}

/** One image preprocessed once per preprocessing spec: the canonical crop as 8-bit gray. */
export interface CachedTensor {
  /** `${specKey}/${sha256}` */
  key: string;
  /** inputSize × inputHeight bytes, row-major */
  pixels: Uint8Array;
}

/** Hyperparameters of a training run. */
export interface TrainParams {
  /** crop width along the part's axis, pixels */
  inputSize: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  schedule: 'constant' | 'cosine';
  optimizer: 'adam' | 'sgd';
  /** filters of the first conv block; later blocks double it */
  baseFilters: number;
  augment: {
    rotateDeg: number;
    shiftPx: number;
    scale: number;
    brightness: number;
    contrast: number;
    noise: number;
    blurChance: number;
    flip: boolean;
  };
  /** weight each class by the inverse of its frequency */
  classWeighting: boolean;
  /** in a binary project, train one output per defect type (the bad class is their union) */
  defectTypeTargets: boolean;
  seed: number;
  /** stop after this many epochs without a better validation loss; 0 disables */
  earlyStoppingPatience: number;
}

/** Per-epoch metrics of a run. */
export interface EpochMetrics {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  /** wall time of the epoch, ms */
  ms: number;
  imagesPerSecond: number;
}

/** Test-split evaluation of a model. */
export interface EvaluationMetrics {
  testAccuracy: number;
  testLoss: number;
  auroc: number;
  /** 95% Wilson lower bound of the test accuracy */
  wilsonLower: number;
  testCount: number;
  /** recall of the bad class per defect type, 0..1 */
  recallByDefect: Record<string, number>;
  /** rows: true class, columns: predicted class, in scope class order */
  confusion: number[][];
  /** the decision threshold on P(bad), chosen on the validation split (0.5 where it cannot be: one class only, or more than two) */
  threshold: number;
}

/** A training run: the experiment-tracking record. */
export interface RunRecord {
  id: string;
  projectId: string;
  name: string;
  snapshotId: string;
  snapshotHash: string;
  classes: string[];
  /**
   * The model's output units and the class each stands for. A binary project whose defective
   * images carry defect types trains one output per type (finer targets are easier to learn);
   * P(good) is still the first output.
   */
  outputs?: { names: string[]; classOf: number[] };
  params: TrainParams;
  preprocess: Record<string, unknown>;
  status: 'running' | 'paused' | 'done' | 'failed' | 'cancelled';
  backend: string;
  /** ms since epoch */
  startedAt: number;
  finishedAt: number | null;
  /** training wall time, ms */
  wallMs: number;
  epochs: EpochMetrics[];
  /** loss and accuracy every few batches, for the live curve */
  batches: Array<{ step: number; loss: number; accuracy: number }>;
  evaluation: EvaluationMetrics | null;
  /** the data-quality gate when the run started */
  dataGate: { passed: boolean; failures: string[]; override: { reason: string; at: number } | null };
  notes: string;
  tags: string[];
  error: string | null;
}

/** A checkpoint: everything needed to continue a run exactly where an epoch ended. */
export interface CheckpointRecord {
  runId: string;
  /** the last finished epoch, 1-based */
  epoch: number;
  /** weight tensors in model order: shape and values */
  weights: Array<{ shape: number[]; data: Float32Array }>;
  optimizer: Array<{ name: string; shape: number[]; data: Float32Array }>;
  bestValLoss: number | null;
  epochsWithoutImprovement: number;
  /** weights of the epoch with the best validation loss, restored at the end */
  bestWeights: Array<{ shape: number[]; data: Float32Array }> | null;
}

/** A stored profile of one snapshot with its assertion results. */
export interface ProfileRecord {
  id: string;
  projectId: string;
  snapshotId: string;
  /** ms since epoch */
  createdAt: number;
  /** the DatasetProfile (workers/lib/profile), stored as plain JSON */
  profile: import('../profile/profile-types.ts').DatasetProfile;
  assertions: import('../profile/assertion-types.ts').Assertion[];
  results: import('../profile/assertion-types.ts').AssertionResult[];
  /** ms the profiling took */
  elapsedMs: number;
}

/** Key-value settings shared by all projects. */
export interface SettingsValues {
  /** Id of the project opened last; the runner and the app reopen it. */
  lastProjectId: string;
  /** The demo project was created once; it is not recreated after the user deletes it. */
  demoSeeded: boolean;
  /** A tfjs backend the user forces, or 'auto' for the measured choice. */
  backendPreference: string;
}

/** Keys of the settings store. */
export type SettingKey = keyof SettingsValues;

/** The one typed schema every store, value and index is checked against. */
export interface ScrewOpsDB extends DBSchema {
  projects: {
    key: string;
    value: ProjectRecord;
    indexes: { 'by-name': string; 'by-updated': number };
  };
  settings: {
    key: SettingKey;
    value: { key: SettingKey; value: SettingsValues[SettingKey] };
  };
  images: {
    key: string;
    value: ImageRecord;
    indexes: { 'by-project': string; 'by-project-file': [string, string]; 'by-import': string };
  };
  blobs: {
    key: string;
    value: ImageBlobs;
  };
  imports: {
    key: string;
    value: ImportRecord;
    indexes: { 'by-project': string };
  };
  labelEvents: {
    key: number;
    value: LabelEvent;
    indexes: { 'by-image': string; 'by-project': string; 'by-batch': string };
  };
  snapshots: {
    key: string;
    value: SnapshotRecord;
    indexes: { 'by-project': string; 'by-hash': [string, string] };
  };
  tensors: {
    key: string;
    value: CachedTensor;
  };
  runs: {
    key: string;
    value: RunRecord;
    indexes: { 'by-project': string };
  };
  checkpoints: {
    key: string;
    value: CheckpointRecord;
  };
  artifacts: {
    key: string;
    value: { runId: string; bundle: ModelBundle };
  };
  profiles: {
    key: string;
    value: ProfileRecord;
    indexes: { 'by-project': string; 'by-snapshot': string };
  };
}
