import { resumeRun, startRun } from '../bridges/train-bridge.ts';
import { annotateRun, deleteRun, listRuns } from '../../../workers/lib/db/runs-repo.ts';
import type { RunRecord, TrainParams } from '../../../workers/lib/db/schema.ts';
import type { TrainProgress } from '../../../workers/train/train-types.ts';
import { activity } from './activity.svelte.ts';
import { diagnostics } from './diagnostics.svelte.ts';
import { getDb } from './db.ts';
import { profiles } from './profiles.svelte.ts';
import { projects } from './projects.svelte.ts';

/** Training was refused because blocking data-quality assertions fail. */
export class DataGateError extends Error {
  override name = 'DataGateError';
  constructor(readonly failures: string[]) {
    super(
      `Training is refused: ${failures.length} blocking data-quality assertion${failures.length === 1 ? '' : 's'} fail (${failures.join('; ')}). ` +
        'Fix the data, or start the run with an override and a reason.',
    );
  }
}

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

  /** Checks the data gate of the snapshot (profiling it first if needed), then trains. */
  async start(options: StartOptions): Promise<RunRecord> {
    const projectId = this.#projectId();
    const gate = await profiles.gateFor(options.snapshotId);
    const override = options.override?.trim();
    if (!gate.passed && !override) throw new DataGateError(gate.failures);
    const dataGate = {
      passed: gate.passed,
      failures: gate.failures,
      override: !gate.passed && override ? { reason: override, at: Date.now() } : null,
    };
    return this.#run(`training "${options.name}"`, (signal, onProgress) =>
      startRun(
        {
          projectId,
          snapshotId: options.snapshotId,
          params: options.params,
          name: options.name,
          dataGate,
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
          this.live = p.runId;
          this.progress = p;
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
