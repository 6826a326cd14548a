import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, type AppHarness } from './support/app.ts';
import { cameraVideo, exportLog, startStation, waitForVerdict, type LogRow } from './support/station.ts';
import { blurred, darker, videoVariant } from './support/drift-video.ts';

/**
 * The generated camera: each screw held 5 frames at 10 frames per second, so two new parts a second.
 * Long enough (80 screws, 40 s) that the stretch watched never loops back to screws already seen: a
 * loop would show the drift window the same parts again as if they were new.
 */
const VIDEO = { width: 640, height: 480, fps: 10, frames: 400 };
/** How long the normal video is watched, ms: the drift window fills (60 parts) and keeps testing. */
const WATCH_NORMAL_MS = 32_000;
/** The longest a changed look may take to raise drift, ms. */
const ALERT_WITHIN_MS = 20_000;

let source: string;

beforeAll(() => {
  source = cameraVideo(VIDEO).video;
}, 180_000);

async function station(video: string): Promise<AppHarness> {
  const app = await startStation(video);
  await openApp(app, '#/station');
  await app.page.getByTestId('station').waitFor();
  return app;
}

/** The drift badge's state now ('ok', 'drift', 'unlike', 'baseline'), or 'none' when it shows nothing. */
const badgeState = (page: Page) =>
  page.evaluate(
    () => document.querySelector('[data-testid="station-drift"]')?.getAttribute('data-state') ?? 'none',
  );

const judged = (rows: LogRow[]) => rows.filter((r) => r['kind'] === 'verdict' && r['verdict'] !== 'no-part');
const outOfDomainShare = (rows: LogRow[]) =>
  rows.length ? rows.filter((r) => r['verdict'] === 'out-of-domain').length / rows.length : 0;

describe('drift on the station with the fake camera', () => {
  describe('the normal generated video', () => {
    let app: AppHarness;
    beforeAll(async () => {
      app = await station(source);
    });
    afterAll(async () => {
      await app.close();
    });

    it('raises no drift alert and marks almost no frame out of domain', async () => {
      const { page } = app;
      await waitForVerdict(page, ['ok', 'ng', 'out-of-domain']);
      const states = new Set<string>();
      const end = Date.now() + WATCH_NORMAL_MS;
      while (Date.now() < end) {
        states.add(await badgeState(page));
        await page.waitForTimeout(500);
      }
      const badge = await page.getByTestId('station-drift').innerText();
      const tests = await page.getByTestId('station-drift').getAttribute('title');
      const rows = judged(await exportLog(page));
      const share = outOfDomainShare(rows);
      console.log(
        `drift, normal video: badge states ${[...states].join(', ')}; "${badge}"; ` +
          `${rows.length} judged frames, out of domain ${(share * 100).toFixed(1)}%\n${tests}\n` +
          rows
            .filter((r) => r['verdict'] === 'out-of-domain')
            .map((r) => r['note'])
            .join('\n'),
      );
      expect(states.has('drift')).toBe(false);
      expect(states.has('unlike')).toBe(false);
      expect(badge).toMatch(/Data like training\s+\d+ parts/);
      expect(Number(/(\d+) parts/.exec(badge)![1])).toBeGreaterThanOrEqual(40);
      expect(rows.length).toBeGreaterThan(100);
      expect(share).toBeLessThanOrEqual(0.03);
    });
  });

  for (const [name, change, reason] of [
    ['darker', darker, /brightness/],
    ['blurred', blurred, /sharpness/],
  ] as const) {
    describe(`a ${name} variant of the same video`, () => {
      let app: AppHarness;
      beforeAll(async () => {
        app = await station(await videoVariant(source, change, 200));
      }, 120_000);
      afterAll(async () => {
        await app.close();
      });

      it('raises drift within seconds and marks its frames out of domain, with the verdict still in view', async () => {
        const { page } = app;
        await waitForVerdict(page, ['ok', 'ng', 'out-of-domain']);
        const started = Date.now();
        await page.waitForFunction(
          () =>
            document.querySelector('[data-testid="station-drift"]')?.getAttribute('data-state') === 'drift',
          undefined,
          { timeout: ALERT_WITHIN_MS, polling: 250 },
        );
        const seconds = (Date.now() - started) / 1000;
        const badge = await page.getByTestId('station-drift').innerText();
        expect(badge).toMatch(/^Drift:/);
        expect(badge).toMatch(reason);
        await waitForVerdict(page, ['out-of-domain']);
        expect(await page.getByTestId('station-verdict-word').innerText()).toBe('OUT OF DOMAIN');
        expect(await page.getByTestId('station-ood-reason').innerText()).toMatch(reason);
        // The badge sits in the top bar and never covers the verdict.
        const chip = (await page.getByTestId('station-drift').boundingBox())!;
        const verdict = (await page.getByTestId('station-verdict').boundingBox())!;
        expect(chip.y + chip.height).toBeLessThanOrEqual(verdict.y);
        await app.screenshot(`station-drift-${name}`);
        const rows = judged(await exportLog(page));
        const share = outOfDomainShare(rows);
        console.log(
          `drift, ${name} video: alert ${seconds.toFixed(1)} s after the first verdict; "${badge}"; ` +
            `${rows.length} judged frames, out of domain ${(share * 100).toFixed(1)}%`,
        );
        expect(share).toBeGreaterThanOrEqual(0.8);
        const marked = rows.find((r) => r['verdict'] === 'out-of-domain')!;
        expect(marked['note']).toMatch(reason);
      });
    });
  }
});
