/** Types shared by the evaluation in the infer worker and the UI (no runtime imports here). */
import type { Split } from '../lib/splits/split.ts';
import type { EvaluationReport } from '../lib/evaluate/report.ts';
import type { ScoreIndex } from '../lib/evaluate/operating-point.ts';
import type { BackendName } from '../tf/backend-types.ts';

/** The model an evaluation scores: a run's trained model or a registered version (the shipped default is one). */
export type ModelRef = { kind: 'run'; runId: string } | { kind: 'version'; versionId: string };

/** Which images of the snapshot are scored: one split, or every labeled image (a snapshot the model never saw). */
export type EvaluatedImages = Split | 'all';

/** How the threshold is set before the report is built; the UI can move it afterwards. 'auto' is the model's own. */
export type ThresholdRequest =
  | { kind: 'auto' }
  | { kind: 'model' }
  | { kind: 'target-recall'; value: number }
  | { kind: 'target-false-reject-rate'; value: number }
  | { kind: 'manual'; value: number };

/** One evaluation as asked for. */
export interface EvaluateRequest {
  projectId: string;
  model: ModelRef;
  snapshotId: string;
  images: EvaluatedImages;
  threshold: ThresholdRequest;
  /** the backend the station will use; 'auto' keeps the worker's current one (wasm when none) */
  backend: BackendName | 'auto';
}

/** Where a one-class model sees anomalies in one image: its anomaly map over the crop it scored. */
export interface AnomalyView {
  /** the canonical crop, gray 0..255, cropShape [height, width] row-major */
  crop: Uint8Array;
  cropShape: [number, number];
  /** squared patch distances to the nearest good patch, mapShape [rows, columns] row-major */
  map: Float32Array;
  mapShape: [number, number];
  /** the image's anomaly score: the map's largest value */
  score: number;
}

/** One scored image. */
export interface ScoredImage {
  imageId: string;
  /** P(bad), 0..1 */
  score: number;
  isBad: boolean;
  label: string;
  defectType: string | null;
  split: Split;
  /** a one-class model's anomaly map of this image; absent for classifiers */
  anomaly?: AnomalyView;
}

/** What a one-class model's evaluation adds: how its threshold was meant, and how its scores map to P(bad). */
export interface OneClassSummary {
  /** the false-reject rate (0..1) its threshold was chosen for on validation when it was trained */
  targetFalseRejectRate: number;
  bankSize: number;
  /** P(bad) = sigmoid((score − center) / scale) */
  calibration: { center: number; scale: number };
}

/** What the Evaluate screen needs: the report, the images behind it and the validation scores to move the threshold on. */
export interface EvaluationOutcome {
  /** the stored evaluation's id */
  id: string;
  model: ModelRef;
  /** "screws@3", "run 2024-… (run_…)" */
  modelLabel: string;
  /** the threshold stored with the model */
  modelThreshold: number;
  snapshotId: string;
  snapshotName: string;
  images: EvaluatedImages;
  report: EvaluationReport;
  rows: ScoredImage[];
  /** the snapshot's validation scores, when they are not the evaluated images; null otherwise */
  validation: ScoreIndex | null;
  /** whether the model was trained with mirror averaging (its scores average the crop and its mirror) */
  mirrorAveraged: boolean;
  /** set for a one-class model (trained from good parts only) */
  oneClass?: OneClassSummary;
  backend: string;
  /** tfjs version that scored the images */
  tfjsVersion: string;
  /** ms since epoch */
  createdAt: number;
}

/** Progress of an evaluation. */
export interface EvaluateProgress {
  phase: 'loading' | 'scoring' | 'report';
  done: number;
  total: number;
}
