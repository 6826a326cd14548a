import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelBundle } from '../../models/bundle.ts';
import { readShippedBundle } from '../../tests/support/shipped-bundle.ts';
import { shippedSource } from './testing.ts';
import { tf } from '../tf/runtime.ts';
import type { ShippedReferenceFile } from './default-drift-reference.ts';
import { DEFAULT_MONITOR_THRESHOLDS } from '../lib/domain/scope.ts';
import { MIN_DRIFT_FRAMES } from '../lib/monitor/drift-math.ts';
import { DRIFT_PERSIST_PARTS } from '../lib/monitor/drift-window.ts';
import { planCameraSequence, renderCameraFrame } from '../lib/synth/camera.ts';
import { defocused, dimmed } from '../lib/synth/variants.ts';
import { grayPixels, type FramePixels } from './frame-input.ts';
import { StationSession } from './station-session.ts';
import { BASELINE_PARTS } from './station-drift.ts';
import type { FrameResult } from '../lib/station/station-types.ts';

const W = 640;
const H = 480;
/** One frame per screw: every frame is a new part for the drift window. */
const PARTS = 36;
const frames = planCameraSequence({ frames: PARTS, seed: 23, defectRatio: 0.25, holdFrames: 1 });
const normal = frames.map((f) => renderCameraFrame(f, W, H).pixels);
const reference = (
  JSON.parse(readFileSync('models/default/drift-reference.json', 'utf8')) as ShippedReferenceFile
).reference;
let bundle: ModelBundle;

async function session(withReference = true): Promise<StationSession> {
  const s = new StationSession();
  await s.load(shippedSource(bundle, 'shipped', 'shipped default', null), 'cpu');
  if (withReference) s.drift.useReference('shipped', reference, DEFAULT_MONITOR_THRESHOLDS);
  return s;
}

/** Inspects the frames live; returns the results and the part count at which drift was first flagged. */
async function run(
  s: StationSession,
  video: Uint8Array[],
): Promise<{ results: FrameResult[]; alertAt: number | null }> {
  const results: FrameResult[] = [];
  let alertAt: number | null = null;
  for (const [i, gray] of video.entries()) {
    const pixels: FramePixels = grayPixels(gray, W, H);
    results.push(await s.inspect(pixels, { started: performance.now(), grayMs: 0 }, 'continuous'));
    if (alertAt === null && s.drift.status().drifted) alertAt = i + 1;
  }
  return { results, alertAt };
}

const share = (results: FrameResult[]) => results.filter((r) => r.drift?.outOfDomain).length / results.length;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  bundle = readShippedBundle();
});

describe('the station watching drift with the shipped model and its shipped reference', () => {
  it('keeps the generated camera video in domain and raises no drift', async () => {
    const s = await session();
    const { results, alertAt } = await run(s, normal);
    expect(results.every((r) => r.drift?.stats.embedding !== undefined)).toBe(true);
    expect(share(results)).toBeLessThanOrEqual(0.05);
    expect(alertAt).toBeNull();
    const status = s.drift.status();
    expect(status.window).toBe(PARTS);
    expect(status.reference).toEqual({ source: 'shipped', count: reference.count, snapshotId: null });
    expect(status.stats.map((x) => x.stat)).toEqual(Object.keys(reference.stats));
  }, 120_000);

  it('marks darker frames out of domain for their brightness and flags drift once enough parts were seen', async () => {
    const s = await session();
    const { results, alertAt } = await run(
      s,
      normal.map((g) => dimmed(g, 0.5)),
    );
    expect(share(results)).toBeGreaterThanOrEqual(0.9);
    const marked = results.find((r) => r.drift?.outOfDomain)!;
    expect(marked.verdict).toBe('out-of-domain');
    expect(marked.score).not.toBeNull();
    expect(marked.drift!.reasons.join('; ')).toMatch(/brightness [\d.]+ below the training range/);
    expect(alertAt).toBeLessThanOrEqual(MIN_DRIFT_FRAMES + DRIFT_PERSIST_PARTS);
    const status = s.drift.status();
    expect(status.stats.find((x) => x.stat === 'brightness')!.flagged).toBe(true);
    expect(status.since).not.toBeNull();
  }, 120_000);

  it('marks defocused frames out of domain for their sharpness and flags drift', async () => {
    const s = await session();
    const { results, alertAt } = await run(
      s,
      normal.map((g) => defocused(g, W, H, 4)),
    );
    expect(share(results)).toBeGreaterThanOrEqual(0.9);
    expect(results.find((r) => r.drift?.outOfDomain)!.drift!.reasons.join('; ')).toMatch(/sharpness/);
    expect(alertAt).toBeLessThanOrEqual(MIN_DRIFT_FRAMES + DRIFT_PERSIST_PARTS);
  }, 120_000);

  it('learns a baseline from the first live parts when the model has no reference', async () => {
    const s = await session(false);
    let saved = 0;
    s.drift.learnBaseline('shipped', 'prj', DEFAULT_MONITOR_THRESHOLDS, async () => {
      saved++;
    });
    const { results } = await run(s, normal.slice(0, 5));
    expect(results.every((r) => !r.drift?.outOfDomain)).toBe(true);
    expect(s.drift.status().baseline).toEqual({ parts: 5, needed: BASELINE_PARTS });
    expect(s.drift.reference).toBeNull();
    expect(saved).toBe(0);
  }, 60_000);
});
