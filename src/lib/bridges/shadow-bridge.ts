/** The station's calls into the infer worker about the challenger running in shadow. */
import type { ShadowRecord } from '../../../workers/lib/monitor/monitor-types.ts';
import type { ShadowState } from '../../../workers/station/shadow-api.ts';
import { inferBridge } from './infer-bridge.ts';

/**
 * The challenger's answer on the frame the station inspected last (it runs now, after the champion's
 * verdict is on screen), a skip and why, or null when no challenger runs. Null as well when the
 * worker is not running: a fresh worker has judged no frame.
 */
export async function shadowFrame(): Promise<ShadowRecord | null> {
  if (!inferBridge.started) return null;
  const record = await inferBridge.call<ShadowRecord | null>(undefined, (api) => api.shadowFrame());
  return record;
}

/** Which challenger the station's worker runs in shadow now; none when the worker is not running. */
export function shadowState(): Promise<ShadowState> {
  if (!inferBridge.started) return Promise.resolve({ challenger: null, expectedMs: null, loadError: null });
  return inferBridge.call(undefined, (api) => api.shadowState());
}
