/**
 * Cross-validation scores: one fold's metrics from its confusion matrix, the mean and interval over
 * all k × r folds, and the promotion gate judged on the cross-validated figure.
 */
import type { EvaluationMetrics, RunRecord } from '../db/schema/runs.ts';
import type {
  CrossValidationFold,
  CrossValidationRecord,
  CrossValidationSummary,
  FoldMetricSummary,
} from '../db/schema/cross-validation.ts';
import { DEFAULT_LOWER_BOUND_FLOOR, type Gate, type GateMetric } from '../domain/scope.ts';
import { minSampleForLowerBound } from '../splits/test-size.ts';
import type { GateCriterion } from './gate.ts';
import { studentTQuantile } from './student-t.ts';

/** Test splits below this many images are too small to judge on alone: cross-validation is offered. */
export const CV_SMALL_TEST_SPLIT = 30;

/** Confidence of the summary intervals. */
export const CV_CONFIDENCE = 0.95;

/** What the Evaluate screen and the runner say about the interval. */
export const CV_INTERVAL_NOTE =
  '95% corrected resampled t-interval over the fold scores (Nadeau–Bengio: the variance is widened because folds share training images)';

/** A cross-validation's heading, e.g. "5-fold × 2 repeats". */
export function cvTitle(cv: Pick<CrossValidationRecord, 'folds' | 'repeats'>): string {
  return `${cv.folds}-fold × ${cv.repeats} repeat${cv.repeats === 1 ? '' : 's'}`;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** The metrics of a fold that `evaluate` scored, read off its confusion matrix (class 0 = good). */
export function foldMetrics(
  m: EvaluationMetrics,
): Pick<
  CrossValidationFold,
  'accuracy' | 'auroc' | 'recall' | 'precision' | 'f1' | 'falseRejectRate' | 'recallByDefect' | 'threshold'
> {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let good = 0;
  m.confusion.forEach((row, truth) =>
    row.forEach((count, predicted) => {
      const flagged = predicted !== 0;
      if (truth === 0) {
        good += count;
        if (flagged) fp += count;
      } else if (flagged) tp += count;
      else fn += count;
    }),
  );
  const recall = ratio(tp, tp + fn);
  const precision = ratio(tp, tp + fp);
  return {
    accuracy: m.testAccuracy,
    auroc: Number.isFinite(m.auroc) ? m.auroc : null,
    recall,
    precision,
    f1: recall !== null && precision !== null ? ratio(2 * tp, 2 * tp + fp + fn) : null,
    falseRejectRate: ratio(fp, good),
    recallByDefect: m.recallByDefect,
    threshold: m.threshold,
  };
}

/**
 * Mean and corrected resampled t-interval of fold scores (Nadeau & Bengio 2003; Bouckaert & Frank
 * 2004): the folds share training images, so the plain t-interval is too narrow; the variance term is
 * (1/n + n_test/n_train)·s², with n − 1 degrees of freedom. Clipped to 0..1; with one score the
 * interval is all of 0..1. Null when no fold had the metric.
 */
export function summarizeScores(
  scores: ReadonlyArray<number | null>,
  testPerTrain: number,
  confidence = CV_CONFIDENCE,
): FoldMetricSummary | null {
  const values = scores.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = values.length;
  if (!n) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, lower: 0, upper: 1, folds: n };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  const half = studentTQuantile(confidence, n - 1) * Math.sqrt((1 / n + testPerTrain) * variance);
  return { mean, lower: Math.max(0, mean - half), upper: Math.min(1, mean + half), folds: n };
}

/** Every metric of the folds summarised; `n_test/n_train` is taken from the folds' mean sizes. */
export function summarizeFolds(folds: readonly CrossValidationFold[]): CrossValidationSummary {
  const mean = (f: (x: CrossValidationFold) => number) =>
    folds.reduce((s, x) => s + f(x), 0) / Math.max(1, folds.length);
  const testPerTrain =
    ratio(
      mean((f) => f.testCount),
      mean((f) => f.trainCount + f.validationCount),
    ) ?? 0;
  const of = (f: (x: CrossValidationFold) => number | null) => summarizeScores(folds.map(f), testPerTrain);
  const defects = [...new Set(folds.flatMap((f) => Object.keys(f.recallByDefect)))].sort();
  const recallByDefect: Record<string, FoldMetricSummary> = {};
  for (const d of defects) {
    const s = of((f) => f.recallByDefect[d] ?? null);
    if (s) recallByDefect[d] = s;
  }
  return {
    interval: 'corrected-t',
    confidence: CV_CONFIDENCE,
    accuracy: of((f) => f.accuracy),
    auroc: of((f) => f.auroc),
    recall: of((f) => f.recall),
    precision: of((f) => f.precision),
    f1: of((f) => f.f1),
    falseRejectRate: of((f) => f.falseRejectRate),
    recallByDefect,
  };
}

/** The gate judged on a cross-validation: which figure it read, and each criterion. */
export interface CrossValidatedGate {
  passed: boolean;
  metric: GateMetric;
  /** e.g. "accuracy, 5-fold × 2 repeats cross-validated mean" */
  figure: string;
  criteria: GateCriterion[];
}

const fmt = (x: number) => x.toFixed(3);

/**
 * The promotion gate on the cross-validated figure instead of a small test split: the metric's mean
 * over the folds must reach the gate, its interval's lower end the floor, the images behind it be
 * enough for a perfect score to clear the floor, and no blocking data assertion stand failed.
 */
export function crossValidatedGate(
  gate: Gate,
  cv: CrossValidationRecord,
  dataGate: RunRecord['dataGate'],
): CrossValidatedGate {
  const floor = gate.lowerBoundFloor ?? DEFAULT_LOWER_BOUND_FLOOR;
  const s = cv.summary[gate.metric];
  const figure = `${gate.metric}, ${cvTitle(cv)} cross-validated mean`;
  const sample =
    gate.metric === 'accuracy'
      ? { n: cv.images, what: 'images' }
      : gate.metric === 'auroc'
        ? { n: Math.min(cv.good, cv.defective), what: 'images of the smaller class' }
        : { n: cv.defective, what: 'defective images' };
  const needed = minSampleForLowerBound(1, floor);
  const unresolved = dataGate.passed || dataGate.override ? 0 : dataGate.failures.length;
  const criteria: GateCriterion[] = [
    {
      id: 'metric',
      value: s?.mean ?? null,
      required: gate.threshold,
      passed: s !== null && s.mean >= gate.threshold,
      message: s
        ? `Cross-validated ${gate.metric} is ${fmt(s.mean)} (mean of ${s.folds} folds); the gate needs at least ${gate.threshold}.`
        : `No fold could score ${gate.metric}, so it cannot reach ${gate.threshold}.`,
    },
    {
      id: 'lower-bound',
      value: s?.lower ?? null,
      required: floor,
      passed: s !== null && s.lower >= floor,
      message: s
        ? `Its interval's lower end is ${fmt(s.lower)} (${CV_INTERVAL_NOTE.split(' (')[0]}); the floor is ${floor}.`
        : 'No interval without fold scores.',
    },
    {
      id: 'sample-size',
      value: sample.n,
      required: needed,
      passed: needed !== null && sample.n >= needed,
      message:
        needed === null
          ? `No sample size lets a lower bound reach ${floor}; lower the floor.`
          : `${sample.n} ${sample.what} were each tested once per repeat; at least ${needed} are needed for a perfect score to clear ${floor}.`,
    },
    {
      id: 'data-assertions',
      value: unresolved,
      required: 0,
      passed: unresolved === 0,
      message: unresolved
        ? `Blocking data assertions failed when the run started, without an override: ${dataGate.failures.join('; ')}.`
        : 'No blocking data assertion stood failed when the run started.',
    },
  ];
  return { passed: criteria.every((c) => c.passed), metric: gate.metric, figure, criteria };
}
