import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type AppHarness } from './support/app.ts';
import { generateScrews, tempDir } from './support/fixtures.ts';
import { openScreen, pipeline } from './support/pipeline.ts';
import { isUncertain } from '../../workers/lib/station/verdict.ts';

let app: AppHarness;
let files: string[];
beforeAll(async () => {
  const dir = generateScrews(['--count', '50', '--size', '128', '--defect-ratio', '0.5', '--seed', '23']);
  files = (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.png'))
    .map((f) => join(dir, f));
  app = await startApp();
  // Any project will do: batch inspection needs an open one, not its images.
  await openScreen(app.page, app.server.url, '#/projects');
  await pipeline(app.page, 'generate', { count: '10', size: '64', seed: '3' });
}, 120_000);
afterAll(async () => {
  await app?.close();
});

interface Cell {
  name: string;
  verdict: string;
  /** the score as shown */
  score: string;
  /** the exact score, from the cell's title */
  exact: number;
}

/** Every cell of the grid, in order. */
function cells(page: Page): Promise<Cell[]> {
  return page.locator('[data-testid="batch-cell"]').evaluateAll((nodes) =>
    nodes.map((node) => ({
      name: node.getAttribute('data-name') ?? '',
      verdict: node.getAttribute('data-verdict') ?? '',
      score: node.querySelector('[data-testid="batch-score"]')?.textContent?.trim() ?? '',
      exact: Number(node.querySelector('[data-testid="batch-score"]')?.getAttribute('title')),
    })),
  );
}

/** Forward passes the infer worker has made since it started. */
function inferences(page: Page): Promise<number> {
  return page.evaluate(async () => (await window.screwopsPipeline!.stationStats()).inferences);
}

/** Moves the threshold slider as a person would, and waits for the value on screen. */
async function setThreshold(page: Page, value: number): Promise<void> {
  await page.getByTestId('batch-threshold').fill(String(value));
  await expect.poll(() => page.getByTestId('batch-threshold-value').innerText()).toBe(value.toFixed(3));
}

describe('batch inspection', () => {
  it('scores 50 images once, reclassifies at any threshold without the model, and exports what the screen shows', async () => {
    const { page } = app;
    expect(files).toHaveLength(50);
    await openScreen(page, app.server.url, '#/deploy');
    await page.getByRole('button', { name: 'Batch inspection' }).click();
    await page.getByTestId('batch-file-input').setInputFiles(files);
    await page
      .getByTestId('batch-grid')
      .waitFor({ timeout: 120_000 })
      .catch(async (e: unknown) => {
        console.log(app.errors, await page.getByTestId('notice-error').allInnerTexts());
        await app.screenshot('batch-failed');
        throw e;
      });
    expect(await page.getByTestId('batch-cell').count()).toBe(50);
    // Loading the deployed model and scoring the batch did not trip over each other.
    expect(await page.getByTestId('notice-error').allInnerTexts()).toEqual([]);

    const before = await cells(page);
    const start = Number(await page.getByTestId('batch-threshold-value').innerText());
    // Every image got a score, and each verdict is the score against the model's threshold.
    for (const cell of before) {
      expect(cell.exact).toBeGreaterThanOrEqual(0);
      expect(cell.verdict).toBe(cell.exact >= start ? 'ng' : 'ok');
      expect(cell.score).toBe(cell.exact.toFixed(3));
    }
    const passes = await inferences(page);
    expect(passes).toBeGreaterThanOrEqual(50);
    await app.screenshot('batch-grid');

    // A threshold between the lowest and highest score splits the batch differently from the start.
    const scores = before.map((c) => c.exact).sort((a, b) => a - b);
    const moved = Number(((scores[10]! + scores[11]!) / 2).toFixed(3));
    await setThreshold(page, moved);
    const after = await cells(page);
    expect(after.map((c) => c.name)).toEqual(before.map((c) => c.name));
    for (const cell of after) expect(cell.verdict).toBe(cell.exact >= moved ? 'ng' : 'ok');
    expect(after.filter((c) => c.verdict === 'ok')).toHaveLength(scores.filter((s) => s < moved).length);
    expect(after.map((c) => c.verdict)).not.toEqual(before.map((c) => c.verdict));
    expect(await page.getByTestId('batch-count-ng').innerText()).toBe(
      `${after.filter((c) => c.verdict === 'ng').length} NG`,
    );
    await setThreshold(page, 0.999);
    expect((await cells(page)).every((c) => c.verdict === (c.exact >= 0.999 ? 'ng' : 'ok'))).toBe(true);
    await setThreshold(page, moved);
    // Not one more forward pass: the verdicts came from the scores already on the page.
    expect(await inferences(page)).toBe(passes);

    // NG only, then the CSV: the same rows, verdicts and scores as the grid.
    await page.getByTestId('batch-filter').getByRole('button', { name: 'NG only' }).click();
    const shown = await cells(page);
    expect(shown.length).toBe(after.filter((c) => c.verdict === 'ng').length);
    expect(shown.every((c) => c.verdict === 'ng')).toBe(true);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('batch-export').click(),
    ]);
    const csvPath = join(tempDir('screwops-batch-'), download.suggestedFilename());
    await download.saveAs(csvPath);
    const [header, ...lines] = readFileSync(csvPath, 'utf8').trim().split('\n');
    expect(header).toBe('file,verdict,score,score_exact,threshold,uncertain,model');
    const rows = lines.map((line) => line.split(','));
    expect(rows.map((r) => r[0])).toEqual(shown.map((c) => c.name));
    expect(rows.map((r) => r[1])).toEqual(shown.map(() => 'NG'));
    expect(rows.map((r) => r[2])).toEqual(shown.map((c) => c.score));
    expect(rows.map((r) => Number(r[3]))).toEqual(shown.map((c) => Number(c.exact.toFixed(6))));
    expect(new Set(rows.map((r) => r[4]))).toEqual(new Set([moved.toFixed(3)]));

    // Uncertain: exactly the images whose score lies in the band around the threshold.
    await page.getByTestId('batch-filter').getByRole('button', { name: 'Uncertain' }).click();
    const band = (await cells(page)).map((c) => c.name);
    const near = after.filter((c) => isUncertain(c.exact, moved)).map((c) => c.name);
    expect(band).toEqual(near);
    expect(await page.getByTestId('batch-count-uncertain').innerText()).toBe(`${near.length} uncertain`);

    await page.getByTestId('batch-filter').getByRole('button', { name: 'All' }).click();
    // A tap on an image shows its exact numbers.
    const first = after[0]!;
    await page.getByRole('button', { name: `Details of ${first.name}` }).click();
    expect(await page.getByTestId('detail-score').innerText()).toBe(first.exact.toFixed(6));
    expect(await page.getByTestId('detail-verdict').innerText()).toBe(first.verdict === 'ng' ? 'NG' : 'OK');
    await app.screenshot('batch-detail');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    // Fewer columns make bigger cells for the shop floor.
    await page.getByTestId('batch-columns').getByRole('button', { name: '4', exact: true }).click();
    const width = await page
      .getByTestId('batch-cell')
      .first()
      .evaluate((n) => n.getBoundingClientRect().width);
    expect(width).toBeGreaterThan(150);
    await app.screenshot('batch-grid-4-columns');
    expect(await inferences(page)).toBe(passes);
  }, 240_000);
});
