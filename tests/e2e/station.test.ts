import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, waitForOfflineReady, type AppHarness } from './support/app.ts';
import {
  cameraVideo,
  exportLog,
  judgeRow,
  readTruth,
  shownNumber,
  startStation,
  waitForVerdict,
  type LogRow,
  type TruthFrame,
} from './support/station.ts';

/** The simulated camera: 24 screws, each held 5 frames, at 10 frames per second. */
const VIDEO = { width: 640, height: 480, fps: 10, frames: 120 };

/** Rows of the log written after `since` (ms since epoch), oldest first. */
const after = (rows: LogRow[], since: number) =>
  rows.filter((r) => Date.parse(r['time']!) >= since).reverse();

/** Share of verdict rows that named their screw's label right, and the counts behind it. */
function accuracy(rows: LogRow[], truth: readonly TruthFrame[]) {
  const counts = { right: 0, wrong: 0, unmatched: 0, ambiguous: 0 };
  for (const row of rows) counts[judgeRow(row, truth, VIDEO)]++;
  const judged = counts.right + counts.wrong + counts.unmatched;
  return { ...counts, share: judged ? counts.right / judged : 0 };
}

const scored = (rows: LogRow[]) => rows.filter((r) => r['kind'] === 'verdict' && r['verdict'] !== 'no-part');

describe('station with the fake camera', () => {
  let app: AppHarness;
  let truth: TruthFrame[];

  beforeAll(async () => {
    const clip = cameraVideo(VIDEO);
    truth = readTruth(clip.truth);
    app = await startStation(clip.video);
  });
  afterAll(async () => {
    await app.close();
  });

  it('judges the live camera right on at least 95% of logged frames, with outline, latency and fps on screen', async () => {
    const { page } = app;
    await openApp(app, '#/station');
    await page.getByTestId('station').waitFor();
    await waitForVerdict(page);
    expect(await page.getByTestId('station-shipped').innerText()).toMatch(/nothing deployed/);
    const since = Date.now();
    // One pass of the 12 s clip: every screw.
    await page.waitForTimeout((VIDEO.frames / VIDEO.fps) * 1000);
    const fps = await shownNumber(page, 'station-fps');
    const latency = await shownNumber(page, 'station-latency');
    expect(fps).toBeGreaterThan(3);
    expect(latency).toBeGreaterThan(0);
    expect(await page.getByTestId('station-outline').getAttribute('data-drawn')).toBe('yes');
    // A classifier has no anomaly map: nothing is drawn over the part but its outline.
    expect(await page.getByTestId('station-anomaly').getAttribute('data-drawn')).toBe('no');
    const word = await page.getByTestId('station-verdict').getAttribute('data-verdict');
    expect(['ok', 'ng', 'no-part']).toContain(word);

    const rows = scored(after(await exportLog(page), since));
    const result = accuracy(rows, truth);
    console.log(`station continuous: ${rows.length} frames logged, fps ${fps}, p50 ${latency} ms`, result);
    expect(rows.length).toBeGreaterThan(VIDEO.frames / 2);
    expect(result.share).toBeGreaterThanOrEqual(0.95);
    expect(result.ambiguous).toBeLessThan(rows.length * 0.1);

    // Shown once more for the screenshot: a scored frame with its outline.
    await waitForVerdict(page, ['ok', 'ng']);
    await app.screenshot('station');
  });

  it('gives one verdict per part with the stable trigger, and logs NG frames with thumbnails', async () => {
    const { page } = app;
    await page.getByTestId('trigger-stable').click();
    const since = Date.now();
    await page.waitForTimeout((VIDEO.frames / VIDEO.fps) * 1000 + 1000);
    const rows = after(await exportLog(page), since).filter((r) => r['trigger'] === 'stable');
    const verdicts = scored(rows);
    // One verdict per screw shown: about 26 screws passed in 13 s.
    const shown = ((Date.now() - since) / 1000) * (VIDEO.fps / 5);
    console.log(`station stable: ${verdicts.length} verdicts for about ${shown.toFixed(1)} screws`);
    expect(verdicts.length).toBeGreaterThanOrEqual(Math.floor(shown * 0.75));
    expect(verdicts.length).toBeLessThanOrEqual(Math.ceil(shown) + 1);
    // No screw judged twice in a row: consecutive verdicts lie at different places.
    for (let i = 1; i < verdicts.length; i++) {
      const a = verdicts[i - 1]!;
      const b = verdicts[i]!;
      const moved = Math.hypot(
        Number(a['part_cx']) - Number(b['part_cx']),
        Number(a['part_cy']) - Number(b['part_cy']),
      );
      expect(moved, `verdicts ${i - 1} and ${i}`).toBeGreaterThan(10);
    }
    expect(accuracy(verdicts, truth).share).toBeGreaterThanOrEqual(0.9);
    const ng = verdicts.filter((r) => r['verdict'] === 'ng');
    expect(ng.length).toBeGreaterThan(0);
    for (const row of ng) expect(row['thumbnail']).toBe('true');
    await expect.poll(() => page.getByTestId('log-thumb').count()).toBeGreaterThan(0);
    const counted = Number(await page.getByTestId('count-ng').innerText());
    expect(counted).toBeGreaterThanOrEqual(ng.length);
  });

  it('inspects one frame per press with the manual trigger: the big button or the space bar', async () => {
    const { page } = app;
    await page.getByTestId('trigger-manual').click();
    const since = Date.now();
    await page.waitForTimeout(1500);
    await page.getByTestId('station-inspect').click();
    await page.waitForTimeout(700);
    await page.keyboard.press('Space');
    await page.waitForTimeout(1500);
    try {
      const rows = after(await exportLog(page), since).filter((r) => r['kind'] === 'verdict');
      expect(rows.map((r) => r['trigger'])).toEqual(['manual', 'manual']);
    } finally {
      await page.getByTestId('trigger-continuous').click();
    }
  });

  it('restarts a crashed inspection worker with the same model, and the log shows the gap', async () => {
    const { page } = app;
    await waitForVerdict(page);
    const model = await page.getByTestId('station-model').innerText();
    const infer = page.workers().find((w) => w.url().includes('infer'));
    expect(infer, 'the infer worker').toBeDefined();
    const since = Date.now();
    // An uncaught error kills the worker the way a lost GPU context or a bug would.
    await infer!.evaluate(() => {
      setTimeout(() => {
        throw new Error('simulated crash of the inspection worker');
      }, 0);
    });
    await page.getByTestId('log-gap').first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('log-gap').first().innerText()).toMatch(/worker restarted/);
    await waitForVerdict(page);
    await page.waitForTimeout(1500);
    expect(await page.getByTestId('station-model').innerText()).toBe(model);
    const rows = after(await exportLog(page), since);
    const gap = rows.findIndex((r) => r['kind'] === 'gap');
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(rows[gap]!['note']).toMatch(/worker restarted/);
    expect(scored(rows.slice(gap + 1)).length).toBeGreaterThan(3);
    expect(page.workers().filter((w) => w.url().includes('infer'))).toHaveLength(1);
  });

  it('shows an unplugged camera, recovers on its own, and logs the gap; pauses while the tab is hidden', async () => {
    const { page } = app;
    await waitForVerdict(page);
    const since = Date.now();
    // What the browser does when the USB camera is pulled: the track ends.
    await page.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="station-video"]')!;
      (video.srcObject as MediaStream).getVideoTracks()[0]!.dispatchEvent(new Event('ended'));
    });
    const fault = page.getByTestId('camera-fault');
    await expect.poll(() => fault.getAttribute('data-state')).toBe('unplugged');
    await fault.waitFor({ state: 'detached', timeout: 20_000 });
    await waitForVerdict(page);
    const gaps = after(await exportLog(page), since).filter((r) => r['kind'] === 'gap');
    expect(gaps.map((r) => r['note'])).toEqual([expect.stringMatching(/camera disconnected/)]);

    const setHidden = (hidden: boolean) =>
      page.evaluate((h) => {
        Object.defineProperty(document, 'visibilityState', {
          configurable: true,
          get: () => (h ? 'hidden' : 'visible'),
        });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await setHidden(true);
    await page.getByTestId('station-paused').waitFor();
    await page.waitForTimeout(300);
    const hiddenSince = Date.now();
    await page.waitForTimeout(1500);
    const whileHidden = after(await exportLog(page), hiddenSince).length;
    await setHidden(false);
    await page.getByTestId('station-paused').waitFor({ state: 'detached' });
    const shownSince = Date.now();
    await page.waitForTimeout(1500);
    expect(whileHidden).toBe(0);
    expect(scored(after(await exportLog(page), shownSince)).length).toBeGreaterThan(3);
  });

  it('keeps inspecting with the network offline after the first load', async () => {
    const { page, context } = app;
    await openApp(app, '#/station');
    await waitForOfflineReady(page);
    await context.setOffline(true);
    try {
      await page.reload();
      await page.getByTestId('station').waitFor();
      await page.getByTestId('trigger-continuous').click();
      await waitForVerdict(page).catch(async (e: unknown) => {
        await app.screenshot('station-offline-failed');
        console.log(app.errors);
        throw e;
      });
      const since = Date.now();
      await page.waitForTimeout(6000);
      const rows = scored(after(await exportLog(page), since));
      const result = accuracy(rows, truth);
      console.log(`station offline: ${rows.length} frames`, result);
      expect(rows.length).toBeGreaterThan(20);
      expect(result.share).toBeGreaterThanOrEqual(0.95);
    } finally {
      await context.setOffline(false);
    }
  });
});

describe('station without camera permission, then a long shift', () => {
  let app: AppHarness;
  let out: string;

  beforeAll(async () => {
    // A small, fast clip: the long run needs many frames, not accuracy.
    const clip = cameraVideo({ fps: 60, frames: 60, width: 320, height: 240 }, { count: 4, size: 128 });
    out = clip.dir;
    // Without the fake-UI flag, headless Chromium refuses the camera as a person clicking Block would.
    app = await startStation(clip.video, { camera: 'refused' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('says how to allow the camera when it is refused, and links to batch inspection', async () => {
    const { page } = app;
    await openApp(app, '#/station');
    const fault = page.getByTestId('camera-fault');
    await expect.poll(() => fault.getAttribute('data-state'), { timeout: 30_000 }).toBe('denied');
    expect(await fault.innerText()).toMatch(/Allow/);
    await app.screenshot('station-denied');
    await page.getByTestId('batch-link').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/deploy');
    expect(await page.getByTestId('station').count()).toBe(0);
    // The link opens batch inspection itself, and it judges image files without a camera.
    const files = ['good', 'bad'].flatMap((dir) => readdirSync(join(out, dir)).map((f) => join(out, dir, f)));
    await page.getByTestId('batch-file-input').setInputFiles(files);
    await expect.poll(() => page.getByTestId('batch-cell').count(), { timeout: 90_000 }).toBe(files.length);
    const verdicts = await page.getByTestId('batch-verdict').allInnerTexts();
    expect(verdicts.every((v) => v === 'OK' || v === 'NG')).toBe(true);
  });

  it('keeps the worker’s tensors and heap flat over 2,000 frames', async () => {
    const { page, context } = app;
    await context.grantPermissions(['camera'], { origin: app.server.url });
    await openApp(app, '#/station');
    await waitForVerdict(page);
    await page.getByTestId('station-settings-toggle').click();
    const read = async () => ({
      inferences: await shownNumber(page, 'diag-inferences'),
      tensors: await shownNumber(page, 'diag-tensors'),
      wasm: Number((await page.getByTestId('diag-wasm-heap').getAttribute('data-bytes')) || NaN),
      js: Number((await page.getByTestId('diag-js-heap').getAttribute('data-bytes')) || NaN),
    });
    // Past the first frames, when lazily made kernels and buffers exist.
    await expect.poll(async () => (await read()).inferences, { timeout: 30_000 }).toBeGreaterThan(60);
    const start = await read();
    const t0 = Date.now();
    await expect
      .poll(async () => (await read()).inferences, { timeout: 150_000, interval: 1000 })
      .toBeGreaterThanOrEqual(start.inferences + 2000);
    const end = await read();
    const seconds = (Date.now() - t0) / 1000;
    console.log(`station 2,000 frames: ${(2000 / seconds).toFixed(1)} inferences/s`, { start, end });
    expect(end.tensors).toBe(start.tensors);
    if (Number.isFinite(start.wasm)) expect(end.wasm).toBeLessThanOrEqual(start.wasm * 1.05);
    if (Number.isFinite(start.js)) expect(end.js).toBeLessThan(start.js + 16 * 1024 * 1024);
  });
});
