import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { runnerSession, type RunnerSession } from '../../scripts/lib/runner-session.ts';
import { generateScrews, tempDir } from './support/fixtures.ts';
import { createRng } from '../../workers/lib/rng.ts';
import { renderBackground } from '../../workers/lib/synth/background.ts';
import { finishToBytes } from '../../workers/lib/synth/post.ts';
import { renderScene } from '../../workers/lib/synth/render.ts';
import { encodeY4mHeader, grayToI420Frame } from '../../workers/lib/synth/y4m.ts';

const PORT = 4900 + ((process.pid + 250) % 500);
const FRAMES = 60;
const HOLD = 5;

interface Inspected {
  source: string;
  model: string;
  isShippedDefault: boolean;
  frames: number;
  verdicts: number;
  counts: { ok: number; ng: number; 'no-part': number; 'out-of-domain': number };
  outOfDomain: number;
  measured: number;
  drift: { reference: { source: string } | null; window: number; drifted: boolean } | null;
  accuracy: { right: number; total: number; share: number } | null;
  screws: { screws: number; exactlyOne: number; none: number; more: number } | null;
  latency: { frameToVerdictMs: { p50: number; p95: number }; inferMs: { p50: number } };
  inferences: number;
  rows: Array<{ verdict: string; step: string; score: number | null; part: { cx: number } | null }>;
}

let session: RunnerSession;
let out: string;
beforeAll(() => {
  out = generateScrews([
    '--count',
    '20',
    '--size',
    '256',
    '--video-frames',
    String(FRAMES),
    '--video-size',
    '640x480',
  ]);
  session = runnerSession(PORT, { timeoutMs: 170_000 });
});
afterAll(() => session.dispose());

const inspect = async (...args: string[]) =>
  (await session.json('inspect', ...args, '--project', 'Inspection')) as unknown as Inspected;

describe('pipeline inspect', () => {
  it('judges the generated camera video with the shipped default model, at least 95% of frames right', async () => {
    const result = await inspect(join(out, 'camera.y4m'));
    expect(result).toMatchObject({
      source: 'video',
      model: 'default@1',
      isShippedDefault: true,
      frames: FRAMES,
    });
    expect(result.accuracy!.total).toBe(FRAMES);
    expect(result.accuracy!.share).toBeGreaterThanOrEqual(0.95);
    expect(result.counts.ok + result.counts.ng + result.counts['no-part']).toBe(FRAMES);
    // The same generator's screws: every frame measured against the shipped reference, none out of domain.
    expect(result.counts['out-of-domain']).toBe(0);
    expect(result).toMatchObject({ outOfDomain: 0, measured: FRAMES });
    expect(result.drift).toMatchObject({
      reference: { source: 'shipped' },
      window: FRAMES / HOLD,
      drifted: false,
    });
    expect(result.rows).toHaveLength(FRAMES);
    expect(result.rows.every((r) => r.part !== null && r.score !== null)).toBe(true);
    expect(result.latency.frameToVerdictMs.p95).toBeGreaterThanOrEqual(result.latency.frameToVerdictMs.p50);
  });

  it('gives one verdict per screw with the stable trigger', async () => {
    const result = await inspect(join(out, 'camera.y4m'), '--trigger', 'stable');
    expect(result.screws).toMatchObject({ screws: FRAMES / HOLD, exactlyOne: FRAMES / HOLD });
    expect(result.verdicts).toBe(FRAMES / HOLD);
    expect(result.accuracy!.share).toBeGreaterThanOrEqual(0.9);
    expect(result.rows.filter((r) => r.step === 'held').length).toBeGreaterThan(0);
  });

  it('never says OK for an empty plate and does not run the model on it', async () => {
    const dir = tempDir('screwops-plate-');
    const video = join(dir, 'plate.y4m');
    const fd = openSync(video, 'w');
    writeSync(fd, encodeY4mHeader(640, 480, 10));
    for (let i = 0; i < 4; i++) {
      const plate = renderBackground(createRng(40 + i).fork('background'), 640, 480);
      writeSync(fd, grayToI420Frame(finishToBytes(plate, 1, 0, 3 / 255, createRng(i)), 640, 480));
    }
    writeSync(
      fd,
      grayToI420Frame(renderScene({ seed: 9, kind: 'good', width: 640, height: 480 }).pixels, 640, 480),
    );
    closeSync(fd);
    const result = await inspect(video);
    expect(result.rows.slice(0, 4).map((r) => [r.verdict, r.score])).toEqual(
      Array.from({ length: 4 }, () => ['no-part', null]),
    );
    expect(result.rows[4]!.verdict).toBe('ok');
    expect(result.counts).toEqual({ ok: 1, ng: 0, 'no-part': 4, 'out-of-domain': 0 });
  });

  it('inspects a folder of images in one batch, with accuracy from its good and bad folders', async () => {
    const result = (await inspect(out)) as Inspected & { images: number };
    expect(result.source).toBe('images');
    expect(result.images).toBe(20);
    expect(result.accuracy!.total).toBe(20);
    expect(result.accuracy!.share).toBeGreaterThanOrEqual(0.9);
  });

  it('runs the deployed version once one is deployed, no longer the shipped default', async () => {
    await session.json(
      'deploy',
      '--model',
      'default@1',
      '--reason',
      'inspect test',
      '--project',
      'Inspection',
    );
    const result = await inspect(join(out, 'camera.y4m'));
    expect(result).toMatchObject({ model: 'default@1', isShippedDefault: false, frames: FRAMES });
    expect(result.accuracy!.share).toBeGreaterThanOrEqual(0.95);
  });
});
