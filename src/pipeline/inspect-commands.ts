import { projects } from '../lib/stores/projects.svelte.ts';
import {
  batchDrift,
  driftStatus,
  inspectFrame,
  inspectImages,
  loadStation,
  stationStats,
} from '../lib/bridges/station-bridge.ts';
import type { FrameResult, StationModelInfo, Trigger } from '../../workers/lib/station/station-types.ts';
import { y4mGrayFrames, type ByteSource } from '../../workers/lib/synth/y4m.ts';
import {
  accuracyAgainst,
  parseCameraTruth,
  quantiles,
  verdictCounts,
  verdictsPerScrew,
  type Accuracy,
  type TruthFrame,
} from '../../workers/lib/station/inspect-report.ts';
import { RUNNER_FILE_INPUT_ID } from './data-commands.ts';
import { defineCommand } from './options.ts';
import type { PipelineCommand } from './types.ts';
import { driftFigures, driftLine } from './inspect-drift.ts';

/** Image files batch inspection reads; other files in a folder are skipped. */
const IMAGE_FILE = /\.(png|jpe?g|webp|bmp|gif)$/i;
/** The ground truth the screw generator writes beside its video. */
const TRUTH_FILE = 'camera-truth.csv';

let progressLine: string | undefined;

function blobSource(blob: Blob): ByteSource {
  return async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
}

/** A gray frame as the ImageBitmap a camera would hand over. */
function grayBitmap(gray: Uint8Array, width: number, height: number): Promise<ImageBitmap> {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, p = 0; i < gray.length; i++, p += 4) {
    rgba[p] = rgba[p + 1] = rgba[p + 2] = gray[i]!;
    rgba[p + 3] = 255;
  }
  return createImageBitmap(new ImageData(rgba, width, height));
}

/** One inspected frame or image as the runner prints it. */
function row(result: FrameResult, extra: Record<string, unknown>, roundTripMs: number) {
  const round = (v: number, digits = 2) => Number(v.toFixed(digits));
  return {
    ...extra,
    verdict: result.verdict,
    step: result.step ?? 'inspect',
    score: result.score === null ? null : round(result.score, 4),
    part: result.part.found ? { cx: round(result.part.cx, 1), cy: round(result.part.cy, 1) } : null,
    note: result.note ?? null,
    latencyMs: round(roundTripMs),
    preprocessMs: round(result.timings.preprocessMs),
    inferMs: round(result.timings.inferMs),
  };
}

/** Latency figures: frame-to-verdict as the page sees it, and the worker's split by stage. */
function latency(
  results: readonly FrameResult[],
  roundTrips: readonly number[],
  judged: (r: FrameResult) => boolean,
) {
  const ran = results.filter(judged);
  const of = (pick: (r: FrameResult) => number | undefined) =>
    quantiles(ran.map(pick).filter((v): v is number => v !== undefined));
  return {
    frameToVerdictMs: quantiles(roundTrips.filter((_, i) => judged(results[i]!))),
    workerMs: of((r) => r.timings.totalMs),
    preprocessMs: of((r) => r.timings.preprocessMs),
    inferMs: of((r) => r.timings.inferMs),
    grayMs: of((r) => r.timings.grayMs),
    partMs: of((r) => r.timings.partMs),
    cropMs: of((r) => r.timings.cropMs),
    driftMs: of((r) => r.timings.driftMs),
  };
}

async function inspectVideo(video: File, truthFile: File | undefined, trigger: Trigger) {
  const truth: TruthFrame[] | null = truthFile ? parseCameraTruth(await truthFile.text()) : null;
  const results: FrameResult[] = [];
  const roundTrips: number[] = [];
  let size = { width: 0, height: 0 };
  const started = performance.now();
  // The next frame is read and drawn while the worker inspects this one, as a camera delivers
  // frames while the station waits for a verdict: the rate measured is the sustained one.
  const frames = y4mGrayFrames(blobSource(video));
  const nextFrame = async () => {
    const next = await frames.next();
    if (next.done) return null;
    const { index, gray, header } = next.value;
    size = { width: header.width, height: header.height };
    return { index, bitmap: await grayBitmap(gray, header.width, header.height) };
  };
  let pending = nextFrame();
  for (let frame = await pending; frame; frame = await pending) {
    pending = nextFrame();
    const sent = performance.now();
    results.push(await inspectFrame(frame.bitmap, trigger));
    roundTrips.push(performance.now() - sent);
    progressLine = `inspect: frame ${frame.index + 1} of ${video.name}`;
  }
  const wallMs = performance.now() - started;
  return { truth, results, roundTrips, size, wallMs };
}

function summaryLines(
  info: StationModelInfo,
  what: string,
  counts: Record<string, number>,
  figures: ReturnType<typeof latency>,
  accuracy: Accuracy | null,
): string[] {
  const ms = (q: { p50: number; p95: number } | null) => (q ? `p50 ${q.p50} ms, p95 ${q.p95} ms` : 'n/a');
  return [
    `Inspected ${what} with ${info.model.label}${info.isShippedDefault ? ' (shipped default model)' : ''} on ${info.backend}.`,
    `  verdicts: ${counts['ok']} OK, ${counts['ng']} NG, ${counts['no-part']} no part`,
    `  frame to verdict: ${ms(figures.frameToVerdictMs)}; in the worker: preprocess ${ms(figures.preprocessMs)}, inference ${ms(figures.inferMs)}`,
    ...(accuracy?.share != null
      ? [`  accuracy: ${accuracy.right} of ${accuracy.total} right (${(accuracy.share * 100).toFixed(1)}%)`]
      : []),
  ];
}

const inspectCommand = defineCommand({
  name: 'inspect',
  describe:
    'inspect a .y4m video or a folder of images with the station’s model in the infer worker: verdicts, latency, accuracy against camera-truth.csv',
  options: {
    trigger: {
      type: 'string',
      default: 'continuous',
      choices: ['continuous', 'stable'],
      help: 'video: judge every frame, or once per part that stands still',
    },
    relativePaths: {
      type: 'string',
      default: '[]',
      internal: true,
      help: "JSON list of the uploaded files' paths (the runner sets it)",
    },
  },
  progress: () => progressLine,
  async run(options) {
    progressLine = undefined;
    const project = projects.current;
    if (!project) throw new Error('No project is open; pass --project NAME.');
    const input = document.getElementById(RUNNER_FILE_INPUT_ID) as HTMLInputElement | null;
    const files = Array.from(input?.files ?? []);
    const paths = JSON.parse(options.relativePaths) as string[];
    // A video comes as one file (its truth beside it); a folder is inspected as images even if it holds a video.
    const videos = paths.some((p) => p.includes('/'))
      ? []
      : files.filter((f) => f.name.toLowerCase().endsWith('.y4m'));
    const loadStarted = performance.now();
    const info = await loadStation(project.id);
    // A fresh page: worker start, backend choice, model build and warm-up, as at a station's start.
    const loadStationMs = Math.round(performance.now() - loadStarted);
    const trigger = options.trigger as Trigger;
    if (videos.length > 1) throw new Error('inspect takes one .y4m video at a time.');
    if (videos.length === 1) {
      const { truth, results, roundTrips, size, wallMs } = await inspectVideo(
        videos[0]!,
        files.find((f) => f.name === TRUTH_FILE),
        trigger,
      );
      const fresh = (r: FrameResult) => (r.step ?? 'inspect') === 'inspect';
      const figures = latency(results, roundTrips, fresh);
      const accuracy = truth ? accuracyAgainst(results, truth, trigger === 'stable') : null;
      const perScrew = truth && trigger === 'stable' ? verdictsPerScrew(results, truth) : null;
      const counts = verdictCounts(trigger === 'stable' ? results.filter(fresh) : results);
      const stats = await stationStats();
      const drift = driftFigures(results, await driftStatus());
      return {
        summary: [
          ...summaryLines(info, `${results.length} frames of ${videos[0]!.name}`, counts, figures, accuracy),
          driftLine(drift),
          `  ${(results.length / (wallMs / 1000)).toFixed(1)} frames/s sustained (the next frame drawn while one is inspected), ${size.width}×${size.height}`,
          ...(perScrew
            ? [
                `  stable trigger: ${perScrew.exactlyOne} of ${perScrew.screws} screws got exactly one verdict`,
              ]
            : []),
        ].join('\n'),
        data: {
          source: 'video',
          file: videos[0]!.name,
          trigger,
          model: info.model.label,
          versionId: info.model.versionId,
          isShippedDefault: info.isShippedDefault,
          backend: info.backend,
          warmupMs: Math.round(info.warmupMs),
          loadStationMs,
          width: size.width,
          height: size.height,
          frames: results.length,
          verdicts: results.filter(fresh).length,
          counts,
          latency: figures,
          framesPerSecond: Number((results.length / (wallMs / 1000)).toFixed(2)),
          accuracy,
          screws: perScrew,
          ...drift,
          numTensors: stats.numTensors,
          inferences: stats.inferences,
          wasmHeapBytes: stats.wasmHeapBytes,
          jsHeapBytes: stats.jsHeapBytes,
          rows: results.map((r, i) => row(r, { frame: i, label: truth?.[i]?.label ?? null }, roundTrips[i]!)),
        },
        exitCode: 0,
      };
    }
    const images = files
      .map((file, i) => ({ file, path: paths[i] ?? file.name }))
      .filter((f) => IMAGE_FILE.test(f.file.name));
    if (!images.length) throw new Error('inspect needs a .y4m video or a folder holding image files.');
    const started = performance.now();
    const results = await inspectImages(
      project.id,
      images.map((i) => i.file),
      { onProgress: (p) => (progressLine = `inspect: image ${p.done} of ${p.total}`) },
    );
    const wallMs = performance.now() - started;
    // A folder named good or bad (the generator's and ImageFolder's layout) gives the truth.
    const labels = images.map(({ path }): 'good' | 'bad' | null => {
      const folders = path.split('/').slice(0, -1);
      return folders.includes('bad') ? 'bad' : folders.includes('good') ? 'good' : null;
    });
    const labelled = labels.flatMap((label, i) => (label ? [{ result: results[i]!, label }] : []));
    const accuracy = labelled.length
      ? accuracyAgainst(
          labelled.map((l) => l.result),
          labelled.map((l, frame) => ({
            frame,
            kind: l.label,
            label: l.label,
            cx: null,
            cy: null,
            angleDeg: null,
          })),
          false,
        )
      : null;
    const figures = latency(
      results,
      results.map((r) => r.timings.totalMs),
      (r) => r.score !== null,
    );
    const counts = verdictCounts(results);
    const drift = driftFigures(results, await batchDrift(results));
    return {
      summary: [
        ...summaryLines(info, `${results.length} images`, counts, figures, accuracy),
        driftLine(drift),
      ].join('\n'),
      data: {
        source: 'images',
        trigger: null,
        model: info.model.label,
        versionId: info.model.versionId,
        isShippedDefault: info.isShippedDefault,
        backend: info.backend,
        loadStationMs,
        images: results.length,
        counts,
        latency: figures,
        imagesPerSecond: Number((results.length / (wallMs / 1000)).toFixed(2)),
        accuracy,
        ...drift,
        rows: results.map((r, i) => row(r, { file: images[i]!.path, label: labels[i] }, r.timings.totalMs)),
      },
      exitCode: 0,
    };
  },
});

/** The station's pipeline commands. */
export const INSPECT_COMMANDS: PipelineCommand[] = [inspectCommand];
