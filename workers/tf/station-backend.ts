/** The backend evaluations and the station run on in the infer worker, chosen by measurement. */
import { probeAllBackends } from './backend-probe.ts';
import { chooseBackend, type BackendName } from './backend-types.ts';
import { tf, useBackend, useForcedBackend } from './runtime.ts';
import { workerDb } from '../lib/db/worker-db.ts';
import { getSetting, setSetting } from '../lib/db/settings-repo.ts';
import { APP_VERSION } from '../lib/app-version.ts';

/** The backend this worker's last probe (or the stored one) chose. */
let probed: BackendName | undefined;

/** The choice under way, shared by every caller that arrives while it runs. */
let choosing: Promise<void> | undefined;

/** The stored choice when there is one that still starts, else a probe's (stored for next time). */
async function chooseOnce(signal: AbortSignal | undefined): Promise<void> {
  if (probed) return;
  const stored = await storedChoice();
  if (stored && (await useBackend(stored))) {
    probed = stored;
    return;
  }
  const probes = await probeAllBackends(signal ?? new AbortController().signal, () => undefined);
  await rememberProbed(chooseBackend(probes, 'auto').chosen);
}

/** Forgets this worker's choice, so the next call reads the stored one or probes again. */
export function forgetBackendChoice(): void {
  probed = undefined;
}

/**
 * Remembers the backend a probe in this worker chose, so later work runs on it, and stores it so
 * the next worker (a station starting) skips the probe, which takes seconds on a software renderer.
 */
export async function rememberProbed(chosen: BackendName): Promise<void> {
  probed = chosen;
  try {
    await setSetting(await workerDb(), 'probedBackend', {
      backend: chosen,
      appVersion: APP_VERSION,
      tfjsVersion: tf.version_core,
      measuredAt: Date.now(),
    });
  } catch {
    // Storage refused (full, private mode): the choice still holds for this worker.
  }
}

/** The stored probe choice, when it was made by this app and tfjs version. */
async function storedChoice(): Promise<BackendName | undefined> {
  try {
    const stored = await getSetting(await workerDb(), 'probedBackend');
    return stored?.appVersion === APP_VERSION && stored.tfjsVersion === tf.version_core
      ? stored.backend
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Switches to the backend the station uses: the requested one, else the one a probe in this worker
 * or the last one stored on this device chose, else a probe's choice now. tfjs's own default would
 * take WebGPU even on a software renderer.
 */
export async function stationBackend(
  requested: BackendName | 'auto',
  signal?: AbortSignal,
): Promise<BackendName> {
  if (requested !== 'auto') return useForcedBackend(requested);
  // Two callers at once (the station loading while a batch starts) share one choice: two probes
  // at once would fight over the backend registry.
  if (!probed) {
    choosing ??= chooseOnce(signal).finally(() => (choosing = undefined));
    await choosing;
  }
  if (!(await useBackend(probed!)))
    throw new Error(`The ${probed} backend stopped working; probe again on Diagnostics.`);
  return probed!;
}
