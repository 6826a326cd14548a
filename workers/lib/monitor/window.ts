/** The report's time windows and the buckets its charts are drawn in. */
import { shiftStart } from '../station/shift.ts';
import type { MonitorWindow } from './report-types.ts';

/** Every window, in the order the Monitor page offers them. */
export const MONITOR_WINDOWS: readonly MonitorWindow[] = ['hour', 'shift', 'day', 'all'];

/** Thrown for a window name the report does not know. */
export class MonitorWindowError extends Error {
  constructor(name: string) {
    super(`Unknown monitoring window "${name}"; use one of ${MONITOR_WINDOWS.join(', ')}.`);
    this.name = 'MonitorWindowError';
  }
}

/** True when `name` is a window the report knows. */
export function isMonitorWindow(name: string): name is MonitorWindow {
  return (MONITOR_WINDOWS as readonly string[]).includes(name);
}

/** The window named `name`, or a MonitorWindowError. */
export function parseMonitorWindow(name: string): MonitorWindow {
  if (!isMonitorWindow(name)) throw new MonitorWindowError(name);
  return name;
}

const HOUR_MS = 3_600_000;

/** When `window` began at `now` (ms since epoch; device local time for the shift); -Infinity for 'all'. */
export function windowStart(window: MonitorWindow, now: number): number {
  switch (window) {
    case 'hour':
      return now - HOUR_MS;
    case 'shift':
      return shiftStart(new Date(now));
    case 'day':
      return now - 24 * HOUR_MS;
    case 'all':
      return -Infinity;
  }
}

/** Bucket lengths the charts use, ms: round figures a person reads at a glance. */
const BUCKET_STEPS_MS = [
  1_000,
  2_000,
  5_000,
  10_000,
  15_000,
  30_000,
  60_000,
  120_000,
  300_000,
  600_000,
  900_000,
  1_800_000,
  HOUR_MS,
  2 * HOUR_MS,
  6 * HOUR_MS,
  12 * HOUR_MS,
  24 * HOUR_MS,
];

/** The shortest round bucket length that splits `spanMs` into at most `maxBuckets` buckets. */
export function bucketLength(spanMs: number, maxBuckets = 40): number {
  const wanted = Math.max(spanMs, 1) / maxBuckets;
  return BUCKET_STEPS_MS.find((step) => step >= wanted) ?? Math.ceil(wanted / (24 * HOUR_MS)) * 24 * HOUR_MS;
}
