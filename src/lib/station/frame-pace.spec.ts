import { describe, expect, it } from 'vitest';
import { FramePacer } from './frame-pace.ts';

describe('FramePacer', () => {
  it('knows no period before two frames, then the median interval', () => {
    const pacer = new FramePacer();
    expect(pacer.take()).toEqual({ dropped: 0, periodMs: null });
    pacer.frame(1000);
    expect(pacer.periodMs).toBe(null);
    for (const t of [1100, 1200, 1290, 1500, 1600]) pacer.frame(t);
    // intervals 100, 100, 90, 210, 100: one late frame does not move the median
    expect(pacer.periodMs).toBe(100);
  });

  it('counts drops until the next frame is sent, then starts again', () => {
    const pacer = new FramePacer();
    pacer.frame(0);
    pacer.frame(33);
    pacer.drop();
    pacer.frame(66);
    pacer.drop();
    expect(pacer.take()).toEqual({ dropped: 2, periodMs: 33 });
    expect(pacer.take().dropped).toBe(0);
  });

  it('does not take a pause of the camera for its period, and forgets everything on reset', () => {
    const pacer = new FramePacer();
    pacer.frame(0);
    pacer.frame(50);
    pacer.frame(5050);
    expect(pacer.periodMs).toBe(50);
    pacer.drop();
    pacer.reset();
    expect(pacer.take()).toEqual({ dropped: 0, periodMs: null });
  });
});
