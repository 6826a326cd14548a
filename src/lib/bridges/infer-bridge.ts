import { proxy } from 'comlink';
import type { InferApi, ProbeProgress } from '../../../workers/infer.worker.ts';
import type { BackendPreference, BackendReport } from '../../../workers/tf/backend-types.ts';
import { WorkerBridge } from './worker-bridge.ts';

const bridge = new WorkerBridge<InferApi>(
  () =>
    new Worker(new URL('../../../workers/infer.worker.ts', import.meta.url), {
      type: 'module',
      name: 'infer',
    }),
);

/** Probes every tfjs backend inside the infer worker and returns the measured choice. */
export function probeBackends(
  preference: BackendPreference,
  options: { signal?: AbortSignal; onProgress?: (progress: ProbeProgress) => void } = {},
): Promise<BackendReport> {
  const { signal, onProgress } = options;
  return bridge.call(signal, (api, port) =>
    api.probeBackends(port, preference, onProgress ? proxy(onProgress) : undefined),
  );
}
