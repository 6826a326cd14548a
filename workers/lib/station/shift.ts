/** Local hours at which a shift starts: three eight-hour shifts, the common factory pattern. */
export const SHIFT_START_HOURS: readonly number[] = [6, 14, 22];

/** When the shift that `now` falls in started, ms since epoch, in the device's local time. */
export function shiftStart(now: Date, hours: readonly number[] = SHIFT_START_HOURS): number {
  if (hours.length === 0) throw new RangeError('shiftStart: give at least one shift start hour');
  const sorted = [...hours].sort((a, b) => a - b);
  const hour = now.getHours() + now.getMinutes() / 60 + now.getSeconds() / 3600;
  const today = sorted.filter((h) => h <= hour).pop();
  const start = new Date(now);
  start.setMinutes(0, 0, 0);
  if (today !== undefined) {
    start.setHours(today);
  } else {
    // Before the first shift of the day: the last shift of yesterday is still running.
    start.setDate(start.getDate() - 1);
    start.setHours(sorted[sorted.length - 1]!);
  }
  return start.getTime();
}
