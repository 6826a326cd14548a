import type { PreprocessSpec } from '../../../../models/preprocess/spec.ts';
import type { BackendName } from '../../../tf/backend-types.ts';
import type { CrossValidationRecord } from './cross-validation.ts';

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
  /** 'classifier' (absent) or 'one-class' (trained from good images only) */
  mode?: 'classifier' | 'one-class';
  /** one-class settings: the false-reject rate (0..1) the threshold is chosen for, and the memory bank's most patches */
  oneClass?: { targetFalseRejectRate: number; maxBankSize: number };
  seed: number;
  /** stop after this many epochs without a better validation loss; 0 disables */
  earlyStoppingPatience: number;
  /** where the weights start: the shipped backbone, random, or a registered model 'NAME@V'; absent = 'scratch' */
  from?: 'default' | 'scratch' | string;
  /** 'backbone': only the new head learns; 'none': head first, then the top blocks too; absent = 'none' */
  freeze?: 'backbone' | 'none';
}

/** The weights a run started from, when it did not start from scratch. */
export interface BackboneIdentity {
  /** 'shipped' for the model shipped with the app, else the registered version 'NAME@V' */
  model: string;
  /** lowercase hex SHA-256 of the backbone's weight bytes */
  weightsSha256: string;
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

/** What a one-class run records beyond a classifier's figures. */
export interface OneClassRunFacts {
  /** good train images the memory bank was fitted on */
  goodTrainImages: number;
  /** defective train images left out (a one-class model learns from good parts only) */
  ignoredDefectiveTrain: number;
  bankSize: number;
  /** wall time of the fit, ms */
  fitMs: number;
  /** the false-reject rate (0..1) the threshold was chosen for */
  targetFalseRejectRate: number;
  /**
   * where the threshold was chosen: good (and defective) validation images, or, when there are none,
   * good train images each scored against a bank built without it
   */
  thresholdChosenOn: 'validation' | 'train';
  /** the threshold on the raw anomaly score (the threshold on P(bad) is the evaluation's) */
  scoreThreshold: number;
  /** good test images flagged / good test images, 0..1 (null without good test images) */
  testFalseRejectRate: number | null;
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
  /** the backbone its weights started from; absent or null when it trained from scratch */
  backbone?: BackboneIdentity | null;
  /** how every image is cropped and scaled for this run's model */
  preprocess: PreprocessSpec;
  status: 'running' | 'paused' | 'done' | 'failed' | 'cancelled';
  /** the backend it trains on */
  backend: BackendName;
  /** ms since epoch */
  startedAt: number;
  finishedAt: number | null;
  /** training wall time, ms */
  wallMs: number;
  epochs: EpochMetrics[];
  /** loss and accuracy every few batches, for the live curve */
  batches: Array<{ step: number; loss: number; accuracy: number }>;
  evaluation: EvaluationMetrics | null;
  /** what a one-class run learned from and where its threshold sits; absent on classifier runs */
  oneClass?: OneClassRunFacts;
  /** the data-quality gate when the run started */
  dataGate: { passed: boolean; failures: string[]; override: { reason: string; at: number } | null };
  notes: string;
  tags: string[];
  error: string | null;
  /** the latest k-fold cross-validation of the run's params on its snapshot; absent until one ran */
  crossValidation?: CrossValidationRecord;
}
