import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type AppHarness } from './support/app.ts';
import { tempDir } from './support/fixtures.ts';
import { openScreen, pipeline, readStore } from './support/pipeline.ts';
import { flipLastWeight } from '../../models/bundle/testing.ts';
import { readBundleZip } from '../../models/bundle/zip.ts';

// Good screws against cut tips: a small network learns them in seconds, well enough to pass the gate.
const DATA = { count: '400', size: '128', defectRatio: '0.5', defectTypes: 'manipulated_front', seed: '11' };
const TRAIN = 'epochs: 12\ninputSize: 64\nbaseFilters: 8\nlearningRate: 0.01\nearlyStoppingPatience: 12\n';

let app: AppHarness;
let dir: string;
beforeAll(() => {
  dir = tempDir('screwops-transfer-');
});
afterAll(async () => {
  await app?.close();
});

/** The same seeded images, split and frozen: equal content gives an equal snapshot on any device. */
async function sameData(page: Page): Promise<void> {
  await pipeline(page, 'generate', DATA);
  await pipeline(page, 'split', {});
  await pipeline(page, 'snapshot', { name: 'line 1' });
}

/** Per-image P(bad) of an evaluation, by image id. */
function scoresOf(data: Record<string, unknown>, rows: Array<{ imageId: string; score: number }>) {
  expect(data['counts']).toBeTruthy();
  return Object.fromEntries(rows.map((r) => [r.imageId.split('/')[1], r.score]));
}

async function lastRows(page: Page): Promise<Array<{ imageId: string; score: number }>> {
  const records = await readStore<{
    createdAt: number;
    report: { rows: Array<{ imageId: string; score: number }> };
  }>(page, 'evaluations');
  return records.sort((a, b) => b.createdAt - a.createdAt)[0]!.report.rows;
}

describe('moving a registered model to another device', () => {
  it('a model that passed the gate is promoted, exported, and after all site data is cleared imported with identical scores; a tampered copy is refused', async () => {
    app = await startApp();
    const { page } = app;
    await openScreen(page, app.server.url, '#/projects');
    await sameData(page);
    await pipeline(page, 'train', { name: 'tiny', config: TRAIN });
    const registered = await pipeline(page, 'register', { name: 'screws' });
    expect(registered['model']).toBe('screws@1');
    const { gate } = registered['evaluation'] as {
      gate: { criteria: Array<{ passed: boolean; message: string }> };
    };
    // Any failed criterion is named here, so a failure says why.
    expect(gate.criteria.filter((c) => !c.passed).map((c) => c.message)).toEqual([]);
    expect(registered['gatePassed']).toBe(true);
    const promoted = await pipeline(page, 'promote', { model: 'screws@1' });
    expect(promoted['aliases']).toEqual(['champion']);
    const before = await pipeline(page, 'evaluate', { model: 'screws@1', images: 'test' });
    const beforeScores = scoresOf(before, await lastRows(page));

    // Export through the Registry screen, as a person would.
    await openScreen(page, app.server.url, '#/registry');
    const row = page.locator('[data-testid="version-row"][data-version="screws@1"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'Export bundle' }).click(),
    ]);
    const bundlePath = join(dir, download.suggestedFilename());
    await download.saveAs(bundlePath);
    expect(download.suggestedFilename()).toBe('screws-v1.screwops.zip');
    const zip = new Uint8Array(readFileSync(bundlePath));
    const verified = await readBundleZip(zip);
    expect(verified.bundle.metadata.threshold).toBe(registered['threshold']);
    expect(verified.bundle.metadata.modelCard?.summary).toContain('screws@1');

    // Clear all site data, with no page of the app open: the database, caches and service worker go.
    await page.goto('about:blank');
    const cdp = await app.context.newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: app.server.url, storageTypes: 'all' });
    await openScreen(page, app.server.url, '#/projects');
    expect(await readStore(page, 'modelVersions')).toEqual([]);

    await sameData(page);
    await openScreen(page, app.server.url, '#/registry');
    await page.getByRole('textbox', { name: 'Registered model name' }).fill('screws');
    await page.locator('[data-testid="registry-actions"] input[type="file"]').setInputFiles(bundlePath);
    await page.locator('[data-testid="version-row"][data-version="screws@1"]').waitFor({ timeout: 60_000 });
    const after = await pipeline(page, 'evaluate', { model: 'screws@1', images: 'test' });
    expect(scoresOf(after, await lastRows(page))).toEqual(beforeScores);
    expect(after['accuracy']).toEqual(before['accuracy']);
    expect(after['auroc']).toEqual(before['auroc']);
    expect((after['threshold'] as { value: number }).value).toBe(
      (before['threshold'] as { value: number }).value,
    );

    // A tampered copy: the sign of one weight flipped and the manifest resealed, so only the golden check can tell.
    const tampered = await flipLastWeight(zip, verified.bundle);
    const tamperedPath = join(dir, 'tampered.zip');
    writeFileSync(tamperedPath, tampered);
    const versionsBefore = await readStore(page, 'modelVersions', 'keys');
    await page.locator('[data-testid="registry-actions"] input[type="file"]').setInputFiles(tamperedPath);
    await expect
      .poll(() => page.getByTestId('notice-error').allInnerTexts(), { timeout: 60_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/refused and nothing was stored/)]));
    expect(await readStore(page, 'modelVersions', 'keys')).toEqual(versionsBefore);
    await app.screenshot('registry-import-refused');
  }, 300_000);
});
