import { expose } from 'comlink';
import { workerDb } from './lib/db/worker-db.ts';
import type { RunRecord } from './lib/db/schema/runs.ts';
import { signalFromPort } from './lib/abort-port.ts';
import { tf } from './tf/runtime.ts';
import { createRun, executeRun } from './train/run-job.ts';
import { DataGateError } from './train/data-gate.ts';
import type { CrossValidationProgress, TrainProgress, TrainRequest } from './train/train-types.ts';
import { crossValidateRun, type CrossValidationRequest } from './train/cross-validate.ts';
import type { BackendPreference } from './tf/backend-types.ts';

/**
 * How a start ends: the trained run, or the blocking assertion failures that refused it. A refusal
 * travels as data because comlink passes only an error's name and message, not its failures.
 */
export type StartOutcome = { run: RunRecord } | { refused: string[] };

const api = {
  /** Checks the snapshot's data gate, then records the run, trains, evaluates and stores its model. */
  async start(
    abortPort: MessagePort | undefined,
    request: TrainRequest,
    onProgress: (p: TrainProgress) => void,
  ): Promise<StartOutcome> {
    const { signal, release } = signalFromPort(abortPort);
    try {
      const database = await workerDb();
      const run = await createRun(database, request, signal, onProgress);
      return { run: await executeRun(database, run.id, run.backend, signal, onProgress) };
    } catch (error) {
      if (error instanceof DataGateError) return { refused: error.failures };
      throw error;
    } finally {
      release();
    }
  },

  /** Continues a paused or interrupted run from its last checkpoint. */
  async resume(
    abortPort: MessagePort | undefined,
    runId: string,
    backend: BackendPreference,
    onProgress: (p: TrainProgress) => void,
  ): Promise<RunRecord> {
    const { signal, release } = signalFromPort(abortPort);
    try {
      return await executeRun(await workerDb(), runId, backend, signal, onProgress);
    } finally {
      release();
    }
  },

  /** Trains the run's params on every fold of a k × r cross-validation and stores the scores on the run. */
  async crossValidate(
    abortPort: MessagePort | undefined,
    request: CrossValidationRequest,
    onProgress: (p: CrossValidationProgress) => void,
  ): Promise<RunRecord> {
    const { signal, release } = signalFromPort(abortPort);
    try {
      return await crossValidateRun(await workerDb(), request, signal, onProgress);
    } finally {
      release();
    }
  },

  /** Tensors alive in this worker's tfjs engine: none once a run ended and disposed everything it made. */
  tensorCount(): number {
    return tf.memory().numTensors;
  },
};

/** The train worker's API, as the UI's bridge sees it. */
export type TrainApi = typeof api;

expose(api);
