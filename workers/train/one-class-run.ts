/**
 * A one-class run: a memory bank of good-part patches fitted on the shipped backbone from the
 * snapshot's good train images, its threshold chosen on validation images for a target false-reject
 * rate, evaluated on the test split and stored as an ordinary model bundle.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { saveTrainedRun } from '../lib/db/runs-repo.ts';
import type { EvaluationMetrics, OneClassRunFacts } from '../lib/db/schema/runs.ts';
import type { Split } from '../lib/splits/split.ts';
import { auroc, confusion, recallByGroup } from '../lib/metrics/classification.ts';
import { wilsonLowerBound } from '../lib/splits/test-size.ts';
import { throwIfAborted } from '../lib/abort-port.ts';
import { isPreprocessSpec, specKey } from '../../models/preprocess/spec.ts';
import { disposeModel, loadBundleModel } from '../../models/bundle/bundle-model.ts';
import {
  fitOneClass,
  oneClassMetadata,
  scoreBatch,
  type OneClassFit,
} from '../../models/one-class/one-class-model.ts';
import { refineThreshold, thresholdAtFalseRejectRate } from '../../models/one-class/threshold.ts';
import { badProbabilityAt, setCalibration } from '../../models/one-class/scorer.ts';
import type { Example } from './dataset.ts';
import { batchTensor, type TrainContext } from './trainer.ts';
import { toBundle } from './bundle.ts';
import { DEFAULT_ONE_CLASS, MIN_GOOD_TRAIN_IMAGES } from './one-class-params.ts';
import type { RunProgress } from './train-types.ts';
import { phaseProgress } from './phase-progress.ts';

/** A one-class run cannot start from this snapshot or backbone. */
export class OneClassSetupError extends Error {
  override name = 'OneClassSetupError';
}

/** The train images a one-class model learns from: the good ones. Defective ones are counted, never used. */
export function goodTrainImages(train: readonly Example[]): { good: Example[]; ignoredDefective: number } {
  const good = train.filter((e) => e.label === 0);
  return { good, ignoredDefective: train.length - good.length };
}

/**
 * The anomaly-score threshold: the one that rejects at most `rate` of the good validation images,
 * moved down to catch defective validation images where it can without rejecting more good ones.
 * Without good validation images the good train images stand in, each scored against a bank built
 * without it (`trainGood`: the fit's held-out scores; against their own bank they would all score 0).
 */
export function chooseScoreThreshold(
  validation: { good: readonly number[]; bad: readonly number[] },
  trainGood: readonly number[],
  rate: number,
): { threshold: number; chosenOn: OneClassRunFacts['thresholdChosenOn'] } {
  if (!validation.good.length)
    return { threshold: thresholdAtFalseRejectRate(trainGood, rate), chosenOn: 'train' };
  return {
    threshold: validation.bad.length
      ? refineThreshold(validation.good, validation.bad, rate)
      : thresholdAtFalseRejectRate(validation.good, rate),
    chosenOn: 'validation',
  };
}

/** Anomaly scores of examples, read in batches; no tensor outlives a batch. */
async function scoresOf(ctx: TrainContext, model: tfl.LayersModel, examples: readonly Example[]) {
  const scores: number[] = [];
  for (let start = 0; start < examples.length; start += 32) {
    throwIfAborted(ctx.signal);
    const xs = await batchTensor(ctx, examples.slice(start, start + 32), null);
    try {
      scores.push(...(await scoreBatch(model, xs)).scores);
    } finally {
      xs.dispose();
    }
  }
  return scores;
}

/** Test figures of a one-class model at its threshold, in the shape every run records. */
export function oneClassEvaluation(
  test: readonly Example[],
  scores: readonly number[],
  scoreThreshold: number,
  calibration: OneClassFit['calibration'],
  classes: readonly string[],
): { metrics: EvaluationMetrics; falseRejectRate: number | null } {
  const predicted = scores.map((s) => (s >= scoreThreshold ? 1 : 0));
  const isBad = test.map((e) => e.label !== 0);
  const correct = predicted.filter((p, i) => p === (isBad[i] ? 1 : 0)).length;
  const goodFlags = predicted.filter((p, i) => !isBad[i]);
  const loss = scores.reduce((sum, s, i) => {
    const bad = badProbabilityAt(s, calibration);
    return sum - Math.log(Math.max(isBad[i] ? bad : 1 - bad, 1e-7));
  }, 0);
  return {
    metrics: {
      testAccuracy: correct / Math.max(1, test.length),
      testLoss: loss / Math.max(1, test.length),
      auroc: auroc(scores, isBad),
      wilsonLower: wilsonLowerBound(correct, test.length),
      testCount: test.length,
      recallByDefect: recallByGroup(
        test.map((e) => (e.label === 0 ? null : (e.defectType ?? classes[e.label]!))),
        predicted.map((p) => p === 1),
      ),
      confusion: confusion(
        test.map((e) => (e.label === 0 ? 0 : 1)),
        predicted,
        2,
      ),
      threshold: badProbabilityAt(scoreThreshold, calibration),
    },
    falseRejectRate: goodFlags.length ? goodFlags.filter((p) => p === 1).length / goodFlags.length : null,
  };
}

/** Fits, calibrates, evaluates and stores a one-class run (already prepared: its crops are cached). */
export async function executeOneClassRun(
  ctx: TrainContext,
  bySplit: Record<Split, Example[]>,
): Promise<void> {
  const { run } = ctx;
  const rate = run.params.oneClass?.targetFalseRejectRate ?? DEFAULT_ONE_CLASS.targetFalseRejectRate;
  const maxBankSize = run.params.oneClass?.maxBankSize ?? DEFAULT_ONE_CLASS.maxBankSize;
  if (run.classes.length !== 2)
    throw new OneClassSetupError(
      `A one-class model tells good parts from everything else; this project has ${run.classes.length} classes (${run.classes.join(', ')}). Give it two, e.g. good and bad.`,
    );
  const { good, ignoredDefective } = goodTrainImages(bySplit.train);
  if (good.length < MIN_GOOD_TRAIN_IMAGES)
    throw new OneClassSetupError(
      `A one-class model needs at least ${MIN_GOOD_TRAIN_IMAGES} good train images; the snapshot has ${good.length}. Label more good parts and take a new snapshot.`,
    );
  const progress = (phase: RunProgress['phase']) =>
    ctx.onProgress(
      phaseProgress(run, phase, { epochs: 0, fitting: { goodImages: good.length, ignoredDefective } }),
    );
  progress('fitting');
  if (!ctx.backbone)
    throw new OneClassSetupError(
      'A one-class model is built on a pretrained backbone; start it from default (the shipped one) or a registered version, not from scratch.',
    );
  const backboneSpec = ctx.backbone.bundle.metadata.preprocess;
  if (!isPreprocessSpec(backboneSpec) || specKey(backboneSpec) !== specKey(ctx.spec))
    throw new OneClassSetupError(
      `The backbone reads crops made another way than this run's (${JSON.stringify(ctx.spec)}); start a new run with the input size ${isPreprocessSpec(backboneSpec) ? backboneSpec.inputSize : 128}.`,
    );
  const backbone = await loadBundleModel(ctx.backbone.bundle);
  let fit: OneClassFit | undefined;
  try {
    const started = performance.now();
    const xs = await batchTensor(ctx, good, null);
    try {
      throwIfAborted(ctx.signal);
      fit = await fitOneClass(backbone, xs, { maxBankSize, seed: run.params.seed });
    } finally {
      xs.dispose();
    }
    const fitMs = performance.now() - started;
    progress('calibrating');
    const model = fit.model;
    const validationScores = await scoresOf(ctx, model, bySplit.validation);
    const validation = {
      good: validationScores.filter((_, i) => bySplit.validation[i]!.label === 0),
      bad: validationScores.filter((_, i) => bySplit.validation[i]!.label !== 0),
    };
    const { threshold, chosenOn } = chooseScoreThreshold(validation, Array.from(fit.heldOutScores), rate);
    // P(bad) = 0.5 at the operating threshold: the bundle decides at 0.5, and probabilities near the
    // boundary stay graded instead of crowding next to 1.
    const calibration = { center: threshold, scale: fit.calibration.scale };
    setCalibration(model, calibration);
    progress('evaluating');
    // Without a test split the validation split stands in, as for a classifier run.
    const test = bySplit.test.length ? bySplit.test : bySplit.validation;
    const testScores = bySplit.test.length ? await scoresOf(ctx, model, test) : validationScores;
    const { metrics, falseRejectRate } = oneClassEvaluation(
      test,
      testScores,
      threshold,
      calibration,
      run.classes,
    );
    run.evaluation = metrics;
    run.oneClass = {
      goodTrainImages: good.length,
      ignoredDefectiveTrain: ignoredDefective,
      bankSize: fit.bankSize,
      fitMs,
      targetFalseRejectRate: rate,
      thresholdChosenOn: chosenOn,
      scoreThreshold: threshold,
      testFalseRejectRate: falseRejectRate,
    };
    run.wallMs = performance.now() - started;
    run.status = 'done';
    run.finishedAt = Date.now();
    const bundle = await toBundle(ctx, model, run, test);
    bundle.metadata.oneClass = oneClassMetadata({ ...fit, calibration }, rate);
    await saveTrainedRun(ctx.db, run, bundle);
  } finally {
    fit?.model.dispose();
    disposeModel(backbone);
  }
}
