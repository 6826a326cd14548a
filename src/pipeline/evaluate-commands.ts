import { evaluation } from '../lib/stores/evaluation.svelte.ts';
import { registry } from '../lib/stores/registry.svelte.ts';
import { training } from '../lib/stores/training.svelte.ts';
import { crossValidation } from '../lib/stores/cross-validation.svelte.ts';
import type { EvaluationOutcome, ModelRef, ThresholdRequest } from '../../workers/evaluate/evaluate-types.ts';
import type { ModelVersionRecord } from '../../workers/lib/db/schema/registry.ts';
import { SNAPSHOT_OPTION, snapshotFor } from './snapshot-option.ts';
import { CROSS_VALIDATE_OPTIONS, crossValidateCommand } from './cross-validate-command.ts';
import { defineCommand } from './options.ts';
import type { PipelineCommand } from './types.ts';

/** The options that name a model: a registered version or a run. */
export const MODEL_OPTIONS = {
  model: { type: 'string', help: 'a registered version NAME@V, or NAME for its champion' },
  run: {
    type: 'string',
    help: 'a run id or name (default: the newest finished run, else default’s champion)',
  },
} as const;

/** The version `NAME@V` (or NAME's champion) names; throws with what exists when nothing matches. */
export async function versionFor(reference: string): Promise<ModelVersionRecord> {
  await registry.load();
  const at = reference.lastIndexOf('@');
  const name = at > 0 ? reference.slice(0, at) : reference;
  const entry = registry.entries.find((e) => e.model.name === name);
  if (!entry)
    throw new Error(
      `No registered model "${name}"; registered: ${registry.entries.map((e) => e.model.name).join(', ') || 'none'}.`,
    );
  const wanted = at > 0 ? Number(reference.slice(at + 1)) : entry.model.aliases.champion;
  const version = entry.versions.find((v) => v.version === wanted);
  if (!version)
    throw new Error(
      at > 0
        ? `"${name}" has no version ${reference.slice(at + 1)}; versions: ${entry.versions.map((v) => v.version).join(', ')}.`
        : `"${name}" has no champion; name a version as ${name}@V.`,
    );
  return version;
}

/** The finished run named by id or name, or the newest finished one. */
export async function runFor(wanted: string | undefined) {
  await training.load();
  const run =
    wanted === undefined
      ? training.runs.find((r) => r.status === 'done')
      : training.runs.find((r) => r.id === wanted || r.name === wanted);
  if (!run || run.status !== 'done')
    throw new Error(
      wanted === undefined
        ? 'The project has no finished run yet.'
        : `No finished run "${wanted}" in this project.`,
    );
  return run;
}

/** The model the options name: --model, --run, the newest finished run, else the default model's champion. */
async function modelFor(options: { readonly model?: string; readonly run?: string }): Promise<ModelRef> {
  if (options.model !== undefined && options.run !== undefined)
    throw new Error('Name the model with --model or --run, not both.');
  if (options.model !== undefined)
    return { kind: 'version', versionId: (await versionFor(options.model)).id };
  await training.load();
  if (options.run !== undefined || training.runs.some((r) => r.status === 'done'))
    return { kind: 'run', runId: (await runFor(options.run)).id };
  return { kind: 'version', versionId: (await versionFor('default')).id };
}

/** The threshold rule the options ask for; at most one of them. */
function thresholdFor(options: {
  readonly threshold?: number;
  readonly targetRecall?: number;
  readonly targetFalseRejectRate?: number;
}): ThresholdRequest {
  const given = [options.threshold, options.targetRecall, options.targetFalseRejectRate].filter(
    (v) => v !== undefined,
  );
  if (given.length > 1)
    throw new Error('Give one of --threshold, --target-recall and --target-false-reject-rate.');
  if (options.threshold !== undefined) return { kind: 'manual', value: options.threshold };
  if (options.targetRecall !== undefined) return { kind: 'target-recall', value: options.targetRecall };
  if (options.targetFalseRejectRate !== undefined)
    return { kind: 'target-false-reject-rate', value: options.targetFalseRejectRate };
  return { kind: 'auto' };
}

/** An evaluation as one JSON object: metrics with intervals, per-defect recall, threshold and gate. */
export function evaluationData(outcome: EvaluationOutcome): Record<string, unknown> {
  const { report } = outcome;
  const m = report.metrics;
  return {
    evaluationId: outcome.id,
    model: outcome.modelLabel,
    snapshot: outcome.snapshotName,
    images: outcome.images,
    counts: report.images,
    threshold: report.threshold,
    accuracy: m.accuracy,
    precision: m.precision,
    recall: m.recall,
    f1: m.f1,
    specificity: m.specificity,
    falseRejectRate: m.falseRejectRate,
    confusion: m.counts,
    auroc: report.auroc,
    averagePrecision: report.curves.averagePrecision,
    recallByDefect: report.recallByDefect,
    latency: report.latency,
    backend: outcome.backend,
    gate: report.gate,
    mode: outcome.oneClass ? 'one-class' : 'classifier',
    oneClass: outcome.oneClass
      ? {
          targetFalseRejectRate: outcome.oneClass.targetFalseRejectRate,
          falseRejectRate: m.falseRejectRate.value,
          bankSize: outcome.oneClass.bankSize,
        }
      : null,
  };
}

const percent = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

/** People's summary of an evaluation. */
function evaluationSummary(outcome: EvaluationOutcome): string {
  const { report } = outcome;
  const m = report.metrics;
  const failed = report.gate.criteria.filter((c) => !c.passed).map((c) => `  - ${c.message}`);
  return [
    `${outcome.modelLabel} on "${outcome.snapshotName}" (${outcome.images}, ${report.images.total} images) at threshold ${report.threshold.value.toFixed(3)}:`,
    `accuracy ${percent(m.accuracy.value)} [${percent(m.accuracy.lower)}, ${percent(m.accuracy.upper)}], defect recall ${percent(m.recall.value)}, false rejects ${percent(m.falseRejectRate.value)}, AUROC ${report.auroc.value?.toFixed(3) ?? 'n/a'}`,
    `latency p50 ${report.latency.p50Ms?.toFixed(1) ?? 'n/a'} ms, p95 ${report.latency.p95Ms?.toFixed(1) ?? 'n/a'} ms on ${outcome.backend}`,
    ...(outcome.oneClass
      ? [
          `one-class: ${percent(m.falseRejectRate.value)} of good parts rejected (threshold chosen for at most ${percent(outcome.oneClass.targetFalseRejectRate)})`,
        ]
      : []),
    `gate: ${report.gate.passed ? 'passed' : 'FAILED'}`,
    ...failed,
  ].join('\n');
}

const evaluateCommand = defineCommand({
  name: 'evaluate',
  describe: 'evaluate a model on a snapshot through its deployed preprocessing; exit 1 when the gate fails',
  options: {
    ...MODEL_OPTIONS,
    snapshot: SNAPSHOT_OPTION,
    images: {
      type: 'string',
      default: 'test',
      choices: ['test', 'validation', 'train', 'all'],
      help: 'which images of the snapshot: a split, or all (a snapshot the model never saw)',
    },
    threshold: { type: 'share', help: 'decide at this P(bad)' },
    targetRecall: { type: 'share', help: 'choose the threshold on validation for this defect recall' },
    targetFalseRejectRate: {
      type: 'share',
      help: 'choose the threshold on validation for at most this false-reject rate',
    },
    ...CROSS_VALIDATE_OPTIONS,
  },
  progress: () => {
    const cv = crossValidation.progress;
    if (cv)
      return cv.phase === 'preparing'
        ? `cross-validate: preparing ${cv.prepared?.done ?? 0}/${cv.prepared?.total ?? 0} images`
        : `cross-validate: fold ${cv.fold}/${cv.folds} (repeat ${cv.repeat}) ${cv.phase} epoch ${cv.epoch}/${cv.epochs}`;
    const p = evaluation.progress;
    return p && `evaluate: ${p.phase} ${p.phase === 'scoring' ? `${p.done}/${p.total} images` : ''}`.trim();
  },
  async run(options) {
    if (options.crossValidate) {
      if (options.model !== undefined)
        throw new Error('Cross-validation retrains a run’s params; name the run with --run, not --model.');
      return crossValidateCommand(await runFor(options.run), options);
    }
    const model = await modelFor(options);
    const snapshot = await snapshotFor(options);
    const outcome = await evaluation.run({
      model,
      snapshotId: snapshot.id,
      images: options.images as 'test' | 'validation' | 'train' | 'all',
      threshold: thresholdFor({
        threshold: options.threshold,
        targetRecall: options.targetRecall,
        targetFalseRejectRate: options.targetFalseRejectRate,
      }),
    });
    return {
      summary: evaluationSummary(outcome),
      data: evaluationData(outcome),
      exitCode: outcome.report.gate.passed ? 0 : 1,
    };
  },
});

/** The Evaluate stage's pipeline commands. */
export const EVALUATE_COMMANDS: PipelineCommand[] = [evaluateCommand];
