import type * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../tf/runtime.ts';
import { mirrorAveraged } from '../../models/architectures/mirror-average.ts';
import type { Db } from '../lib/db/open-db.ts';
import { saveCheckpoint } from '../lib/db/checkpoints-repo.ts';
import type { CheckpointRecord } from '../lib/db/schema/checkpoints.ts';
import type { EpochMetrics, RunRecord } from '../lib/db/schema/runs.ts';
import { buildScrewCnn } from '../../models/architectures/screw-cnn.ts';
import { inputHeight, type PreprocessSpec } from '../../models/preprocess/spec.ts';
import { standardize } from '../../models/preprocess/preprocess.ts';
import { createRng } from '../lib/rng.ts';
import { throwIfAborted } from '../lib/abort-port.ts';
import { augmentCrop } from './augment.ts';
import { classOutputs, readCrops, type Example } from './dataset.ts';
import { phaseAt, phaseLearningRate } from './fine-tune.ts';
import { seedFromBackbone, type Backbone } from './backbone.ts';
import { PhaseStepper } from './train-step.ts';
import { monitoredLoss } from './train-params.ts';
import { readOptimizer, readWeights, writeOptimizer, writeWeights } from './checkpoint.ts';
import type { RunProgress } from './train-types.ts';

/** A run's model outputs (one per class unless the run recorded finer ones). */
export function outputsOf(run: RunRecord): { names: string[]; classOf: number[] } {
  return run.outputs ?? classOutputs(run.classes);
}

/** Batches between two points of the live loss curve. */
const CURVE_EVERY = 2;

/** A seeded Fisher-Yates shuffle, so every epoch's order is reproducible (and resumable). */
function shuffled<T>(items: readonly T[], seed: string): T[] {
  const rng = createRng(seed);
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Everything one training loop needs. */
export interface TrainContext {
  db: Db;
  run: RunRecord;
  spec: PreprocessSpec;
  train: Example[];
  validation: Example[];
  signal: AbortSignal;
  onProgress: (progress: RunProgress) => void;
  /** the checkpoint to resume from, if any */
  checkpoint: CheckpointRecord | undefined;
  /** false: keep the best weights in memory only and store nothing (cross-validation folds); default true */
  saveCheckpoints?: boolean;
  /** the backbone whose layers seed the model when there is no checkpoint; absent from scratch */
  backbone?: Backbone | null;
}

/** A fresh optimizer of the run's kind (its learning rate is set at every epoch). */
function newOptimizer(p: RunRecord['params']): tf.Optimizer {
  return p.optimizer === 'sgd' ? tf.train.momentum(p.learningRate, 0.9) : tf.train.adam(p.learningRate);
}

/** Builds the input batch: augmented (training) or plain, standardised, shape [n, h, w, 1]. */
export async function batchTensor(
  ctx: TrainContext,
  examples: readonly Example[],
  augmentSeed: string | null,
): Promise<tf.Tensor4D> {
  const width = ctx.spec.inputSize;
  const height = inputHeight(ctx.spec);
  const crops = await readCrops(ctx.db, ctx.spec, examples);
  const data = new Float32Array(examples.length * width * height);
  crops.forEach((crop, i) => {
    const view = data.subarray(i * width * height, (i + 1) * width * height);
    if (augmentSeed === null) standardize(crop, view);
    else
      standardize(
        augmentCrop(
          crop,
          width,
          height,
          ctx.run.params.augment,
          createRng(`${augmentSeed}/${examples[i]!.sha256}`),
        ),
        view,
      );
  });
  return tf.tensor4d(data, [examples.length, height, width, 1]);
}

/** Mean loss and accuracy of a model over examples, without augmentation. */
export async function evaluateLoss(
  ctx: TrainContext,
  model: tfl.LayersModel,
  examples: readonly Example[],
): Promise<{ loss: number; accuracy: number; probabilities: Float32Array }> {
  const classes = outputsOf(ctx.run).names.length;
  const classOf = outputsOf(ctx.run).classOf;
  const probabilities = new Float32Array(examples.length * classes);
  let loss = 0;
  let correct = 0;
  const size = Math.max(ctx.run.params.batchSize, 32);
  for (let start = 0; start < examples.length; start += size) {
    const part = examples.slice(start, start + size);
    const xs = await batchTensor(ctx, part, null);
    const probs = tf.tidy(() => model.predict(xs) as tf.Tensor2D);
    const values = (await probs.data()) as Float32Array;
    tf.dispose([xs, probs]);
    probabilities.set(values, start * classes);
    part.forEach((example, i) => {
      const row = values.subarray(i * classes, (i + 1) * classes);
      loss -= Math.log(Math.max(row[example.target]!, 1e-7));
      if (classOf[row.indexOf(Math.max(...row))] === example.label) correct++;
    });
  }
  return {
    loss: loss / Math.max(1, examples.length),
    accuracy: correct / Math.max(1, examples.length),
    probabilities,
  };
}

/** Class weights inversely proportional to class frequency (mean weight 1), or all ones. */
function classWeights(ctx: TrainContext): number[] {
  const k = outputsOf(ctx.run).names.length;
  if (!ctx.run.params.classWeighting) return new Array<number>(k).fill(1);
  const counts = new Array<number>(k).fill(0);
  for (const e of ctx.train) counts[e.target]!++;
  return counts.map((c) => (c ? ctx.train.length / (k * c) : 0));
}

/**
 * Trains from the checkpoint (or from the backbone, or from scratch) to the last epoch, checkpointing after every epoch
 * in the same transaction as the run's metrics. Returns the model with the best validation weights.
 */
export async function trainLoop(ctx: TrainContext): Promise<tfl.LayersModel> {
  const { run, spec } = ctx;
  const p = run.params;
  const model = buildScrewCnn({
    width: spec.inputSize,
    height: inputHeight(spec),
    classes: outputsOf(run).names.length,
    baseFilters: p.baseFilters,
    seed: p.seed,
  });
  const weights = tf.tensor1d(classWeights(ctx));
  let best = ctx.checkpoint
    ? {
        loss: ctx.checkpoint.bestValLoss,
        weights: ctx.checkpoint.bestWeights,
        stale: ctx.checkpoint.epochsWithoutImprovement,
      }
    : { loss: null as number | null, weights: null as CheckpointRecord['bestWeights'], stale: 0 };
  const stepper = new PhaseStepper(model);
  // Each phase learns its own variables, so it gets its own optimizer (whose state is kept by position).
  let phase = phaseAt(p, ctx.checkpoint?.epoch ?? 1);
  let optimizer = newOptimizer(p);
  try {
    if (ctx.checkpoint) {
      writeWeights(model, ctx.checkpoint.weights);
      await writeOptimizer(optimizer, ctx.checkpoint.optimizer);
    } else if (ctx.backbone) await seedFromBackbone(model, ctx.backbone);
    else if (phase !== 'all')
      // Training a head on random features would look like a run from the backbone and be nothing like it.
      throw new Error(
        `Run "${run.name}" starts from ${p.from}, but no backbone was given to the trainer; find it with findBackbone.`,
      );
  } catch (error) {
    weights.dispose();
    optimizer.dispose();
    model.dispose();
    throw error;
  }
  const batches = Math.ceil(ctx.train.length / p.batchSize);
  try {
    for (let epoch = (ctx.checkpoint?.epoch ?? 0) + 1; epoch <= p.epochs; epoch++) {
      const started = performance.now();
      if (phaseAt(p, epoch) !== phase) {
        optimizer.dispose();
        optimizer = newOptimizer(p);
        phase = phaseAt(p, epoch);
      }
      // The learning rate is a plain field of tfjs optimizers; it is read at every update.
      (optimizer as unknown as { learningRate: number }).learningRate = phaseLearningRate(p, epoch);
      const order = shuffled(ctx.train, `${p.seed}/epoch/${epoch}`);
      let lossSum = 0;
      let correct = 0;
      for (let b = 0; b < batches; b++) {
        throwIfAborted(ctx.signal);
        const part = order.slice(b * p.batchSize, (b + 1) * p.batchSize);
        const xs = await batchTensor(ctx, part, `${p.seed}/aug/${epoch}`);
        const labels = tf.tensor1d(
          part.map((e) => e.target),
          'int32',
        );
        const { loss, predicted } = stepper.step(optimizer, phase, xs, labels, weights);
        const hitsTensor = tf.tidy(() => tf.sum(tf.cast(tf.equal(predicted, labels), 'int32')));
        const [lossValue, hits] = await Promise.all([loss.data(), hitsTensor.data()]);
        tf.dispose([xs, labels, loss, predicted, hitsTensor]);
        lossSum += lossValue[0]! * part.length;
        correct += hits[0]!;
        const seen = b * p.batchSize + part.length;
        const elapsed = performance.now() - started;
        if (b % CURVE_EVERY === 0)
          run.batches.push({
            step: (epoch - 1) * batches + b,
            loss: lossValue[0]!,
            accuracy: hits[0]! / part.length,
          });
        const perEpochMs = run.epochs.length
          ? run.epochs.reduce((s, e) => s + e.ms, 0) / run.epochs.length
          : (elapsed / seen) * ctx.train.length;
        ctx.onProgress({
          runId: run.id,
          phase: 'training',
          epoch,
          epochs: p.epochs,
          batch: b + 1,
          batches,
          loss: lossValue[0]!,
          accuracy: hits[0]! / part.length,
          imagesPerSecond: (seen / elapsed) * 1000,
          etaMs: perEpochMs * (p.epochs - epoch) + (elapsed / seen) * (ctx.train.length - seen),
          backend: run.backend,
          memory: { numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes },
        });
      }
      const validation = ctx.validation.length ? await evaluateLoss(ctx, model, ctx.validation) : null;
      const ms = performance.now() - started;
      const metrics: EpochMetrics = {
        epoch,
        loss: lossSum / ctx.train.length,
        accuracy: correct / ctx.train.length,
        valLoss: validation?.loss ?? null,
        valAccuracy: validation?.accuracy ?? null,
        ms,
        imagesPerSecond: (ctx.train.length / ms) * 1000,
      };
      run.epochs.push(metrics);
      run.wallMs += ms;
      const current = await readWeights(model);
      const monitored = monitoredLoss(metrics, ctx.validation.length);
      if (best.loss === null || monitored < best.loss - 1e-6)
        best = { loss: monitored, weights: current, stale: 0 };
      else best.stale++;
      if (ctx.saveCheckpoints !== false) {
        const checkpoint: CheckpointRecord = {
          runId: run.id,
          epoch,
          weights: current,
          optimizer: await readOptimizer(optimizer),
          bestValLoss: best.loss,
          epochsWithoutImprovement: best.stale,
          bestWeights: best.weights,
        };
        await saveCheckpoint(ctx.db, run, checkpoint);
      }
      ctx.onProgress({
        runId: run.id,
        phase: 'training',
        epoch,
        epochs: p.epochs,
        batch: batches,
        batches,
        loss: metrics.loss,
        accuracy: metrics.accuracy,
        imagesPerSecond: metrics.imagesPerSecond,
        etaMs: (run.wallMs / run.epochs.length) * (p.epochs - epoch),
        backend: run.backend,
        memory: { numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes },
        finishedEpoch: metrics,
      });
      if (p.earlyStoppingPatience > 0 && best.stale >= p.earlyStoppingPatience) break;
    }
    if (best.weights) writeWeights(model, best.weights);
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    weights.dispose();
    optimizer.dispose();
  }
}

/** A trained model as it is evaluated and shipped, with what frees it. */
export interface TrainedModel {
  model: tfl.LayersModel;
  dispose(): void;
}

/**
 * Trains, then wraps the result as runs and folds alike judge it: a model taught that a mirrored part
 * is the same part looks at both (mirror-averaged) when the run learned with flips.
 */
export async function trainForEvaluation(ctx: TrainContext): Promise<TrainedModel> {
  const trained = await trainLoop(ctx);
  const model = ctx.run.params.augment.flip ? mirrorAveraged(trained) : trained;
  return {
    model,
    dispose() {
      model.dispose();
      if (model !== trained) trained.dispose();
    },
  };
}
