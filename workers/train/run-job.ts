import { tf, useBackend } from '../tf/runtime.ts';
import { registerWasmGradKernels } from '../tf/wasm-grad/index.ts';
import { probeBackend } from '../tf/backend-probe.ts';
import type { Db } from '../lib/db/open-db.ts';
import { writeTransaction } from '../lib/db/open-db.ts';
import { newId } from '../lib/db/projects-repo.ts';
import { NotFoundError } from '../lib/db/errors.ts';
import type { EvaluationMetrics, RunRecord } from '../lib/db/schema.ts';
import { defaultPreprocessSpec, inputHeight, type PreprocessSpec } from '../../models/preprocess/spec.ts';
import { badProbabilities, BUNDLE_FORMAT_VERSION, type ModelBundle } from '../../models/bundle.ts';
import { mirrorAveraged } from '../../models/architectures/mirror-average.ts';
import type { BackendName } from '../tf/backend-types.ts';
import { auroc, confusion, operatingThreshold, recallByGroup } from '../lib/metrics/classification.ts';
import { wilsonLowerBound } from '../lib/splits/test-size.ts';
import { isAbortError } from '../lib/abort-port.ts';
import { assignTargets, ensureCached, modelOutputs, snapshotExamples, type Example } from './dataset.ts';
import { evaluateLoss, outputsOf, trainLoop, type TrainContext } from './trainer.ts';
import { validateTrainParams } from './train-params.ts';
import type { TrainProgress, TrainRequest } from './train-types.ts';

registerWasmGradKernels();

/** Picks the training backend: the forced one, else the faster of a measured GPU backend and wasm. */
async function chooseTrainingBackend(requested: string, signal: AbortSignal): Promise<string> {
  if (requested !== 'auto') {
    if (!(await useBackend(requested as BackendName)))
      throw new Error(
        `The ${requested} backend cannot start here; choose another on the Diagnostics screen.`,
      );
    return requested;
  }
  const probes = [];
  for (const backend of ['webgl', 'wasm'] as const) probes.push(await probeBackend(backend, signal));
  const best = probes.filter((p) => p.available).sort((a, b) => a.inferMedianMs! - b.inferMedianMs!)[0];
  const chosen = best?.backend ?? 'cpu';
  await useBackend(chosen);
  return chosen;
}

/**
 * Test-split metrics of a trained model. A two-class model decides at an operating threshold on P(bad)
 * chosen on the validation split (never the test split); more classes take the most probable one.
 */
async function evaluate(
  ctx: TrainContext,
  model: Parameters<typeof evaluateLoss>[1],
  test: Example[],
  validation: Example[],
): Promise<EvaluationMetrics> {
  const { names, classOf } = outputsOf(ctx.run);
  const k = names.length;
  const binary = ctx.run.classes.length === 2;
  let threshold = 0.5;
  if (binary && validation.length) {
    const held = await evaluateLoss(ctx, model, validation);
    threshold = operatingThreshold(
      badProbabilities(held.probabilities, classOf),
      validation.map((e) => e.label !== 0),
    );
  }
  const { loss, probabilities } = await evaluateLoss(ctx, model, test);
  const badScore = badProbabilities(probabilities, classOf);
  const predicted = test.map((_, i) => {
    if (binary) return badScore[i]! >= threshold ? 1 : 0;
    const row = probabilities.subarray(i * k, (i + 1) * k);
    return classOf[row.indexOf(Math.max(...row))]!;
  });
  const isBad = test.map((e) => e.label !== 0);
  const defects = test.map((e) => (e.label === 0 ? null : (e.defectType ?? ctx.run.classes[e.label]!)));
  const correct = predicted.filter((p, i) => p === test[i]!.label).length;
  return {
    testAccuracy: correct / Math.max(1, test.length),
    testLoss: loss,
    auroc: auroc(badScore, isBad),
    wilsonLower: wilsonLowerBound(correct, test.length),
    testCount: test.length,
    recallByDefect: recallByGroup(
      defects,
      predicted.map((p) => p !== 0),
    ),
    confusion: confusion(
      test.map((e) => e.label),
      predicted,
      ctx.run.classes.length,
    ),
    threshold,
  };
}

/** Serialises a trained model with its metadata into the bundle format. */
async function toBundle(
  model: Parameters<typeof evaluateLoss>[1],
  run: RunRecord,
  spec: PreprocessSpec,
): Promise<ModelBundle> {
  let bundle: ModelBundle | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      bundle = {
        metadata: {
          format: 'screwops-model',
          formatVersion: BUNDLE_FORMAT_VERSION,
          name: run.name,
          classes: run.classes,
          outputs: outputsOf(run),
          preprocess: spec,
          inputShape: [inputHeight(spec), spec.inputSize, 1],
          metrics: run.evaluation as unknown as Record<string, unknown>,
          lineage: {
            runId: run.id,
            snapshotHash: run.snapshotHash,
            params: run.params as unknown as Record<string, unknown>,
          },
          createdAt: Date.now(),
        },
        modelTopology: artifacts.modelTopology as object,
        weightSpecs: artifacts.weightSpecs as ModelBundle['weightSpecs'],
        weightData: artifacts.weightData as ArrayBuffer,
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return bundle!;
}

/** Creates a run record for a request (nothing is trained yet). */
export async function createRun(db: Db, request: TrainRequest, classes: string[]): Promise<RunRecord> {
  const problems = validateTrainParams(request.params);
  if (problems.length) throw new Error(problems.join(' '));
  const snapshot = await db.get('snapshots', request.snapshotId);
  if (!snapshot) throw new NotFoundError('snapshot', request.snapshotId);
  const run: RunRecord = {
    id: newId('run'),
    projectId: request.projectId,
    name: request.name,
    snapshotId: snapshot.id,
    snapshotHash: snapshot.hash,
    classes,
    params: request.params,
    preprocess: defaultPreprocessSpec(request.params.inputSize) as unknown as Record<string, unknown>,
    status: 'running',
    backend: request.backend,
    startedAt: Date.now(),
    finishedAt: null,
    wallMs: 0,
    epochs: [],
    batches: [],
    evaluation: null,
    dataGate: request.dataGate,
    notes: '',
    tags: [],
    error: null,
  };
  await db.put('runs', run);
  return run;
}

/**
 * Trains a run from its checkpoint (or from scratch), evaluates it on the test split and stores the
 * model bundle. A cancel leaves the run 'paused' with its last checkpoint, ready to resume.
 */
export async function executeRun(
  db: Db,
  runId: string,
  requestedBackend: string,
  signal: AbortSignal,
  onProgress: (p: TrainProgress) => void,
): Promise<RunRecord> {
  const run = await db.get('runs', runId);
  if (!run) throw new NotFoundError('run', runId);
  const spec = run.preprocess as unknown as PreprocessSpec;
  let baseline = 0;
  try {
    run.status = 'running';
    // A resumed run stays on the backend it started on, so its numbers continue exactly.
    run.backend = await chooseTrainingBackend(
      requestedBackend === 'auto' && run.epochs.length ? run.backend : requestedBackend,
      signal,
    );
    baseline = tf.memory().numTensors;
    await db.put('runs', run);
    const { bySplit } = await snapshotExamples(db, run.snapshotId, run.classes);
    if (!bySplit.train.length)
      throw new Error(
        'The snapshot has no labeled images in its train split. Split and snapshot the dataset first.',
      );
    const all = [...bySplit.train, ...bySplit.validation, ...bySplit.test];
    run.outputs ??= run.params.defectTypeTargets ? modelOutputs(run.classes, bySplit.train) : outputsOf(run);
    assignTargets(all, run.outputs, run.classes);
    const progress = (phase: TrainProgress['phase'], prepared?: TrainProgress['prepared']) =>
      onProgress({
        runId,
        phase,
        prepared,
        epoch: run.epochs.length,
        epochs: run.params.epochs,
        batch: 0,
        batches: 0,
        loss: 0,
        accuracy: 0,
        imagesPerSecond: 0,
        etaMs: null,
        backend: run.backend,
        memory: { numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes },
      });
    await ensureCached(db, all, spec, signal, (done, total) => progress('preparing', { done, total }));
    const ctx: TrainContext = {
      db,
      run,
      spec,
      train: bySplit.train,
      validation: bySplit.validation,
      signal,
      onProgress,
      checkpoint: await db.get('checkpoints', runId),
    };
    const trained = await trainLoop(ctx);
    // A model taught that a mirrored part is the same part is evaluated and shipped looking at both.
    const model = run.params.augment.flip ? mirrorAveraged(trained) : trained;
    progress('evaluating');
    try {
      // Without a test split the validation split stands in, and then it cannot also pick the threshold.
      run.evaluation = bySplit.test.length
        ? await evaluate(ctx, model, bySplit.test, bySplit.validation)
        : await evaluate(ctx, model, bySplit.validation, []);
      run.status = 'done';
      run.finishedAt = Date.now();
      const bundle = await toBundle(model, run, spec);
      await writeTransaction(db, ['runs', 'artifacts'], 'the trained model', async (tx) => {
        await Promise.all([
          tx.objectStore('runs').put(run),
          tx.objectStore('artifacts').put({ runId, bundle }),
        ]);
      });
    } finally {
      model.dispose();
      if (model !== trained) trained.dispose();
    }
    return run;
  } catch (error) {
    const stored = (await db.get('runs', runId)) ?? run;
    const cancelled = isAbortError(error);
    await db.put('runs', {
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
