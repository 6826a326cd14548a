import type * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../tf/runtime.ts';
import type { CheckpointRecord } from '../lib/db/schema/checkpoints.ts';

type Weights = CheckpointRecord['weights'];

/** Copies a model's weights out of tfjs (awaiting the data, never a synchronous readback). */
export async function readWeights(model: tfl.LayersModel): Promise<Weights> {
  return Promise.all(
    model.getWeights().map(async (w) => ({ shape: w.shape.slice(), data: (await w.data()) as Float32Array })),
  );
}

/** Loads weights into a model; the temporary tensors are disposed. */
export function writeWeights(model: tfl.LayersModel, weights: Weights): void {
  const tensors = weights.map((w) => tf.tensor(w.data, w.shape, 'float32'));
  model.setWeights(tensors);
  tf.dispose(tensors);
}

/** Copies an optimizer's state (Adam's moments, the step count) out of tfjs. */
export async function readOptimizer(optimizer: tf.Optimizer): Promise<CheckpointRecord['optimizer']> {
  const named = await optimizer.getWeights();
  const state = await Promise.all(
    named.map(async (n) => ({
      name: n.name,
      shape: n.tensor.shape.slice(),
      data: (await n.tensor.data()) as Float32Array,
    })),
  );
  // getWeights hands out the optimizer's own variables plus a fresh step-count scalar, which is ours to free.
  tf.dispose(named.filter((n) => n.name === 'iter').map((n) => n.tensor));
  return state;
}

/** Restores an optimizer's state saved by readOptimizer. */
export async function writeOptimizer(
  optimizer: tf.Optimizer,
  state: CheckpointRecord['optimizer'],
): Promise<void> {
  const named = state.map((s) => ({ name: s.name, tensor: tf.tensor(s.data, s.shape, 'float32') }));
  await optimizer.setWeights(named);
  // The optimizer made variables of its own from these; the originals can go.
  tf.dispose(named.map((n) => n.tensor));
}
