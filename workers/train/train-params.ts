import type { TrainParams } from '../lib/db/schema/runs.ts';
import { oneClassProblems } from './one-class-params.ts';

/** Default hyperparameters for a scope's input size: tuned for screws, not for one dataset. */
export function defaultTrainParams(inputSize: number): TrainParams {
  return {
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
  problems.push(...oneClassProblems(p));
  return problems;
}

/** Learning rate at `epoch` (0-based) of `epochs`: constant, or cosine decay to 5% of the start. */
export function learningRateAt(p: TrainParams, epoch: number): number {
  if (p.schedule === 'constant' || p.epochs <= 1) return p.learningRate;
  const progress = epoch / (p.epochs - 1);
  return p.learningRate * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * progress)));
}
