import { expose } from 'comlink';
import { workerDb } from './lib/db/worker-db.ts';
import { requireProject, setSplitSettings } from './lib/db/projects-repo.ts';
import type { SplitSettings } from './lib/db/schema/projects.ts';
import { listSnapshots } from './lib/db/snapshots-repo.ts';
import { signalFromPort } from './lib/abort-port.ts';
import { runSplit } from './snapshots/split-job.ts';
import { diffById, summarize, takeSnapshot } from './snapshots/snapshot-job.ts';
import { exportDataset } from './snapshots/export-job.ts';
import type { ExportFormat, SnapshotSummary, SplitReport } from './snapshots/snapshots-types.ts';
import { monitorApi } from './monitor/monitor-api.ts';

async function project(id: string) {
  return requireProject(await workerDb(), id);
}

const api = {
  ...monitorApi,

  /** Splits the project's images and remembers the settings on the project. */
  async split(
    abortPort: MessagePort | undefined,
    projectId: string,
    settings: SplitSettings,
    reassign: boolean,
  ): Promise<SplitReport> {
    const { signal, release } = signalFromPort(abortPort);
    try {
      const database = await workerDb();
      const current = await project(projectId);
      const report = await runSplit(database, projectId, settings, {
        reassign,
        gateThreshold: current.scope.gate.threshold,
        signal,
      });
      await setSplitSettings(database, projectId, settings);
      return report;
    } finally {
      release();
    }
  },

  /** Takes a named snapshot of the project's current dataset. */
  async snapshot(projectId: string, name: string): Promise<SnapshotSummary> {
    const current = await project(projectId);
    return takeSnapshot(await workerDb(), projectId, name, current.splitSettings ?? null);
  },

  /** Every snapshot of the project, newest first. */
  async snapshots(projectId: string): Promise<SnapshotSummary[]> {
    return (await listSnapshots(await workerDb(), projectId)).map(summarize);
  },

  /** Images added, removed, relabeled and moved between splits from snapshot `a` to `b`. */
  async diff(a: string, b: string) {
    return diffById(await workerDb(), a, b);
  },

  /** Builds an export zip; the returned Blob is the caller's. */
  async exportDataset(
    abortPort: MessagePort | undefined,
    projectId: string,
    snapshotId: string | null,
    format: ExportFormat,
  ) {
    const { signal, release } = signalFromPort(abortPort);
    try {
      const current = await project(projectId);
      return await exportDataset(
        await workerDb(),
        projectId,
        { snapshotId, format, classes: current.scope.classes },
        signal,
      );
    } finally {
      release();
    }
  },
};

/** The transform worker's API, as the UI's bridge sees it. */
export type SnapshotsApi = typeof api;

expose(api);
