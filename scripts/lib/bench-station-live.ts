import { startStaticServer } from './static-server.ts';
import { launchProfile } from './chromium.ts';
import { quantileSorted } from '../../workers/lib/profile/stats.ts';
import type { Page } from 'playwright-core';
import type { InspectionRecord } from '../../workers/lib/db/schema/station.ts';

/** A verdict on screen: the station answered OK or NG. */
const VERDICT = '[data-testid="station-verdict"]:is([data-verdict="ok"],[data-verdict="ng"])';

/** What the live station did on a fake camera: its own frame-to-verdict latency, its rate and its start. */
export interface LiveStationFigures {
  /** verdicts per second over the measured window */
  framesPerSecond: number;
  /** capture to verdict on screen, ms, from the inspection log */
  latencyP50Ms: number;
  latencyP95Ms: number;
  /** navigation to the first verdict with the app cached, ms (median of three) */
  coldStartMs: number;
}

/**
 * Opens the built app's station on `profile` (the runner's, so its project and deployment) with a
 * fake camera playing `y4m`, lets it inspect in continuous mode for `seconds`, and measures it from
 * the inspection log; then reopens it three times from the cache and times the first verdict.
 */
export async function measureStation(
  profile: string,
  port: number,
  y4m: string,
  seconds: number,
): Promise<LiveStationFigures> {
  const server = await startStaticServer('dist', port);
  const context = await launchProfile(profile, [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${y4m}`,
  ]);
  try {
    const openStation = async () => {
      const page = await context.newPage();
      await page.goto(`${server.url}/#/station`);
      await page.waitForSelector(VERDICT, { timeout: 120_000 });
      return page;
    };
    // Navigation to the first verdict: performance.now() counts from the navigation's start.
    const firstVerdict = async (): Promise<number> => {
      const page = await openStation();
      try {
        return await page.evaluate(() => performance.now());
      } finally {
        await page.close();
      }
    };
    // The first visit installs the service worker and caches the app; the model is in storage by then.
    await firstVerdict();
    const page = await openStation();
    await page.locator('[data-testid="trigger-continuous"]').click();
    const since = await page.evaluate(() => Date.now());
    await page.waitForTimeout(seconds * 1000);
    const until = await page.evaluate(() => Date.now());
    const rows = (await verdictRowsBetween(page, since, until)).filter((r) => r.trigger === 'continuous');
    await page.close();
    if (rows.length < 2) throw new Error(`The station logged ${rows.length} verdicts in ${seconds} s.`);
    const latency = rows.map((r) => r.latencyMs ?? 0).sort((a, b) => a - b);
    const cold: number[] = [];
    for (let i = 0; i < 3; i++) cold.push(await firstVerdict());
    cold.sort((a, b) => a - b);
    return {
      framesPerSecond: rows.length / ((until - since) / 1000),
      latencyP50Ms: quantileSorted(latency, 0.5),
      latencyP95Ms: quantileSorted(latency, 0.95),
      coldStartMs: cold[1]!,
    };
  } finally {
    await context.close();
    await server.close();
  }
}

/** The station's verdict rows logged between `from` and `to` (ms since epoch), read from the page's IndexedDB. */
export function verdictRowsBetween(page: Page, from: number, to: number): Promise<InspectionRecord[]> {
  return page.evaluate(
    async ([since, until]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('screwops');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const all = await new Promise<InspectionRecord[]>((resolve, reject) => {
        const request = db.transaction('inspections').objectStore('inspections').getAll();
        request.onsuccess = () => resolve(request.result as InspectionRecord[]);
        request.onerror = () => reject(request.error);
      });
      db.close();
      return all.filter((r) => r.kind === 'verdict' && r.at >= since && r.at <= until);
    },
    [from, to] as const,
  );
}
