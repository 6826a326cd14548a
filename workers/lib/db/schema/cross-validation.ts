/** A run's cross-validation as stored on the run: every fold's scores and their summary. */
import type { BackendName } from '../../../tf/backend-types.ts';

/** One fold of one repeat: what it trained on and how its held-out images scored (metrics 0..1). */
export interface CrossValidationFold {
  /** 0-based */
  repeat: number;
  /** 0-based */
  fold: number;
  trainCount: number;
  validationCount: number;
  testCount: number;
  /** content hashes (sha256) of the held-out images, sorted */
  tested: string[];
  /** the operating threshold on P(bad), picked on this fold's validation part */
  threshold: number;
  accuracy: number;
  /** null when the held-out fold lacks good or defective images */
  auroc: number | null;
  /** defect recall; null without defective held-out images */
  recall: number | null;
  /** null when nothing was flagged */
  precision: number | null;
  f1: number | null;
  /** good images flagged as defective / good images; null without good held-out images */
  falseRejectRate: number | null;
  /** recall per defect type (untyped defects under their class name) */
  recallByDefect: Record<string, number>;
  /** epochs trained (early stopping may end a fold early) */
  epochs: number;
  /** wall time of the fold, training and scoring, ms */
  ms: number;
}

/** A metric over the folds: mean and a two-sided 95 % interval, all 0..1. */
export interface FoldMetricSummary {
  mean: number;
  lower: number;
  upper: number;
  /** folds where the metric was defined */
  folds: number;
}

/** How the interval is taken: Nadeau–Bengio's corrected resampled t-interval over the fold scores. */
export type CrossValidationInterval = 'corrected-t';

/** The fold scores summarised per metric. */
export interface CrossValidationSummary {
  interval: CrossValidationInterval;
  /** 0..1 */
  confidence: number;
  accuracy: FoldMetricSummary | null;
  auroc: FoldMetricSummary | null;
  recall: FoldMetricSummary | null;
  precision: FoldMetricSummary | null;
  f1: FoldMetricSummary | null;
  falseRejectRate: FoldMetricSummary | null;
  recallByDefect: Record<string, FoldMetricSummary>;
}

/** A finished cross-validation of a run's params on its snapshot. */
export interface CrossValidationRecord {
  folds: number;
  repeats: number;
  seed: number;
  /** share of each training part held back for validation */
  validationShare: number;
  /** labeled images cross-validated; each is tested once per repeat */
  images: number;
  /** of which good (the scope's first class) and defective */
  good: number;
  defective: number;
  perFold: CrossValidationFold[];
  summary: CrossValidationSummary;
  backend: BackendName;
  /** ms since epoch */
  finishedAt: number;
  /** wall time of the whole cross-validation, ms */
  wallMs: number;
  /**
   * the promotion gate judged on the cross-validated figure under the project's gate when it
   * finished, as an evaluation's verdict is stored with it; absent on records from before it was kept
   */
  gate?: { passed: boolean; figure: string };
}
