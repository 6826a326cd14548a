import { proxy } from 'comlink';
import type { TrainApi } from '../../../workers/train.worker.ts';
import type { RunRecord } from '../../../workers/lib/db/schema.ts';
import type { TrainProgress, TrainRequest } from '../../../workers/train/train-types.ts';
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

/** Starts a run in the train worker. */
export function startRun(
  request: TrainRequest,
  onProgress: (p: TrainProgress) => void,
  signal?: AbortSignal,
): Promise<RunRecord> {
  return bridge.call(signal, (api, port) => api.start(port, request, proxy(onProgress)));
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
