import type { Db } from '../lib/db/open-db.ts';
import { tf } from '../tf/runtime.ts';
import { getRun, saveRun } from '../lib/db/runs-repo.ts';
import { getSnapshot } from '../lib/db/snapshots-repo.ts';
import { listImages } from '../lib/db/images-repo.ts';
import { NotFoundError } from '../lib/db/errors.ts';
import type { RunRecord } from '../lib/db/schema/runs.ts';
import type { CrossValidationFold, CrossValidationRecord } from '../lib/db/schema/cross-validation.ts';
import { groupDuplicates } from '../lib/splits/duplicate-groups.ts';
import { NEAR_DUPLICATE_BITS } from '../lib/image/dhash.ts';
import {
  CrossValidationError,
  DEFAULT_FOLDS,
  DEFAULT_REPEATS,
  planFolds,
  VALIDATION_SHARE,
  type FoldItem,
} from '../lib/evaluate/cross-validation.ts';
import { crossValidatedGate, foldMetrics, summarizeFolds } from '../lib/evaluate/cross-validation-summary.ts';
import { requireProject } from '../lib/db/projects-repo.ts';
import type { BackendPreference } from '../tf/backend-types.ts';
import {
  assignTargets,
  classOutputs,
  ensureCached,
  modelOutputs,
  snapshotExamples,
  type Example,
} from './dataset.ts';
import { trainForEvaluation, type TrainContext } from './trainer.ts';
import { fetchShippedFromOrigin, findBackbone, type ShippedSource } from './backbone.ts';
import { evaluate } from './evaluate.ts';
import { chooseTrainingBackend } from './run-job.ts';
import type { CrossValidationProgress } from './train-types.ts';

/** What to cross-validate: a run's params on its snapshot, k folds × r repeats. */
export interface CrossValidationRequest {
  runId: string;
  /** default DEFAULT_FOLDS */
  folds?: number;
  /** default DEFAULT_REPEATS */
  repeats?: number;
  /** seed of the fold plan; default the run's training seed */
  seed?: number;
  /** 'auto' keeps the run's own backend */
  backend: BackendPreference;
}

/** The snapshot's labeled examples with their duplicate groups, as the fold plan takes them. */
async function foldItems(db: Db, run: RunRecord, examples: readonly Example[]): Promise<FoldItem[]> {
  const snapshot = await getSnapshot(db, run.snapshotId);
  if (!snapshot) throw new NotFoundError('snapshot', run.snapshotId);
  const images = await listImages(db, run.projectId);
  const used = new Set(examples.map((e) => e.imageId));
  // Grouped the way the split was, so near-duplicates that share a split share a fold too.
  const groups = groupDuplicates(
    images.filter((i) => used.has(i.id)).map((i) => ({ id: i.id, sha256: i.sha256, phash: i.phash ?? null })),
    snapshot.splitSettings?.nearDuplicateBits ?? NEAR_DUPLICATE_BITS,
  );
  return examples.map((e) => ({
    id: e.imageId,
    label: run.classes[e.label]!,
    defectType: e.label === 0 ? null : e.defectType,
    group: groups.get(e.imageId) ?? e.imageId,
  }));
}

/**
 * Trains the run's params on each fold's training part (early stopping and the threshold on its
 * validation part) and scores the held-out fold, for every fold of every repeat. Nothing of a fold
 * is stored: no run, no checkpoint, no model. The result is saved on the run as `crossValidation`
 * and returned. Abortable between batches; an abort stores nothing.
 */
export async function crossValidateRun(
  db: Db,
  request: CrossValidationRequest,
  signal: AbortSignal,
  onProgress: (p: CrossValidationProgress) => void,
  shipped: ShippedSource = fetchShippedFromOrigin,
): Promise<RunRecord> {
  const run = await getRun(db, request.runId);
  if (!run) throw new NotFoundError('run', request.runId);
  if ((run.params as { mode?: string }).mode === 'one-class')
    throw new CrossValidationError(
      'Cross-validation trains classifiers; a one-class run is judged on its test split.',
    );
  const folds = request.folds ?? DEFAULT_FOLDS;
  const repeats = request.repeats ?? DEFAULT_REPEATS;
  const seed = request.seed ?? run.params.seed;
  const started = performance.now();
  const backend = await chooseTrainingBackend(
    request.backend === 'auto' ? run.backend : request.backend,
    signal,
  );
  const { bySplit } = await snapshotExamples(db, run.snapshotId, run.classes);
  const all = [...bySplit.train, ...bySplit.validation, ...bySplit.test];
  const plans = planFolds(await foldItems(db, run, all), { folds, repeats, seed });
  const outputs =
    run.outputs ??
    (run.params.defectTypeTargets ? modelOutputs(run.classes, all) : classOutputs(run.classes));
  assignTargets(all, outputs, run.classes);
  const byId = new Map(all.map((e) => [e.imageId, e]));
  const pick = (ids: readonly string[]) => ids.map((id) => byId.get(id)!);
  const total = plans.length;
  const base = { runId: run.id, folds: total, epoch: 0, epochs: run.params.epochs };
  await ensureCached(db, all, run.preprocess, signal, (done, count) =>
    onProgress({ ...base, phase: 'preparing', fold: 0, repeat: 0, prepared: { done, total: count } }),
  );
  // Every fold starts where the run started: the same backbone, or scratch.
  const backbone = await findBackbone(db, run.projectId, run.params, shipped);
  const baseline = tf.memory().numTensors;
  const perFold: CrossValidationFold[] = [];
  for (const [index, plan] of plans.entries()) {
    const foldStarted = performance.now();
    const position = { fold: index + 1, repeat: plan.repeat + 1 };
    // A scratch copy of the run: the trainer records epochs on it, and it is never stored.
    const foldRun: RunRecord = {
      ...run,
      id: `${run.id}/fold-${plan.repeat}-${plan.fold}`,
      outputs,
      backend,
      epochs: [],
      batches: [],
      wallMs: 0,
      evaluation: null,
    };
    const ctx: TrainContext = {
      db,
      run: foldRun,
      spec: run.preprocess,
      train: pick(plan.train),
      validation: pick(plan.validation),
      signal,
      onProgress: (p) => onProgress({ ...base, ...position, phase: 'training', epoch: p.epoch }),
      checkpoint: undefined,
      saveCheckpoints: false,
      backbone,
    };
    const { model, dispose } = await trainForEvaluation(ctx);
    try {
      onProgress({ ...base, ...position, phase: 'scoring', epoch: foldRun.epochs.length });
      const test = pick(plan.test);
      const metrics = await evaluate(ctx, model, test, ctx.validation);
      perFold.push({
        repeat: plan.repeat,
        fold: plan.fold,
        trainCount: plan.train.length,
        validationCount: plan.validation.length,
        testCount: plan.test.length,
        tested: test.map((e) => e.sha256).sort(),
        ...foldMetrics(metrics),
        epochs: foldRun.epochs.length,
        ms: performance.now() - foldStarted,
      });
    } finally {
      dispose();
    }
    const leaked = tf.memory().numTensors - baseline;
    if (leaked > 0) console.warn(`cross-validation fold ${index + 1} left ${leaked} tensors behind`);
  }
  const record: CrossValidationRecord = {
    folds,
    repeats,
    seed,
    validationShare: VALIDATION_SHARE,
    images: all.length,
    good: all.filter((e) => e.label === 0).length,
    defective: all.filter((e) => e.label !== 0).length,
    perFold,
    summary: summarizeFolds(perFold),
    backend,
    finishedAt: Date.now(),
    wallMs: performance.now() - started,
  };
  // Read again so notes or tags edited meanwhile are kept.
  const latest = (await getRun(db, run.id)) ?? run;
  // The verdict is kept with the record, as an evaluation's is, for the registry's promotion to read.
  const gate = crossValidatedGate(
    (await requireProject(db, latest.projectId)).scope.gate,
    record,
    latest.dataGate,
  );
  const mean = gate.criteria.find((c) => c.id === 'metric')?.value;
  const figure = `${gate.figure} ${typeof mean === 'number' ? mean.toFixed(3) : 'n/a'}`;
  const updated = { ...latest, crossValidation: { ...record, gate: { passed: gate.passed, figure } } };
  await saveRun(db, updated);
  return updated;
}
