import { describe, expect, it } from 'vitest';
import { autoReviewReason, planReviewCapacity, ReviewSampler, type QueuedFrame } from './review-sampler.ts';

const frame = (id: string, reason: QueuedFrame['reason'], at: number, bytes = 100): QueuedFrame => ({
  id,
  reason,
  at,
  bytes,
});

describe('autoReviewReason', () => {
  it('samples out-of-domain frames first, uncertain OK/NG frames next, and nothing else', () => {
    expect(autoReviewReason({ verdict: 'out-of-domain', uncertain: true })).toBe('out-of-domain');
    expect(autoReviewReason({ verdict: 'ng', uncertain: true })).toBe('uncertain');
    expect(autoReviewReason({ verdict: 'ok', uncertain: true })).toBe('uncertain');
    expect(autoReviewReason({ verdict: 'ok', uncertain: false })).toBeNull();
    expect(autoReviewReason({ verdict: 'no-part', uncertain: true })).toBeNull();
    expect(autoReviewReason({ verdict: 'ng', uncertain: false, outOfDomain: true })).toBe('out-of-domain');
    expect(autoReviewReason({ verdict: 'no-part', uncertain: false, outOfDomain: true })).toBeNull();
  });
});

describe('ReviewSampler', () => {
  it('keeps at most one frame per reason per gap, each reason on its own clock', () => {
    const sampler = new ReviewSampler(30_000);
    // A part uncertain on every frame at 10 fps for 65 s.
    let kept = 0;
    for (let t = 0; t <= 65_000; t += 100) if (sampler.offer('uncertain', t)) kept++;
    expect(kept).toBe(3);
    // The uncertain clock does not hold back the first out-of-domain frame.
    expect(sampler.offer('out-of-domain', 65_000)).toBe(true);
    expect(sampler.offer('out-of-domain', 94_999)).toBe(false);
    expect(sampler.offer('out-of-domain', 95_000)).toBe(true);
  });

  it('starts afresh after a reset and refuses a negative gap', () => {
    const sampler = new ReviewSampler(1000);
    expect(sampler.offer('uncertain', 0)).toBe(true);
    expect(sampler.offer('uncertain', 10)).toBe(false);
    sampler.reset();
    expect(sampler.offer('uncertain', 20)).toBe(true);
    expect(() => new ReviewSampler(-1)).toThrow(/0 ms or more/);
  });
});

describe('planReviewCapacity', () => {
  const cap = { maxCount: 3, maxBytes: 1000 };

  it('accepts without pruning while the queue has room', () => {
    const plan = planReviewCapacity([frame('a', 'uncertain', 1)], { reason: 'uncertain', bytes: 100 }, cap);
    expect(plan).toEqual({ accept: true, prune: [], refused: null });
  });

  it('prunes the oldest automatic samples, never the operator’s, when the count is reached', () => {
    const queued = [
      frame('op', 'operator', 0),
      frame('new', 'uncertain', 20),
      frame('old', 'out-of-domain', 10),
    ];
    const plan = planReviewCapacity(queued, { reason: 'uncertain', bytes: 100 }, cap);
    expect(plan.accept).toBe(true);
    expect(plan.prune).toEqual(['old']);
  });

  it('prunes as many as the bytes need', () => {
    const queued = [frame('a', 'uncertain', 1, 400), frame('b', 'uncertain', 2, 400)];
    const plan = planReviewCapacity(queued, { reason: 'out-of-domain', bytes: 700 }, cap);
    expect(plan).toEqual({ accept: true, prune: ['a', 'b'], refused: null });
  });

  it('refuses an automatic sample when only operator frames fill the queue, or the frame alone passes the cap', () => {
    const full = [frame('a', 'operator', 1), frame('b', 'operator', 2), frame('c', 'operator', 3)];
    const refused = planReviewCapacity(full, { reason: 'uncertain', bytes: 10 }, cap);
    expect(refused.accept).toBe(false);
    expect(refused.prune).toEqual([]);
    expect(refused.refused).toMatch(/full of frames the operator marked/);
    const huge = planReviewCapacity([], { reason: 'out-of-domain', bytes: 1001 }, cap);
    expect(huge.accept).toBe(false);
    expect(huge.refused).toMatch(/larger than the review queue's cap/);
  });

  it('always accepts an operator frame, making what room the automatic samples can give', () => {
    const queued = [frame('a', 'operator', 1), frame('b', 'uncertain', 2), frame('c', 'operator', 3)];
    expect(planReviewCapacity(queued, { reason: 'operator', bytes: 100 }, cap)).toEqual({
      accept: true,
      prune: ['b'],
      refused: null,
    });
    const full = [frame('a', 'operator', 1), frame('b', 'operator', 2), frame('c', 'operator', 3)];
    expect(planReviewCapacity(full, { reason: 'operator', bytes: 5000 }, cap)).toEqual({
      accept: true,
      prune: [],
      refused: null,
    });
  });
});
