import type { FrameResult } from '../../../workers/lib/station/station-types.ts';
import type { ReviewReason, StationProvenance } from '../../../workers/lib/monitor/monitor-types.ts';
import { autoReviewReason, ReviewSampler } from '../../../workers/lib/monitor/review-sampler.ts';
import { reviewSettings, storeReviewFrame, type ReviewOutcome } from '../../../workers/lib/db/review-repo.ts';
import { DEFAULT_STATION_NAME } from '../../../workers/lib/db/schema/settings.ts';
import { getDb } from './db.ts';
import { handleError } from './notices.svelte.ts';

/** A camera frame handle the station holds (a VideoFrame clone shares the decoder's buffer). */
type HeldFrame = VideoFrame | ImageBitmap;

/** The last fresh verdict on a part: what the Wrong button marks. */
export interface JudgedVerdict {
  result: FrameResult;
  /** when it was judged, ms since epoch */
  at: number;
}

/** What the screen confirms after the operator marked a verdict wrong. */
export interface WrongMark {
  judged: JudgedVerdict;
  status: 'saving' | 'stored' | 'duplicate' | 'failed';
  /** what went wrong, for 'failed' */
  message: string | null;
}

/**
 * The station's side of the review loop: holds the last judged frame so one tap on "Wrong" stores
 * exactly that frame, and keeps uncertain and out-of-domain frames on its own, rate-limited, within
 * the review queue's cap. Frames are stored as images of the project with their provenance.
 */
class StationReviewStore {
  judged = $state.raw<JudgedVerdict | null>(null);
  mark = $state.raw<WrongMark | null>(null);
  /** frames kept automatically since the station opened */
  sampled = $state(0);

  #projectId: string | null = null;
  #station = DEFAULT_STATION_NAME;
  #sampler = new ReviewSampler(30_000);
  #frame: HeldFrame | null = null;
  #seq: Promise<number | null> = Promise.resolve(null);
  /** copies of the held frame still being made; it is closed only after them */
  #copying: Promise<unknown> = Promise.resolve();

  /** Reads the station's name and sampling gap for a project's station. */
  async open(projectId: string): Promise<void> {
    this.#projectId = projectId;
    this.#release();
    this.judged = null;
    this.mark = null;
    this.sampled = 0;
    const settings = await reviewSettings(await getDb());
    this.#station = settings.station;
    this.#sampler = new ReviewSampler(settings.gapMs);
  }

  /** Lets go of the held frame. */
  close(): void {
    this.#projectId = null;
    this.#release();
    this.judged = null;
  }

  /**
   * Takes over `frame` (the store closes it) as the frame of the newest fresh verdict on a part, with
   * the seq its log row gets, and keeps it for review when the sampler wants it.
   */
  hold(frame: HeldFrame, result: FrameResult, uncertain: boolean, seq: Promise<number | null>): void {
    this.#release();
    this.#frame = frame;
    this.#seq = seq;
    const judged = { result, at: Date.now() };
    this.judged = judged;
    const outOfDomain = result.drift?.outOfDomain ?? false;
    const reason = autoReviewReason({ verdict: result.verdict, uncertain, outOfDomain });
    if (reason && this.#sampler.offer(reason, judged.at)) {
      void this.#keep(judged, reason).then(
        (outcome) => {
          if (outcome?.status === 'stored') this.sampled++;
        },
        (error: unknown) => handleError(error, 'A frame could not be kept for review'),
      );
    }
  }

  /** Marks the last judged verdict wrong: its frame goes to the review queue, and the screen confirms it. */
  async markWrong(): Promise<void> {
    const judged = this.judged;
    if (!judged || this.mark?.status === 'saving') return;
    this.mark = { judged, status: 'saving', message: null };
    try {
      const outcome = await this.#keep(judged, 'operator');
      const status = outcome?.status === 'duplicate' ? 'duplicate' : 'stored';
      if (!outcome || outcome.status === 'refused') throw new Error('The frame is no longer held.');
      this.mark = { judged, status, message: null };
    } catch (error) {
      const shown = handleError(error, 'The frame could not be saved for review');
      this.mark = { judged, status: 'failed', message: shown?.message ?? String(error) };
    }
  }

  /** Hides the confirmation of the last mark. */
  dismiss(): void {
    if (this.mark?.status !== 'saving') this.mark = null;
  }

  /** Stores the held frame of `judged` for review; null when another frame replaced it meanwhile. */
  async #keep(judged: JudgedVerdict, reason: ReviewReason): Promise<ReviewOutcome | null> {
    const projectId = this.#projectId;
    const frame = this.#frame;
    if (!projectId || !frame || this.judged !== judged) return null;
    // Copied now, while the frame is surely open: the next verdict may replace it any moment.
    const copy = 'clone' in frame ? Promise.resolve(frame.clone()) : createImageBitmap(frame);
    this.#copying = Promise.all([this.#copying, copy.catch(() => undefined)]);
    const seq = this.#seq;
    const own = await copy;
    let encoded;
    try {
      // Loaded with the first kept frame: the encoder stays out of the app's startup script.
      const { encodeReviewFrame } = await import('../station/review-frame.ts');
      encoded = await encodeReviewFrame(own);
    } finally {
      own.close();
    }
    const { result } = judged;
    const provenance: StationProvenance = {
      reason,
      station: this.#station,
      versionId: result.versionId,
      modelLabel: result.modelLabel,
      verdict: result.verdict,
      score: result.score,
      threshold: result.threshold,
      at: judged.at,
      inspectionSeq: await seq,
    };
    if (result.drift?.outOfDomain && result.drift.reasons.length)
      provenance.driftReasons = result.drift.reasons;
    return storeReviewFrame(await getDb(), { projectId, ...encoded, provenance });
  }

  #release(): void {
    const frame = this.#frame;
    this.#frame = null;
    if (frame) void this.#copying.then(() => frame.close());
  }
}

/** The one station review loop. */
export const stationReview = new StationReviewStore();
