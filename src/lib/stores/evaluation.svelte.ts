import { evaluateModel } from '../bridges/infer-bridge.ts';
import { listEvaluations } from '../../../workers/lib/db/registry-repo.ts';
import type { EvaluationRecord } from '../../../workers/lib/db/schema/registry.ts';
import type {
  EvaluateProgress,
  EvaluateRequest,
  EvaluationOutcome,
} from '../../../workers/evaluate/evaluate-types.ts';
import {
  rethreshold,
  type EvaluationReport,
  type ThresholdChoice,
} from '../../../workers/lib/evaluate/report.ts';
import { findThreshold, type ThresholdTarget } from '../../../workers/lib/evaluate/operating-point.ts';
import { thresholdSupport } from '../../../workers/lib/evaluate/threshold-support.ts';
import { activity } from './activity.svelte.ts';
import { diagnostics } from './diagnostics.svelte.ts';
import { labeling } from './labeling.svelte.ts';
import { projects } from './projects.svelte.ts';
import { getDb } from './db.ts';

/** What a person picks before evaluating; the backend comes from Diagnostics. */
export type EvaluationChoice = Omit<EvaluateRequest, 'projectId' | 'backend'>;

/** The Evaluate stage: the last evaluation, its report at the chosen threshold, and past evaluations. */
class EvaluationStore {
  outcome = $state.raw<EvaluationOutcome | undefined>(undefined);
  /** the outcome's report at the threshold now chosen */
  report = $state.raw<EvaluationReport | undefined>(undefined);
  progress = $state.raw<EvaluateProgress | undefined>(undefined);
  running = $state(false);
  history = $state.raw<EvaluationRecord[]>([]);
  /** why the last threshold target could not be met, shown beside the controls */
  targetProblem = $state<string | undefined>(undefined);
  #controller: AbortController | undefined;
  /** the project the shown outcome belongs to */
  #shownFor: string | undefined;

  /** Forgets the shown outcome when another project is opened; its images are not this project's. */
  forProject(projectId: string): void {
    const previous = this.#shownFor;
    this.#shownFor = projectId;
    if (previous === undefined || previous === projectId) return;
    this.cancel();
    this.outcome = undefined;
    this.report = undefined;
    this.targetProblem = undefined;
    this.history = [];
  }

  /** Lists the open project's past evaluations. */
  async load(): Promise<void> {
    const project = projects.current;
    this.history = project ? await listEvaluations(await getDb(), project.id) : [];
  }

  /** Evaluates in the infer worker with the backend the station will use. */
  async run(choice: EvaluationChoice): Promise<EvaluationOutcome> {
    const project = projects.current;
    if (!project) throw new Error('Open a project first.');
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.running = true;
    this.targetProblem = undefined;
    try {
      const backend =
        diagnostics.report?.chosen ?? (diagnostics.preference === 'auto' ? 'auto' : diagnostics.preference);
      const outcome = await activity.track('evaluation', () =>
        evaluateModel(
          { ...choice, projectId: project.id, backend },
          { signal: controller.signal, onProgress: (p) => (this.progress = p) },
        ),
      );
      this.show(outcome);
      await this.load();
      return outcome;
    } finally {
      if (this.#controller === controller) {
        this.running = false;
        this.progress = undefined;
      }
    }
  }

  /** Shows a stored or fresh outcome. */
  show(outcome: EvaluationOutcome): void {
    this.outcome = outcome;
    this.report = outcome.report;
  }

  /** Reopens a stored evaluation. */
  open(record: EvaluationRecord): void {
    this.show(record.report as unknown as EvaluationOutcome);
  }

  cancel(): void {
    this.#controller?.abort();
  }

  /** Moves the threshold by hand; every figure follows from the stored scores, without the model. */
  setThreshold(value: number): void {
    const outcome = this.outcome;
    if (!outcome) return;
    this.targetProblem = undefined;
    this.#apply({
      value,
      method: 'manual',
      target: null,
      chosenOn: null,
      support: outcome.validation ? thresholdSupport(outcome.validation, value) : null,
    });
  }

  /**
   * Sets the threshold for a target on the validation scores ("defect recall ≥ 99%", "false rejects
   * ≤ 1%"). The evaluated split itself is never used to choose it.
   */
  setTarget(target: ThresholdTarget): boolean {
    const outcome = this.outcome;
    if (!outcome) return false;
    if (!outcome.validation) {
      this.targetProblem =
        'These images have no separate validation split to choose a threshold on. Evaluate a split of a snapshot that has one, or set the threshold by hand.';
      return false;
    }
    const found = findThreshold(outcome.validation, target);
    if (found.threshold === null) {
      this.targetProblem = found.reason;
      return false;
    }
    this.targetProblem = undefined;
    this.#apply({
      value: found.threshold,
      method: target.metric === 'recall' ? 'target-recall' : 'target-false-reject-rate',
      target: target.metric === 'recall' ? target.atLeast : target.atMost,
      chosenOn: 'validation',
      support: thresholdSupport(outcome.validation, found.threshold),
    });
    return true;
  }

  /** Back to the threshold the evaluation started with. */
  resetThreshold(): void {
    if (this.outcome) this.report = this.outcome.report;
    this.targetProblem = undefined;
  }

  /** True when the threshold was moved away from the one the evaluation started with. */
  get thresholdMoved(): boolean {
    return !!this.outcome && this.report !== this.outcome.report;
  }

  /** The outcome as it stands now: the report at the chosen threshold. */
  get current(): EvaluationOutcome | undefined {
    return this.outcome && this.report ? { ...this.outcome, report: this.report } : undefined;
  }

  /** Relabels an image from the gallery: a normal, undoable label edit with provenance. */
  async relabel(imageId: string, label: string): Promise<void> {
    await labeling.relabel(imageId, label);
    const outcome = this.outcome;
    if (!outcome) return;
    // The row keeps its score; its truth changes, so the gallery shows it corrected.
    const classes = projects.current?.scope.classes ?? [];
    const rows = outcome.rows.map((r) =>
      r.imageId === imageId ? { ...r, label, isBad: classes.indexOf(label) !== 0 } : r,
    );
    this.outcome = { ...outcome, rows };
  }

  #apply(choice: ThresholdChoice): void {
    if (this.outcome) this.report = rethreshold(this.outcome.report, choice);
  }
}

/** The one evaluation store. */
export const evaluation = new EvaluationStore();
