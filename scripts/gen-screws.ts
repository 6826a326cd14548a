/**
 * Writes a synthetic screw dataset (PNG files + manifest) and a simulated camera
 * stream (camera.y4m + camera-truth.csv) for demos and tests.
 * Usage: npx tsx scripts/gen-screws.ts -- --out DIR [--count N] [--defect-ratio R] [--size S]
 *   [--seed K] [--layout imagefolder|mvtec] [--video-frames N] [--video-fps F] [--video-size WxH]
 *   [--style NAME]   (default demo; `--style list` prints the styles and exits)
 * Colour styles write RGB PNGs; their camera.y4m carries the luma (Y plane) only.
 * Prints a one-line JSON summary; bad arguments exit 2 with a one-line reason on stderr.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encodePng } from '../workers/lib/png/encode-png.ts';
import { planCameraSequence, renderCameraFrame } from '../workers/lib/synth/camera.ts';
import type { PlanItem } from '../workers/lib/synth/screw-generator.ts';
import {
  DEFECT_TYPES,
  describeStyles,
  generateScrewImage,
  planDataset,
  STYLE_NAMES,
  toGray,
} from '../workers/lib/synth/screw-generator.ts';
import { encodeY4mHeader, grayToI420Frame } from '../workers/lib/synth/y4m.ts';

type Layout = 'imagefolder' | 'mvtec';

interface Options {
  out: string;
  count: number;
  defectRatio: number;
  size: number;
  seed: number;
  layout: Layout;
  videoFrames: number;
  videoFps: number;
  videoWidth: number;
  videoHeight: number;
  style: string;
}

/** Screws per camera shot: each screw stays in view this many frames. */
const HOLD_FRAMES = 5;
/** Share of the good images that the mvtec layout moves to test/good. */
const MVTEC_TEST_GOOD_SHARE = 0.2;

class ArgError extends Error {}

function num(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
  integer: boolean,
): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    throw new ArgError(
      `--${name} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${JSON.stringify(raw)}`,
    );
  }
  return n;
}

function videoSize(raw: string | undefined): [number, number] {
  if (raw === undefined) return [640, 480];
  const m = /^(\d+)(?:x(\d+))?$/i.exec(raw.trim());
  // A lone number is a width with a 4:3 height, like common webcam modes.
  const w = m ? Number(m[1]) : NaN;
  const h = m ? (m[2] !== undefined ? Number(m[2]) : Math.round((w * 3) / 8) * 2) : NaN;
  if (!(w >= 64 && w <= 1920 && h >= 64 && h <= 1920 && w % 2 === 0 && h % 2 === 0)) {
    throw new ArgError(
      `--video-size must be WxH (or W for 4:3) with even sides in [64, 1920], got ${JSON.stringify(raw)}`,
    );
  }
  return [w, h];
}

function parseOptions(argv: string[]): Options {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: Object.fromEntries(
        [
          'out',
          'count',
          'defect-ratio',
          'size',
          'seed',
          'layout',
          'video-frames',
          'video-fps',
          'video-size',
          'style',
        ].map((k) => [k, { type: 'string' as const }]),
      ),
    }) as { values: Record<string, string | undefined> });
  } catch (e) {
    throw new ArgError((e as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  if (values.style === 'list') {
    process.stdout.write(`${describeStyles().join('\n')}\n`);
    process.exit(0);
  }
  const style = values.style ?? 'demo';
  if (!STYLE_NAMES.includes(style))
    throw new ArgError(
      `--style must be one of ${STYLE_NAMES.join(', ')} (or list), got ${JSON.stringify(style)}`,
    );
  if (!values.out) throw new ArgError('--out DIR is required');
  const layout = values.layout ?? 'imagefolder';
  if (layout !== 'imagefolder' && layout !== 'mvtec')
    throw new ArgError(`--layout must be imagefolder or mvtec, got ${JSON.stringify(layout)}`);
  const [videoWidth, videoHeight] = videoSize(values['video-size']);
  return {
    out: values.out,
    count: num('count', values.count, 100, 1, 100_000, true),
    defectRatio: num('defect-ratio', values['defect-ratio'], 0.25, 0, 1, false),
    size: num('size', values.size, 256, 64, 1024, true),
    seed: num('seed', values.seed, 1, 0, 2 ** 32 - 1, true),
    layout,
    videoFrames: num('video-frames', values['video-frames'], 60, 0, 100_000, true),
    videoFps: num('video-fps', values['video-fps'], 10, 1, 120, true),
    videoWidth,
    videoHeight,
    style,
  };
}

/** Relative directory of one planned image in the chosen layout. */
function dirFor(item: PlanItem, layout: Layout, testGood: ReadonlySet<number>): string {
  if (layout === 'imagefolder') return item.kind === 'good' ? 'good' : 'bad';
  if (item.kind !== 'good') return join('test', item.kind);
  return testGood.has(item.index) ? join('test', 'good') : join('train', 'good');
}

function writeDataset(o: Options) {
  const plan = planDataset({ count: o.count, defectRatio: o.defectRatio, seed: o.seed });
  const goods = plan.filter((p) => p.kind === 'good');
  const nTestGood =
    o.layout === 'mvtec' && goods.length >= 2
      ? Math.max(1, Math.round(goods.length * MVTEC_TEST_GOOD_SHARE))
      : 0;
  // The plan is already shuffled, so taking the last goods is an unbiased split.
  const testGood = new Set(goods.slice(goods.length - nTestGood).map((p) => p.index));
  const files = plan.map((item) => {
    const dir = dirFor(item, o.layout, testGood);
    mkdirSync(join(o.out, dir), { recursive: true });
    const img = generateScrewImage({ seed: item.seed, kind: item.kind, size: o.size, style: o.style });
    const rel = join(dir, `${item.name}.png`).split('\\').join('/');
    writeFileSync(join(o.out, rel), encodePng(img.pixels, img.width, img.height, img.channels));
    const m = img.meta;
    return {
      path: rel,
      kind: item.kind,
      label: item.kind === 'good' ? 'good' : 'bad',
      seed: item.seed,
      angleDeg: Math.round(m.angleDeg * 100) / 100,
      centerX: Math.round(m.centerX * 10) / 10,
      centerY: Math.round(m.centerY * 10) / 10,
      lengthPx: Math.round(m.lengthPx * 10) / 10,
      blurred: m.blurred,
    };
  });
  return { files, nTestGood };
}

function writeVideo(o: Options): number {
  if (o.videoFrames === 0) return 0;
  const frames = planCameraSequence({
    frames: o.videoFrames,
    seed: o.seed,
    defectRatio: o.defectRatio,
    holdFrames: HOLD_FRAMES,
  });
  const fd = openSync(join(o.out, 'camera.y4m'), 'w');
  const rows: string[] = [];
  try {
    writeSync(fd, encodeY4mHeader(o.videoWidth, o.videoHeight, o.videoFps));
    for (const f of frames) {
      const scene = renderCameraFrame(f, o.videoWidth, o.videoHeight, o.style);
      writeSync(fd, grayToI420Frame(toGray(scene.pixels, scene.channels), o.videoWidth, o.videoHeight));
      // The render measures from pixel corners; the part search (and the station) from pixel centres.
      const { centerX, centerY, angleDeg } = scene.meta;
      rows.push(
        `${f.frame},${f.kind},${f.label},${(centerX - 0.5).toFixed(1)},${(centerY - 0.5).toFixed(1)},${angleDeg.toFixed(2)}`,
      );
    }
  } finally {
    closeSync(fd);
  }
  const csv = ['frame,kind,label,cx,cy,angle_deg', ...rows].join('\n');
  writeFileSync(join(o.out, 'camera-truth.csv'), `${csv}\n`);
  return frames.length;
}

function main(): void {
  let o: Options;
  try {
    o = parseOptions(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof ArgError)) throw e;
    process.stderr.write(`gen-screws: ${e.message}\n`);
    process.exit(2);
  }
  const t0 = performance.now();
  mkdirSync(o.out, { recursive: true });
  const { files, nTestGood } = writeDataset(o);
  const videoFrames = writeVideo(o);
  const counts = Object.fromEntries(
    ['good', ...DEFECT_TYPES].map((k) => [k, files.filter((f) => f.kind === k).length]),
  );
  const { out, ...options } = o;
  const video =
    videoFrames > 0
      ? {
          file: 'camera.y4m',
          truth: 'camera-truth.csv',
          frames: videoFrames,
          fps: o.videoFps,
          width: o.videoWidth,
          height: o.videoHeight,
          holdFrames: HOLD_FRAMES,
        }
      : null;
  const manifest = {
    generator: 'screwops-synth',
    version: 1,
    options,
    counts,
    testGood: nTestGood,
    video,
    files,
  };
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const summary = {
    out,
    layout: o.layout,
    style: o.style,
    count: files.length,
    size: o.size,
    seed: o.seed,
    counts,
    video,
    ms: Math.round(performance.now() - t0),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main();
