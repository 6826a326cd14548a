import { beforeAll, describe, expect, it } from 'vitest';
import { readShippedBundle } from '../../tests/support/shipped-bundle.ts';
import { shippedSource } from './testing.ts';
import { tf } from '../tf/runtime.ts';
import { decisionThreshold, type ModelBundle } from '../../models/bundle.ts';
import { createRng } from '../lib/rng.ts';
import { renderBackground } from '../lib/synth/background.ts';
import { planCameraSequence, renderCameraFrame } from '../lib/synth/camera.ts';
import { finishToBytes } from '../lib/synth/post.ts';
import { skipKind, SKIP_BUDGET, SKIP_DROPPED } from '../lib/monitor/shadow-policy.ts';
import { grayPixels } from './frame-input.ts';
import { StationSession } from './station-session.ts';
import { ShadowRunner } from './shadow-runner.ts';
import type { ChallengerSource } from './shadow-source.ts';

const W = 640;
const H = 480;
let bundle: ModelBundle;
let session: StationSession;

const clock = () => ({ started: performance.now(), grayMs: 0 });
const frames = planCameraSequence({ frames: 10, seed: 7, defectRatio: 0.5, holdFrames: 5 });
const rendered = frames.map((f) => grayPixels(renderCameraFrame(f, W, H).pixels, W, H));
const plate = grayPixels(
  finishToBytes(renderBackground(createRng(3).fork('background'), W, H), 1, 0, 3 / 255, createRng(3)),
  W,
  H,
);
/** A camera slow enough, and nothing dropped, so the CPU backend's times always fit the budget. */
const calm = { dropped: 0, periodMs: 10_000 };

/** The shipped model again as the challenger, with `threshold`. */
function challenger(threshold: number): ChallengerSource {
  return { versionId: 'p/default@2', label: 'default@2', threshold, bundle };
}

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  bundle = readShippedBundle();
  session = new StationSession();
  await session.load(shippedSource(bundle, 'p/default@1', 'default@1'), 'cpu');
});

describe('ShadowRunner', () => {
  it('judges the champion’s frame on the same input: the same weights give the same score and agree', async () => {
    const runner = new ShadowRunner();
    await runner.load(challenger(decisionThreshold(bundle.metadata)));
    expect(runner.challenger?.label).toBe('default@2');
    expect(runner.expectedMs).toBeGreaterThan(0);
    for (const pixels of rendered.slice(0, 4)) {
      const result = await session.inspect(pixels, clock(), 'continuous');
      runner.plan(pixels, result, 'continuous', calm);
      const shadow = await runner.take();
      expect(shadow).toMatchObject({
        ran: true,
        versionId: 'p/default@2',
        verdict: result.verdict,
        agrees: true,
      });
      if (shadow?.ran) expect(shadow.score).toBeCloseTo(result.score!, 5);
      // One answer per planned frame.
      expect(await runner.take()).toBe(null);
    }
  });

  it('disagrees when its own threshold turns the same score into the other verdict', async () => {
    const runner = new ShadowRunner();
    const result = await session.inspect(rendered[0]!, clock(), 'continuous');
    // Just above the score: the challenger says OK; just below: NG.
    const flipped = result.verdict === 'ng' ? Math.min(1, result.score! + 1e-3) : result.score! - 1e-3;
    await runner.load(challenger(flipped));
    runner.plan(rendered[0]!, result, 'continuous', calm);
    const shadow = await runner.take();
    expect(shadow).toMatchObject({ ran: true, agrees: false });
    if (shadow?.ran) expect(shadow.verdict).not.toBe(result.verdict);
  });

  it('skips, saying why, when frames were dropped or the frame budget is too small, and keeps the plan unchanged by a later frame’s pixels', async () => {
    const runner = new ShadowRunner();
    await runner.load(challenger(0.5));
    const result = await session.inspect(rendered[0]!, clock(), 'continuous');
    runner.plan(rendered[0]!, result, 'continuous', { dropped: 3, periodMs: 100 });
    const dropped = await runner.take();
    expect(dropped?.ran).toBe(false);
    if (dropped && !dropped.ran) expect(skipKind(dropped.skipped)).toBe(SKIP_DROPPED);
    runner.plan(rendered[0]!, result, 'continuous', { dropped: 0, periodMs: 0.01 });
    const budget = await runner.take();
    if (budget && !budget.ran) expect(skipKind(budget.skipped)).toBe(SKIP_BUDGET);
    else expect.fail('the challenger ran over the frame budget');
  });

  it('has no answer without a challenger, on an empty plate, or on a held verdict', async () => {
    const runner = new ShadowRunner();
    const result = await session.inspect(rendered[0]!, clock(), 'continuous');
    runner.plan(rendered[0]!, result, 'continuous', calm);
    expect(await runner.take()).toBe(null);
    await runner.load(challenger(0.5));
    const empty = await session.inspect(plate, clock(), 'continuous');
    runner.plan(plate, empty, 'continuous', calm);
    expect(await runner.take()).toBe(null);
    runner.plan(rendered[0]!, { ...result, step: 'held' }, 'stable', calm);
    expect(await runner.take()).toBe(null);
  });

  it('frees the challenger’s tensors when it is dropped, and keeps the count flat while it runs', async () => {
    const baseline = tf.memory().numTensors;
    const runner = new ShadowRunner();
    await runner.load(challenger(0.5));
    const loaded = tf.memory().numTensors;
    expect(loaded).toBeGreaterThan(baseline);
    for (const pixels of rendered) {
      runner.plan(pixels, await session.inspect(pixels, clock(), 'continuous'), 'continuous', calm);
      await runner.take();
    }
    expect(tf.memory().numTensors).toBe(loaded);
    await runner.load(null);
    expect(runner.challenger).toBe(null);
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
