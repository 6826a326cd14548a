import { tf, useBackend, useForcedBackend } from '../tf/runtime.ts';
import { registerWasmGradKernels } from '../tf/wasm-grad/index.ts';
import { probeBackend } from '../tf/backend-probe.ts';
import type { Db } from '../lib/db/open-db.ts';
import { newId, requireProject } from '../lib/db/projects-repo.ts';
import { getRun, saveRun, saveTrainedRun } from '../lib/db/runs-repo.ts';
import { getCheckpoint } from '../lib/db/checkpoints-repo.ts';
import { getSnapshot } from '../lib/db/snapshots-repo.ts';
import { NotFoundError } from '../lib/db/errors.ts';
import type { RunRecord } from '../lib/db/schema/runs.ts';
import { defaultPreprocessSpec } from '../../models/preprocess/spec.ts';
import type { BackendName, BackendPreference } from '../tf/backend-types.ts';
import { assignTargets, ensureCached, modelOutputs, snapshotExamples } from './dataset.ts';
import { outputsOf, trainForEvaluation, type TrainContext } from './trainer.ts';
import { evaluate } from './evaluate.ts';
import { toBundle } from './bundle.ts';
import { isAbortError } from '../lib/abort-port.ts';
import { validateTrainParams } from './train-params.ts';
import type { GateProgress, RunProgress, TrainRequest } from './train-types.ts';
import { checkDataGate } from './data-gate.ts';
import {
  BackboneError,
  checkBackbone,
  fetchShippedFromOrigin,
  findBackbone,
  type Backbone,
  type ShippedSource,
} from './backbone.ts';
import { executeOneClassRun } from './one-class-run.ts';
import { isOneClass } from './one-class-params.ts';
import { phaseProgress } from './phase-progress.ts';

registerWasmGradKernels();

/** Picks the training backend: the forced one, else the faster of a measured GPU backend and wasm. */
export async function chooseTrainingBackend(
  requested: BackendPreference,
  signal: AbortSignal,
): Promise<BackendName> {
  if (requested !== 'auto') return useForcedBackend(requested);
  const probes = [];
  for (const backend of ['webgl', 'wasm'] as const) probes.push(await probeBackend(backend, signal));
  const best = probes.filter((p) => p.available).sort((a, b) => a.inferMedianMs! - b.inferMedianMs!)[0];
  const chosen = best?.backend ?? 'cpu';
  await useBackend(chosen);
  return chosen;
}

/**
 * Records a new run (nothing is trained yet) once the snapshot passes the data gate, on the backend
 * chosen for it. Throws DataGateError, recording nothing, when blocking data-quality assertions fail
 * and the request gives no override reason. A backbone to start from that is missing or does not fit
 * the run's model is refused (BackboneError) before anything is recorded.
 */
export async function createRun(
  db: Db,
  request: TrainRequest,
  signal: AbortSignal,
  onProgress: (p: GateProgress) => void,
  shipped: ShippedSource = fetchShippedFromOrigin,
): Promise<RunRecord> {
  const problems = validateTrainParams(request.params);
  if (problems.length) throw new Error(problems.join(' '));
  const project = await requireProject(db, request.projectId);
  const backbone = await findBackbone(db, project.id, request.params, shipped);
  const snapshot = await getSnapshot(db, request.snapshotId);
  if (!snapshot) throw new NotFoundError('snapshot', request.snapshotId);
  // The gate judges the data for the model this run trains: a one-class run needs good train images only.
  const judged = { ...project, scope: { ...project.scope, mode: request.params.mode ?? 'classifier' } };
  const dataGate = await checkDataGate(db, judged, snapshot.id, request.override, signal, (p) =>
    onProgress({ phase: 'profiling', done: p.done, total: p.total }),
  );
  const backend = await chooseTrainingBackend(request.backend, signal);
  if (backbone) await checkBackbone(backbone, request.params, project.scope.classes.length);
  const run: RunRecord = {
    id: newId('run'),
    projectId: request.projectId,
    name: request.name,
    snapshotId: snapshot.id,
    snapshotHash: snapshot.hash,
    classes: project.scope.classes,
    params: request.params,
    backbone: backbone?.identity ?? null,
    preprocess: defaultPreprocessSpec(request.params.inputSize),
    status: 'running',
    backend,
    startedAt: Date.now(),
    finishedAt: null,
    wallMs: 0,
    epochs: [],
    batches: [],
    evaluation: null,
    dataGate,
    notes: '',
    tags: [],
    error: null,
  };
  await saveRun(db, run);
  return run;
}

/** The backbone a run recorded, found again; refused when its weights are no longer the recorded ones. */
async function sameBackbone(db: Db, run: RunRecord, shipped: ShippedSource): Promise<Backbone | null> {
  const backbone = await findBackbone(db, run.projectId, run.params, shipped);
  if (backbone && run.backbone && backbone.identity.weightsSha256 !== run.backbone.weightsSha256)
    throw new BackboneError(
      `The backbone ${run.backbone.model} has changed since run "${run.name}" started (an app update?); start a new run from it.`,
    );
  return backbone;
}

/**
 * Trains a run from its checkpoint (or from scratch), evaluates it on the test split and stores the
 * model bundle. A cancel leaves the run 'paused' with its last checkpoint, ready to resume.
 */
export async function executeRun(
  db: Db,
  runId: string,
  requestedBackend: BackendPreference,
  signal: AbortSignal,
  onProgress: (p: RunProgress) => void,
  shipped: ShippedSource = fetchShippedFromOrigin,
): Promise<RunRecord> {
  const run = await getRun(db, runId);
  if (!run) throw new NotFoundError('run', runId);
  const spec = run.preprocess;
  let baseline = 0;
  try {
    run.status = 'running';
    // A resumed run stays on the backend it started on, so its numbers continue exactly.
    run.backend = await chooseTrainingBackend(
      requestedBackend === 'auto' && run.epochs.length ? run.backend : requestedBackend,
      signal,
    );
    baseline = tf.memory().numTensors;
    await saveRun(db, run);
    const { bySplit } = await snapshotExamples(db, run.snapshotId, run.classes);
    if (!bySplit.train.length)
      throw new Error(
        'The snapshot has no labeled images in its train split. Split and snapshot the dataset first.',
      );
    const all = [...bySplit.train, ...bySplit.validation, ...bySplit.test];
    run.outputs ??= run.params.defectTypeTargets ? modelOutputs(run.classes, bySplit.train) : outputsOf(run);
    assignTargets(all, run.outputs, run.classes);
    const progress = (phase: RunProgress['phase'], prepared?: RunProgress['prepared']) =>
      onProgress(phaseProgress(run, phase, { prepared }));
    await ensureCached(db, all, spec, signal, (done, total) => progress('preparing', { done, total }));
    const checkpoint = await getCheckpoint(db, runId);
    const ctx: TrainContext = {
      db,
      run,
      spec,
      train: bySplit.train,
      validation: bySplit.validation,
      signal,
      onProgress,
      checkpoint,
      // A checkpoint holds every weight; only a run with none yet starts from its backbone.
      backbone: checkpoint ? null : await sameBackbone(db, run, shipped),
    };
    if (isOneClass(run.params)) {
      await executeOneClassRun(ctx, bySplit);
      return run;
    }
    const { model, dispose } = await trainForEvaluation(ctx);
    progress('evaluating');
    try {
      // Without a test split the validation split stands in, and then it cannot also pick the threshold.
      run.evaluation = bySplit.test.length
        ? await evaluate(ctx, model, bySplit.test, bySplit.validation)
        : await evaluate(ctx, model, bySplit.validation, []);
      run.status = 'done';
      run.finishedAt = Date.now();
      const bundle = await toBundle(ctx, model, run, bySplit.test.length ? bySplit.test : bySplit.validation);
      await saveTrainedRun(db, run, bundle);
    } finally {
      dispose();
    }
    return run;
  } catch (error) {
    const stored = (await getRun(db, runId)) ?? run;
    const cancelled = isAbortError(error);
    await saveRun(db, {
      ...stored,
      status: cancelled ? 'paused' : 'failed',
      error: cancelled ? null : (error as Error).message,
    });
    throw error;
  } finally {
    const leaked = baseline && tf.memory().numTensors - baseline;
    if (leaked > 0) console.warn(`training left ${leaked} tensors behind`);
  }
}
