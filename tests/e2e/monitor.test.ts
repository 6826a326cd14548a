import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import { openApp, type AppHarness } from './support/app.ts';
import { pipeline } from './support/pipeline.ts';
import { inRepo } from './support/repo.ts';
import { cameraVideo, parseLogCsv, startStation, waitForVerdict } from './support/station.ts';
import { lightFailsVideo } from './support/light-fails-video.ts';

/** The simulated camera, as in the station tests: 24 screws, each held 5 frames, at 10 frames per second. */
const VIDEO = { width: 640, height: 480, fps: 10, frames: 120 };

/** Passes of the clip under normal light before the light dims; the station starts within the first. */
const NORMAL_PASSES = 3;

/** The README's screenshot of the Monitor page during a drifted run. */
const SCREENSHOT = inRepo('docs/monitor-drift.png');

/** Downloads one of the Monitor page's exports and returns its text. */
async function exported(page: Page, kind: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(`monitor-export-${kind}`).click(),
  ]);
  return readFileSync((await download.path())!, 'utf8');
}

interface RunnerReport {
  frames: number;
  drift: { drifted: boolean; stats: Array<{ stat: string; flagged: boolean; psi: number; pValue: number }> };
  alerts: Array<{ kind: string; title: string; evidence: string[] }>;
  infrastructure: { latencyMs: { p50: number; p95: number; p99: number } | null };
}

describe('the Monitor page during a drifted run', () => {
  let app: AppHarness;

  beforeAll(async () => {
    // The clip under the normal light, then twice at half the light: a lamp that failed mid-shift.
    const dark = await lightFailsVideo(cameraVideo(VIDEO).video, NORMAL_PASSES, 2);
    app = await startStation(dark, { height: 1060 });
  });
  afterAll(async () => {
    await app.close();
  });

  it('shows the retraining alert first, with the drifted statistic, since when and example frames', async () => {
    const { page } = app;
    await openApp(app, '#/station');
    // The fake camera starts its file when the station opens it.
    const opened = Date.now();
    await page.getByTestId('station').waitFor();
    await waitForVerdict(page, ['ok', 'ng', 'out-of-domain']);
    // Past the normal passes and eight seconds into the dim light: more than the station's drift window.
    const dimAt = opened + ((NORMAL_PASSES * VIDEO.frames) / VIDEO.fps) * 1000;
    await page.waitForTimeout(Math.max(0, dimAt + 8_000 - Date.now()));
    await expect
      .poll(
        () =>
          page
            .getByTestId('station-drift')
            .innerText()
            .catch(() => ''),
        { timeout: 20_000 },
      )
      .toMatch(/^Drift:[\s\S]*brightness/);

    await page.evaluate(() => (location.hash = '#/monitor'));
    await page.locator('[data-testid="monitor"][data-loaded="yes"]').waitFor();
    const first = page.getByTestId('monitor-alert').first();
    await expect.poll(() => first.getAttribute('data-kind')).toBe('retrain');
    expect(await first.locator('h3').innerText()).toBe('Retraining recommended');
    expect(await first.getByTestId('monitor-alert-since').innerText()).toMatch(/^since \d/);
    expect(await first.getByTestId('monitor-alert-evidence').innerText()).toMatch(/brightness: median/);
    expect(await page.getByTestId('monitor-drift-brightness').getAttribute('data-flagged')).toBe('true');
    const outOfDomain = await page.getByTestId('monitor-out-of-domain').locator('strong').innerText();
    expect(Number.parseFloat(outOfDomain)).toBeGreaterThan(10);
    await expect
      .poll(() => first.getByTestId('monitor-alert-frames').locator('img').count())
      .toBeGreaterThan(0);
    // Every example frame's thumbnail decoded.
    const broken = await first
      .getByTestId('monitor-alert-frames')
      .locator('img')
      .evaluateAll((imgs) => imgs.filter((i) => !(i as HTMLImageElement).naturalWidth).length);
    expect(broken).toBe(0);

    // The story at a glance: the alert with its evidence and frames, then each statistic over time.
    await page.evaluate(() => window.scrollTo(0, 0));
    const drift = await page.getByTestId('monitor-drift').boundingBox();
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({
      path: SCREENSHOT,
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: Math.ceil(drift!.y + drift!.height + 16) },
    });
    await app.screenshot('monitor-drift-full');
  });

  it('exports the report, the alerts and the inspection log as JSON and CSV', async () => {
    const { page } = app;
    const report = JSON.parse(await exported(page, 'report-json')) as {
      window: string;
      alerts: Array<{ kind: string }>;
      drift: { stats: Array<{ stat: string; flagged: boolean }> };
      buckets: Array<{ drift: { brightness?: { median: number } } }>;
    };
    expect(report.window).toBe('hour');
    expect(report.alerts[0]?.kind).toBe('retrain');
    expect(report.drift.stats.find((s) => s.stat === 'brightness')?.flagged).toBe(true);
    expect(report.buckets.length).toBeGreaterThan(1);
    // The window began under the normal light, as the chart shows: brightness fell on the way.
    const brightness = report.buckets.flatMap((b) => b.drift.brightness?.median ?? []);
    expect(brightness[0]).toBeGreaterThan(brightness.at(-1)! * 1.5);

    const alerts = parseLogCsv(await exported(page, 'alerts-csv'));
    expect(alerts[0]).toMatchObject({
      severity: 'critical',
      kind: 'retrain',
      title: 'Retraining recommended',
    });
    const drift = parseLogCsv(await exported(page, 'drift-csv'));
    expect(drift.find((r) => r['statistic'] === 'brightness')?.['flagged']).toBe('true');
    const series = parseLogCsv(await exported(page, 'timeseries-csv'));
    expect(series.length).toBe(report.buckets.length);

    const log = parseLogCsv(await exported(page, 'log-csv'));
    const verdicts = log.filter((r) => r['kind'] === 'verdict');
    expect(verdicts.length).toBeGreaterThan(VIDEO.frames / 2);
    const json = JSON.parse(await exported(page, 'log-json')) as Array<{ kind: string; stats?: object }>;
    expect(json.filter((r) => r.kind === 'verdict').length).toBe(verdicts.length);
    expect(json.some((r) => r.kind === 'verdict' && r.stats)).toBe(true);
  });

  it('prints the same alert, drift tests and metrics through the runner command', async () => {
    const { page } = app;
    const data = (await pipeline(page, 'monitor', { window: 'hour' })) as unknown as RunnerReport;
    expect(data.frames).toBeGreaterThan(VIDEO.frames / 2);
    expect(data.drift.drifted).toBe(true);
    const brightness = data.drift.stats.find((s) => s.stat === 'brightness');
    expect(brightness).toMatchObject({ flagged: true });
    expect(brightness!.psi).toBeGreaterThanOrEqual(0.25);
    expect(brightness!.pValue).toBeLessThan(0.01);
    expect(data.alerts[0]).toMatchObject({ kind: 'retrain', title: 'Retraining recommended' });
    expect(data.infrastructure.latencyMs!.p99).toBeGreaterThanOrEqual(data.infrastructure.latencyMs!.p50);
  });
});
