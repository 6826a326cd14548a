import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOT_DIR, type AppHarness } from './support/app.ts';
import { openScreen, pipeline, readStore, tipsSnapshot, TINY_TRAIN_CONFIG } from './support/pipeline.ts';
import { cameraVideo, startStation, waitForVerdict } from './support/station.ts';
import type { InspectionRecord } from '../../workers/lib/db/schema/station.ts';

/** The simulated camera: 24 screws, each held 5 frames, at 10 frames per second. */
const VIDEO = { width: 640, height: 480, fps: 10, frames: 120 };
/** A same-origin script that keeps one core busy, served by the test (the app's CSP allows only its own workers). */
const BURNER = '/__cpu-burner.js';
/** Skip reasons the station gives (the text before the colon). */
const SKIP_KINDS = ['frames dropped', 'over the frame budget', 'frame rate unknown'];

let app: AppHarness;

/** Verdict rows logged since `since` (ms since epoch), oldest first. */
async function verdictsSince(page: Page, since: number): Promise<InspectionRecord[]> {
  const rows = await readStore<InspectionRecord>(page, 'inspections');
  return rows.filter((r) => r.kind === 'verdict' && r.at >= since).sort((a, b) => a.at - b.at);
}

/** Starts `count` workers that each spin a core until `stopBurners`. */
async function startBurners(page: Page, count: number): Promise<void> {
  await page.evaluate(
    ([url, n]) => {
      const w = window as unknown as { burners?: Worker[] };
      w.burners = Array.from({ length: n }, () => new Worker(url));
    },
    [BURNER, count] as const,
  );
}

async function stopBurners(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { burners?: Worker[] };
    for (const worker of w.burners ?? []) worker.terminate();
    w.burners = [];
  });
}

beforeAll(async () => {
  // Service workers are blocked so the test's own route can serve the burner script.
  app = await startStation(cameraVideo(VIDEO).video, { serviceWorkers: 'block' });
  await app.context.route(`**${BURNER}`, (route) =>
    route.fulfill({ contentType: 'text/javascript', body: 'for (;;) {}' }),
  );
  const { page } = app;
  await openScreen(page, app.server.url, '#/projects');
  // The challenger: a tiny network on good screws against cut tips, registered as the next version of
  // the station's own "default" model and given the challenger alias.
  await tipsSnapshot(page);
  await pipeline(page, 'train', { name: 'tiny', config: TINY_TRAIN_CONFIG });
  const registered = await pipeline(page, 'register', { name: 'default' });
  expect(registered['model']).toBe('default@2');
  await pipeline(page, 'promote', { model: 'default@2', alias: 'challenger' });
  // The shipped model deployed on this station: the champion the challenger runs beside.
  await pipeline(page, 'deploy', { model: 'default@1' });
}, 300_000);
afterAll(async () => {
  await app?.close();
});

describe('the challenger in shadow on the station', () => {
  it('judges the champion’s frames unseen and records whether it agrees', async () => {
    const { page } = app;
    await openScreen(page, app.server.url, '#/station');
    await page.getByTestId('station').waitFor();
    await waitForVerdict(page);
    // The challenger loads behind the champion: once it is ready, every judged part carries its answer or a skip.
    await expect
      .poll(async () => (await verdictsSince(page, 0)).some((r) => r.shadow), { timeout: 60_000 })
      .toBe(true);
    const since = Date.now();
    await page.waitForTimeout(5000);
    const live = (await verdictsSince(page, since)).filter((r) => r.part);
    expect(live.length).toBeGreaterThan(0);
    for (const row of live) expect(row.shadow?.label).toBe('default@2');

    // Presses of the manual trigger have no frame rate to protect: the challenger judges each one,
    // whatever else runs on this machine.
    await page.getByTestId('trigger-manual').click();
    const pressed = Date.now();
    for (let i = 0; i < 12; i++) {
      const before = (await verdictsSince(page, pressed)).length;
      await page.getByTestId('station-inspect').click();
      await expect
        .poll(async () => (await verdictsSince(page, pressed)).length, { timeout: 30_000 })
        .toBe(before + 1);
    }
    await page.getByTestId('trigger-continuous').click();
    const rows = (await verdictsSince(page, pressed)).filter((r) => r.part);
    const ran = rows.filter((r) => r.shadow?.ran);
    const agreed = ran.filter((r) => r.shadow?.ran && r.shadow.agrees);
    const skips = live.filter((r) => r.shadow && !r.shadow.ran).length;
    console.log(
      `shadow: continuous ${live.length} parts, ${skips} skipped; manual ${rows.length} parts, challenger ran on ${ran.length}, agreed on ${agreed.length}`,
    );
    expect(rows.length).toBeGreaterThan(6);
    expect(ran.length).toBe(rows.length);
    for (const row of ran) {
      const shadow = row.shadow!;
      if (!shadow.ran) continue;
      expect(row.modelLabel).toBe('default@1');
      expect(shadow.latencyMs).toBeGreaterThan(0);
      expect(['ok', 'ng']).toContain(shadow.verdict);
      // Agreement is the challenger's verdict against the champion's on the same frame.
      if (row.verdict === 'ok' || row.verdict === 'ng')
        expect(shadow.agrees).toBe(shadow.verdict === row.verdict);
      // A disagreement keeps its frame as a thumbnail (each press is its own verdict).
      if (!shadow.agrees) expect(row.hasThumb).toBe(true);
    }
    // The operator sees only the champion.
    expect(await page.getByTestId('station').innerText()).not.toContain('default@2');
  });

  it('skips the challenger under real load and logs why', async () => {
    const { page } = app;
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    // Several spinning threads a core: the station's worker and the page then get a small share of
    // the machine, as on a tablet busy with other apps. How soon the station falls behind depends on
    // the scheduler, so the load stays on until it has skipped the challenger at least once.
    await startBurners(page, Math.max(8, cores * 4));
    const since = Date.now();
    const skippedSince = async () =>
      (await verdictsSince(page, since)).filter((r) => r.verdict !== 'no-part' && r.shadow && !r.shadow.ran);
    try {
      await page.waitForTimeout(5_000);
      await expect
        .poll(async () => (await skippedSince()).length, { timeout: 90_000, interval: 2_000 })
        .toBeGreaterThan(0);
    } finally {
      await stopBurners(page);
    }
    const rows = (await verdictsSince(page, since)).filter((r) => r.verdict !== 'no-part');
    const skipped = rows.filter((r) => r.shadow && !r.shadow.ran);
    const kinds = new Map<string, number>();
    for (const r of skipped)
      if (r.shadow && !r.shadow.ran) {
        const kind = r.shadow.skipped.split(':')[0]!;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
    console.log(
      `shadow under load: ${rows.length} verdicts, ${skipped.length} skipped`,
      Object.fromEntries(kinds),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(skipped.length).toBeGreaterThan(0);
    for (const kind of kinds.keys()) expect(SKIP_KINDS).toContain(kind);
    // The champion still judged every logged frame.
    for (const r of rows) expect(['ok', 'ng', 'out-of-domain']).toContain(r.verdict);
  });

  it('shows agreement, latency, skips and disagreements on the Monitor, and promotes the challenger through the gate', async () => {
    const { page } = app;
    const rows = await verdictsSince(page, 0);
    const ran = rows.filter((r) => r.shadow?.ran);
    const agreed = ran.filter((r) => r.shadow?.ran && r.shadow.agrees).length;
    await openScreen(page, app.server.url, '#/monitor');
    const panel = page.getByTestId('shadow-panel');
    await panel.waitFor();
    await expect.poll(() => panel.getByTestId('shadow-challenger').innerText()).toBe('default@2');
    // The panel's window may hold a few more rows than were read, if the station logged on meanwhile.
    const rate = Number(await panel.getByTestId('shadow-agreement').getAttribute('data-rate'));
    expect(rate).toBeCloseTo(agreed / ran.length, 1);
    expect(Number(await panel.getByTestId('shadow-skips').getAttribute('data-skips'))).toBeGreaterThan(0);
    expect(await panel.getByTestId('shadow-latency').innerText()).toMatch(/\d+(\.\d)? \/ \d+(\.\d)? ms/);
    const disagreements = Number(await panel.getByTestId('shadow-disagreements').getAttribute('data-count'));
    expect(disagreements).toBeGreaterThanOrEqual(ran.length - agreed);
    // Each press in manual mode kept its frame, so a disagreement there has a card with its thumbnail.
    const cards = await panel.getByTestId('shadow-disagreement').count();
    const unkept = Number(await panel.getByTestId('shadow-unkept').getAttribute('data-count'));
    expect(cards + unkept).toBe(Math.min(disagreements, 24 + unkept));
    // From the top of the full page, so the sticky top bar does not cover the panel.
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = (await panel.boundingBox())!;
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'shadow-panel.png'), fullPage: true, clip: box });

    await panel.getByTestId('shadow-promote-open').click();
    // A version that did not pass the gate needs the registry's override and a reason.
    if (await panel.getByTestId('shadow-override').isVisible()) {
      expect(await panel.getByTestId('shadow-promote-confirm').isDisabled()).toBe(true);
      await panel.getByTestId('shadow-override').check();
      await panel.getByTestId('shadow-reason').fill('agrees with the champion in shadow on the line');
    }
    await panel.getByTestId('shadow-promote-confirm').click();
    await panel
      .getByTestId('shadow-promoted')
      .waitFor({ timeout: 60_000 })
      .catch(async (error: unknown) => {
        console.log(app.errors, await page.locator('body').innerText());
        throw error;
      });
    const [model] = (
      await readStore<{ name: string; aliases: Record<string, number> }>(page, 'registeredModels')
    ).filter((m) => m.name === 'default');
    expect(model?.aliases['champion']).toBe(2);
    const [deployed] = await readStore<{ current: { label: string } | null }>(page, 'deployments');
    expect(deployed?.current?.label).toBe('default@2');
    // Champion and challenger are one version now: nothing runs in shadow.
    await expect.poll(() => panel.getByTestId('shadow-promote').count()).toBe(0);

    // On the station the promoted version is watched against its own training snapshot's images.
    const [version] = (
      await readStore<{ id: string; version: number; lineage: { snapshotId: string | null } }>(
        page,
        'modelVersions',
      )
    ).filter((v) => v.id.endsWith('/default@2'));
    expect(version?.lineage.snapshotId).toBeTruthy();
    await openScreen(page, app.server.url, '#/station');
    await waitForVerdict(page, ['ok', 'ng', 'out-of-domain']);
    type Reference = { key: string; source: string; snapshotId: string | null; count: number };
    const reference = async () =>
      (await readStore<Reference>(page, 'driftReferences')).find((r) => r.key === version!.id);
    await expect.poll(async () => (await reference())?.source, { timeout: 60_000 }).toBe('snapshot');
    const built = (await reference())!;
    expect(built.snapshotId).toBe(version!.lineage.snapshotId);
    expect(built.count).toBeGreaterThan(0);
  });
});
