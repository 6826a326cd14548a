/**
 * The evaluation report of one model version on one split: plain JSON with every metric and its
 * interval, the curves, the sorted scores to move the threshold later, and the gate's verdict.
 */
import type { Gate } from '../domain/scope.ts';
import {
  averagePrecision,
  prCurve,
  rocCurve,
  scoreHistogram,
  type PrPoint,
  type RocPoint,
  type ScoreHistogram,
} from './curves.ts';
import { evaluateGate, type AssertionOutcome, type EvaluatedImages, type GateResult } from './gate.ts';
import { checkScores, checkThreshold, EvaluationInputError } from './input.ts';
import { DEFAULT_Z, type Proportion } from './intervals.ts';
import { aurocEstimate, type AurocEstimate, type BinaryMetrics } from './metrics.ts';
import { buildScoreIndex, defectRecallAt, metricsAt, type ScoreIndex } from './operating-point.ts';
import type { ThresholdSupport } from './threshold-support.ts';

/** Version of the report's JSON shape; raise it when a field changes meaning or goes away. */
export const EVALUATION_REPORT_VERSION = 1;

/** How the threshold was set. */
export type ThresholdMethod =
  'model' | 'balanced-accuracy' | 'target-recall' | 'target-false-reject-rate' | 'manual' | 'default';

/** The threshold on P(bad) and how it came about; choose it on validation data, never on the test split. */
export interface ThresholdChoice {
  /** P(bad) at or above which an image is flagged, 0..1. */
  value: number;
  method: ThresholdMethod;
  /** The target of a target method (e.g. 0.99 defect recall), else null. */
  target: number | null;
  /** Split the threshold was chosen on; null for a manual or default one. */
  chosenOn: 'validation' | 'test' | null;
  /** The support check on the split it was chosen on, when the caller ran one. */
  support: ThresholdSupport | null;
}

/** Everything the Evaluate stage shows and the registry keeps about one evaluation; JSON-safe. */
export interface EvaluationReport {
  formatVersion: typeof EVALUATION_REPORT_VERSION;
  /** Split the scores come from. */
  split: EvaluatedImages;
  images: { total: number; good: number; bad: number };
  threshold: ThresholdChoice;
  /** Metrics at the threshold; `metrics.counts` is the confusion matrix (positive = defective). */
  metrics: BinaryMetrics;
  /** Defect recall per defect type at the threshold. */
  recallByDefect: Record<string, Proportion>;
  auroc: AurocEstimate;
  curves: { roc: RocPoint[]; pr: PrPoint[]; averagePrecision: number | null };
  histogram: ScoreHistogram;
  /** Sorted scores: metricsAt / rethreshold move the threshold without the model. */
  scores: ScoreIndex;
  /** Inference latency per image, ms; the caller measures and fills them. */
  latency: { p50Ms: number | null; p95Ms: number | null };
  /** The data assertions the gate read. */
  assertions: AssertionOutcome[];
  gate: GateResult;
  /** z of every interval (1.96: 95 %). */
  z: number;
}

/** What buildEvaluationReport needs: one P(bad) score, truth and defect type (or null) per image. */
export interface EvaluationInput {
  scores: ArrayLike<number>;
  isBad: ArrayLike<boolean>;
  /** Defect type of each image, null for good images or unknown; omit when there are none. */
  defectTypes?: ReadonlyArray<string | null>;
  threshold: ThresholdChoice;
  gate: Gate;
  /** Which images the scores are, when not the gate's own split (e.g. all images of a new snapshot). */
  evaluated?: EvaluatedImages;
  assertions: readonly AssertionOutcome[];
  /** Histogram bins over 0..1 (default 20). */
  histogramBins?: number;
  z?: number;
}

function checkChoice(choice: ThresholdChoice): void {
  checkThreshold(choice.value);
  const targeted = choice.method === 'target-recall' || choice.method === 'target-false-reject-rate';
  if (targeted && choice.target === null)
    throw new EvaluationInputError(`A ${choice.method} threshold needs its target, e.g. 0.99.`);
}

/** Threshold-dependent parts: metrics, defect recall and gate, all read from the sorted scores. */
function atThreshold(
  scores: ScoreIndex,
  auroc: AurocEstimate,
  choice: ThresholdChoice,
  gate: Gate,
  assertions: readonly AssertionOutcome[],
  z: number,
  evaluated: EvaluatedImages,
): Pick<EvaluationReport, 'threshold' | 'metrics' | 'recallByDefect' | 'gate'> {
  checkChoice(choice);
  const metrics = metricsAt(scores, choice.value, z);
  return {
    threshold: structuredClone(choice),
    metrics,
    recallByDefect: defectRecallAt(scores, choice.value, z),
    gate: evaluateGate(gate, { metrics, auroc }, assertions, z, evaluated),
  };
}

/** Builds the report of one split's scores at a chosen threshold, with the gate evaluated on them. */
export function buildEvaluationReport(input: EvaluationInput): EvaluationReport {
  const { scores, isBad, defectTypes, gate, assertions } = input;
  const z = input.z ?? DEFAULT_Z;
  checkScores(scores, isBad, defectTypes);
  const index = buildScoreIndex(scores, isBad, defectTypes);
  const auroc = aurocEstimate(scores, isBad, z);
  const pr = prCurve(scores, isBad);
  const evaluated = input.evaluated ?? gate.split;
  const parts = atThreshold(index, auroc, input.threshold, gate, assertions, z, evaluated);
  return {
    formatVersion: EVALUATION_REPORT_VERSION,
    split: evaluated,
    images: { total: scores.length, good: index.good.length, bad: index.bad.length },
    ...parts,
    auroc,
    curves: { roc: rocCurve(scores, isBad), pr, averagePrecision: averagePrecision(pr) },
    histogram: scoreHistogram(scores, isBad, input.histogramBins),
    scores: index,
    latency: { p50Ms: null, p95Ms: null },
    assertions: assertions.map((a) => ({ ...a })),
    gate: parts.gate,
    z,
  };
}

/** The same report at another threshold, from its stored scores (O(log n) plus the gate); latency kept. */
export function rethreshold(report: EvaluationReport, choice: ThresholdChoice): EvaluationReport {
  const { metric, threshold, lowerBoundFloor } = report.gate;
  // The gate's own split only names the images by default; the report says which they were.
  const gate: Gate = { metric, split: 'test', threshold, lowerBoundFloor };
  return {
    ...structuredClone(report),
    ...atThreshold(report.scores, report.auroc, choice, gate, report.assertions, report.z, report.split),
  };
}
