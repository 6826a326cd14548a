import { describe, expect, it } from 'vitest';
import { FrameStats } from './frame-stats.ts';

describe('FrameStats', () => {
  it('gives the median latency of the recent frames only', () => {
    const stats = new FrameStats(5);
    expect(stats.p50).toBeNull();
    for (const ms of [100, 100, 100, 100, 100]) stats.record(ms, 0);
    expect(stats.p50).toBe(100);
    for (const ms of [10, 30, 20]) stats.record(ms, 0);
    // window now holds 100, 100, 10, 30, 20
    expect(stats.p50).toBe(30);
    stats.record(40, 0);
    // 100, 10, 30, 20, 40
    expect(stats.p50).toBe(30);
  });

  it('averages an even window', () => {
    const stats = new FrameStats(4);
    for (const ms of [1, 2, 3, 10]) stats.record(ms, 0);
    expect(stats.p50).toBe(2.5);
  });

  it('measures frames per second from arrival times and drops to 0 when frames stop', () => {
    const stats = new FrameStats(10);
    stats.record(5, 1000);
    expect(stats.fps(1000)).toBeNull();
    for (let i = 1; i < 10; i++) stats.record(5, 1000 + i * 40);
    expect(stats.fps(1400)).toBeCloseTo(25, 5);
    expect(stats.fps(1360 + 1000)).toBeCloseTo(25, 5);
    expect(stats.fps(1360 + 5000)).toBe(0);
  });

  it('counts dropped frames until reset', () => {
    const stats = new FrameStats();
    stats.drop();
    stats.drop();
    stats.record(7, 1);
    expect(stats.dropped).toBe(2);
    stats.reset();
    expect(stats.dropped).toBe(0);
    expect(stats.p50).toBeNull();
  });
});
