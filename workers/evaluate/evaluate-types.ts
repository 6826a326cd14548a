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

/** One scored image. */
export interface ScoredImage {
  imageId: string;
  /** P(bad), 0..1 */
  score: number;
  isBad: boolean;
  label: string;
  defectType: string | null;
  split: Split;
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
