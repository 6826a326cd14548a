/**
 * Evaluates a model on a snapshot through the model exactly as it is deployed: the stored images are
 * preprocessed and scored one by one in this worker, the threshold is chosen on validation data,
 * and the report with its gate verdict is stored with the evaluation.
 */
import { tf } from '../tf/runtime.ts';
import type { Db } from '../lib/db/open-db.ts';
import { NotFoundError } from '../lib/db/errors.ts';
import { getSnapshot } from '../lib/db/snapshots-repo.ts';
import { newId, requireProject } from '../lib/db/projects-repo.ts';
import { latestProfileOf } from '../lib/db/profiles-repo.ts';
import { getRun } from '../lib/db/runs-repo.ts';
import { saveEvaluation } from '../lib/db/registry-repo.ts';
import type { Split } from '../lib/splits/split.ts';
import { snapshotExamples, type Example } from '../train/dataset.ts';
import { buildScoreIndex, findThreshold, type ScoreIndex } from '../lib/evaluate/operating-point.ts';
import { thresholdSupport } from '../lib/evaluate/threshold-support.ts';
import { buildEvaluationReport, type ThresholdChoice } from '../lib/evaluate/report.ts';
import type { AssertionOutcome } from '../lib/evaluate/gate.ts';
import { latencySummary, scoreImages } from './score-images.ts';
import { resolveModel } from './model-source.ts';
import type { BundleMetadata } from '../../models/bundle.ts';
import type {
  EvaluateProgress,
  EvaluateRequest,
  EvaluationOutcome,
  OneClassSummary,
  ScoredImage,
  ThresholdRequest,
} from './evaluate-types.ts';

/** An evaluation that cannot run as asked: no images, no defective or good ones, an unreachable target. */
export class EvaluationSetupError extends Error {
  override name = 'EvaluationSetupError';
}

/** The data-assertion outcomes the gate reads: the snapshot's latest profile, with a run's recorded override. */
async function assertionOutcomes(
  db: Db,
  snapshotId: string,
  runId: string | null,
): Promise<AssertionOutcome[]> {
  const profile = await latestProfileOf(db, snapshotId);
  if (!profile) return [];
  const overrideReason = runId ? (await getRun(db, runId))?.dataGate.override?.reason : undefined;
  return profile.results.map((r) => ({
    id: r.id,
    blocking: r.blocking,
    passed: r.status !== 'fail',
    ...(r.status === 'fail' && overrideReason ? { overrideReason } : {}),
  }));
}

/** Turns the request's threshold rule into a choice, on the validation scores where the rule needs them. */
function chooseThreshold(
  request: ThresholdRequest,
  modelThreshold: number,
  validation: ScoreIndex | null,
): ThresholdChoice {
  const support = (value: number) => (validation ? thresholdSupport(validation, value) : null);
  const chosenOn = validation ? ('validation' as const) : null;
  switch (request.kind) {
    case 'manual':
      return {
        value: request.value,
        method: 'manual',
        target: null,
        chosenOn: null,
        support: support(request.value),
      };
    case 'target-recall':
    case 'target-false-reject-rate': {
      if (!validation)
        throw new EvaluationSetupError(
          'A threshold for a target needs the validation split, and these images have none. Choose a snapshot with a validation split, or set the threshold by hand.',
        );
      const target =
        request.kind === 'target-recall'
          ? ({ metric: 'recall', atLeast: request.value } as const)
          : ({ metric: 'falseRejectRate', atMost: request.value } as const);
      const found = findThreshold(validation, target);
      if (found.threshold === null) throw new EvaluationSetupError(found.reason);
      return {
        value: found.threshold,
        method: request.kind,
        target: request.value,
        chosenOn,
        support: support(found.threshold),
      };
    }
    case 'auto':
    case 'model':
      // The model's own threshold, chosen on its validation split when it was trained: a snapshot it
      // is evaluated on says how that threshold holds up, not where a new one would sit.
      return {
        value: modelThreshold,
        method: 'model',
        target: null,
        chosenOn: null,
        support: support(modelThreshold),
      };
  }
}

/** The one-class facts an evaluation carries, for a one-class model's metadata; nothing for a classifier. */
function oneClassSummary(metadata: BundleMetadata): { oneClass?: OneClassSummary } {
  const o = metadata.oneClass;
  if (!o) return {};
  return {
    oneClass: {
      targetFalseRejectRate: o.targetFalseRejectRate,
      bankSize: o.bankSize,
      calibration: o.calibration,
    },
  };
}

const defectOf = (e: Example, classes: readonly string[]) =>
  e.label === 0 ? null : (e.defectType ?? classes[e.label] ?? null);

/** Runs one evaluation and stores it; returns what the Evaluate screen shows. */
export async function runEvaluation(
  db: Db,
  request: EvaluateRequest,
  backend: string,
  signal: AbortSignal,
  onProgress: (progress: EvaluateProgress) => void,
): Promise<EvaluationOutcome> {
  onProgress({ phase: 'loading', done: 0, total: 1 });
  const project = await requireProject(db, request.projectId);
  const snapshot = await getSnapshot(db, request.snapshotId);
  if (!snapshot || snapshot.projectId !== project.id) throw new NotFoundError('snapshot', request.snapshotId);
  const model = await resolveModel(db, project.id, request.model);
  const { classes } = model.bundle.metadata;
  if (classes.length !== 2)
    throw new EvaluationSetupError(
      `The Evaluate stage judges good/defective models; this model has ${classes.length} classes (${classes.join(', ')}).`,
    );
  const { bySplit } = await snapshotExamples(db, snapshot.id, classes);
  const evaluated: Example[] =
    request.images === 'all'
      ? [...bySplit.train, ...bySplit.validation, ...bySplit.test]
      : bySplit[request.images];
  if (!evaluated.length)
    throw new EvaluationSetupError(
      request.images === 'all'
        ? `Snapshot "${snapshot.name}" has no images labeled ${classes.join(' or ')}.`
        : `Snapshot "${snapshot.name}" has no labeled images in its ${request.images} split.`,
    );
  const validationExamples =
    request.images === 'all' || request.images === 'validation' ? [] : bySplit.validation;
  const all = [...evaluated, ...validationExamples];
  const { scores, latencyMs, anomalies } = await scoreImages(
    db,
    model.bundle,
    all.map((e) => e.imageId),
    signal,
    (done, total) => onProgress({ phase: 'scoring', done, total }),
  );
  onProgress({ phase: 'report', done: 0, total: 1 });
  const rows: ScoredImage[] = evaluated.map((e, i) => ({
    imageId: e.imageId,
    score: scores[i]!,
    isBad: e.label !== 0,
    label: classes[e.label]!,
    defectType: defectOf(e, classes),
    split: e.split as Split,
    ...(anomalies ? { anomaly: anomalies[i]! } : {}),
  }));
  const validation = validationExamples.length
    ? buildScoreIndex(
        scores.slice(evaluated.length),
        validationExamples.map((e) => e.label !== 0),
        validationExamples.map((e) => defectOf(e, classes)),
      )
    : null;
  const threshold = chooseThreshold(request.threshold, model.threshold, validation);
  const gate = project.scope.gate;
  const report = buildEvaluationReport({
    scores: rows.map((r) => r.score),
    isBad: rows.map((r) => r.isBad),
    defectTypes: rows.map((r) => r.defectType),
    threshold,
    gate,
    evaluated: request.images,
    assertions: await assertionOutcomes(db, snapshot.id, model.runId),
  });
  report.latency = latencySummary(latencyMs);
  const createdAt = Date.now();
  const outcome: EvaluationOutcome = {
    id: newId('evl'),
    model: request.model,
    modelLabel: model.label,
    modelThreshold: model.threshold,
    snapshotId: snapshot.id,
    snapshotName: snapshot.name,
    images: request.images,
    report,
    rows,
    validation,
    mirrorAveraged: JSON.stringify(model.bundle.modelTopology).includes('"mirror_mean"'),
    ...oneClassSummary(model.bundle.metadata),
    backend,
    tfjsVersion: tf.version_core,
    createdAt,
  };
  await saveEvaluation(
    db,
    {
      id: outcome.id,
      projectId: project.id,
      model:
        request.model.kind === 'run'
          ? request.model
          : { kind: 'version', versionId: request.model.versionId },
      snapshotId: snapshot.id,
      report: outcome as unknown as Record<string, unknown>,
      gatePassed: report.gate.passed,
      createdAt,
    },
    // Only the version's own threshold speaks for the version; a moved one explores.
    { marksVersion: threshold.method === 'model' },
  );
  return outcome;
}
