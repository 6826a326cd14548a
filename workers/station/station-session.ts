/**
 * The station's loaded model in the infer worker: loading with a warm-up, an atomic swap to a new
 * version (the old one serves until the new one is ready), and the inspection of one frame.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../tf/runtime.ts';
import type { BackendName } from '../tf/backend-types.ts';
import { badProbabilities } from '../../models/bundle.ts';
import { checkModelShape, disposeModel, loadBundleModel } from '../../models/bundle/bundle-model.ts';
import { featureModel, withFeatures, type FeatureView } from '../../models/bundle/features.ts';
import { FrameTrigger } from '../lib/station/trigger.ts';
import { verdictOf } from '../lib/station/verdict.ts';
import { bundleAnomalyMap } from '../../models/one-class/one-class-model.ts';
import type { OneClassCalibration } from '../../models/one-class/scorer.ts';
import { scoreAtThreshold } from '../lib/one-class/anomaly-heat.ts';
import {
  cropPlacement,
  framePart,
  frameModelInput,
  locatePart,
  type FramePixels,
  type ModelInput,
} from './frame-input.ts';
import type { StationSource } from './station-source.ts';
import { StationDrift } from './station-drift.ts';
import type {
  FrameAnomaly,
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
  /** what each frame runs: the model's outputs and its features from one pass (sharing its weights) */
  predictor: FeatureView;
  /** the model's penultimate features alone (sharing its weights), for batches; null when they cannot be found */
  features: tfl.LayersModel | null;
  /** a one-class model's calibration (its predictor answers the anomaly map too); null for classifiers */
  oneClass: OneClassCalibration | null;
  info: StationModelInfo;
  classOf: readonly number[];
  disposed: boolean;
}

/** Training images per forward pass when measuring a drift reference's features. */
const FEATURE_BATCH = 32;

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
  #held: Pick<
    FrameResult,
    'verdict' | 'score' | 'threshold' | 'modelLabel' | 'versionId' | 'anomaly'
  > | null = null;
  /** the live camera stream's trigger */
  readonly trigger = new FrameTrigger('continuous');
  /** the drift watch of the loaded model's frames */
  readonly drift = new StationDrift();

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
      this.drift.follow(next.key);
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
      // A one-class model's verdict is the max of its anomaly map: the same pass answers both.
      const map = bundleAnomalyMap(model, metadata);
      const oneClass = map && metadata.oneClass ? metadata.oneClass.calibration : null;
      const predictor = withFeatures(model, map ? [map] : []);
      // Warm-up: the first pass compiles kernels (shaders on WebGL); the first real frame must not pay
      // for it. It runs what the frames will run.
      const warm = Object.values(
        this.#predict(predictor, () => tf.zeros([1, ...metadata.inputShape])),
      ).filter((t): t is tf.Tensor => t !== null);
      try {
        for (const tensor of warm) await tensor.data();
      } finally {
        tf.dispose(warm);
      }
      return {
        key: source.key,
        model,
        predictor,
        features: featureModel(model),
        oneClass,
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
      const drift = this.drift.frame(pixels, located.geometry, null, live !== null);
      const preprocessMs = clock.grayMs + partMs;
      const held = step === 'held' ? this.#held : null;
      return {
        ...base,
        ...(held ?? {}),
        verdict: held?.verdict ?? 'no-part',
        score: held?.score ?? null,
        drift,
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
    const { score, features, map } = await this.#score(loaded, input);
    const driftStarted = performance.now();
    const drift = this.drift.frame(pixels, located.geometry, features, live !== null);
    const done = performance.now();
    // A frame unlike the training data gets no confident verdict: its score is kept, it never passes.
    const verdict = drift?.outOfDomain ? 'out-of-domain' : verdictOf(score, base.threshold, located.geometry);
    const crop = map && cropPlacement(located.geometry, pixels.width, pixels.height, spec);
    const seen: { anomaly?: FrameAnomaly } =
      map && crop && loaded.oneClass
        ? { anomaly: { ...map, crop, hot: scoreAtThreshold(base.threshold, loaded.oneClass) } }
        : {};
    if (live)
      this.#held = {
        verdict,
        score,
        threshold: base.threshold,
        modelLabel: base.modelLabel,
        versionId: base.versionId,
        ...seen,
      };
    return {
      ...base,
      verdict,
      score,
      ...seen,
      drift,
      timings: {
        preprocessMs: clock.grayMs + partMs + (inferStarted - cropStarted),
        inferMs: driftStarted - inferStarted,
        totalMs: done - clock.started,
        grayMs: clock.grayMs,
        partMs,
        cropMs: inferStarted - cropStarted,
        driftMs: done - driftStarted,
      },
    };
  }

  async #score(
    loaded: LoadedModel,
    input: ModelInput,
  ): Promise<{
    score: number;
    features: Float32Array | null;
    map: Pick<FrameAnomaly, 'map' | 'mapShape'> | null;
  }> {
    const { output, features, map } = this.#predict(loaded.predictor, () =>
      tf.tensor4d(input.data, input.shape),
    );
    try {
      const probabilities = await output.data();
      const values = features ? ((await features.data()) as Float32Array) : null;
      // The map is [1, rows, columns, 1]: a few hundred values, read with the verdict.
      const patches = map
        ? {
            map: (await map.data()) as Float32Array,
            mapShape: [map.shape[1]!, map.shape[2]!] as [number, number],
          }
        : null;
      return {
        score: Math.min(1, Math.max(0, badProbabilities(probabilities, loaded.classOf)[0]!)),
        features: values,
        map: patches,
      };
    } finally {
      tf.dispose([output, ...(features ? [features] : []), ...(map ? [map] : [])]);
    }
  }

  /**
   * One forward pass of the input `x` makes: the model's first output, its features when found and a
   * one-class model's anomaly map (the first extra output). The caller disposes what comes back.
   */
  #predict(
    predictor: FeatureView,
    x: () => tf.Tensor,
  ): { output: tf.Tensor; features: tf.Tensor | null; map: tf.Tensor | null } {
    this.#inferences++;
    const [output, ...rest] = tf.tidy(() => {
      const { outputs, features, extra } = predictor.predict(x());
      return [outputs[0]!, ...(features ? [features] : []), ...extra.slice(0, 1)];
    });
    return {
      output: output!,
      features: predictor.hasFeatures ? rest.shift()! : null,
      map: rest.shift() ?? null,
    };
  }

  /**
   * The loaded model's penultimate features of `inputs`, in batches; null when no model is loaded or
   * its features cannot be found. For measuring a drift reference's training images.
   */
  async features(key: string, inputs: readonly ModelInput[]): Promise<Float32Array[] | null> {
    const loaded = this.#loaded;
    const model = loaded?.key === key ? loaded.features : null;
    if (!model || inputs.length === 0) return null;
    const out: Float32Array[] = [];
    for (let i = 0; i < inputs.length; i += FEATURE_BATCH) {
      const batch = inputs.slice(i, i + FEATURE_BATCH);
      const [, ...shape] = batch[0]!.shape;
      const size = batch[0]!.data.length;
      const data = new Float32Array(batch.length * size);
      batch.forEach((input, j) => data.set(input.data, j * size));
      const result = tf.tidy(() => model.predict(tf.tensor(data, [batch.length, ...shape])) as tf.Tensor);
      this.#inferences++;
      try {
        const values = (await result.data()) as Float32Array;
        const width = values.length / batch.length;
        for (let j = 0; j < batch.length; j++) out.push(values.slice(j * width, (j + 1) * width));
      } finally {
        result.dispose();
      }
    }
    return out;
  }

  /** Tensor and heap counters; `inferences` counts forward passes, warm-ups and feature batches included. */
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
