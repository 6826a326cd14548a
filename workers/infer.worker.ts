import { expose } from 'comlink';
import { signalFromPort } from './lib/abort-port.ts';
import { probeAllBackends } from './tf/backend-probe.ts';
import {
  chooseBackend,
  type BackendPreference,
  type BackendProbe,
  type BackendReport,
} from './tf/backend-types.ts';
import { useBackend } from './tf/runtime.ts';

/** Progress of a probe: which backend just finished. */
export interface ProbeProgress {
  done: number;
  total: number;
  probe: BackendProbe;
}

const api = {
  /**
   * Probes webgpu, webgl, wasm and cpu in this worker, picks the backend and switches to it.
   * `abortPort` (transferred, owned by the worker afterwards) cancels the probe.
   */
  async probeBackends(
    abortPort: MessagePort | undefined,
    preference: BackendPreference,
    onProgress?: (progress: ProbeProgress) => void,
  ): Promise<BackendReport> {
    const { signal, release } = signalFromPort(abortPort);
    try {
      const probes = await probeAllBackends(signal, (probe, index, total) =>
        onProgress?.({ done: index + 1, total, probe }),
      );
      const { chosen, reason } = chooseBackend(probes, preference);
      await useBackend(chosen);
      return { probes, chosen, reason, preference, measuredAt: Date.now() };
    } finally {
      release();
    }
  },
};

/** The infer worker's API, as the UI's bridge sees it. */
export type InferApi = typeof api;

expose(api);
