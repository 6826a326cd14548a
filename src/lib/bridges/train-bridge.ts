import { proxy } from 'comlink';
import type { StartOutcome, TrainApi } from '../../../workers/train.worker.ts';
import type { RunRecord } from '../../../workers/lib/db/schema/runs.ts';
import type {
  CrossValidationProgress,
  TrainProgress,
  TrainRequest,
} from '../../../workers/train/train-types.ts';
import type { CrossValidationRequest } from '../../../workers/train/cross-validate.ts';
import { DataGateError } from '../../../workers/train/data-gate.ts';
import type { BackendPreference } from '../../../workers/tf/backend-types.ts';
import { WorkerBridge } from './worker-bridge.ts';

// Training holds its worker for minutes; idle for ten more before the memory is released.
const bridge = new WorkerBridge<TrainApi>(
  () =>
    new Worker(new URL('../../../workers/train.worker.ts', import.meta.url), {
      type: 'module',
      name: 'train',
    }),
  10 * 60_000,
);

/**
 * Starts a run in the train worker, which checks the snapshot's data gate first. Rejects with
 * DataGateError when blocking data-quality assertions fail and the request gives no override reason.
 */
export async function startRun(
  request: TrainRequest,
  onProgress: (p: TrainProgress) => void,
  signal?: AbortSignal,
): Promise<RunRecord> {
  const outcome = await bridge.call<StartOutcome>(signal, (api, port) =>
    api.start(port, request, proxy(onProgress)),
  );
  if ('refused' in outcome) throw new DataGateError(outcome.refused);
  return outcome.run;
}

/** Resumes a run from its last checkpoint. */
export function resumeRun(
  runId: string,
  backend: BackendPreference,
  onProgress: (p: TrainProgress) => void,
  signal?: AbortSignal,
): Promise<RunRecord> {
  return bridge.call(signal, (api, port) => api.resume(port, runId, backend, proxy(onProgress)));
}

/** Cross-validates a run's params on its snapshot (k folds × r repeats); resolves to the run with the result. */
export function crossValidateRun(
  request: CrossValidationRequest,
  onProgress: (p: CrossValidationProgress) => void,
  signal?: AbortSignal,
): Promise<RunRecord> {
  return bridge.call(signal, (api, port) => api.crossValidate(port, request, proxy(onProgress)));
}
