/**
 * What the challenger in shadow costs the station, in headless Chromium on this machine: the live
 * station fed a fake camera at --fps (30 by default; continuous trigger) runs the shipped default model as champion
 * alone, then beside a light challenger (MobileNetV1 α0.25 at 96 px) and a heavy one (α0.25 at 224 px),
 * both registered as versions of the champion's own model. For each: the champion's verdicts per
 * second, its frame-to-verdict latency, and how often the challenger ran or was skipped and why.
 *
 *   npx tsx scripts/bench-shadow.ts [--seconds 15] [--fps 30]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { runnerSession } from './lib/runner-session.ts';
import { startStaticServer } from './lib/static-server.ts';
import { launchProfile } from './lib/chromium.ts';
import { verdictRowsBetween } from './lib/bench-station-live.ts';
import { buildMobileNetV1 } from '../models/architectures/mobilenet-v1.ts';
import { modelArtifacts } from '../models/bundle/bundle-model.ts';
import { teachableMachineFiles } from '../models/bundle/testing.ts';
import { quantiles } from '../workers/lib/station/inspect-report.ts';
import { shadowSummary } from '../workers/lib/monitor/shadow-summary.ts';
import type { InspectionRecord } from '../workers/lib/db/schema/station.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '15' }, fps: { type: 'string', default: '30' } },
});
const SECONDS = Number(values.seconds);
const FPS = Number(values.fps);
const PORT = 4881;
const PROJECT = 'Shadow bench';

/** A Teachable Machine export folder of a MobileNetV1 α0.25 at `size` px with random weights. */
async function writeMobileNet(dir: string, size: number): Promise<void> {
  await tf.setBackend('cpu');
  const model = buildMobileNetV1({ alpha: 0.25, size, classes: 2 });
  const files = teachableMachineFiles(await modelArtifacts(model), size, ['good', 'bad']);
  model.dispose();
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
}

/** The live station for SECONDS on the session's profile: its verdict rows of that window. */
async function liveRows(
  profile: string,
  y4m: string,
): Promise<{ rows: InspectionRecord[]; seconds: number }> {
  const server = await startStaticServer('dist', PORT);
  const context = await launchProfile(profile, [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${y4m}`,
  ]);
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/#/station`);
    await page.waitForSelector(
      '[data-testid="station-verdict"]:is([data-verdict="ok"],[data-verdict="ng"])',
      {
        timeout: 120_000,
      },
    );
    await page.locator('[data-testid="trigger-continuous"]').click();
    // The challenger loads behind the champion: give it a few seconds before measuring.
    await page.waitForTimeout(5000);
    const since = await page.evaluate(() => Date.now());
    await page.waitForTimeout(SECONDS * 1000);
    const until = await page.evaluate(() => Date.now());
    const rows = await verdictRowsBetween(page, since, until);
    return { rows, seconds: (until - since) / 1000 };
  } finally {
    await context.close();
    await server.close();
  }
}

const session = runnerSession(PORT, { timeoutMs: 600_000 });
const video = join(session.profile, 'video');
try {
  execFileSync(
    'npx',
    ['tsx', 'scripts/gen-screws.ts', '--out', video, '--count', '4', '--size', '128', '--seed', '11'].concat([
      '--video-frames',
      '300',
      '--video-fps',
      String(FPS),
      '--video-size',
      '640x480',
    ]),
    { stdio: 'ignore' },
  );
  const pipeline = (...args: string[]) => session.json(...args, '--project', PROJECT);
  const y4m = join(video, 'camera.y4m');
  // Registers the shipped model as default@1 in the bench's project.
  await pipeline('inspect', y4m);
  const light = join(session.profile, 'mobilenet-96');
  const heavy = join(session.profile, 'mobilenet-224');
  await writeMobileNet(light, 96);
  await writeMobileNet(heavy, 224);
  await pipeline('import-model', light, '--name', 'default', '--labels', 'good,bad', '--good', 'good');
  await pipeline('import-model', heavy, '--name', 'default', '--labels', 'good,bad', '--good', 'good');

  const results = [];
  for (const [name, challenger] of [
    ['champion alone', null],
    ['beside MobileNet α0.25 96 px', 'default@2'],
    ['beside MobileNet α0.25 224 px', 'default@3'],
  ] as const) {
    if (challenger) await pipeline('promote', '--model', challenger, '--alias', 'challenger');
    const { rows, seconds } = await liveRows(session.profile, y4m);
    const summary = shadowSummary(rows);
    const latency = quantiles(rows.map((r) => r.latencyMs ?? 0));
    results.push({
      name,
      fps: rows.length / seconds,
      latency,
      runs: summary.runs,
      skips: summary.skips,
      skipShare: summary.frames ? summary.skips / summary.frames : null,
      skipReasons: summary.skipReasons,
      challengerLatency: summary.challengerLatency,
    });
  }
  const f1 = (x: number) => x.toFixed(1);
  console.log(`live station on a ${FPS} fps fake camera for ${SECONDS} s, continuous trigger`);
  console.log(
    'champion | fps | frame→verdict p50 / p95 | challenger runs / skips (share) | challenger p50 / p95',
  );
  for (const r of results)
    console.log(
      [
        r.name,
        f1(r.fps),
        r.latency ? `${f1(r.latency.p50)} / ${f1(r.latency.p95)} ms` : '–',
        `${r.runs} / ${r.skips}${r.skipShare === null ? '' : ` (${Math.round(r.skipShare * 100)}%)`} ${r.skipReasons.map((s) => `${s.why} ${s.count}`).join(', ')}`,
        r.challengerLatency ? `${f1(r.challengerLatency.p50)} / ${f1(r.challengerLatency.p95)} ms` : '–',
      ].join(' | '),
    );
  console.log(JSON.stringify({ bench: 'shadow', fps: FPS, seconds: SECONDS, rows: results }));
} finally {
  session.dispose();
}
