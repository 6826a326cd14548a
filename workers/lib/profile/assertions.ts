/**
 * Declarative data-quality assertions over a DatasetProfile: defaults from the project scope, bounds
 * recommended from the data itself, evaluation into pass/warn/fail results, and the training gate.
 */
import type { Assertion, AssertionResult, AssertionScope } from './assertion-types.ts';
import { MAX_OFFENDING } from './assertion-types.ts';
import { CHECKS, missingParams, paramProblem } from './checks.ts';
import type { DatasetProfile } from './profile-types.ts';
import { quantileSorted, sortedCopy } from './stats.ts';

// Re-exports, documented at their definitions, so callers need this one module for assertions.
export type { Assertion, AssertionResult, AssertionScope, ParamValue } from './assertion-types.ts';
export { MAX_OFFENDING } from './assertion-types.ts';
export { CHECKS } from './checks.ts';
export { assertionsToYaml, parseAssertionsYaml } from './assertions-yaml.ts';
export type { YamlError } from './assertions-yaml.ts';

/** Images per class per split the defaults ask for. */
export const DEFAULT_MIN_PER_CELL = 10;
/** Folds of the cross-validation that may stand in for a small test split (the Evaluate screen's default). */
export const DEFAULT_CV_FOLDS = 5;
/**
 * Fewest images of each class per held-out fold for cross-validation to stand in: with two, every
 * fold holds both classes (its AUROC, recall and false-reject rate are defined) and each training part
 * still has a few of each for its validation part. So 5 folds need 10 images of each class.
 */
export const DEFAULT_CV_MIN_PER_FOLD = 2;
/** Largest class imbalance (ratio) the defaults allow: beyond it, always answering the big class passes most gates. */
export const DEFAULT_MAX_IMBALANCE = 10;
/** Lowest Laplacian variance (levels²) the defaults allow; well below any focused photo, above a flat frame. */
export const DEFAULT_MIN_SHARPNESS = 5;
/** Fewest decoded images recommendAssertions needs before it trusts the data's own quantiles. */
export const MIN_IMAGES_TO_RECOMMEND = 20;

function make(
  id: string,
  check: string,
  params: Assertion['params'],
  severity: Assertion['severity'],
  description: string,
  blocking = severity === 'fail',
): Assertion {
  return { id, check, params, severity, blocking, description };
}

/**
 * Sensible assertions for a scope: integrity checks (counts, exact leakage, conflicts, decoding) fail
 * and block training. Image-quality ranges fail without blocking: a dark or blurred photo is worth
 * a look, but a few rarely spoil a model. Near-duplicate leakage warns (it can be a false alarm), and
 * so does test power: a small test split weakens the promotion evidence, not the training.
 */
export function defaultAssertions(scope: AssertionScope): Assertion[] {
  const gate = scope.gate.threshold;
  return [
    make(
      'enough-images',
      'min_images_per_class_per_split',
      { min: DEFAULT_MIN_PER_CELL, cv_folds: DEFAULT_CV_FOLDS, cv_min_per_fold: DEFAULT_CV_MIN_PER_FOLD },
      'fail',
      `At least ${DEFAULT_MIN_PER_CELL} images of each class in train, validation and test, or at least ${DEFAULT_CV_FOLDS * DEFAULT_CV_MIN_PER_FOLD} of each class in all, so ${DEFAULT_CV_FOLDS}-fold cross-validation on the Evaluate screen can judge the model.`,
    ),
    // Warns only: a run still trains, but its threshold is not chosen on held-out images. An
    // incremental split fills each class's shares of all its images, so images added after a large
    // test set can all land in train.
    make(
      'validation-images',
      'validation_holds_classes',
      { min: 1 },
      'warn',
      'The validation split holds images of every class, so the operating threshold is chosen on images the model did not learn from.',
    ),
    make(
      'class-balance',
      'max_class_imbalance',
      { max: DEFAULT_MAX_IMBALANCE },
      'fail',
      `The largest class has at most ${DEFAULT_MAX_IMBALANCE}× the images of the smallest.`,
    ),
    make(
      'no-leakage',
      'no_cross_split_duplicates',
      { exact: true, near: false },
      'fail',
      'No identical file appears in two splits.',
    ),
    // Near duplicates only warn: dHash on plain-background part photos pairs some distinct images
    // (about 1 pair per million compared after the geometry check), and the gallery lets a person judge.
    make(
      'no-near-leakage',
      'no_cross_split_duplicates',
      { exact: false, near: true },
      'warn',
      'No near-identical image (re-encode, noise, light change) appears in two splits.',
    ),
    make(
      'no-label-conflicts',
      'no_label_conflicts',
      {},
      'fail',
      'Identical images never carry different labels.',
    ),
    make('all-decodable', 'all_decodable', {}, 'fail', 'Every image decodes.'),
    make(
      'brightness',
      'brightness_within',
      { min: 20, max: 235 },
      'fail',
      'Images are neither nearly black nor nearly white.',
      false,
    ),
    make(
      'contrast',
      'contrast_within',
      { min: 8 },
      'fail',
      'Images are not washed out (luma std ≥ 8).',
      false,
    ),
    make(
      'sharpness',
      'sharpness_within',
      { min: DEFAULT_MIN_SHARPNESS },
      'fail',
      'Images are not badly blurred.',
      false,
    ),
    make(
      'resolution',
      'min_resolution',
      { min: scope.inputSize },
      'warn',
      `Images are at least the model input size (${scope.inputSize} px), so none is upscaled.`,
    ),
    make(
      'test-power',
      'test_split_gate_power',
      { gate, min_lower_bound: Math.max(0, round(gate - 0.05, 4)) },
      'warn',
      'The test split is large enough to show the gate was met.',
    ),
  ];
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function paramsProblems(a: Assertion): string[] {
  if (!CHECKS.has(a.check)) return [`unknown check '${a.check}'`];
  const problems = Object.entries(a.params)
    .map(([k, v]) => paramProblem(a.check, k, v))
    .filter((p): p is string => p !== null);
  return [...problems, ...missingParams(a.check, Object.keys(a.params))];
}

/**
 * Runs every assertion against `profile`. A violated assertion takes its severity as status. An
 * assertion that cannot run (unknown check, bad parameters) fails and keeps its blocking flag, so a
 * typo cannot silently open the gate.
 */
export function evaluateAssertions(
  profile: DatasetProfile,
  assertions: readonly Assertion[],
  scope: AssertionScope,
): AssertionResult[] {
  return assertions.map((a) => {
    const base = { id: a.id, check: a.check, blocking: a.blocking };
    const problems = paramsProblems(a);
    const def = CHECKS.get(a.check);
    if (problems.length > 0 || !def) {
      return {
        ...base,
        status: 'fail',
        message: `cannot run: ${problems.join('; ')}`,
        offending: [],
        offendingCount: 0,
      };
    }
    const out = def.run(profile, a.params, scope);
    const result: AssertionResult = {
      ...base,
      status: out.ok ? 'pass' : a.severity,
      message: out.message,
      offending: out.offending.slice(0, MAX_OFFENDING),
      offendingCount: out.offending.length,
    };
    if (out.observed !== undefined) result.observed = out.observed;
    return result;
  });
}

/** The results that stop training: failed and blocking. */
export function blockingFailures(results: readonly AssertionResult[]): AssertionResult[] {
  return results.filter((r) => r.status === 'fail' && r.blocking);
}

/**
 * The defaults with quality ranges fitted to this dataset, so they flag what is unusual here rather than
 * in photos at large: brightness within [q0.5% − 10, q99.5% + 10], contrast ≥ 0.8 × q1%, sharpness ≥
 * 0.5 × q1%. With fewer than MIN_IMAGES_TO_RECOMMEND decoded images the defaults are returned as they are.
 */
export function recommendAssertions(profile: DatasetProfile, scope: AssertionScope): Assertion[] {
  const defaults = defaultAssertions(scope);
  const decoded = profile.rows.filter((r) => r.stats);
  if (decoded.length < MIN_IMAGES_TO_RECOMMEND) return defaults;
  const sorted = (pick: (s: NonNullable<(typeof decoded)[number]['stats']>) => number) =>
    sortedCopy(decoded.map((r) => pick(r.stats!)));
  const mean = sorted((s) => s.mean);
  const std = sorted((s) => s.std);
  const sharp = sorted((s) => s.sharpness);
  const lo = Math.max(0, Math.floor(quantileSorted(mean, 0.005) - 10));
  const hi = Math.min(255, Math.ceil(quantileSorted(mean, 0.995) + 10));
  const minStd = round(0.8 * quantileSorted(std, 0.01), 2);
  const minSharp = round(0.5 * quantileSorted(sharp, 0.01), 2);
  const from = `fitted to ${decoded.length} images`;
  const fitted: Record<string, Pick<Assertion, 'params' | 'description'>> = {
    brightness: {
      params: { min: lo, max: hi },
      description: `Brightness within the data's 0.5–99.5% range ± 10 (${from}).`,
    },
    contrast: {
      params: { min: minStd },
      description: `Contrast at least 0.8 × the data's 1st percentile (${from}).`,
    },
    sharpness: {
      params: { min: minSharp },
      description: `Sharpness at least half the data's 1st percentile (${from}).`,
    },
  };
  return defaults.map((a) => {
    const f = fitted[a.id];
    return f ? { ...a, params: f.params, description: f.description } : a;
  });
}
