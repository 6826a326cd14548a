import { resumeRun, startRun } from '../bridges/train-bridge.ts';
import { annotateRun, deleteRun, listRuns } from '../../../workers/lib/db/runs-repo.ts';
import type { RunRecord, TrainParams } from '../../../workers/lib/db/schema/runs.ts';
import type { TrainProgress } from '../../../workers/train/train-types.ts';
import { activity } from './activity.svelte.ts';
import { diagnostics } from './diagnostics.svelte.ts';
import { getDb } from './db.ts';
import { projects } from './projects.svelte.ts';

/** What starts a run from the UI or the runner. */
export interface StartOptions {
  snapshotId: string;
  params: TrainParams;
  name: string;
  /** a reason to train despite failing blocking assertions; recorded in the run's lineage */
  override?: string;
}

/** Runs of the open project and the live progress of the running one. */
class TrainingStore {
  runs = $state.raw<RunRecord[]>([]);
  progress = $state.raw<TrainProgress | undefined>(undefined);
  /** id of the run training in this tab right now */
  live = $state<string | undefined>(undefined);
  #controller: AbortController | undefined;

  #projectId(): string {
    const id = projects.current?.id;
    if (!id) throw new Error('Open a project first.');
    return id;
  }

  async load(): Promise<void> {
    this.runs = await listRuns(await getDb(), this.#projectId());
  }

  /**
   * Trains on a snapshot. The train worker checks the snapshot's data gate first (profiling it if
   * needed) and refuses with DataGateError when blocking assertions fail and no override is given.
   */
  start(options: StartOptions): Promise<RunRecord> {
    const projectId = this.#projectId();
    return this.#run(`training "${options.name}"`, (signal, onProgress) =>
      startRun(
        {
          projectId,
          snapshotId: options.snapshotId,
          params: options.params,
          name: options.name,
          override: options.override,
          backend: diagnostics.preference,
        },
        onProgress,
        signal,
      ),
    );
  }

  /** Continues a paused or interrupted run from its last checkpoint. */
  resume(runId: string): Promise<RunRecord> {
    return this.#run('training (resumed)', (signal, onProgress) =>
      resumeRun(runId, diagnostics.preference, onProgress, signal),
    );
  }

  /** Stops the running run after its current batch; its last checkpoint stays for resuming. */
  cancel(): void {
    this.#controller?.abort();
  }

  async annotate(id: string, notes: string, tags: string[]): Promise<void> {
    await annotateRun(await getDb(), id, notes, tags);
    await this.load();
  }

  async remove(id: string): Promise<void> {
    await deleteRun(await getDb(), id);
    await this.load();
  }

  async #run(
    label: string,
    work: (signal: AbortSignal, onProgress: (p: TrainProgress) => void) => Promise<RunRecord>,
  ): Promise<RunRecord> {
    if (this.live) throw new Error('A run is already training in this tab; wait for it or cancel it.');
    const controller = new AbortController();
    this.#controller = controller;
    this.live = 'starting';
    this.progress = undefined;
    try {
      return await activity.track(label, () =>
        work(controller.signal, (p) => {
          this.progress = p;
          if (p.phase === 'profiling') return;
          this.live = p.runId;
          if (p.finishedEpoch) void this.load();
        }),
      );
    } finally {
      this.live = undefined;
      this.#controller = undefined;
      await this.load();
    }
  }
}

/** The one training store. */
export const training = new TrainingStore();
