import { describe, expect, it } from 'vitest';
import { bucketLength, isMonitorWindow, parseMonitorWindow, windowStart } from './window.ts';

describe('monitoring windows', () => {
  const now = new Date(2026, 10, 30, 9, 30).getTime();

  it('reaches back an hour, to the shift start, a day, or to the beginning', () => {
    expect(windowStart('hour', now)).toBe(now - 3_600_000);
    expect(windowStart('shift', now)).toBe(new Date(2026, 10, 30, 6).getTime());
    expect(windowStart('day', now)).toBe(now - 86_400_000);
    expect(windowStart('all', now)).toBe(-Infinity);
  });

  it('names the windows it knows and refuses others with the list', () => {
    expect(isMonitorWindow('shift')).toBe(true);
    expect(isMonitorWindow('week')).toBe(false);
    expect(() => parseMonitorWindow('week')).toThrow(/hour, shift, day, all/);
  });

  it('picks round bucket lengths that keep the chart under the bucket count', () => {
    expect(bucketLength(30_000)).toBe(1_000);
    expect(bucketLength(60_000)).toBe(2_000);
    expect(bucketLength(3_600_000)).toBe(120_000);
    expect(bucketLength(8 * 3_600_000)).toBe(900_000);
    const week = 7 * 86_400_000;
    expect(week / bucketLength(week)).toBeLessThanOrEqual(40);
  });
});
