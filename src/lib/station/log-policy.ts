import type { FrameResult, FrameStep, Trigger } from '../../../workers/lib/station/station-types.ts';
import type { ShadowRecord } from '../../../workers/lib/monitor/monitor-types.ts';

/** What the trigger made of a frame; results without a step (older workers) read from their score. */
export function stepOf(result: Pick<FrameResult, 'step' | 'score'>): FrameStep {
  return result.step ?? (result.score === null ? 'no-part' : 'inspect');
}

/**
 * Whether a frame's verdict becomes a row of the inspection log. Every fresh verdict does. An empty
 * view does once per stretch in continuous mode (a row per empty frame all night would bury the
 * parts), always on a manual press (the operator asked), and never in stable mode (no part, no verdict).
 * Held, settling and waiting frames repeat or precede a verdict and are not logged.
 */
export function shouldLog(step: FrameStep, trigger: Trigger, previousLogged: FrameStep | null): boolean {
  if (step === 'inspect') return true;
  if (step !== 'no-part') return false;
  if (trigger === 'manual') return true;
  if (trigger === 'continuous') return previousLogged !== 'no-part';
  return false;
}

/** In continuous mode, the least time between two thumbnails, ms: one part stays NG for many frames. */
export const CONTINUOUS_THUMB_GAP_MS = 1000;

/**
 * Whether a logged NG or uncertain verdict keeps a thumbnail. Stable and manual verdicts always do
 * (one per part or press); continuous mode judges a part on every frame, so it keeps at most one a
 * second, which bounds the work per frame and the storage per part.
 */
export function wantsThumb(
  verdictNeedsThumb: boolean,
  trigger: Trigger,
  now: number,
  lastThumbAt: number | null,
): boolean {
  if (!verdictNeedsThumb) return false;
  if (trigger !== 'continuous' || lastThumbAt === null) return true;
  return now - lastThumbAt >= CONTINUOUS_THUMB_GAP_MS;
}

/**
 * True when the challenger ran in shadow and gave another verdict than the champion: such a frame
 * keeps a thumbnail (under the same spacing as NG frames), so the Monitor shows what they disagree on.
 */
export function shadowDisagrees(shadow: ShadowRecord | null | undefined): boolean {
  return shadow?.ran === true && !shadow.agrees;
}
