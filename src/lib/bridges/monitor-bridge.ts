/** The Monitor stage's calls into the snapshots worker, where the monitoring report is built from storage. */
import type { MonitorSnapshot } from '../../../workers/monitor/monitor-api.ts';
import type { LoopStatus } from '../../../workers/lib/monitor/loop-status.ts';
import type { MonitorWindow } from '../../../workers/lib/monitor/report-types.ts';
import type { InspectionRecord } from '../../../workers/lib/db/schema/station.ts';
import { snapshotsBridge } from './snapshots-bridge.ts';

/** The monitoring report of the project's deployment over `window`, with the model it watches. */
export function fetchMonitorReport(
  projectId: string,
  window: MonitorWindow,
  signal?: AbortSignal,
): Promise<MonitorSnapshot> {
  return snapshotsBridge.call(signal, (api) => api.monitorReport(projectId, window));
}

/** The deployment's inspection rows in `window`, newest first. */
export function fetchMonitorLog(projectId: string, window: MonitorWindow): Promise<InspectionRecord[]> {
  return snapshotsBridge.call(undefined, (api) => api.monitorLog(projectId, window));
}

/** Thumbnails of inspection rows; pruned ones are left out. The Blobs are the caller's. */
export function fetchMonitorThumbs(seqs: number[]): Promise<Array<{ seq: number; blob: Blob }>> {
  return snapshotsBridge.call(undefined, (api) => api.monitorThumbs(seqs));
}

/** Where the retraining loop stands for the project. */
export function fetchLoopStatus(projectId: string): Promise<LoopStatus> {
  return snapshotsBridge.call(undefined, (api) => api.loopStatus(projectId));
}
