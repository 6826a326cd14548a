import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startApp, type AppHarness } from './app.ts';
import { generateScrews } from './fixtures.ts';

/** The camera clip a station test plays: its rate, length in frames and size, pixels. */
export interface CameraClip {
  fps: number;
  frames: number;
  width: number;
  height: number;
}

/** A generated camera clip: its folder, the .y4m video and the camera-truth.csv beside it. */
export interface CameraVideo {
  dir: string;
  video: string;
  truth: string;
}

/**
 * Generates `clip` as a .y4m video for the fake camera, with `count` dataset images of `size` pixels
 * alongside (1 of 64 px by default: the station tests need only the video).
 */
export function cameraVideo(clip: CameraClip, { count = 1, size = 64 } = {}): CameraVideo {
  const dir = generateScrews([
    '--count',
    String(count),
    '--size',
    String(size),
    '--video-fps',
    String(clip.fps),
    '--video-frames',
    String(clip.frames),
    '--video-size',
    `${clip.width}x${clip.height}`,
  ]);
  return { dir, video: join(dir, 'camera.y4m'), truth: join(dir, 'camera-truth.csv') };
}

/** How a station test starts the app around its fake camera. */
export interface StationOptions {
  /** 'refused' leaves out the fake permission prompt, so Chromium blocks the camera as a person would */
  camera?: 'allowed' | 'refused';
  serviceWorkers?: 'allow' | 'block';
  /** the window's height, pixels (1280 wide); 800 unless a screenshot needs more */
  height?: number;
}

/** Starts the built app with Chromium's fake camera playing `video`, in a 1280-pixel-wide window. */
export async function startStation(video: string, options: StationOptions = {}): Promise<AppHarness> {
  const camera = ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`];
  const args =
    options.camera === 'refused'
      ? camera
      : ['--use-fake-ui-for-media-stream', ...camera, '--autoplay-policy=no-user-gesture-required'];
  const app = await startApp({ args, serviceWorkers: options.serviceWorkers });
  await app.page.setViewportSize({ width: 1280, height: options.height ?? 800 });
  return app;
}

/** One row of the generator's camera-truth.csv: which screw a frame shows and where. */
export interface TruthFrame {
  frame: number;
  label: 'good' | 'bad';
  cx: number;
  cy: number;
  angleDeg: number;
}

/** One row of the station's CSV export, by column name. */
export type LogRow = Record<string, string>;

/** Reads camera-truth.csv (frame, kind, label, cx, cy, angle_deg), whatever the column order. */
export function readTruth(path: string): TruthFrame[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const names = header!.split(',');
  const col = (name: string) => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`camera-truth.csv has no "${name}" column (columns: ${header})`);
    return i;
  };
  const [frame, label, cx, cy, angle] = ['frame', 'label', 'cx', 'cy', 'angle_deg'].map(col);
  return lines.map((line) => {
    const f = line.split(',');
    return {
      frame: Number(f[frame!]),
      label: f[label!] as 'good' | 'bad',
      cx: Number(f[cx!]),
      cy: Number(f[cy!]),
      angleDeg: Number(f[angle!]),
    };
  });
}

/** Parses the station's CSV export (no field of it holds a comma except quoted notes). */
export function parseLogCsv(text: string): LogRow[] {
  const [header, ...lines] = text.trim().split(/\r\n/);
  const names = header!.split(',');
  return lines.map((line) => {
    const fields: string[] = [];
    const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line)) && fields.length < names.length) {
      const raw = m[1]!;
      fields.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
      if (m[2] === '') break;
    }
    return Object.fromEntries(names.map((name, i) => [name, fields[i] ?? '']));
  });
}

/** Downloads the station's log through its Export CSV button and parses it. */
export async function exportLog(page: Page): Promise<LogRow[]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('station-export').click(),
  ]);
  return parseLogCsv(readFileSync((await download.path())!, 'utf8'));
}

/** How a logged verdict compares with the screw it shows. */
export type Match = 'right' | 'wrong' | 'unmatched' | 'ambiguous';

/**
 * Finds the screw a logged verdict row shows by its part's position (truth in video pixels, scaled to
 * the logged frame's size) and the long axis, and says whether the verdict was right. Screws that lie
 * close together with different labels make the row ambiguous rather than counted either way.
 */
export function judgeRow(
  row: LogRow,
  truth: readonly TruthFrame[],
  video: { width: number; height: number },
): Match {
  const w = Number(row['frame_width']);
  const h = Number(row['frame_height']);
  const cx = Number(row['part_cx']);
  const cy = Number(row['part_cy']);
  const angle = Number(row['part_angle']);
  const sx = w / video.width;
  const sy = h / video.height;
  const reach = 0.06 * Math.min(w, h);
  const labels = new Set<string>();
  for (const t of truth) {
    if (Math.hypot(t.cx * sx - cx, t.cy * sy - cy) > reach) continue;
    const d = Math.abs(angle - (t.angleDeg * Math.PI) / 180) % Math.PI;
    if (Math.min(d, Math.PI - d) > (12 * Math.PI) / 180) continue;
    labels.add(t.label);
  }
  if (labels.size === 0) return 'unmatched';
  if (labels.size > 1) return 'ambiguous';
  const bad = labels.has('bad');
  return (row['verdict'] === 'ng') === bad ? 'right' : 'wrong';
}

/** Waits until the station shows a verdict of one of `verdicts`. */
export async function waitForVerdict(page: Page, verdicts = ['ok', 'ng'], timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (wanted) =>
      wanted.includes(
        document.querySelector('[data-testid="station-verdict"]')?.getAttribute('data-verdict') ?? '',
      ),
    verdicts,
    { timeout },
  );
}

/** A number shown on screen under `testId` (e.g. "23.5 fps" reads 23.5). */
export async function shownNumber(page: Page, testId: string): Promise<number> {
  const text = await page.getByTestId(testId).innerText();
  return Number.parseFloat(
    text
      .replace(/[^\d.-]+/g, ' ')
      .trim()
      .split(' ')[0] ?? 'NaN',
  );
}
