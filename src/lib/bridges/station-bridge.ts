/** The station's calls into the infer worker: load the model, inspect frames and images, watch for crashes. */
import { proxy, transfer } from 'comlink';
import type { InspectProgress } from '../../../workers/station/station-api.ts';
import type { FramePace } from '../../../workers/lib/monitor/shadow-policy.ts';
import type {
  FrameResult,
  StationModelInfo,
  StationStats,
  Trigger,
} from '../../../workers/lib/station/station-types.ts';
import type { DriftStatus } from '../../../workers/lib/monitor/monitor-types.ts';
import type { WorkerCrashedError } from './worker-bridge.ts';
import { inferBridge } from './infer-bridge.ts';

/** The project whose model the station loaded last, so a restarted worker loads the same one. */
let loadedProject: string | null = null;

/**
 * Loads the project's deployed model (or the shipped default) in the infer worker and warms it up.
 * Loading the version already loaded is a no-op; a new one swaps in once ready.
 */
export async function loadStation(projectId: string, signal?: AbortSignal): Promise<StationModelInfo> {
  const info = await inferBridge.call(signal, (api) => api.loadStation(projectId));
  loadedProject = projectId;
  return info;
}

/**
 * Inspects one camera frame. The frame is transferred: the caller loses it (the worker closes it),
 * so draw or copy it before calling if it is still needed. When the worker is not running (it was
 * stopped after sitting idle, or it crashed), the station's model is loaded again first. `pace`
 * (frames dropped since the last one, the camera's frame period) lets a challenger run in shadow.
 */
export async function inspectFrame(
  frame: ImageBitmap | VideoFrame,
  trigger: Trigger,
  pace?: FramePace,
): Promise<FrameResult> {
  if (!inferBridge.started && loadedProject) {
    try {
      await loadStation(loadedProject);
    } catch (error) {
      // The frame never reaches the worker: release it here, or a camera runs out of frame buffers.
      frame.close();
      throw error;
    }
  }
  return inferBridge.call(undefined, (api) =>
    api.inspectFrame(transfer(frame, [frame as unknown as Transferable]), trigger, pace),
  );
}

/** Inspects image files with the project's station model in one worker call; one result per file, in order. */
export function inspectImages(
  projectId: string,
  files: Blob[],
  options: { signal?: AbortSignal; onProgress?: (progress: InspectProgress) => void } = {},
): Promise<FrameResult[]> {
  const { signal, onProgress } = options;
  return inferBridge.call(signal, (api) =>
    api.inspectImages(projectId, files, onProgress ? proxy(onProgress) : undefined),
  );
}

/**
 * The live frames' drift against the loaded model's training data; null while the infer worker is not
 * running (asking must not start it).
 */
export async function driftStatus(): Promise<DriftStatus | null> {
  if (!inferBridge.started) return null;
  return inferBridge.call(undefined, (api) => api.driftStatus());
}

/** The drift of a batch's frames against the loaded model's training data, each image its own part. */
export function batchDrift(results: readonly FrameResult[]): Promise<DriftStatus> {
  return inferBridge.call(undefined, (api) => api.batchDrift(results.map((r) => r.drift ?? null)));
}

/** The infer worker's tensor, heap and forward-pass counters. */
export function stationStats(): Promise<StationStats> {
  return inferBridge.call(undefined, (api) => api.stationStats());
}

/**
 * Calls `listener` when the infer worker crashes (an uncaught error, a lost WebGL context that took
 * it down); frames in flight reject. Returns a function that removes the listener.
 */
export function onStationCrash(listener: (error: WorkerCrashedError) => void): () => void {
  return inferBridge.onCrash(listener);
}

/** Makes the infer worker fail as a crash does (fault drills, end-to-end tests of the restart path). */
export function simulateStationCrash(): Promise<void> {
  return inferBridge.call(undefined, (api) => api.simulateCrash());
}

/**
 * Terminates the infer worker, starts a fresh one and loads the model the station had loaded
 * (its project's current deployment) again.
 */
export async function restartStation(signal?: AbortSignal): Promise<StationModelInfo> {
  if (!loadedProject)
    throw new Error('The station has not loaded a model yet, so there is nothing to restart.');
  inferBridge.terminate();
  return loadStation(loadedProject, signal);
}
