/** The backend evaluations and the station run on in the infer worker, chosen by measurement. */
import { probeAllBackends } from './backend-probe.ts';
import { chooseBackend, type BackendName } from './backend-types.ts';
import { useBackend } from './runtime.ts';

/** The backend this worker's last probe chose. */
let probed: BackendName | undefined;

/** Remembers the backend a probe in this worker chose, so later work runs on it. */
export function rememberProbed(chosen: BackendName): void {
  probed = chosen;
}

/**
 * Switches to the backend the station uses: the requested one, else the one a probe in this worker
 * chose, else a probe's choice now. tfjs's own default would take WebGPU even on a software renderer.
 */
export async function stationBackend(
  requested: BackendName | 'auto',
  signal?: AbortSignal,
): Promise<BackendName> {
  if (requested !== 'auto') {
    if (!(await useBackend(requested)))
      throw new Error(
        `The ${requested} backend cannot start here; choose another on the Diagnostics screen.`,
      );
    return requested;
  }
  if (!probed)
    probed = chooseBackend(
      await probeAllBackends(signal ?? new AbortController().signal, () => undefined),
      'auto',
    ).chosen;
  if (!(await useBackend(probed)))
    throw new Error(`The ${probed} backend stopped working; probe again on Diagnostics.`);
  return probed;
}
