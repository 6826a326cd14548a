import { crossValidateRun } from '../bridges/train-bridge.ts';
import type { RunRecord } from '../../../workers/lib/db/schema/runs.ts';
import type { CrossValidationProgress } from '../../../workers/train/train-types.ts';
import { activity } from './activity.svelte.ts';
import { diagnostics } from './diagnostics.svelte.ts';
import { training } from './training.svelte.ts';

/** How to cross-validate: k folds, r repeats and the plan's seed (default: the run's training seed). */
export interface CrossValidateOptions {
  folds: number;
  repeats: number;
  seed?: number;
}

/** The cross-validation running in this tab, if any, and its live progress. */
class CrossValidationStore {
  progress = $state.raw<CrossValidationProgress | undefined>(undefined);
  /** id of the run being cross-validated */
  runId = $state<string | undefined>(undefined);
  #controller: AbortController | undefined;

  /** Trains the run's params on every fold and stores the result on the run; resolves to the updated run. */
  async run(runId: string, options: CrossValidateOptions): Promise<RunRecord> {
    if (this.runId) throw new Error('A cross-validation is already running in this tab; wait or cancel it.');
    const controller = new AbortController();
    this.#controller = controller;
    this.runId = runId;
    this.progress = undefined;
    try {
      return await activity.track(`cross-validating (${options.folds}-fold × ${options.repeats})`, () =>
        crossValidateRun(
          { runId, ...options, backend: diagnostics.preference },
          (p) => (this.progress = p),
          controller.signal,
        ),
      );
    } finally {
      this.runId = undefined;
      this.#controller = undefined;
      this.progress = undefined;
      await training.load();
    }
  }

  /** Stops after the current batch; nothing of the unfinished cross-validation is stored. */
  cancel(): void {
    this.#controller?.abort();
  }
}

/** The one cross-validation store. */
export const crossValidation = new CrossValidationStore();
