import type { HealthSample } from '../../../workers/lib/monitor/monitor-types.ts';
import type { StationStats } from '../../../workers/lib/station/station-types.ts';

/** How often the station logs a health row while the camera delivers frames, ms. */
export const HEALTH_EVERY_MS = 10_000;

/**
 * Counts the camera's frames between two health rows: delivered, answered by the worker, dropped
 * while it was busy. `take` turns the counts and the worker's memory into one HealthSample.
 */
export class HealthMeter {
  #since = 0;
  #seen = 0;
  #inspected = 0;
  #dropped = 0;

  /** Starts counting afresh from `now` (ms, any clock `take` uses too). */
  reset(now: number): void {
    this.#since = now;
    this.#seen = 0;
    this.#inspected = 0;
    this.#dropped = 0;
  }

  /** A frame the camera delivered while the station inspects. */
  seen(): void {
    this.#seen++;
  }

  /** A frame the worker answered. */
  inspected(): void {
    this.#inspected++;
  }

  /** A frame skipped because the worker was still busy. */
  dropped(): void {
    this.#dropped++;
  }

  /** Frames delivered since the last sample; none means the station is not inspecting. */
  get pending(): number {
    return this.#seen;
  }

  /**
   * The sample since the last one (or the reset) and a fresh start; null when the camera delivered no
   * frame meanwhile (camera away, tab hidden): such a stretch is a gap, not a health sample.
   */
  take(
    now: number,
    worker: Pick<StationStats, 'backend' | 'numTensors' | 'numBytes' | 'wasmHeapBytes'>,
  ): HealthSample | null {
    const seconds = (now - this.#since) / 1000;
    const sample: HealthSample | null =
      this.#seen === 0 || seconds <= 0
        ? null
        : {
            seconds,
            framesSeen: this.#seen,
            framesInspected: this.#inspected,
            framesDropped: this.#dropped,
            fps: this.#inspected / seconds,
            backend: worker.backend,
            numTensors: worker.numTensors,
            numBytes: worker.numBytes,
            wasmHeapBytes: worker.wasmHeapBytes,
          };
    this.reset(now);
    return sample;
  }
}
