/**
 * The station's loaded model in the infer worker: loading with a warm-up, an atomic swap to a new
 * version (the old one serves until the new one is ready), and the inspection of one frame.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../tf/runtime.ts';
import type { BackendName } from '../tf/backend-types.ts';
import { badProbabilities } from '../../models/bundle.ts';
import { checkModelShape, disposeModel, loadBundleModel } from '../../models/bundle/bundle-model.ts';
import { FrameTrigger } from '../lib/station/trigger.ts';
import { verdictOf } from '../lib/station/verdict.ts';
import { framePart, frameModelInput, locatePart, type FramePixels, type ModelInput } from './frame-input.ts';
import type { StationSource } from './station-source.ts';
import type {
  FrameResult,
  FrameStep,
  StationModelInfo,
  StationStats,
  Trigger,
} from '../lib/station/station-types.ts';

/** Inspection asked of the station before a model was loaded. */
export class StationNotLoadedError extends Error {
  override name = 'StationNotLoadedError';
  constructor() {
    super('The station has no model loaded yet: load the project’s station model first.');
  }
}

interface LoadedModel {
  key: string;
  model: tfl.LayersModel;
  info: StationModelInfo;
  classOf: readonly number[];
  disposed: boolean;
}

/** How one frame reached the session: when its work began and how long reading its pixels took (ms). */
export interface FrameClock {
  started: number;
  grayMs: number;
}

/** The station's model and trigger state; one per worker. */
export class StationSession {
  #loaded: LoadedModel | null = null;
  #loading = new Map<string, Promise<LoadedModel>>();
  /** the key the latest load asked for */
  #wanted: string | null = null;
  #inferences = 0;
  /** the last fresh verdict, which the stable trigger holds while its part stays */
  #held: Pick<FrameResult, 'verdict' | 'score' | 'threshold' | 'modelLabel' | 'versionId'> | null = null;
  /** the live camera stream's trigger */
  readonly trigger = new FrameTrigger('continuous');

  /** What is loaded now; null before the first load. */
  get info(): StationModelInfo | null {
    return this.#loaded?.info ?? null;
  }

  /**
   * Loads `source` on the current backend and warms it up, then swaps it in. The same weights again
   * is a no-op (the deployment's details are updated); while a new model loads, the old one keeps
   * answering. When loads overlap, the one asked for last wins.
   */
  async load(source: StationSource, backend: BackendName): Promise<StationModelInfo> {
    this.#wanted = source.key;
    const current = this.#loaded;
    if (current?.key === source.key) {
      current.info = { ...current.info, model: source.model, isShippedDefault: source.isShippedDefault };
      return current.info;
    }
    let pending = this.#loading.get(source.key);
    if (!pending) {
      pending = this.#build(source, backend).finally(() => this.#loading.delete(source.key));
      this.#loading.set(source.key, pending);
    }
    const next = await pending;
    if (this.#wanted !== source.key) {
      // A different model was asked for meanwhile; it decides what serves, and this one is not kept.
      if (this.#loaded !== next && !next.disposed) {
        next.disposed = true;
        disposeModel(next.model);
      }
      return this.#loaded?.info ?? next.info;
    }
    if (this.#loaded !== next) {
      const old = this.#loaded;
      this.#loaded = next;
      this.#held = null;
      this.trigger.reset();
      if (old) {
        old.disposed = true;
        disposeModel(old.model);
      }
    }
    return next.info;
  }

  async #build(source: StationSource, backend: BackendName): Promise<LoadedModel> {
    const started = performance.now();
    const { metadata } = source.bundle;
    const model = await loadBundleModel(source.bundle);
    try {
      checkModelShape(model, metadata);
      const loaded = performance.now();
      // Warm-up: the first pass compiles kernels (shaders on WebGL); the first real frame must not pay for it.
      const warm = tf.tidy(() => model.predict(tf.zeros([1, ...metadata.inputShape])) as tf.Tensor);
      await warm.data();
      warm.dispose();
      this.#inferences++;
      return {
        key: source.key,
        model,
        classOf: metadata.outputs.classOf,
        disposed: false,
        info: {
          model: source.model,
          isShippedDefault: source.isShippedDefault,
          backend,
          preprocess: metadata.preprocess,
          loadMs: loaded - started,
          warmupMs: performance.now() - loaded,
        },
      };
    } catch (error) {
      disposeModel(model);
      throw error;
    }
  }

  /**
   * Inspects one frame's pixels. With `live`, the camera stream's trigger decides whether the model
   * runs (manual: every call is a press); without, every image with a part is scored (batch).
   */
  async inspect(pixels: FramePixels, clock: FrameClock, live: Trigger | null): Promise<FrameResult> {
    const loaded = this.#loaded;
    if (!loaded) throw new StationNotLoadedError();
    const { info } = loaded;
    const spec = info.preprocess;
    const partStarted = performance.now();
    const located = locatePart(pixels);
    const partMs = performance.now() - partStarted;
    let step: FrameStep = located.geometry.found ? 'inspect' : 'no-part';
    if (live) {
      this.trigger.setMode(live);
      if (live === 'manual') this.trigger.press();
      step = this.trigger.observe(located.geometry);
    }
    const base = {
      threshold: info.model.threshold,
      frameWidth: pixels.width,
      frameHeight: pixels.height,
      part: framePart(located.geometry, spec),
      modelLabel: info.model.label,
      versionId: info.model.versionId,
      step,
      note: located.rejected,
    };
    if (step !== 'inspect') {
      const preprocessMs = clock.grayMs + partMs;
      const held = step === 'held' ? this.#held : null;
      return {
        ...base,
        ...(held ?? {}),
        verdict: held?.verdict ?? 'no-part',
        score: held?.score ?? null,
        timings: {
          preprocessMs,
          inferMs: 0,
          totalMs: performance.now() - clock.started,
          ...clock,
          partMs,
          cropMs: 0,
        },
      };
    }
    const cropStarted = performance.now();
    const input = frameModelInput(pixels, located.geometry, spec);
    const inferStarted = performance.now();
    const score = await this.#score(loaded, input);
    const done = performance.now();
    const verdict = verdictOf(score, base.threshold, located.geometry);
    if (live)
      this.#held = {
        verdict,
        score,
        threshold: base.threshold,
        modelLabel: base.modelLabel,
        versionId: base.versionId,
      };
    return {
      ...base,
      verdict,
      score,
      timings: {
        preprocessMs: clock.grayMs + partMs + (inferStarted - cropStarted),
        inferMs: done - inferStarted,
        totalMs: done - clock.started,
        grayMs: clock.grayMs,
        partMs,
        cropMs: inferStarted - cropStarted,
      },
    };
  }

  async #score(loaded: LoadedModel, input: ModelInput): Promise<number> {
    const output = tf.tidy(() => loaded.model.predict(tf.tensor4d(input.data, input.shape)) as tf.Tensor);
    this.#inferences++;
    try {
      const probabilities = await output.data();
      return Math.min(1, Math.max(0, badProbabilities(probabilities, loaded.classOf)[0]!));
    } finally {
      output.dispose();
    }
  }

  /** Tensor and heap counters; `inferences` counts forward passes, warm-ups included. */
  stats(): StationStats {
    const memory = tf.memory();
    const backend = tf.getBackend() ?? 'none';
    return {
      numTensors: memory.numTensors,
      numBytes: memory.numBytes,
      inferences: this.#inferences,
      wasmHeapBytes: backend === 'wasm' ? wasmHeap() : null,
      jsHeapBytes: jsHeap(),
      backend,
    };
  }
}

function wasmHeap(): number | null {
  // The wasm backend keeps its Emscripten module on `wasm`; its heap only ever grows.
  const module = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm;
  return module?.HEAPU8?.buffer.byteLength ?? null;
}

function jsHeap(): number | null {
  const memory = (globalThis.performance as { memory?: { usedJSHeapSize?: number } }).memory;
  return typeof memory?.usedJSHeapSize === 'number' ? memory.usedJSHeapSize : null;
}
