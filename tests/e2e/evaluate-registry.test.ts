import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SCREENSHOT_DIR, startApp, type AppHarness } from './support/app.ts';
import { openScreen, pipeline, readStore, tipsSnapshot, TINY_TRAIN_CONFIG } from './support/pipeline.ts';

let app: AppHarness;
beforeAll(async () => {
  app = await startApp();
  const { page } = app;
  await openScreen(page, app.server.url, '#/projects');
  // Good screws against cut tips, and a tiny network: training takes seconds.
  await tipsSnapshot(page);
  await pipeline(page, 'train', {
    name: 'tiny',
    config: TINY_TRAIN_CONFIG,
  });
}, 240_000);
afterAll(async () => {
  await app.close();
});

/** The four confusion counts as shown. */
async function confusion(page: Page): Promise<Record<'tp' | 'fp' | 'tn' | 'fn', number>> {
  const read = async (cell: string) =>
    Number.parseInt(await page.locator(`[data-testid="confusion"] [data-cell="${cell}"]`).innerText(), 10);
  return { tp: await read('tp'), fp: await read('fp'), tn: await read('tn'), fn: await read('fn') };
}

/** The big number of a metric card, 0..1. */
async function metric(page: Page, id: string): Promise<number> {
  const text = await page.getByTestId(id).locator('.value').innerText();
  return Number.parseFloat(text) / 100;
}

const pastRows = (page: Page) => page.getByTestId('past-evaluations').locator('tbody tr');
const versionRow = (page: Page, label: string) =>
  page.locator(`[data-testid="version-row"][data-version="${label}"]`);

describe('evaluating a model and managing it in the registry', () => {
  it('evaluates the run on its test split and shows every figure with its interval', async () => {
    const { page } = app;
    await openScreen(page, app.server.url, '#/evaluate');
    await expect.poll(() => page.locator('select[name="model"]').inputValue()).toMatch(/^run:/);
    expect(await page.getByTestId('images-hint').innerText()).toContain('test split');
    await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
    await page.getByTestId('evaluation-title').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('evaluation-title').innerText()).toContain('test split');

    const counts = await confusion(page);
    const [stored] = await readStore<{ report: { report: { images: { total: number } } } }>(
      page,
      'evaluations',
    );
    expect(counts.tp + counts.fp + counts.tn + counts.fn).toBe(stored!.report.report.images.total);
    for (const id of ['metric-recall', 'metric-false-reject', 'metric-accuracy', 'metric-f1'])
      expect(await page.getByTestId(id).innerText()).toMatch(/\d+\.\d–\d+\.\d %/);
    expect(await page.getByRole('img', { name: /^ROC: AUROC [01]\.\d{3}/ }).count()).toBe(1);
    expect(await page.getByTestId('gate').innerText()).toMatch(/Gate (passed|failed)/);
    expect(await page.getByTestId('latency').innerText()).toMatch(/p50 \d+\.\d ms/);
    expect(await pastRows(page).count()).toBe(1);
    await app.screenshot('evaluate-report');
  });

  it('moves the threshold and every figure follows, without evaluating again', async () => {
    const { page } = app;
    const slider = page.getByTestId('threshold-slider');
    await slider.fill('0.02');
    const low = { counts: await confusion(page), recall: await metric(page, 'metric-recall') };
    const lowLine = await page.getByTestId('threshold-line').getAttribute('x1');
    expect(await page.getByTestId('threshold-value').innerText()).toBe('0.020');
    await slider.fill('0.98');
    const high = { counts: await confusion(page), recall: await metric(page, 'metric-recall') };
    // A lower threshold flags more: at least as many caught defects and false rejects.
    expect(low.counts.tp + low.counts.fp).toBeGreaterThan(high.counts.tp + high.counts.fp);
    expect(low.recall).toBeGreaterThanOrEqual(high.recall);
    expect(low.counts.fp).toBeGreaterThanOrEqual(high.counts.fp);
    expect(await page.getByTestId('threshold-line').getAttribute('x1')).not.toBe(lowLine);
    // Nothing was scored again: still the one stored evaluation.
    expect(await pastRows(page).count()).toBe(1);
    expect((await readStore(page, 'evaluations')).length).toBe(1);

    await page.locator('input[name="target-recall"]').fill('100');
    await page.locator('input[name="target-recall"]').press('Enter');
    const problem = page.getByTestId('target-problem');
    if (await problem.isVisible()) expect(await problem.innerText()).not.toBe('');
    else expect(await metric(page, 'metric-recall')).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Reset threshold' }).click();
    expect(await page.getByRole('button', { name: 'Reset threshold' }).isDisabled()).toBe(true);
  });

  it('registers the run at a moved threshold, with the gate verdict at that threshold', async () => {
    const { page } = app;
    // Flagging every screw is certain to fail the gate, whatever the small model learned.
    await page.getByTestId('threshold-slider').fill('0');
    expect(await page.getByTestId('gate-verdict').innerText()).toBe('Gate failed');
    // Every good image is wrong now; relabeling one is an ordinary label edit.
    const item = page.getByTestId('review-item').first();
    const imageId = await item.getAttribute('data-image-id');
    expect(await item.innerText()).toContain('Truth: good');
    await item.getByRole('button', { name: 'Label bad' }).click();
    await item.getByRole('status').waitFor();
    expect(await item.getByRole('status').innerText()).toContain('now shows so in Label');
    const stored = await readStore<{ id: string; label: string }>(page, 'images');
    expect(stored.find((i) => i.id === imageId)!.label).toBe('bad');
    await item.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/evaluate-review.png` });

    await page.locator('input[name="model-name"]').fill('default');
    await page.getByTestId('register').getByRole('button', { name: 'Register' }).click();
    await page.getByTestId('registered').waitFor();
    expect(await page.getByTestId('registered').innerText()).toContain('default@2');
    const versions = await readStore<{ version: number; threshold: number; gatePassed: boolean }>(
      page,
      'modelVersions',
    );
    expect(versions.find((v) => v.version === 2)).toMatchObject({ threshold: 0, gatePassed: false });
  });

  it('promotes it past the gate only with an override, then rolls back to default@1', async () => {
    const { page } = app;
    await openScreen(page, app.server.url, '#/registry');
    const row = versionRow(page, 'default@2');
    await row.waitFor();
    expect(await page.getByTestId('champion-badge').innerText()).toContain('default@1');
    expect((await row.getByTestId('gate').innerText()).trim()).toBe('failed');
    await row.getByRole('button', { name: 'Promote to champion' }).click();
    const form = page.getByTestId('promote-form');
    // The form says why before it is asked: the version's evaluation failed the gate.
    await expect
      .poll(() => form.getByTestId('promote-gate').innerText())
      .toMatch(/default@2 failed the promotion gate/);
    await form.screenshot({ path: `${SCREENSHOT_DIR}/registry-promote-gate.png` });
    // Asked plainly, the registry refuses and says why.
    await form.getByRole('button', { name: 'Promote', exact: true }).click();
    const notice = page.getByTestId('notice-error').last();
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(
      /default@2 failed the promotion gate\b.*It cannot become champion unless promoted with an override/s,
    );
    expect(await page.getByTestId('champion-badge').innerText()).toContain('default@1');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await form.locator('input[name="override"]').check();
    await form.locator('input[name="reason"]').fill('line trial on cut tips');
    await form.getByRole('button', { name: 'Promote with override' }).click();
    await expect.poll(() => page.getByTestId('champion-badge').innerText()).toContain('default@2');
    const latest = page.getByTestId('alias-event').first();
    expect(await latest.innerText()).toContain('line trial on cut tips');
    expect(await latest.locator('.pill', { hasText: 'override' }).count()).toBe(1);
    const events = await readStore<{ to: number; override: boolean; reason: string }>(page, 'aliasEvents');
    expect(events.find((e) => e.to === 2)).toMatchObject({
      override: true,
      reason: 'line trial on cut tips',
    });

    await row.getByRole('button', { name: 'Model card' }).click();
    const card = page.getByTestId('model-card');
    await card.getByTestId('known-limits').waitFor();
    expect(await card.getByTestId('known-limits').innerText()).toContain('demo generator');
    expect(await card.getByTestId('known-limits').innerText()).toContain('Did not pass the promotion gate');
    expect(await card.getByTestId('card-overrides').innerText()).toContain('line trial on cut tips');

    // The champion cannot be deleted; the refusal says so.
    await row.getByRole('button', { name: 'Delete' }).click();
    await expect
      .poll(() => page.getByTestId('notice-error').last().innerText())
      .toContain('is the champion and cannot be deleted');

    await versionRow(page, 'default@1').getByRole('checkbox').check();
    await row.getByRole('checkbox').check();
    await page.getByTestId('version-compare').waitFor();
    // The evaluations are read after the table appears.
    await expect
      .poll(() => page.getByTestId('version-compare').locator('tr[data-metric="recall"]').innerText())
      .toMatch(/\d+\.\d %/);
    expect(await page.getByTestId('version-compare').innerText()).not.toContain('reading…');
    await page.evaluate(() => window.scrollTo(0, 0));
    await app.screenshot('registry');

    await page.getByRole('button', { name: 'Roll back champion' }).click();
    expect(await page.locator('input[name="rollback-reason"]').inputValue()).toBe('rollback');
    await page.getByRole('button', { name: 'Roll back', exact: true }).click();
    await expect.poll(() => page.getByTestId('champion-badge').innerText()).toContain('default@1');
    expect(await page.getByTestId('alias-event').first().innerText()).toMatch(
      /default@2 → default@1\s+rollback/,
    );
  });

  it('evaluates on a second, differently seeded snapshot with all its images', async () => {
    const { page } = app;
    await pipeline(page, 'generate', {
      count: '80',
      size: '128',
      defectRatio: '0.5',
      defectTypes: 'manipulated_front',
      seed: '29',
    });
    await pipeline(page, 'split', {});
    const second = await pipeline(page, 'snapshot', { name: 'tips v2' });
    await openScreen(page, app.server.url, '#/evaluate');
    await expect.poll(() => page.locator('select[name="model"]').inputValue()).toMatch(/^run:/);
    await page.locator('select[name="snapshot"]').selectOption(String(second['snapshotId']));
    await page.getByRole('button', { name: 'All images' }).click();
    expect(await page.getByTestId('images-hint').innerText()).toContain('never saw');
    // Done when one more evaluation is listed (registering at a moved threshold stored one too); a new
    // error notice ends the wait with its message.
    await expect.poll(() => pastRows(page).count()).toBeGreaterThan(1);
    const evaluations = await pastRows(page).count();
    const notices = await page.getByTestId('notice-error').count();
    await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
    await page.waitForFunction(
      ([rows, errors]) =>
        document.querySelectorAll('[data-testid="past-evaluations"] tbody tr').length > rows! ||
        document.querySelectorAll('[data-testid="notice-error"]').length > errors!,
      [evaluations, notices],
      { timeout: 150_000 },
    );
    const failure = page.getByTestId('notice-error');
    if ((await failure.count()) > notices) throw new Error(await failure.last().innerText());
    const title = await page.getByTestId('evaluation-title').innerText();
    expect(title).toContain('tips v2');
    expect(title).toContain(`all labeled images: ${String(second['images'])} images`);
    await app.screenshot('evaluate-second-snapshot');
    // Only the two refusals asked for above were logged.
    expect(app.errors.filter((e) => !/cannot become champion|cannot be deleted/.test(e))).toEqual([]);
  }, 300_000);
});
