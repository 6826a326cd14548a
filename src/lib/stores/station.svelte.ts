import type {
  FrameResult,
  FrameStep,
  StationModelInfo,
  StationStats,
  Trigger,
} from '../../../workers/lib/station/station-types.ts';
import { isUncertain } from '../../../workers/lib/station/verdict.ts';
import { getSetting, setSetting } from '../../../workers/lib/db/settings-repo.ts';
import {
  inspectFrame,
  loadStation,
  onStationCrash,
  restartStation,
  stationStats,
} from '../bridges/station-bridge.ts';
import { shadowFrame } from '../bridges/shadow-bridge.ts';
import { FrameLoop, grabFrame } from '../station/frame-loop.ts';
import { FramePacer } from '../station/frame-pace.ts';
import type { FramePace } from '../../../workers/lib/monitor/shadow-policy.ts';
import { FrameStats } from '../station/frame-stats.ts';
import { ThumbnailMaker } from '../station/thumbnail.ts';
import { beep } from '../station/beep.ts';
import { shadowDisagrees, shouldLog, stepOf, wantsThumb } from '../station/log-policy.ts';
import { gapRow, healthRow, verdictRow } from '../station/log-rows.ts';
import { HEALTH_EVERY_MS, HealthMeter } from '../station/health-meter.ts';
import { getDb } from './db.ts';
import { handleError } from './notices.svelte.ts';
import { stationLog } from './station-log.svelte.ts';
import { stationReview } from './station-review.svelte.ts';

/** The infer worker's memory and counts as the station reads them. */
export type WorkerStats = StationStats;

/** How often the diagnostics refresh while shown, ms. */
const DIAGNOSTICS_MS = 1000;

/** Presses of the manual trigger waiting for a frame at most. */
const MAX_PENDING_PRESSES = 3;

/** Where the station's inspection stands. */
export type StationPhase = 'loading' | 'ready' | 'restarting' | 'failed';

/**
 * Live inspection: loads the deployed model into the infer worker, sends it camera frames (one in
 * flight at a time, the rest dropped), shows and logs the verdicts, and restarts the worker after a crash.
 */
class StationStore {
  phase = $state<StationPhase>('loading');
  model = $state.raw<StationModelInfo | null>(null);
  trigger = $state<Trigger>('continuous');
  /** the latest verdict shown */
  result = $state.raw<FrameResult | null>(null);
  /** the latest frame and what the trigger made of it, for the outline (a part settling has none yet) */
  frame = $state.raw<{ result: FrameResult; step: FrameStep } | null>(null);
  latencyP50 = $state<number | null>(null);
  fps = $state<number | null>(null);
  /** inspection stopped because the tab is hidden */
  hidden = $state(false);
  /** counts NG verdicts, so the screen can flash on each */
  alerts = $state(0);
  sound = $state(true);
  error = $state<string | null>(null);
  /** the worker's memory and counts, while someone looks at them */
  diagnostics = $state.raw<WorkerStats | null>(null);

  #projectId: string | null = null;
  #busy = false;
  #presses = 0;
  #failing = false;
  #pendingLoad: { projectId: string; promise: Promise<StationModelInfo> } | null = null;
  #lastLogged: FrameStep | null = null;
  /** when the last thumbnail was kept (ms since epoch); continuous mode spaces them out */
  #lastThumbAt: number | null = null;
  #lastVerdict: FrameResult['verdict'] | null = null;
  #stats = new FrameStats();
  /** the camera's frame period and drops, for the worker's decision to run a challenger in shadow */
  #pace = new FramePacer();
  #thumbs = new ThumbnailMaker();
  #loop = new FrameLoop((video) => this.#onFrame(video));
  #offCrash: (() => void) | null = null;
  #statsTimer: ReturnType<typeof setInterval> | undefined;
  #health = new HealthMeter();
  #healthTimer: ReturnType<typeof setInterval> | undefined;

  /** Opens the station of a project: the log, the remembered trigger and the model. */
  async open(projectId: string): Promise<void> {
    this.#projectId = projectId;
    this.phase = 'loading';
    this.error = null;
    this.result = null;
    this.#stats.reset();
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#onVisibility();
    this.#offCrash ??= onStationCrash(() => void this.#recover());
    this.#statsTimer = setInterval(() => this.#refreshStats(), 500);
    this.#health.reset(Date.now());
    clearInterval(this.#healthTimer);
    this.#healthTimer = setInterval(() => void this.#logHealth(), HEALTH_EVERY_MS);
    const db = await getDb();
    this.trigger = (await getSetting(db, 'stationTrigger')) ?? 'continuous';
    await Promise.all([stationLog.open(projectId), stationReview.open(projectId)]);
    await this.#load(projectId);
  }

  /** Closes the station: no more frames go to the worker. */
  close(): void {
    this.#projectId = null;
    this.#loop.stop();
    this.#offCrash?.();
    this.#offCrash = null;
    clearInterval(this.#statsTimer);
    clearInterval(this.#healthTimer);
    document.removeEventListener('visibilitychange', this.#onVisibility);
    stationLog.close();
    stationReview.close();
  }

  /** Starts inspecting the frames of `video` (the live camera). */
  attach(video: HTMLVideoElement): void {
    this.#loop.start(video);
  }

  /** Stops inspecting frames, e.g. while the camera is away. */
  detach(): void {
    this.#loop.stop();
  }

  /** Switches the trigger mode and remembers it. */
  async setTrigger(trigger: Trigger): Promise<void> {
    this.trigger = trigger;
    this.result = null;
    this.#lastLogged = null;
    this.#lastVerdict = null;
    this.#presses = 0;
    await setSetting(await getDb(), 'stationTrigger', trigger);
  }

  /** Inspects the next camera frame (the manual trigger: the big button or the space bar). */
  inspectNow(): void {
    // Each press is one verdict; a few quick presses are kept, a held key does not pile up more.
    this.#presses = Math.min(this.#presses + 1, MAX_PENDING_PRESSES);
  }

  /** Camera frames skipped because the worker was busy, since the station opened or the tab came back. */
  get dropped(): number {
    return this.#stats.dropped;
  }

  /** Reads the worker's stats now and every second until the returned function is called. */
  watchDiagnostics(): () => void {
    let stopped = false;
    const read = () => {
      if (this.phase !== 'ready') return;
      stationStats()
        .then((stats) => {
          if (!stopped) this.diagnostics = stats;
        })
        .catch(() => undefined);
    };
    read();
    const timer = setInterval(read, DIAGNOSTICS_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }

  /** Frames per second and latency as measured now. */
  #refreshStats(): void {
    this.latencyP50 = this.#stats.p50;
    this.fps = this.#stats.fps(performance.now());
  }

  async #load(projectId: string): Promise<void> {
    // Leaving and reopening the station while its model loads waits for that load, not a second one.
    const pending =
      this.#pendingLoad?.projectId === projectId ? this.#pendingLoad.promise : loadStation(projectId);
    this.#pendingLoad = { projectId, promise: pending };
    try {
      const info = await pending;
      if (this.#projectId !== projectId) return;
      this.model = info;
      this.phase = 'ready';
    } catch (error) {
      if (this.#projectId !== projectId) return;
      this.phase = 'failed';
      this.error = handleError(error, 'The station could not load its model')?.message ?? null;
    } finally {
      if (this.#pendingLoad?.promise === pending) this.#pendingLoad = null;
    }
  }

  #onFrame(video: HTMLVideoElement): void {
    if (this.phase !== 'ready' || this.hidden) return;
    this.#pace.frame(performance.now());
    this.#health.seen();
    const manual = this.trigger === 'manual';
    if (manual && this.#presses === 0) return;
    if (this.#busy) {
      this.#stats.drop();
      this.#pace.drop();
      this.#health.dropped();
      return;
    }
    if (manual) this.#presses--;
    this.#busy = true;
    this.#inspect(video, this.#pace.take())
      .then(() => (this.#failing = false))
      .catch((error: unknown) => this.#frameFailed(error, manual))
      .finally(() => (this.#busy = false));
  }

  #frameFailed(error: unknown, manual: boolean): void {
    const projectId = this.#projectId;
    if (this.phase !== 'ready' || !projectId) return;
    if ((error as Error | null)?.name === 'StationNotLoadedError') {
      // The idle worker was stopped (a quiet stretch in manual mode): load the model again, keep the press.
      if (manual) this.#presses++;
      this.phase = 'loading';
      void this.#load(projectId);
      return;
    }
    // One notice per failing stretch, not one per frame.
    if (!this.#failing) handleError(error, 'A frame could not be inspected');
    this.#failing = true;
  }

  async #inspect(video: HTMLVideoElement, pace: FramePace): Promise<void> {
    const t0 = performance.now();
    const trigger = this.trigger;
    const frame = await grabFrame(video);
    // The frame goes to the worker; a clone (a second handle on the same pixels) stays for a thumbnail.
    let kept: VideoFrame | ImageBitmap | null =
      'clone' in frame ? frame.clone() : await createImageBitmap(frame);
    try {
      const champion = await inspectFrame(frame, trigger, pace);
      const latencyMs = performance.now() - t0;
      if (this.phase !== 'ready' || !this.#projectId || trigger !== this.trigger) return;
      this.#stats.record(latencyMs, performance.now());
      this.#health.inspected();
      const step = stepOf(champion);
      this.frame = { result: champion, step };
      // A part still settling has no verdict yet: the panel asks to hold it still.
      this.result = step === 'settling' || step === 'waiting' ? null : champion;
      if (!shouldLog(step, trigger, this.#lastLogged)) return;
      this.#lastLogged = step;
      // Continuous mode judges one part on many frames: alert once when NG begins, not on each frame.
      const freshNg = champion.verdict === 'ng' && (trigger !== 'continuous' || this.#lastVerdict !== 'ng');
      this.#lastVerdict = champion.verdict;
      if (freshNg) {
        this.alerts++;
        if (this.sound) beep();
      }
      // The verdict is on screen and heard; the challenger judges the same frame now, or says why not.
      const shadow = step === 'inspect' ? await shadowFrame().catch(() => null) : null;
      const result = shadow ? { ...champion, shadow } : champion;
      const projectId = this.#projectId;
      if (!projectId) return;
      // An out-of-domain score is not trusted either way, so it is not "near the threshold" either.
      const uncertain = result.verdict !== 'out-of-domain' && isUncertain(result.score, result.threshold);
      const now = Date.now();
      const keepThumb = wantsThumb(
        result.verdict === 'ng' ||
          result.verdict === 'out-of-domain' ||
          uncertain ||
          shadowDisagrees(result.shadow),
        trigger,
        now,
        this.#lastThumbAt,
      );
      if (keepThumb) this.#lastThumbAt = now;
      const thumb = keepThumb ? await this.#thumbs.jpeg(kept) : null;
      const row = verdictRow(projectId, result, { trigger, latencyMs, uncertain, at: Date.now() });
      // Not awaited: the log keeps its own order, and the next frame need not wait for storage.
      const logged = stationLog.write(row, thumb ?? undefined);
      logged.catch((error: unknown) => handleError(error, 'The inspection log could not be written'));
      if (step === 'inspect' && result.verdict !== 'no-part') {
        // The review loop owns this judged frame from here: "Wrong" stores exactly what the model saw.
        stationReview.hold(
          kept,
          result,
          uncertain,
          logged.then(
            (r) => r.seq ?? null,
            () => null,
          ),
        );
        kept = null;
      }
    } finally {
      kept?.close();
    }
  }

  /**
   * Logs the station's frame rate, drops and memory since the last health row, while it inspects;
   * `pausedAt` logs the stretch up to a pause, after which nothing is logged until the tab shows again.
   */
  async #logHealth(pausedAt: number | null = null): Promise<void> {
    const projectId = this.#projectId;
    if (
      !projectId ||
      this.phase !== 'ready' ||
      (this.hidden && pausedAt === null) ||
      this.#health.pending === 0
    )
      return;
    // The sample ends now (or when the tab hid), however long the worker takes to answer.
    const at = pausedAt ?? Date.now();
    const worker = await stationStats().catch(() => null);
    const sample = worker && this.#health.take(at, worker);
    if (!sample || this.#projectId !== projectId) return;
    await stationLog
      .write(healthRow(projectId, this.model?.model ?? null, sample, at))
      .catch((error: unknown) => handleError(error, 'The inspection log could not be written'));
  }

  /** The worker died: log the gap, restart it with the same model, and carry on. */
  async #recover(): Promise<void> {
    const projectId = this.#projectId;
    if (!projectId || this.phase === 'restarting') return;
    this.phase = 'restarting';
    this.result = null;
    this.#busy = false;
    const since = Date.now();
    try {
      this.model = await restartStation();
      this.phase = 'ready';
    } catch (error) {
      this.phase = 'failed';
      this.error = handleError(error, 'The inspection worker could not restart')?.message ?? null;
    }
    await this.logGap(projectId, 'inspection worker restarted', since);
  }

  /** Writes a gap row: a stretch from `at` until now (ms since epoch) in which the station did not inspect. */
  async logGap(projectId: string, what: string, at: number): Promise<void> {
    await stationLog
      .write(gapRow(projectId, this.model?.model ?? null, what, at, Date.now()))
      .catch((error: unknown) => handleError(error, 'The inspection log could not be written'));
  }

  #onVisibility = (): void => {
    this.hidden = document.visibilityState === 'hidden';
    if (this.hidden) {
      void this.#logHealth(Date.now());
    } else {
      this.#stats.reset();
      this.#pace.reset();
      // The hidden stretch is no part of the next sample's frame rate.
      this.#health.reset(Date.now());
    }
  };
}

/** The one station. */
export const station = new StationStore();
