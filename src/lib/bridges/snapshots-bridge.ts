import type { SnapshotsApi } from '../../../workers/snapshots.worker.ts';
import type { SplitSettings } from '../../../workers/lib/db/schema/projects.ts';
import type {
  ExportFormat,
  SnapshotSummary,
  SplitReport,
} from '../../../workers/snapshots/snapshots-types.ts';
import { WorkerBridge } from './worker-bridge.ts';

/** The snapshots worker, shared with the Monitor's calls spread into its API. */
export const snapshotsBridge = new WorkerBridge<SnapshotsApi>(
  () =>
    new Worker(new URL('../../../workers/snapshots.worker.ts', import.meta.url), {
      type: 'module',
      name: 'snapshots',
    }),
);

/** Splits the project's images in the snapshots worker. */
export function splitImages(
  projectId: string,
  settings: SplitSettings,
  reassign: boolean,
  signal?: AbortSignal,
): Promise<SplitReport> {
  return snapshotsBridge.call(signal, (api, port) => api.split(port, projectId, settings, reassign));
}

/** Takes a named snapshot. */
export function takeSnapshot(projectId: string, name: string): Promise<SnapshotSummary> {
  return snapshotsBridge.call(undefined, (api) => api.snapshot(projectId, name));
}

/** Snapshots of a project, newest first. */
export function listSnapshots(projectId: string): Promise<SnapshotSummary[]> {
  return snapshotsBridge.call(undefined, (api) => api.snapshots(projectId));
}

/** The changes from snapshot `a` to snapshot `b`. */
export function diffSnapshots(a: string, b: string) {
  return snapshotsBridge.call(undefined, (api) => api.diff(a, b));
}

/** Builds an export zip in the worker. */
export function exportDataset(
  projectId: string,
  snapshotId: string | null,
  format: ExportFormat,
  signal?: AbortSignal,
) {
  return snapshotsBridge.call(signal, (api, port) => api.exportDataset(port, projectId, snapshotId, format));
}
