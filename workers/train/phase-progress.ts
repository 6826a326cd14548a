import { tf } from '../tf/runtime.ts';
import type { RunRecord } from '../lib/db/schema/runs.ts';
import type { RunProgress } from './train-types.ts';

/** A run's progress between batches: a phase (preparing, fitting, evaluating…) with no batch under way. */
export function phaseProgress(
  run: RunRecord,
  phase: RunProgress['phase'],
  extra: Partial<RunProgress> = {},
): RunProgress {
  return {
    runId: run.id,
    phase,
    epoch: run.epochs.length,
    epochs: run.params.epochs,
    batch: 0,
    batches: 0,
    loss: 0,
    accuracy: 0,
    imagesPerSecond: 0,
    etaMs: null,
    backend: run.backend,
    memory: { numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes },
    ...extra,
  };
}
