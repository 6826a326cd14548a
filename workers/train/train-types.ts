/** Types shared by the train worker and the UI (no runtime imports here). */
import type { EpochMetrics, TrainParams } from '../lib/db/schema/runs.ts';
import type { BackendName, BackendPreference } from '../tf/backend-types.ts';

/** Live progress of a start: profiling the snapshot for the data gate, then the run itself. */
export type TrainProgress = GateProgress | RunProgress;

/** Profiling a snapshot that has no profile yet, before the data gate can be judged and the run recorded. */
export interface GateProgress {
  phase: 'profiling';
  /** images profiled so far */
  done: number;
  total: number;
}

/** Live progress of a run. */
export interface RunProgress {
  runId: string;
  phase: 'preparing' | 'training' | 'fitting' | 'calibrating' | 'evaluating';
  /** images preprocessed so far, while preparing */
  prepared?: { done: number; total: number };
  /** a one-class run's train images while it fits its memory bank: the good ones used, the defective ones left out */
  fitting?: { goodImages: number; ignoredDefective: number };
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** the latest batch's loss and accuracy */
  loss: number;
  accuracy: number;
  imagesPerSecond: number;
  /** ms until the run ends, estimated from the epochs so far */
  etaMs: number | null;
  backend: BackendName;
  memory: { numTensors: number; numBytes: number };
  /** the epoch that just finished, when one did */
  finishedEpoch?: EpochMetrics;
}

/** Live progress of a cross-validation: which of the k × r folds, and its epoch. */
export interface CrossValidationProgress {
  runId: string;
  phase: 'preparing' | 'training' | 'scoring';
  /** 1-based position among all folds of all repeats; 0 while preparing */
  fold: number;
  /** k × r */
  folds: number;
  /** 1-based; 0 while preparing */
  repeat: number;
  epoch: number;
  epochs: number;
  /** images preprocessed so far, while preparing */
  prepared?: { done: number; total: number };
}

/** What starts a run. */
export interface TrainRequest {
  projectId: string;
  snapshotId: string;
  params: TrainParams;
  /** the run's name in the runs list */
  name: string;
  /** why to train although blocking data-quality assertions fail; recorded on the run */
  override?: string;
  /** 'auto' probes; a backend name forces it */
  backend: BackendPreference;
}
