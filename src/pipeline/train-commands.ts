import { parse as parseYaml } from 'yaml';
import { training } from '../lib/stores/training.svelte.ts';
import { DataGateError } from '../../workers/train/data-gate.ts';
import { projects } from '../lib/stores/projects.svelte.ts';
import { defaultTrainParams, withStart } from '../../workers/train/train-params.ts';
import type { OneClassRunFacts, TrainParams } from '../../workers/lib/db/schema/runs.ts';
import type { PipelineCommand } from './types.ts';
import { median } from '../../workers/lib/profile/stats.ts';
import { SNAPSHOT_OPTION, snapshotFor } from './snapshot-option.ts';
import { defineCommand } from './options.ts';
import { trainLine } from './progress.ts';
import { withMode } from '../../workers/train/one-class-params.ts';
import { scopeMode, SCOPE_MODES, type ScopeMode } from '../../workers/lib/domain/scope.ts';

/** Merges a YAML or JSON config, then --from and --freeze, over the default hyperparameters. */
function trainParams(options: {
  readonly config?: string | undefined;
  readonly from?: string | undefined;
  readonly freeze?: 'backbone' | 'none' | undefined;
}): TrainParams {
  const base = defaultTrainParams(projects.current?.scope.inputSize ?? 128);
  const text = options.config;
  const config = typeof text === 'string' ? (parseYaml(text) as Partial<TrainParams> | null) : {};
  if (!config || typeof config !== 'object')
    throw new Error('The --config file must hold a YAML or JSON map of hyperparameters.');
  const given = { ...config, ...startOptions(options) };
  return withStart({ ...base, ...given, augment: { ...base.augment, ...(config.augment ?? {}) } }, given);
}

/** The start the command line names, over the config's. */
function startOptions(options: {
  readonly from?: string | undefined;
  readonly freeze?: TrainParams['freeze'];
}): Partial<TrainParams> {
  return {
    ...(options.from !== undefined ? { from: options.from } : {}),
    ...(options.freeze !== undefined ? { freeze: options.freeze } : {}),
  };
}

/** "bank of 1024 patches from 30 good images (12 defective left out) in 2.1 s, false rejects 2.0 % of good test images" */
function oneClassLine(o: OneClassRunFacts): string {
  const frr = o.testFalseRejectRate === null ? 'n/a' : `${(o.testFalseRejectRate * 100).toFixed(1)} %`;
  return (
    `bank of ${o.bankSize} patches from ${o.goodTrainImages} good images (${o.ignoredDefectiveTrain} defective left out) ` +
    `in ${(o.fitMs / 1000).toFixed(1)} s, false rejects ${frr} of good test images (target ${(o.targetFalseRejectRate * 100).toFixed(1)} %)`
  );
}

/** The live run's progress line, with the latest finished epoch's validation accuracy. */
function trainProgress(): string | undefined {
  const p = training.progress;
  return (
    p && trainLine(p, 'runId' in p ? training.runs.find((r) => r.id === p.runId)?.epochs.at(-1) : undefined)
  );
}

const trainCommand = defineCommand({
  name: 'train',
  describe: 'train and evaluate a model (refused when blocking assertions fail)',
  options: {
    snapshot: SNAPSHOT_OPTION,
    config: {
      type: 'string',
      help: 'YAML or JSON hyperparameters over the defaults (the runner passes the text)',
    },
    name: { type: 'string', help: 'name of the run (default: "run N")' },
    override: { type: 'string', help: 'train despite failing blocking assertions, for this reason' },
    from: {
      type: 'string',
      help: 'where the weights start: default (the shipped backbone; the default at input size 128), scratch, or a registered version NAME@V',
    },
    freeze: {
      type: 'string',
      choices: ['backbone', 'none'],
      help: 'from a backbone: train the head alone (backbone, the default) or then its top blocks too (none)',
    },
    mode: {
      type: 'string',
      choices: SCOPE_MODES,
      help: "classifier, or one-class (learns from good train images only); default: the scope card's mode",
    },
    resume: {
      type: 'flag',
      help: 'continue the run named by --name from its last checkpoint (or report it when it finished)',
    },
  },
  progress: trainProgress,
  async run(options) {
    const snapshot = await snapshotFor(options);
    const configured = trainParams(options);
    const params = withMode(
      configured,
      (options.mode as ScopeMode | undefined) ?? configured.mode ?? scopeMode(projects.current?.scope ?? {}),
    );
    const override = typeof options['override'] === 'string' ? options['override'] : undefined;
    const name = typeof options['name'] === 'string' ? options['name'] : `run ${training.runs.length + 1}`;
    if (options.resume && typeof options['name'] !== 'string')
      throw new Error('--resume continues the run named by --name; give the name.');
    try {
      await training.load();
      // A long run interrupted by a closed browser continues where its last checkpoint left it.
      const earlier = options.resume ? training.runs.find((r) => r.name === name) : undefined;
      const run =
        earlier?.status === 'done'
          ? earlier
          : earlier
            ? await training.resume(earlier.id)
            : await training.start({ snapshotId: snapshot.id, params, name, override });
      const e = run.evaluation!;
      const last = run.epochs.at(-1);
      const oneClass = run.oneClass;
      return {
        summary: oneClass
          ? `One-class run ${run.id} on ${run.backend}: ${oneClassLine(oneClass)}; test AUROC ${e.auroc.toFixed(3)}, accuracy ${e.testAccuracy.toFixed(3)}`
          : `Run ${run.id} on ${run.backend}: test accuracy ${e.testAccuracy.toFixed(3)}, AUROC ${e.auroc.toFixed(3)}, ${last?.imagesPerSecond.toFixed(1)} images/s`,
        data: {
          runId: run.id,
          snapshotId: run.snapshotId,
          snapshotHash: run.snapshotHash,
          backend: run.backend,
          epochs: run.epochs.length,
          testAccuracy: e.testAccuracy,
          auroc: e.auroc,
          wilsonLower: e.wilsonLower,
          testCount: e.testCount,
          recallByDefect: e.recallByDefect,
          threshold: e.threshold,
          from: run.params.from ?? 'scratch',
          freeze: run.params.freeze ?? 'none',
          backbone: run.backbone ?? null,
          confusion: e.confusion,
          imagesPerSecond: median(run.epochs.map((x) => x.imagesPerSecond)),
          wallMs: Math.round(run.wallMs),
          dataGateOverride: run.dataGate.override?.reason ?? null,
          mode: run.params.mode ?? 'classifier',
          oneClass: oneClass ?? null,
        },
        exitCode: 0,
      };
    } catch (error) {
      if (error instanceof DataGateError)
        return { summary: error.message, data: { refused: true, failures: error.failures }, exitCode: 1 };
      throw error;
    }
  },
});

/** The Train stage's pipeline commands. */
export const TRAIN_COMMANDS: PipelineCommand[] = [trainCommand];
