import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, type AppHarness } from './support/app.ts';
import { darker, videoVariant } from './support/drift-video.ts';
import { cameraVideo, exportLog, startStation, waitForVerdict } from './support/station.ts';
import { HEALTH_EVERY_MS } from '../../src/lib/station/health-meter.ts';
import { shiftStart } from '../../workers/lib/station/shift.ts';

/** The simulated camera: a screw every half second at 10 frames per second. */
const VIDEO = { width: 640, height: 480, fps: 10, frames: 60 };

/** What the app stored about one image, read straight from IndexedDB. */
interface StoredFrame {
  sha256: string;
  width: number;
  height: number;
  source: string;
  label: string | null;
  split: string | null;
  provenance: { reason: string; verdict: string; score: number | null; inspectionSeq: number | null };
  row: { kind: string; verdict: string | null; score: number | null } | null;
  snapshot: { label: string | null; split: string | null } | null;
}

/** The stored image `imageId`, the inspection row its provenance names, and its entry in snapshot `name`. */
function readStored(page: Page, imageId: string, snapshotName: string): Promise<StoredFrame> {
  return page.evaluate(
    async ({ imageId, snapshotName }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('screwops');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const get = <T>(store: string, key: IDBValidKey) =>
        new Promise<T>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).get(key);
          request.onsuccess = () => resolve(request.result as T);
          request.onerror = () => reject(request.error);
        });
      const all = <T>(store: string) =>
        new Promise<T[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as T[]);
          request.onerror = () => reject(request.error);
        });
      const image = await get<StoredFrame>('images', imageId);
      const row =
        image.provenance.inspectionSeq === null
          ? null
          : await get<StoredFrame['row']>('inspections', image.provenance.inspectionSeq);
      type Snapshot = {
        name: string;
        entries: Array<{ sha256: string; label: string | null; split: string | null }>;
      };
      const snapshot = (await all<Snapshot>('snapshots')).find((s) => s.name === snapshotName);
      const entry = snapshot?.entries.find((e) => e.sha256 === image.sha256) ?? null;
      db.close();
      return { ...image, row: row ?? null, snapshot: entry && { label: entry.label, split: entry.split } };
    },
    { imageId, snapshotName },
  );
}

/** The provenance of every station frame stored in the project, oldest first. */
function storedProvenance(page: Page): Promise<Array<{ reason: string; verdict: string; at: number }>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('screwops');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const images = await new Promise<Array<{ provenance?: { reason: string; verdict: string; at: number } }>>(
      (resolve, reject) => {
        const request = db.transaction('images').objectStore('images').getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      },
    );
    db.close();
    return images.flatMap((i) => (i.provenance ? [i.provenance] : [])).sort((a, b) => a.at - b.at);
  });
}

async function takeSnapshot(page: Page, name: string): Promise<void> {
  await page.locator('input[name="snapshot-name"]').fill(name);
  await page.getByRole('button', { name: 'Take snapshot' }).click();
  await page.getByTestId('snapshot-row').filter({ hasText: name }).waitFor();
}

describe('the review loop', () => {
  let app: AppHarness;

  beforeAll(async () => {
    app = await startStation(cameraVideo(VIDEO).video);
  });
  afterAll(async () => {
    await app.close();
  });

  it('marks a verdict wrong on the station, labels it from the review queue and finds it in the next snapshot', async () => {
    const { page } = app;
    // A labeled, split and snapshotted project to begin with.
    await openApp(app, '#/data');
    await page.locator('input[name="demo-count"]').fill('30');
    await page.locator('select[name="demo-size"]').selectOption('128');
    await page.getByRole('button', { name: 'Load demo dataset' }).click();
    await page.getByTestId('import-report').waitFor({ timeout: 60_000 });
    await openApp(app, '#/label');
    await page.getByRole('tab', { name: 'Splits & snapshots' }).click();
    await page.getByRole('button', { name: 'Split images' }).click();
    await page.getByTestId('split-table').waitFor();
    await takeSnapshot(page, 'before');

    // On the station, with the manual trigger so the verdict on screen stays: one press, one tap.
    await openApp(app, '#/station');
    await page.getByTestId('station').waitFor();
    await waitForVerdict(page, ['ok', 'ng']);
    const model = await page.getByTestId('station-model').innerText();
    await page.getByTestId('trigger-manual').click();
    const verdict = page.getByTestId('station-verdict');
    for (let press = 0; press < 5; press++) {
      await page.getByTestId('station-inspect').click();
      await page.waitForTimeout(500);
      if (['ok', 'ng'].includes((await verdict.getAttribute('data-verdict')) ?? '')) break;
    }
    const word = await page.getByTestId('station-verdict-word').innerText();
    const score = (await page.getByTestId('station-score').innerText()).match(/score (\d\.\d\d)/)![1];
    const button = page.getByTestId('wrong-button');
    expect(await button.isEnabled()).toBe(true);
    const box = (await button.boundingBox())!;
    // Glove-sized: a big target across the side panel.
    expect(box.height).toBeGreaterThanOrEqual(80);
    expect(box.width).toBeGreaterThanOrEqual(300);
    const started = Date.now();
    await button.click();
    await page.waitForSelector('[data-testid="wrong-confirmation"][data-status="stored"]', {
      timeout: 10_000,
    });
    const confirmation = await button.innerText();
    console.log(`wrong → stored in ${Date.now() - started} ms: ${confirmation.replace(/\s+/g, ' ')}`);
    // It confirms the verdict on screen: the frame stored is the one judged.
    expect(confirmation).toMatch(
      new RegExp(`Saved for review\\s+${word} ${score} at [\\d:]+ → Review queue`),
    );
    await app.screenshot('station-wrong');

    // In the labeling workspace: the frame waits in the review queue with its provenance.
    await page.getByTestId('station-exit').click();
    await openApp(app, '#/label');
    const tab = page.getByTestId('review-tab');
    await expect.poll(() => tab.innerText()).toMatch(/Review queue\s*[1-9]/);
    await tab.click();
    const item = page.locator('[data-testid="review-item"][data-reason="operator"]');
    await expect.poll(() => item.count()).toBe(1);
    const provenance = await item.getByTestId('review-provenance').innerText();
    expect(provenance).toMatch(/Model said (OK|NG)\s+score \d\.\d\d · threshold \d\.\d\d/);
    expect(provenance).toContain(`${model} · station ·`);
    expect(await item.getByTestId('review-reason').innerText()).toBe('Marked wrong by the operator');
    await item.locator('img').waitFor();
    await app.screenshot('review-queue');

    const imageId = (await item.getAttribute('data-image-id'))!;
    const queued = Number((await tab.innerText()).replace(/\D+/g, ''));
    await item.getByTestId('review-label-bad').click();
    await expect.poll(() => item.count()).toBe(0);
    await expect.poll(async () => Number((await tab.innerText()).replace(/\D+/g, ''))).toBe(queued - 1);

    // Through the existing snapshot flow: the frame gets a split and joins the new snapshot.
    await page.getByRole('tab', { name: 'Splits & snapshots' }).click();
    // New images (the station's frames) are split; those that had a split keep it.
    await page.getByRole('button', { name: /^Split \d+ new images$/ }).click();
    await page.getByRole('button', { name: 'Split images', exact: true }).waitFor();
    await takeSnapshot(page, 'after');
    const stored = await readStored(page, imageId, 'after');
    expect(stored).toMatchObject({
      source: 'station',
      label: 'bad',
      width: VIDEO.width,
      height: VIDEO.height,
    });
    expect(stored.snapshot?.label).toBe('bad');
    expect(['train', 'validation', 'test']).toContain(stored.snapshot?.split);
    // The provenance names the exact verdict row the station logged for this frame.
    expect(stored.provenance.reason).toBe('operator');
    expect(stored.row).toMatchObject({
      kind: 'verdict',
      verdict: stored.provenance.verdict,
      score: stored.provenance.score,
    });
    expect(await readStored(page, imageId, 'before').then((s) => s.snapshot)).toBeNull();
    expect(app.errors).toEqual([]);
  });

  it('logs a health row every ten seconds while inspecting, which neither the on-screen log nor the counters count', async () => {
    const { page } = app;
    await openApp(app, '#/station');
    await page.getByTestId('station').waitFor();
    await page.getByTestId('trigger-continuous').click();
    await waitForVerdict(page, ['ok', 'ng']);
    const since = Date.now();
    await page.waitForTimeout(HEALTH_EVERY_MS * 2 + 1500);
    const rows = (await exportLog(page)).filter((r) => Date.parse(r['time']!) >= since);
    const health = rows.filter((r) => r['kind'] === 'health');
    console.log(
      'health rows',
      health.map((r) => [r['health_fps'], r['health_frames_dropped'], r['health_tensors']]),
    );
    expect(health.length).toBeGreaterThanOrEqual(2);
    expect(health.length).toBeLessThanOrEqual(3);
    for (const row of health) {
      expect(row['verdict']).toBe('');
      expect(Number(row['health_seconds'])).toBeGreaterThan(5);
      expect(Number(row['health_fps'])).toBeGreaterThan(1);
      expect(Number(row['health_frames_seen'])).toBeGreaterThanOrEqual(
        Number(row['health_frames_inspected']),
      );
      expect(Number(row['health_tensors'])).toBeGreaterThan(0);
      expect(row['health_backend']).not.toBe('');
    }
    const kinds = await page
      .getByTestId('log-row')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')));
    expect(kinds).not.toContain('health');
    // The manual trigger stops new verdicts, so the counters and the log can be compared at rest.
    await page.getByTestId('trigger-manual').click();
    await page.waitForTimeout(1000);
    const shift = shiftStart(new Date());
    const verdicts = (await exportLog(page)).filter(
      (r) => r['kind'] === 'verdict' && Date.parse(r['time']!) >= shift,
    ).length;
    expect(Number(await page.getByTestId('count-total').innerText())).toBe(verdicts);
  });
});

describe('automatic review samples', () => {
  let app: AppHarness;
  /** The sampling gap set for this test, s: short, so a few seconds of video show the rate limit. */
  const GAP_S = 2;

  beforeAll(async () => {
    app = await startStation(await videoVariant(cameraVideo(VIDEO).video, darker));
  });
  afterAll(async () => {
    await app.close();
  });

  it('keeps out-of-domain frames of a dimmed camera on its own, at most one per gap', async () => {
    const { page } = app;
    await openApp(app, '#/projects');
    await page.evaluate(async (gap) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('screwops');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction('settings', 'readwrite');
      tx.objectStore('settings').put({ key: 'reviewSampleGapSeconds', value: gap });
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    }, GAP_S);
    await openApp(app, '#/station');
    await page.getByTestId('station').waitFor();
    await waitForVerdict(page, ['out-of-domain'], 30_000);
    const since = Date.now();
    await page.waitForTimeout(GAP_S * 1000 * 4 + 500);
    const seconds = (Date.now() - since) / 1000;
    await page.getByTestId('trigger-manual').click();
    await page.waitForTimeout(1000);
    const samples = (await storedProvenance(page)).filter((p) => p.reason === 'out-of-domain');
    console.log(
      `${samples.length} out-of-domain samples in about ${seconds.toFixed(1)} s with a ${GAP_S} s gap`,
    );
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(samples.length).toBeLessThanOrEqual(Math.ceil(seconds / GAP_S) + 2);
    for (const sample of samples) expect(sample.verdict).toBe('out-of-domain');
    for (let i = 1; i < samples.length; i++)
      expect(samples[i]!.at - samples[i - 1]!.at).toBeGreaterThanOrEqual(GAP_S * 1000);

    await page.getByTestId('station-exit').click();
    await openApp(app, '#/label');
    await page.getByTestId('review-tab').click();
    const items = page.locator('[data-testid="review-item"][data-reason="out-of-domain"]');
    await expect.poll(() => items.count()).toBe(samples.length);
    expect(await items.first().getByTestId('review-reason').innerText()).toMatch(/Out of domain/);
    // Why, in the drift check's words: the dimmed frames are darker than the training images.
    expect(await items.first().getByTestId('review-drift').innerText()).toMatch(/brightness/i);
    await items.first().locator('img').waitFor();
    await app.screenshot('review-queue-samples');
  });
});
