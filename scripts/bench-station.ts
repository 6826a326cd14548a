/**
 * Station benchmark in headless Chromium on this machine's wasm backend: the shipped default model and
 * a Teachable-Machine-shaped MobileNetV1 α0.25 at 224 px RGB, side by side on the same frames.
 *
 * - Frame to verdict through the infer worker (`pipeline inspect` of a generated 640×480 camera video):
 *   p50 and p95, with what preprocessing (JavaScript) and inference each cost.
 * - The live station fed a 30 fps fake camera, continuous trigger: sustained frames per second and the
 *   station's own frame-to-verdict latency (capture, transfer, preprocessing, inference, verdict).
 * - Cold start with the app cached: navigation to the first verdict on the station.
 * - Main-thread JavaScript at startup, gzip.
 *
 *   npx tsx scripts/bench-station.ts [--frames 300] [--seconds 15]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { runnerSession } from './lib/runner-session.ts';
import { mainThreadScripts } from './lib/main-thread-js.ts';
import { measureStation } from './lib/bench-station-live.ts';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildMobileNetV1 } from '../models/architectures/mobilenet-v1.ts';
import { modelArtifacts } from '../models/bundle/bundle-model.ts';
import { teachableMachineFiles } from '../models/bundle/testing.ts';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '15' },
  },
});
const PORT = 4879;
const PROJECT = 'Station bench';

interface Quantiles {
  p50: number;
  p95: number;
}
interface Inspected {
  model: string;
  backend: string;
  frames: number;
  accuracy: { share: number } | null;
  latency: {
    frameToVerdictMs: Quantiles;
    preprocessMs: Quantiles;
    inferMs: Quantiles;
    /** drift statistics, the out-of-domain check and the drift window's tests, per frame */
    driftMs: Quantiles | null;
  };
  framesPerSecond: number;
  outOfDomainShare: number;
  drift: { drifted: boolean; window: number } | null;
}

/** A Teachable Machine export folder of a MobileNetV1 α0.25 at 224 px with random weights. */
async function writeMobileNetFolder(dir: string): Promise<void> {
  await tf.setBackend('cpu');
  const model = buildMobileNetV1({ alpha: 0.25, size: 224, classes: 2 });
  const files = teachableMachineFiles(await modelArtifacts(model), 224, ['good', 'bad']);
  model.dispose();
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
}

const session = runnerSession(PORT, { timeoutMs: 600_000 });
const video = join(session.profile, 'video');
const tm = join(session.profile, 'mobilenet');
try {
  execFileSync(
    'npx',
    ['tsx', 'scripts/gen-screws.ts', '--out', video, '--count', '4', '--size', '128', '--seed', '11'].concat([
      '--video-frames',
      values.frames!,
      '--video-fps',
      '30',
      '--video-size',
      '640x480',
    ]),
    { stdio: 'ignore' },
  );
  await writeMobileNetFolder(tm);
  const pipeline = (...args: string[]) => session.json(...args, '--project', PROJECT);
  const inspect = async () => (await pipeline('inspect', join(video, 'camera.y4m'))) as unknown as Inspected;

  const rows: Array<{ model: string; inspect: Inspected; live: Awaited<ReturnType<typeof measureStation>> }> =
    [];
  const defaultRun = await inspect();
  rows.push({
    model: 'default',
    inspect: defaultRun,
    live: await measureStation(session.profile, PORT, join(video, 'camera.y4m'), Number(values.seconds)),
  });
  await pipeline('import-model', tm, '--name', 'mobilenet', '--labels', 'good,bad', '--good', 'good');
  await pipeline('deploy', '--model', 'mobilenet@1');
  rows.push({
    model: 'MobileNetV1 α0.25 224 RGB',
    inspect: await inspect(),
    live: await measureStation(session.profile, PORT, join(video, 'camera.y4m'), Number(values.seconds)),
  });

  const js = mainThreadScripts('dist');
  const jsKb = js.reduce((s, f) => s + f.gzipBytes, 0) / 1000;
  const f1 = (x: number) => x.toFixed(1);
  console.log(
    `${defaultRun.frames} frames of 640×480 on ${defaultRun.backend}; live station fed 30 fps for ${values.seconds} s`,
  );
  console.log(
    'model | frame→verdict p50 / p95 (worker) | preprocess p50 | inference p50 | drift p50 / p95 | out of domain | live p50 / p95 | live fps | cold start',
  );
  for (const r of rows)
    console.log(
      [
        r.model,
        `${f1(r.inspect.latency.frameToVerdictMs.p50)} / ${f1(r.inspect.latency.frameToVerdictMs.p95)} ms`,
        `${f1(r.inspect.latency.preprocessMs.p50)} ms`,
        `${f1(r.inspect.latency.inferMs.p50)} ms`,
        r.inspect.latency.driftMs
          ? `${f1(r.inspect.latency.driftMs.p50)} / ${f1(r.inspect.latency.driftMs.p95)} ms`
          : '–',
        `${f1(r.inspect.outOfDomainShare * 100)}%${r.inspect.drift?.drifted ? ' (drift)' : ''}`,
        `${f1(r.live.latencyP50Ms)} / ${f1(r.live.latencyP95Ms)} ms`,
        f1(r.live.framesPerSecond),
        `${Math.round(r.live.coldStartMs)} ms`,
      ].join(' | '),
    );
  const [d, m] = rows as [(typeof rows)[0], (typeof rows)[0]];
  const ratio = d.inspect.latency.frameToVerdictMs.p95 / m.inspect.latency.frameToVerdictMs.p95;
  const liveRatio = d.live.latencyP95Ms / m.live.latencyP95Ms;
  console.log(
    `default p95 ÷ MobileNet p95: ${ratio.toFixed(2)} in the worker, ${liveRatio.toFixed(2)} live (target ≤ 0.25)`,
  );
  console.log(`main-thread JavaScript at startup: ${f1(jsKb)} KB gzip (target ≤ 150)`);
  console.log(
    JSON.stringify({
      bench: 'station',
      rows: rows.map((r) => ({
        model: r.model,
        latency: r.inspect.latency,
        accuracy: r.inspect.accuracy,
        outOfDomainShare: r.inspect.outOfDomainShare,
        drifted: r.inspect.drift?.drifted ?? null,
        live: r.live,
      })),
      p95Ratio: ratio,
      liveP95Ratio: liveRatio,
      mainThreadJsGzipKb: jsKb,
    }),
  );
} finally {
  session.dispose();
}
