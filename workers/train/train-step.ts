import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../tf/runtime.ts';
import { FEATURES_LAYER, HEAD_LAYER, phaseVariables, type TrainPhase } from './fine-tune.ts';

/** One optimizer update's outcome: the batch loss and the predicted output of each example (caller disposes). */
export interface StepResult {
  loss: tf.Scalar;
  predicted: tf.Tensor1D;
}

/** Class-weighted mean cross-entropy of softmax outputs. */
function weightedLoss(probs: tf.Tensor2D, labels: tf.Tensor1D, classWeights: tf.Tensor1D): tf.Scalar {
  const oneHot = tf.cast(tf.oneHot(labels, probs.shape[1]), 'float32');
  const perExample = tf.neg(tf.sum(tf.mul(oneHot, tf.log(tf.clipByValue(probs, 1e-7, 1))), 1));
  const sampleWeights = tf.gather(classWeights, labels);
  return tf.div(tf.sum(tf.mul(perExample, sampleWeights)), tf.sum(sampleWeights)) as tf.Scalar;
}

/**
 * Runs a model's training updates phase by phase. From scratch every layer learns and batch norm uses
 * (and updates) batch statistics, as it always has. From a backbone, batch norm runs on the backbone's
 * moving statistics throughout: tfjs-layers ignores `trainable` on batch norm, so only calling it with
 * `training: false` keeps its statistics fixed; the head alone learns on features computed without a
 * gradient tape, or the top blocks learn too.
 */
export class PhaseStepper {
  private readonly features: tfl.LayersModel | null;
  private readonly variables = new Map<TrainPhase, tf.Variable[] | undefined>();

  constructor(private readonly model: tfl.LayersModel) {
    // A view sharing the model's layers (never disposed itself: that would free the shared weights).
    this.features = model.layers.some((l) => l.name === FEATURES_LAYER)
      ? tfl.model({
          inputs: model.inputs,
          outputs: model.getLayer(FEATURES_LAYER).output as tfl.SymbolicTensor,
        })
      : null;
  }

  /** One update of `phase` on a batch; the caller disposes the result. */
  step(
    optimizer: tf.Optimizer,
    phase: TrainPhase,
    xs: tf.Tensor4D,
    labels: tf.Tensor1D,
    classWeights: tf.Tensor1D,
  ): StepResult {
    if (!this.variables.has(phase)) this.variables.set(phase, phaseVariables(this.model, phase));
    const varList = this.variables.get(phase);
    let predicted: tf.Tensor1D | undefined;
    const head = this.model.getLayer(HEAD_LAYER);
    const pooled =
      phase === 'head' && this.features ? tf.tidy(() => this.features!.predict(xs) as tf.Tensor2D) : null;
    try {
      const loss = optimizer.minimize(
        () => {
          const probs = (
            pooled ? head.apply(pooled) : this.model.apply(xs, { training: phase === 'all' })
          ) as tf.Tensor2D;
          predicted = tf.keep(tf.argMax(probs, 1)) as tf.Tensor1D;
          return weightedLoss(probs, labels, classWeights);
        },
        true,
        varList,
      )!;
      return { loss, predicted: predicted! };
    } finally {
      pooled?.dispose();
    }
  }
}
