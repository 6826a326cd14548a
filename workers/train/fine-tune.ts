/**
 * Which weights learn in each epoch of a run that starts from a backbone. A new head on a good
 * backbone learns from a few dozen images; the backbone's own weights would only overfit them, so
 * they stay put (head only), or only the top blocks move after the head has settled, and slowly.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { tf } from '../tf/runtime.ts';
import type { TrainParams } from '../lib/db/schema/runs.ts';
import { learningRateAt, startOf } from './train-params.ts';

/** What learns in an epoch: everything (from scratch), the head only, or the head and the top blocks. */
export type TrainPhase = 'all' | 'head' | 'top';

/** The layer that turns pooled features into class scores: the only new layer of a fine-tuned run. */
export const HEAD_LAYER = 'classes';

/** The layer whose output the head reads. */
export const FEATURES_LAYER = 'pooled';

/** The blocks unfrozen after the warm-up when the backbone is not frozen: the last two of four. */
export const TOP_LAYERS = ['conv3', 'bn3', 'conv4', 'bn4'] as const;

/** The top blocks learn at this fraction of the run's learning rate, so they adapt without forgetting. */
export const TOP_LEARNING_RATE_FACTOR = 0.1;

/** Head-only epochs before the top blocks join, when the backbone is not frozen: a quarter, at least one. */
export function warmUpEpochs(p: TrainParams): number {
  return Math.max(1, Math.round(p.epochs / 4));
}

/** The phase of `epoch` (1-based). */
export function phaseAt(p: TrainParams, epoch: number): TrainPhase {
  const { from, freeze } = startOf(p);
  if (from === 'scratch') return 'all';
  if (freeze === 'backbone') return 'head';
  return epoch <= warmUpEpochs(p) ? 'head' : 'top';
}

/** The learning rate of `epoch` (1-based) in its phase. */
export function phaseLearningRate(p: TrainParams, epoch: number): number {
  const rate = learningRateAt(p, epoch - 1);
  return phaseAt(p, epoch) === 'top' ? rate * TOP_LEARNING_RATE_FACTOR : rate;
}

/**
 * The variables an epoch of `phase` updates, in a fixed order (an optimizer keeps its state by
 * position); undefined for 'all', where every trainable variable learns as it always has. Layers keep
 * `trainable` as built: toggling it reorders `getWeights()`, which checkpoints rely on.
 */
export function phaseVariables(model: tfl.LayersModel, phase: TrainPhase): tf.Variable[] | undefined {
  if (phase === 'all') return undefined;
  const names = phase === 'head' ? [HEAD_LAYER] : [...TOP_LAYERS, HEAD_LAYER];
  return names.flatMap((name) => model.getLayer(name).trainableWeights.map((w) => w.read() as tf.Variable));
}
