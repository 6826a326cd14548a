import { expose } from 'comlink';
import { workerDb } from './lib/db/worker-db.ts';
import { requireProject } from './lib/db/projects-repo.ts';
import type { RunRecord } from './lib/db/schema.ts';
import { signalFromPort } from './lib/abort-port.ts';
import { createRun, executeRun } from './train/run-job.ts';
import type { TrainProgress, TrainRequest } from './train/train-types.ts';
import type { BackendPreference } from './tf/backend-types.ts';

const api = {
  /** Starts a run: records it, then trains, evaluates and stores its model. */
  async start(
    abortPort: MessagePort | undefined,
    request: TrainRequest,
    onProgress: (p: TrainProgress) => void,
  ): Promise<RunRecord> {
    const { signal, release } = signalFromPort(abortPort);
    try {
      const database = await workerDb();
      const project = await requireProject(database, request.projectId);
      const run = await createRun(database, request, project.scope.classes, signal);
      return await executeRun(database, run.id, run.backend, signal, onProgress);
    } finally {
      release();
    }
  },

  /** Continues a paused or interrupted run from its last checkpoint. */
  async resume(
    abortPort: MessagePort | undefined,
    runId: string,
    backend: BackendPreference,
    onProgress: (p: TrainProgress) => void,
  ): Promise<RunRecord> {
    const { signal, release } = signalFromPort(abortPort);
    try {
      return await executeRun(await workerDb(), runId, backend, signal, onProgress);
    } finally {
      release();
    }
  },
};

/** The train worker's API, as the UI's bridge sees it. */
export type TrainApi = typeof api;

expose(api);
