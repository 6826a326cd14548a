/** Backend probe results, shared by the workers and the Diagnostics screen (no tfjs import here). */

/** The tfjs backends ScrewOps knows, fastest-first on typical tablets with a GPU. */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;

/** A tfjs backend name. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** A user's backend choice: one backend, or the measured choice. */
export type BackendPreference = BackendName | 'auto';

/** What probing one backend found. */
export interface BackendProbe {
  backend: BackendName;
  /** it initialised and ran the check op correctly */
  available: boolean;
  /** why it is unavailable, when it is */
  error?: string;
  /** GPU renderer or adapter description, when the backend exposes one */
  renderer?: string;
  /** the renderer is a software rasteriser (SwiftShader, llvmpipe, ...) */
  software: boolean;
  /** the check op: sum of [1,2,3,4] squared, must be 30 */
  checkValue?: number;
  /** time to initialise the backend, ms */
  initMs?: number;
  /** median time of one tiny-CNN inference on a 128x128 grayscale image, ms */
  inferMedianMs?: number;
  /** 256x256 matmul throughput, GFLOP/s */
  matmulGflops?: number;
}

/** The probe of every backend and the choice made from it. */
export interface BackendReport {
  probes: BackendProbe[];
  /** the backend work will run on */
  chosen: BackendName;
  /** one sentence: why this backend */
  reason: string;
  preference: BackendPreference;
  /** ms since epoch */
  measuredAt: number;
}

/** Renderer strings of software rasterisers; a GPU backend on one of these is slow. */
export const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|lavapipe/i;

/**
 * Picks the backend from measured probes: the user's preference if it works, else the available
 * backend with the lowest median inference time.
 */
export function chooseBackend(
  probes: readonly BackendProbe[],
  preference: BackendPreference,
): { chosen: BackendName; reason: string } {
  const working = probes.filter((p) => p.available && p.inferMedianMs !== undefined);
  if (preference !== 'auto') {
    const forced = working.find((p) => p.backend === preference);
    if (forced) return { chosen: forced.backend, reason: `${preference} was chosen by the user.` };
  }
  const ranked = [...working].sort((a, b) => a.inferMedianMs! - b.inferMedianMs!);
  const best = ranked[0];
  if (!best)
    return {
      chosen: 'cpu',
      reason: 'No backend passed the probe; falling back to the plain JavaScript cpu backend.',
    };
  const runnerUp = ranked[1];
  const unavailable = preference !== 'auto' ? `${preference} is unavailable here, so ` : '';
  const margin = runnerUp
    ? ` ${(runnerUp.inferMedianMs! / best.inferMedianMs!).toFixed(1)}x faster than ${runnerUp.backend}` +
      (runnerUp.software ? ' on a software renderer' : '')
    : '';
  return {
    chosen: best.backend,
    reason:
      `${unavailable}${best.backend} was fastest in the measured benchmark: ${best.inferMedianMs!.toFixed(1)} ms per inference,${margin}.`.replace(
        ',.',
        '.',
      ),
  };
}
