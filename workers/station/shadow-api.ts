/** The challenger's methods of the infer worker (spread into its API): its answer on the last frame, its state. */
import type { ShadowRecord } from '../lib/monitor/monitor-types.ts';
import { ShadowRunner } from './shadow-runner.ts';

/** The worker's one challenger, loaded by `loadStation` beside the champion and planned on by `inspectFrame`. */
export const shadowRunner = new ShadowRunner();

/** What the station's worker runs in shadow now. */
export interface ShadowState {
  /** the challenger loaded beside the champion; null when none runs */
  challenger: { versionId: string; label: string } | null;
  /** its expected time per frame, ms; null before it ran */
  expectedMs: number | null;
  /** why the challenger could not be loaded; null when it loaded or none was asked for */
  loadError: string | null;
}

/** The challenger's part of the infer worker's API. */
export const shadowApi = {
  /**
   * The challenger's answer on the live frame inspected last, running it now when the frame was
   * planned for it; a skip and why when it would have cost the champion's frame rate; null when no
   * challenger runs or the frame had no fresh verdict. Ask once per frame, after showing its verdict.
   */
  shadowFrame(): Promise<ShadowRecord | null> {
    return shadowRunner.take();
  },

  /** Which challenger runs in shadow, its expected time and any load failure. */
  shadowState(): ShadowState {
    return {
      challenger: shadowRunner.challenger,
      expectedMs: shadowRunner.expectedMs,
      loadError: shadowRunner.loadError,
    };
  },
};
