/**
 * The promotion gate, criterion by criterion: the scope's metric at the chosen threshold, its lower
 * 95 % bound, the sample that bound needs, and the blocking data assertions.
 */
import { minSampleForLowerBound } from '../splits/test-size.ts';
import { DEFAULT_LOWER_BOUND_FLOOR, type Gate, type GateMetric } from '../domain/scope.ts';
import { checkUnit, EvaluationInputError } from './input.ts';
import { DEFAULT_Z, simultaneousZ } from './intervals.ts';
import type { AurocEstimate, BinaryMetrics } from './metrics.ts';

/** A data assertion's outcome as the gate needs it; a failed blocking one needs an override reason. */
export interface AssertionOutcome {
  id: string;
  blocking: boolean;
  passed: boolean;
  /** Why a person let a failure through; blank counts as no reason. */
  overrideReason?: string;
}

/** Which criterion of the gate. */
export type GateCriterionId = 'metric' | 'lower-bound' | 'sample-size' | 'data-assertions';

/** One criterion: what was measured, what is required, whether it holds and a sentence saying so. */
export interface GateCriterion {
  id: GateCriterionId;
  /** Measured value: the metric, its bound, the sample size or the unresolved blocking failures. */
  value: number | null;
  /** What `value` must reach (at least; for data assertions, at most); null when nothing can. */
  required: number | null;
  passed: boolean;
  message: string;
}

/** The images an evaluation scored: one split of a snapshot, or all its labeled images. */
export type EvaluatedImages = Gate['split'] | 'train' | 'all';

/** How the criteria name the images: "the test split" and "test images", or "all images" and "images". */
function wording(images: EvaluatedImages): { where: string; images: string } {
  return images === 'all'
    ? { where: 'all images of the snapshot', images: 'images' }
    : { where: `the ${images} split`, images: `${images} images` };
}

/** The gate's verdict: passed only when every criterion passed. */
export interface GateResult {
  passed: boolean;
  metric: GateMetric;
  /** the images it was judged on */
  split: EvaluatedImages;
  threshold: number;
  lowerBoundFloor: number;
  criteria: GateCriterion[];
}

/** What the gate reads: the threshold metrics of the gate's split and its AUROC. */
export interface GateEvidence {
  metrics: BinaryMetrics;
  auroc: AurocEstimate;
}

/** A metric's value, lower bound and the sample it rests on, as the gate sees it. */
interface MetricView {
  name: string;
  value: number | null;
  lower: number;
  /** Images the bound rests on. */
  n: number;
  /** Which images those are, plural. */
  sample: string;
  /** z its bound was taken at (F1 combines two bounds, so each is wider). */
  z: number;
}

function view(metric: GateMetric, { metrics, auroc }: GateEvidence, images: string, z: number): MetricView {
  const { tp, fp, fn } = metrics.counts;
  switch (metric) {
    case 'accuracy':
      return { name: 'Accuracy', ...metrics.accuracy, sample: images, z };
    case 'recall':
      return { name: 'Defect recall', ...metrics.recall, sample: `defective ${images}`, z };
    case 'precision':
      return { name: 'Precision', ...metrics.precision, sample: `flagged ${images}`, z };
    case 'f1':
      // A perfect F1 needs perfect precision and recall, each bounded at the Bonferroni z.
      return {
        name: 'F1',
        value: metrics.f1.value,
        lower: metrics.f1.lower,
        n: Math.min(tp + fp, tp + fn),
        sample: `defective or flagged ${images} (the fewer)`,
        z: simultaneousZ(z, 2),
      };
    case 'auroc':
      // The AUROC bound treats min(defective, good) as its trials (Birnbaum–Klose).
      return {
        name: 'AUROC',
        value: auroc.value,
        lower: auroc.lower,
        n: Math.min(auroc.positives, auroc.negatives),
        sample: `${images} of the smaller class`,
        z,
      };
  }
}

const fmt = (x: number) => x.toFixed(3);

function metricCriterion(m: MetricView, gate: Gate, where: string): GateCriterion {
  const passed = m.value !== null && m.value >= gate.threshold;
  const message =
    m.value === null
      ? `${m.name} on ${where} is undefined (no ${m.sample}), so it cannot reach ${gate.threshold}.`
      : `${m.name} on ${where} is ${fmt(m.value)}; the gate needs at least ${gate.threshold}.`;
  return { id: 'metric', value: m.value, required: gate.threshold, passed, message };
}

function boundCriterion(m: MetricView, floor: number): GateCriterion {
  const passed = m.value !== null && m.lower >= floor;
  const message = passed
    ? `Its lower 95% bound is ${fmt(m.lower)}, at least the floor of ${floor}.`
    : `Its lower 95% bound is only ${fmt(m.lower)} (from ${m.n} ${m.sample}); the floor is ${floor}, so the score could be luck.`;
  return { id: 'lower-bound', value: m.lower, required: floor, passed, message };
}

function sizeCriterion(m: MetricView, floor: number): GateCriterion {
  // The smallest sample on which even a perfect score has a lower bound at the floor (null: none has).
  const needed = minSampleForLowerBound(1, floor, m.z);
  const passed = needed !== null && m.n >= needed;
  const message =
    needed === null
      ? `No sample size lets a lower bound reach ${floor}; lower the floor.`
      : passed
        ? `${m.n} ${m.sample} are enough: a perfect score needs at least ${needed} to clear ${floor}.`
        : `Only ${m.n} ${m.sample}; even a perfect score needs at least ${needed} to clear the floor of ${floor}. Add ${needed - m.n} more.`;
  return { id: 'sample-size', value: m.n, required: needed, passed, message };
}

function assertionsCriterion(assertions: readonly AssertionOutcome[]): GateCriterion {
  const failedBlocking = assertions.filter((a) => a.blocking && !a.passed);
  const unresolved = failedBlocking.filter((a) => !a.overrideReason?.trim());
  const overridden = failedBlocking.length - unresolved.length;
  const passed = unresolved.length === 0;
  const note = overridden
    ? ` ${overridden} blocking failure${overridden === 1 ? ' was' : 's were'} overridden with a recorded reason.`
    : '';
  const message = passed
    ? `No blocking data assertion stands failed.${note}`
    : `Blocking data assertion${unresolved.length === 1 ? '' : 's'} failed without a recorded override reason: ${unresolved.map((a) => a.id).join(', ')}.${note}`;
  return { id: 'data-assertions', value: unresolved.length, required: 0, passed, message };
}

/**
 * Evaluates the promotion `gate` on the evaluated images (by default the gate's own split): metric,
 * lower 95 % bound, sample size, data assertions.
 */
export function evaluateGate(
  gate: Gate,
  evidence: GateEvidence,
  assertions: readonly AssertionOutcome[],
  z = DEFAULT_Z,
  evaluated: EvaluatedImages = gate.split,
): GateResult {
  const floor = gate.lowerBoundFloor ?? DEFAULT_LOWER_BOUND_FLOOR;
  checkUnit(gate.threshold, 'The gate threshold', 0, 1, true);
  if (!(floor >= 0 && floor < 1))
    throw new EvaluationInputError(
      `The gate lower-bound floor is ${floor}; it must be at least 0 and below 1, e.g. 0.90.`,
    );
  const words = wording(evaluated);
  const m = view(gate.metric, evidence, words.images, z);
  // (a) metric ≥ gate threshold; (b) its lower bound (Wilson; F1 Bonferroni–Wilson; AUROC
  // Birnbaum–Klose–Wilson) ≥ floor; (c) a sample on which a perfect score clears the floor; (d) no
  // blocking assertion failed without an override reason. For a proportion (c) follows from (b), but
  // it says how many images to add.
  const criteria = [
    metricCriterion(m, gate, words.where),
    boundCriterion(m, floor),
    sizeCriterion(m, floor),
    assertionsCriterion(assertions),
  ];
  return {
    passed: criteria.every((c) => c.passed),
    metric: gate.metric,
    split: evaluated,
    threshold: gate.threshold,
    lowerBoundFloor: floor,
    criteria,
  };
}
