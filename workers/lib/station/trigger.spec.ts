import { describe, expect, it } from 'vitest';
import { axisTurn, FrameTrigger, type TriggerPart, type TriggerStep } from './trigger.ts';

const none: TriggerPart = { found: false, cx: 0, cy: 0, angle: 0, length: 0 };
const at = (cx: number, cy: number, angle = 0.3, length = 300): TriggerPart => ({
  found: true,
  cx,
  cy,
  angle,
  length,
});
const run = (trigger: FrameTrigger, parts: TriggerPart[]): TriggerStep[] =>
  parts.map((p) => trigger.observe(p));
const inspections = (steps: TriggerStep[]) => steps.filter((s) => s === 'inspect').length;

describe('stable trigger', () => {
  it('gives one verdict once a part has been still for N frames, then holds it', () => {
    const trigger = new FrameTrigger('stable', { frames: 3 });
    const steps = run(trigger, [
      at(100, 100),
      at(100.5, 99.6),
      at(99.8, 100.3),
      at(100, 100),
      at(100.4, 100),
    ]);
    expect(steps).toEqual(['settling', 'settling', 'inspect', 'held', 'held']);
  });

  it('judges the next part only after the first has left', () => {
    const trigger = new FrameTrigger('stable', { frames: 2, leaveFrames: 1 });
    const steps = run(trigger, [at(100, 100), at(100, 100), at(100, 100), none, at(100, 100), at(100, 100)]);
    expect(steps).toEqual(['settling', 'inspect', 'held', 'no-part', 'settling', 'inspect']);
  });

  it('treats a part moved beyond the tolerance as a new part, and one turned too', () => {
    const trigger = new FrameTrigger('stable', { frames: 2, maxShift: 0.04, maxTurn: 0.1 });
    // 0.04 × 300 px = 12 px of shift allowed.
    const moved = run(trigger, [at(100, 100), at(100, 100), at(100, 111), at(100, 130), at(100, 130)]);
    expect(moved).toEqual(['settling', 'inspect', 'held', 'settling', 'inspect']);
    const turned = run(trigger, [at(100, 130, 0.3 + 0.05), at(100, 130, 0.3 + 0.2), at(100, 130, 0.5)]);
    expect(turned).toEqual(['held', 'settling', 'inspect']);
  });

  it('keeps a part through one lost frame, and not through two', () => {
    const trigger = new FrameTrigger('stable', { frames: 2, leaveFrames: 2 });
    expect(run(trigger, [at(50, 50), at(50, 50), none, at(50, 50)])).toEqual([
      'settling',
      'inspect',
      'no-part',
      'held',
    ]);
    expect(run(trigger, [none, none, at(50, 50), at(50, 50)])).toEqual([
      'no-part',
      'no-part',
      'settling',
      'inspect',
    ]);
  });

  it('does not count a flipped head as movement', () => {
    const trigger = new FrameTrigger('stable', { frames: 2 });
    expect(run(trigger, [at(10, 10, 0.2), at(10, 10, 0.2), at(10, 10, 0.2 - Math.PI)])).toEqual([
      'settling',
      'inspect',
      'held',
    ]);
  });

  it('gives one verdict per part over a sequence of held parts with jitter', () => {
    const trigger = new FrameTrigger('stable');
    const parts: TriggerPart[] = [];
    for (let screw = 0; screw < 10; screw++)
      for (let k = 0; k < 5; k++) parts.push(at(100 + screw * 40 + (k % 2) * 0.8, 200 - (k % 3) * 0.7));
    expect(inspections(run(trigger, parts))).toBe(10);
  });
});

describe('continuous and manual triggers', () => {
  it('continuous inspects every frame with a part and none without', () => {
    const trigger = new FrameTrigger('continuous');
    expect(run(trigger, [at(1, 1), at(1, 1), none, at(9, 9)])).toEqual([
      'inspect',
      'inspect',
      'no-part',
      'inspect',
    ]);
  });

  it('manual inspects only the frame after a press', () => {
    const trigger = new FrameTrigger('manual');
    expect(trigger.observe(at(1, 1))).toBe('waiting');
    trigger.press();
    expect(trigger.observe(at(1, 1))).toBe('inspect');
    expect(trigger.observe(at(1, 1))).toBe('waiting');
    trigger.press();
    expect(trigger.observe(none)).toBe('no-part');
    expect(trigger.observe(at(1, 1))).toBe('waiting');
  });

  it('starts afresh when the mode changes', () => {
    const trigger = new FrameTrigger('stable', { frames: 1 });
    expect(run(trigger, [at(5, 5), at(5, 5)])).toEqual(['inspect', 'held']);
    trigger.setMode('continuous');
    trigger.setMode('stable');
    expect(trigger.observe(at(5, 5))).toBe('inspect');
  });

  it('refuses a stable streak shorter than one frame', () => {
    expect(() => new FrameTrigger('stable', { frames: 0 })).toThrow(/at least 1 frame/);
  });
});

describe('axisTurn', () => {
  it('measures the turn of an axis modulo a half turn', () => {
    expect(axisTurn(0.1, 0.3)).toBeCloseTo(0.2);
    expect(axisTurn(0.1, 0.1 + Math.PI)).toBeCloseTo(0);
    expect(axisTurn(-Math.PI / 2 + 0.01, Math.PI / 2 - 0.01)).toBeCloseTo(0.02);
  });
});
