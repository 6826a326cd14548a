/** The station's methods of the infer worker (spread into its API): load, inspect frames and images, stats. */
import { tf } from '../tf/runtime.ts';
import { stationBackend } from '../tf/station-backend.ts';
import { workerDb } from '../lib/db/worker-db.ts';
import { APP_VERSION } from '../lib/app-version.ts';
import { fetchShippedBundle } from '../evaluate/default-model.ts';
import { FrameReader } from './frame-input.ts';
import { StationSession } from './station-session.ts';
import { resolveStationModel, type StationSource } from './station-source.ts';
import { resolveChallenger } from './shadow-source.ts';
import { shadowRunner } from './shadow-api.ts';
import type { FramePace } from '../lib/monitor/shadow-policy.ts';
import { resolveDriftReference } from './drift-source.ts';
import { putDriftReference } from '../lib/db/drift-references-repo.ts';
import { requireProject } from '../lib/db/projects-repo.ts';
import { monitorThresholds } from '../lib/domain/scope.ts';
import type { Db } from '../lib/db/open-db.ts';
import type { DriftStatus, FrameDrift } from '../lib/monitor/monitor-types.ts';
import type { FrameResult, StationModelInfo, StationStats, Trigger } from '../lib/station/station-types.ts';

const session = new StationSession();
// Live frames and batch images each keep their own canvas, so a batch cannot resize the camera's.
const liveReader = new FrameReader();
const batchReader = new FrameReader();

/** The GPU context under the WebGL backend was lost; the worker cannot inspect with it any more. */
export class StationBackendLostError extends Error {
  override name = 'StationBackendLostError';
  constructor() {
    super(
      'The WebGL context of the infer worker was lost; the station restarts the worker and reloads its model.',
    );
  }
}

/** True when the WebGL backend's context is gone (driver reset, GPU process crash, too many contexts). */
function gpuContextLost(): boolean {
  if (tf.getBackend() !== 'webgl') return false;
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
  return gl?.isContextLost() ?? false;
}

/**
 * Ends this worker's usefulness the way a crash does: an uncaught error reaches the page as the
 * worker's `error` event, where the bridge rejects the calls in flight and the station restarts it.
 */
function crashWorker(error: Error): void {
  setTimeout(() => {
    throw error;
  });
}

/** Progress of a batch inspection: images done of total. */
export interface InspectProgress {
  done: number;
  total: number;
}

/** The station's part of the infer worker's API. */
export const stationApi = {
  /**
   * Loads the project's deployed model (the shipped default model when nothing is deployed) on the
   * station backend, warms it up and keeps it; the same version again is a no-op, a new one swaps in
   * once ready.
   */
  async loadStation(projectId: string): Promise<StationModelInfo> {
    const backend = await stationBackend('auto');
    const db = await workerDb();
    const source = await resolveStationModel(
      db,
      projectId,
      () => fetchShippedBundle(new URL('/', self.location.href)),
      { tfjs: tf.version_core, app: APP_VERSION },
    );
    const info = await session.load(source, backend);
    await watchDrift(db, projectId, source, info);
    // The challenger loads behind the champion, which serves meanwhile; frames before it is ready get no shadow answer.
    void shadowRunner.load(await resolveChallenger(db, projectId, info.model.versionId));
    return info;
  },

  /** The live frames' drift against the loaded model's training data, as of the last frame. */
  driftStatus(): DriftStatus {
    return session.drift.status();
  },

  /** The drift of a batch's frames (from `inspectImages`), each image its own part, tested at once. */
  batchDrift(drifts: (FrameDrift | null | undefined)[]): DriftStatus {
    return session.drift.batchStatus(drifts);
  },

  /**
   * Inspects one camera frame under `trigger` (continuous: every frame with a part; stable: once
   * per part that stands still, see the result's `step`; manual: each call is a press, so send the
   * frame taken when the operator pressed). The frame is transferred in, owned by the worker and
   * closed here as soon as its pixels are read. `pace` says how the camera's frames arrive, which
   * decides whether the challenger may judge this frame too (ask for its answer with `shadowFrame`).
   */
  async inspectFrame(
    frame: ImageBitmap | VideoFrame,
    trigger: Trigger,
    pace?: FramePace,
  ): Promise<FrameResult> {
    const started = performance.now();
    let pixels;
    try {
      pixels = liveReader.read(frame);
    } finally {
      frame.close();
    }
    try {
      const result = await session.inspect(pixels, { started, grayMs: performance.now() - started }, trigger);
      shadowRunner.plan(pixels, result, trigger, pace ?? null);
      return result;
    } catch (error) {
      if (gpuContextLost()) crashWorker(new StationBackendLostError());
      throw error;
    }
  },

  /**
   * Inspects image files with the project's station model, in order, one result per file; a file
   * that cannot be decoded answers 'no-part' with a note saying so.
   */
  async inspectImages(
    projectId: string,
    files: Blob[],
    onProgress?: (progress: InspectProgress) => void,
  ): Promise<FrameResult[]> {
    const info = await stationApi.loadStation(projectId);
    const results: FrameResult[] = [];
    for (const [i, file] of files.entries()) {
      const started = performance.now();
      let bitmap: ImageBitmap | undefined;
      try {
        bitmap = await createImageBitmap(file);
        const pixels = batchReader.read(bitmap);
        bitmap.close();
        results.push(await session.inspect(pixels, { started, grayMs: performance.now() - started }, null));
      } catch (error) {
        bitmap?.close();
        results.push(unreadable(info, error, performance.now() - started));
      }
      onProgress?.({ done: i + 1, total: files.length });
    }
    return results;
  },

  /**
   * Makes this worker fail the way a crash does (an uncaught error), for fault drills and the
   * station's end-to-end tests of the restart path.
   */
  simulateCrash(): void {
    crashWorker(new Error('Simulated crash of the infer worker (fault drill).'));
  },

  /** Tensor, heap and forward-pass counters of this worker. */
  stationStats(): StationStats {
    return session.stats();
  },
};

/**
 * Gives the loaded model's frames their drift reference. A stored or shipped one is ready at once; a
 * trained version's is measured from its training snapshot in the background (the station inspects
 * meanwhile, without out-of-domain marks); a model without training data here learns a baseline.
 */
async function watchDrift(
  db: Db,
  projectId: string,
  source: StationSource,
  info: StationModelInfo,
): Promise<void> {
  if (session.drift.isWatching(source.key)) return;
  let ready = preparing.get(source.key);
  if (!ready) {
    ready = prepareDrift(db, projectId, source, info).finally(() => preparing.delete(source.key));
    preparing.set(source.key, ready);
  }
  // A cached or shipped reference arrives in moments: wait for it so the first frames are judged too.
  await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, REFERENCE_WAIT_MS))]);
}

/** Drift references being resolved, by model key, so overlapping loads measure a snapshot once. */
const preparing = new Map<string, Promise<void>>();

async function prepareDrift(
  db: Db,
  projectId: string,
  source: StationSource,
  info: StationModelInfo,
): Promise<void> {
  const limits = monitorThresholds((await requireProject(db, projectId)).scope);
  await resolveDriftReference(
    db,
    projectId,
    source,
    info.preprocess,
    (inputs) => session.features(source.key, inputs),
    new URL('/', self.location.href),
  ).then(
    (reference) => {
      if (reference) session.drift.useReference(source.key, reference, limits);
      else session.drift.learnBaseline(source.key, projectId, limits, (r) => putDriftReference(db, r));
    },
    (error: unknown) => {
      console.warn('The drift reference could not be built; learning a baseline from live parts.', error);
      session.drift.learnBaseline(source.key, projectId, limits, (r) => putDriftReference(db, r));
    },
  );
}

/** How long loading waits for the drift reference before the station starts without it, ms. */
const REFERENCE_WAIT_MS = 1500;

function unreadable(info: StationModelInfo, error: unknown, ms: number): FrameResult {
  const why = error instanceof Error ? error.message : String(error);
  return {
    verdict: 'no-part',
    score: null,
    threshold: info.model.threshold,
    frameWidth: 0,
    frameHeight: 0,
    part: { found: false, cx: 0, cy: 0, angle: 0, length: 0, width: 0, fraction: 0 },
    timings: { preprocessMs: ms, inferMs: 0, totalMs: ms },
    modelLabel: info.model.label,
    versionId: info.model.versionId,
    step: 'no-part',
    note: `The image could not be read (${why}); is it a PNG, JPEG or WebP file?`,
  };
}
