import { driftStatus } from '../bridges/station-bridge.ts';
import type { DriftStatus } from '../../../workers/lib/monitor/monitor-types.ts';

/** How often the station asks the infer worker for its drift status, ms. */
const POLL_MS = 1000;

/** The station's drift status, refreshed about once a second while the station is open. */
class StationDriftStore {
  status = $state.raw<DriftStatus | null>(null);
  #timer: ReturnType<typeof setInterval> | null = null;

  /** Starts polling (again from scratch). */
  start(): void {
    this.stop();
    this.status = null;
    this.#timer = setInterval(() => void this.refresh(), POLL_MS);
  }

  /** Stops polling and forgets the status. */
  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.status = null;
  }

  /** Reads the status once; a worker that is restarting answers nothing and the last status stays. */
  async refresh(): Promise<void> {
    try {
      const status = await driftStatus();
      if (status && this.#timer !== null) this.status = status;
    } catch {
      // The worker crashed or restarts: the station shows that itself; the next poll catches up.
    }
  }
}

/** The one station drift store. */
export const stationDrift = new StationDriftStore();
