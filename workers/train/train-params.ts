import type { EpochMetrics, TrainParams } from '../lib/db/schema/runs.ts';
import { oneClassProblems } from './one-class-params.ts';
import { SHIPPED_BACKBONE } from './shipped-backbone.ts';

/** The shipped backbone's own input width (pixels) and base filters: a run starting from it needs both. */

/** A registered model version as `from` names it: NAME@V. */
const VERSION_REF = /^(.+)@([1-9][0-9]*)$/;

/** The registered name and version a `from` of the form NAME@V names, or null for any other value. */
export function parseVersionRef(from: string): { name: string; version: number } | null {
  const match = VERSION_REF.exec(from);
  return match ? { name: match[1]!, version: Number(match[2]) } : null;
}

/**
 * Where a run with these shapes starts by default: the shipped backbone with only a new head trained
 * when it fits the backbone's shapes, else from scratch.
 */
export function defaultStart(
  p: Pick<TrainParams, 'inputSize' | 'baseFilters'>,
): Required<Pick<TrainParams, 'from' | 'freeze'>> {
  return p.inputSize === SHIPPED_BACKBONE.inputSize && p.baseFilters === SHIPPED_BACKBONE.baseFilters
    ? { from: 'default', freeze: 'backbone' }
    : { from: 'scratch', freeze: 'none' };
}

/** Where a run starts, with what a run stored before these fields existed meant: from scratch. */
export function startOf(p: TrainParams): Required<Pick<TrainParams, 'from' | 'freeze'>> {
  return { from: p.from ?? 'scratch', freeze: p.freeze ?? 'none' };
}

/**
 * Hyperparameters merged from the defaults and what a person named: a start they did not name follows
 * the merged shapes (a 64-pixel config trains from scratch), a freeze they did not name follows the start.
 */
export function withStart(merged: TrainParams, given: Partial<TrainParams>): TrainParams {
  const from = given.from ?? defaultStart(merged).from;
  const freeze = given.freeze ?? (from === 'scratch' ? 'none' : 'backbone');
  return { ...merged, from, freeze };
}

/** Default hyperparameters for a scope's input size: tuned for screws, not for one dataset. */
export function defaultTrainParams(inputSize: number): TrainParams {
  return {
    ...defaultStart({ inputSize, baseFilters: 16 }),
    inputSize,
    epochs: 60,
    batchSize: 16,
    learningRate: 0.002,
    schedule: 'cosine',
    optimizer: 'adam',
    baseFilters: 16,
    // The canonical crop already removes position and angle; jittering them again made the small
    // defects harder to learn in every comparison. Scale stays: the part's length is estimated from
    // its mask, and a real camera's distance drifts, so ±5% covers that error.
    augment: {
      rotateDeg: 0,
      shiftPx: 0,
      scale: 0.05,
      brightness: 0.15,
      contrast: 0.25,
      noise: 6,
      blurChance: 0.15,
      flip: true,
    },
    classWeighting: true,
    defectTypeTargets: false,
    seed: 1,
    earlyStoppingPatience: 8,
  };
}

/** Why a set of hyperparameters cannot run, one message per problem; empty when valid. */
export function validateTrainParams(p: TrainParams): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(p.inputSize) || p.inputSize < 32 || p.inputSize > 512)
    problems.push('Input size must be 32..512 pixels.');
  if (!Number.isInteger(p.epochs) || p.epochs < 1 || p.epochs > 500) problems.push('Epochs must be 1..500.');
  if (!Number.isInteger(p.batchSize) || p.batchSize < 1 || p.batchSize > 256)
    problems.push('Batch size must be 1..256.');
  if (!(p.learningRate > 0 && p.learningRate < 1))
    problems.push('The learning rate must be between 0 and 1, e.g. 0.002.');
  if (!Number.isInteger(p.baseFilters) || p.baseFilters < 2 || p.baseFilters > 64)
    problems.push('Base filters must be 2..64.');
  if (!Number.isInteger(p.earlyStoppingPatience) || p.earlyStoppingPatience < 0)
    problems.push('Early-stopping patience must be 0 or more epochs.');
  return [...problems, ...startProblems(p), ...oneClassProblems(p)];
}

/** Why a run's start (from, freeze) cannot run; empty when valid. */
function startProblems(p: TrainParams): string[] {
  const { from, freeze } = startOf(p);
  const problems: string[] = [];
  if (typeof from !== 'string' || (from !== 'default' && from !== 'scratch' && !parseVersionRef(from)))
    problems.push(
      `"Start from" must be default (the shipped backbone), scratch or a registered version NAME@V; got ${JSON.stringify(from)}.`,
    );
  if (freeze !== 'backbone' && freeze !== 'none')
    problems.push(
      `"Fine-tune" must be backbone (head only) or none (top blocks too); got ${JSON.stringify(freeze)}.`,
    );
  else if (from === 'scratch' && freeze === 'backbone')
    problems.push('Only a run that starts from a backbone can freeze it: start from default or NAME@V.');
  if (from === 'default') {
    const { inputSize, baseFilters } = SHIPPED_BACKBONE;
    // A one-class model has no scratch to fall back to: it is built on the backbone.
    const orScratch = p.mode === 'one-class' ? '' : ', or start from scratch';
    if (p.inputSize !== inputSize)
      problems.push(
        `The shipped backbone takes ${inputSize}-pixel crops; this run's input is ${p.inputSize}. Use input size ${inputSize}${orScratch}.`,
      );
    if (p.baseFilters !== baseFilters)
      problems.push(
        `The shipped backbone has ${baseFilters} base filters; this run asks for ${p.baseFilters}. Use ${baseFilters}${orScratch}.`,
      );
  }
  return problems;
}

/** Learning rate at `epoch` (0-based) of `epochs`: constant, or cosine decay to 5% of the start. */
export function learningRateAt(p: TrainParams, epoch: number): number {
  if (p.schedule === 'constant' || p.epochs <= 1) return p.learningRate;
  const progress = epoch / (p.epochs - 1);
  return p.learningRate * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

/**
 * Validation images needed before their loss decides when a run stops and which epoch's weights it
 * keeps. A loss averaged over fewer moves between epochs by more than training improves it, so a run
 * stops on noise; below this the training loss decides, and the validation images still set the
 * threshold. Chosen on the selection look (README: "Measured on looks no model has seen").
 */
export const MIN_VALIDATION_TO_STOP = 100;

/** The loss that early stopping and the kept weights follow for an epoch, given the validation split's size. */
export function monitoredLoss(
  metrics: Pick<EpochMetrics, 'loss' | 'valLoss'>,
  validationImages: number,
): number {
  return metrics.valLoss !== null && validationImages >= MIN_VALIDATION_TO_STOP
    ? metrics.valLoss
    : metrics.loss;
}
