/** The project's scope card: what the later stages read their classes, gate and input size from. */

/** A metric the promotion gate can test. */
export type GateMetric = 'accuracy' | 'auroc' | 'recall' | 'precision' | 'f1';

/** The promotion gate: a model version is promoted only if `metric` on `split` satisfies the threshold. */
export interface Gate {
  metric: GateMetric;
  split: 'test' | 'validation';
  /** 0..1 */
  threshold: number;
  /** Floor for the metric's lower 95 % bound (0..1, default 0.90), so a few lucky images cannot pass. */
  lowerBoundFloor?: number;
}

/** Lower-bound floor of a gate that sets none. */
export const DEFAULT_LOWER_BOUND_FLOOR = 0.9;

/** Where the project's images come from. */
export type DatasetSource = 'demo' | 'import' | 'camera' | 'label-studio';

/** What the project delivers. */
export interface Deliverables {
  metrics: boolean;
  deployment: boolean;
  applicationUi: boolean;
}

/**
 * When monitoring raises an alert. A drift statistic is flagged when its PSI reaches `psi` and its
 * two-sample KS test rejects at `ksPValue`; the other limits apply to the chosen window's frames.
 */
export interface MonitorThresholds {
  /** population stability index at or above which a statistic has drifted (0.25 is the usual "major shift") */
  psi: number;
  /** KS p-value below which the live window differs from the training data */
  ksPValue: number;
  /** share (0..1) of frames out of domain that recommends retraining */
  outOfDomainShare: number;
  /** defect rate (0..1) above which the line or the model needs a look */
  defectRate: number;
  /** share (0..1) of uncertain verdicts (near the threshold) that recommends retraining */
  uncertainShare: number;
  /** frame-to-verdict p95 latency (ms) above which the station is too slow */
  p95LatencyMs: number;
}

/** Monitoring limits of a scope card that sets none. */
export const DEFAULT_MONITOR_THRESHOLDS: MonitorThresholds = {
  psi: 0.25,
  ksPValue: 0.01,
  outOfDomainShare: 0.1,
  defectRate: 0.3,
  uncertainShare: 0.15,
  p95LatencyMs: 100,
};

/** The scope's monitoring limits, with the defaults for any it does not set. */
export function monitorThresholds(scope: Pick<Scope, 'monitoring'>): MonitorThresholds {
  return { ...DEFAULT_MONITOR_THRESHOLDS, ...scope.monitoring };
}

/** The scope card a project is created from; every field is editable later. */
export interface Scope {
  name: string;
  goal: string;
  datasetSource: DatasetSource;
  /** Class names, in label order; the first is the "good" class in a binary project. */
  classes: string[];
  /** Measurements tracked for every run, e.g. accuracy, loss. */
  measurements: string[];
  gate: Gate;
  /** Model input side, pixels (square, grayscale). */
  inputSize: number;
  deliverables: Deliverables;
  /** when monitoring alerts; absent on cards from before monitoring (the defaults apply) */
  monitoring?: Partial<MonitorThresholds>;
  /** how models learn: from good and defective examples (absent), or from good parts only */
  mode?: ScopeMode;
}

/** How a project's models learn: a classifier of labeled examples, or a one-class model of good parts only. */
export type ScopeMode = 'classifier' | 'one-class';

/** The modes a scope card offers. */
export const SCOPE_MODES: readonly ScopeMode[] = ['classifier', 'one-class'];

/** The scope's mode; cards from before modes existed are classifiers. */
export function scopeMode(scope: Pick<Scope, 'mode'>): ScopeMode {
  return scope.mode ?? 'classifier';
}

/** Metrics a project can track. */
export const MEASUREMENTS = ['accuracy', 'loss', 'auroc', 'precision', 'recall', 'f1', 'latency'] as const;

/** Gate metrics offered on the scope card. */
export const GATE_METRICS: readonly GateMetric[] = ['accuracy', 'auroc', 'recall', 'precision', 'f1'];

/** The scope a new project starts from: the screw inspection showcase. */
export function defaultScope(name = 'Screw inspection'): Scope {
  return {
    name,
    goal: 'Tell good screws from defective ones (scratches, damaged threads, manipulated tips) at the station camera, offline.',
    datasetSource: 'demo',
    classes: ['good', 'bad'],
    measurements: ['accuracy', 'loss', 'auroc'],
    gate: { metric: 'accuracy', split: 'test', threshold: 0.95 },
    inputSize: 128,
    deliverables: { metrics: true, deployment: true, applicationUi: true },
  };
}

/** Why a scope is not valid, one message per problem; empty when it is valid. */
export function validateScope(scope: Scope): string[] {
  const problems: string[] = [];
  if (!scope.name.trim()) problems.push('Give the project a name.');
  if (scope.name.length > 80) problems.push('Keep the project name under 80 characters.');
  const classes = scope.classes.map((c) => c.trim());
  if (classes.length < 2) problems.push('A project needs at least two classes, e.g. good and bad.');
  if (classes.some((c) => !c)) problems.push('Class names cannot be empty.');
  if (new Set(classes.map((c) => c.toLowerCase())).size !== classes.length)
    problems.push('Class names must be unique.');
  if (!(scope.gate.threshold > 0 && scope.gate.threshold <= 1))
    problems.push('The gate threshold must be between 0 and 1, e.g. 0.95.');
  const floor = scope.gate.lowerBoundFloor;
  if (floor !== undefined && !(floor >= 0 && floor < 1))
    problems.push('The gate lower-bound floor must be at least 0 and below 1, e.g. 0.90.');
  if (!Number.isInteger(scope.inputSize) || scope.inputSize < 32 || scope.inputSize > 512)
    problems.push('The model input size must be a whole number of pixels between 32 and 512.');
  if (scope.mode !== undefined && !SCOPE_MODES.includes(scope.mode))
    problems.push(`The mode must be ${SCOPE_MODES.join(' or ')}, not "${String(scope.mode)}".`);
  problems.push(...monitoringProblems(monitorThresholds(scope)));
  return problems;
}

function monitoringProblems(m: MonitorThresholds): string[] {
  const problems: string[] = [];
  if (!(m.psi > 0 && m.psi <= 5))
    problems.push('The drift PSI limit must be above 0 and at most 5, e.g. 0.25.');
  if (!(m.ksPValue > 0 && m.ksPValue < 1))
    problems.push('The drift KS p-value must be between 0 and 1, e.g. 0.01.');
  for (const [key, words] of [
    ['outOfDomainShare', 'out-of-domain share'],
    ['defectRate', 'defect rate'],
    ['uncertainShare', 'uncertain share'],
  ] as const) {
    if (!(m[key] > 0 && m[key] <= 1)) problems.push(`The ${words} alert must be above 0 and at most 1.`);
  }
  if (!(m.p95LatencyMs > 0)) problems.push('The latency alert must be a positive number of milliseconds.');
  return problems;
}
