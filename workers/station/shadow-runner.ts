/**
 * The challenger in the infer worker: loaded beside the champion, it judges the same frames the
 * champion judged, unseen by the operator, and only when that cannot cost the champion's frame rate.
 * The champion's verdict goes back to the page first; the challenger runs when the page asks for its
 * answer (`take`), so the verdict on screen never waits for it.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../tf/runtime.ts';
import { badProbabilities } from '../../models/bundle.ts';
import { checkModelShape, disposeModel, loadBundleModel } from '../../models/bundle/bundle-model.ts';
import type { ModelPreprocessSpec } from '../../models/preprocess/spec.ts';
import type { PartGeometry } from '../../models/preprocess/part.ts';
import { verdictOf } from '../lib/station/verdict.ts';
import type { FramePart, FrameResult, Trigger, Verdict } from '../lib/station/station-types.ts';
import type { ShadowRecord } from '../lib/monitor/monitor-types.ts';
import { frameModelInput, grayPixels, type FramePixels } from './frame-input.ts';
import { LatencyEstimate, shadowSkipReason, type FramePace } from '../lib/monitor/shadow-policy.ts';
import type { ChallengerSource } from './shadow-source.ts';

interface LoadedChallenger {
  versionId: string;
  label: string;
  threshold: number;
  model: tfl.LayersModel;
  classOf: readonly number[];
  spec: ModelPreprocessSpec;
}

/** A frame the challenger is to judge: its own copy of the pixels, where the part lies, the champion's verdict. */
interface PlannedRun {
  challenger: LoadedChallenger;
  pixels: FramePixels;
  geometry: PartGeometry;
  /** the champion's verdict from its score alone (before any out-of-domain mark), 'ok' or 'ng' */
  champion: Verdict;
}

/** The challenger's model and its pending answer; one per worker. */
export class ShadowRunner {
  #loaded: LoadedChallenger | null = null;
  #loading: Promise<void> | null = null;
  /** the version the latest load asked for; null: no challenger */
  #wanted: string | null = null;
  #estimate = new LatencyEstimate();
  #pending: PlannedRun | ShadowRecord | null = null;
  /** why the last challenger could not be loaded; null when it loaded or none was asked for */
  loadError: string | null = null;

  /** The challenger loaded now, or null. */
  get challenger(): { versionId: string; label: string } | null {
    const loaded = this.#loaded;
    return loaded ? { versionId: loaded.versionId, label: loaded.label } : null;
  }

  /** The challenger's expected time per frame, ms; null before it ran. */
  get expectedMs(): number | null {
    return this.#estimate.value(performance.now());
  }

  /**
   * Loads `source` (null: no challenger) and warms it up, replacing the one before. Frames judged
   * while it loads get no shadow answer. Resolves when the load is over; a failed load leaves no
   * challenger and says why in `loadError`, since the champion must serve regardless.
   */
  load(source: ChallengerSource | null): Promise<void> {
    const key = source?.versionId ?? null;
    if (key === this.#wanted) return this.#loading ?? Promise.resolve();
    this.#wanted = key;
    this.#pending = null;
    this.#release();
    this.loadError = null;
    if (!source) return (this.#loading = Promise.resolve());
    this.#loading = this.#build(source).then(
      (loaded) => {
        if (this.#wanted !== loaded.versionId) return disposeModel(loaded.model);
        this.#loaded = loaded;
      },
      (error: unknown) => {
        if (this.#wanted === key) this.loadError = error instanceof Error ? error.message : String(error);
      },
    );
    return this.#loading;
  }

  async #build(source: ChallengerSource): Promise<LoadedChallenger> {
    const { metadata } = source.bundle;
    const model = await loadBundleModel(source.bundle);
    try {
      checkModelShape(model, metadata);
      // Two passes: the first compiles kernels, the second is the challenger's time before any frame.
      for (let pass = 0; pass < 2; pass++) {
        const started = performance.now();
        const warm = tf.tidy(() => model.predict(tf.zeros([1, ...metadata.inputShape])) as tf.Tensor);
        await warm.data();
        warm.dispose();
        if (pass === 1) this.#estimate.add(performance.now() - started, performance.now());
      }
    } catch (error) {
      disposeModel(model);
      throw error;
    }
    return {
      versionId: source.versionId,
      label: source.label,
      threshold: source.threshold,
      model,
      classOf: metadata.outputs.classOf,
      spec: metadata.preprocess,
    };
  }

  /**
   * Decides, right after the champion judged a live frame, whether the challenger will judge it too.
   * Only fresh verdicts on a part count; the decision (a run, or a skip and why) waits for `take`.
   * The pixels are copied, since the frame reader reuses its buffer for the next frame.
   */
  plan(pixels: FramePixels, result: FrameResult, trigger: Trigger, pace: FramePace | null): void {
    this.#pending = null;
    const challenger = this.#loaded;
    if (!challenger || result.step !== 'inspect' || !result.part.found) return;
    const skipped = shadowSkipReason({
      pace,
      trigger,
      championMs: result.timings.totalMs,
      challengerMs: this.#estimate.value(performance.now()),
    });
    if (skipped) {
      this.#pending = { ran: false, versionId: challenger.versionId, label: challenger.label, skipped };
      return;
    }
    const gray = grayPixels(pixels.gray.slice(), pixels.width, pixels.height);
    // Colour is read only for whole-frame models; the reader's RGBA array is fresh for each frame.
    const copy: FramePixels = { ...gray, rgba: () => pixels.rgba() };
    this.#pending = {
      challenger,
      pixels: copy,
      geometry: partGeometry(result.part),
      champion: verdictOf(result.score, result.threshold, result.part),
    };
  }

  /** The challenger's answer on the frame planned last (running it now), or null when it had none. */
  async take(): Promise<ShadowRecord | null> {
    const pending = this.#pending;
    this.#pending = null;
    if (!pending || 'ran' in pending) return pending;
    const { challenger, pixels, geometry, champion } = pending;
    const started = performance.now();
    const input = frameModelInput(pixels, geometry, challenger.spec);
    const output = tf.tidy(() => challenger.model.predict(tf.tensor4d(input.data, input.shape)) as tf.Tensor);
    let score: number;
    try {
      score = Math.min(1, Math.max(0, badProbabilities(await output.data(), challenger.classOf)[0]!));
    } finally {
      output.dispose();
    }
    const latencyMs = performance.now() - started;
    this.#estimate.add(latencyMs, performance.now());
    const verdict = verdictOf(score, challenger.threshold, geometry);
    return {
      ran: true,
      versionId: challenger.versionId,
      label: challenger.label,
      score,
      verdict,
      latencyMs,
      agrees: verdict === champion,
    };
  }

  #release(): void {
    if (this.#loaded) disposeModel(this.#loaded.model);
    this.#loaded = null;
    this.#estimate.reset();
  }
}

/** The part search's geometry back from the part a result reports (the fields the crop reads). */
function partGeometry(part: FramePart): PartGeometry {
  const { found, cx, cy, angle, length, fraction } = part;
  return { found, cx, cy, angle, length, fraction, otsuThreshold: 0 };
}
