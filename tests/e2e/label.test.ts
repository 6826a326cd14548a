import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, startApp, type AppHarness } from './support/app.ts';
import { unlabeledFolder } from './support/fixtures.ts';

let app: AppHarness;
beforeEach(async () => {
  app = await startApp();
});
afterEach(async () => {
  await app.close();
});

async function importUnlabeled(page: Page, url: string, count: number): Promise<void> {
  await page.goto(url + '/#/data');
  await page.waitForFunction(() => window.screwopsPipeline !== undefined);
  await page.getByTestId('folder-input').setInputFiles(unlabeledFolder(count));
  await page.getByTestId('import-report').waitFor({ timeout: 60_000 });
  await page.goto(url + '/#/label');
  await page.getByTestId('label-progress').waitFor();
}

const labelCount = async (page: Page, name: string) =>
  Number(await page.getByTestId(`label-count-${name}`).innerText());

describe('labeling workspace', () => {
  it('labels with the keyboard only, and undo/redo revert and re-apply', async () => {
    const { page } = app;
    await openApp(app);
    await importUnlabeled(page, app.server.url, 12);
    expect(await page.getByTestId('labeled-count').innerText()).toBe('0 of 12 labeled');
    for (const key of ['1', '1', '2', 'k', '1', 'Enter', '2', '2']) await page.keyboard.press(key);
    await expect.poll(() => page.getByTestId('labeled-count').innerText()).toBe('6 of 12 labeled');
    expect(await labelCount(page, 'good')).toBe(3);
    expect(await labelCount(page, 'bad')).toBe(3);
    // Single-image mode shows the focused image with its provenance.
    expect(await page.getByTestId('single-image').isVisible()).toBe(true);
    await app.screenshot('label-single');

    await page.keyboard.press('u');
    await expect.poll(() => labelCount(page, 'bad')).toBe(2);
    await page.keyboard.press('u');
    await expect.poll(() => labelCount(page, 'bad')).toBe(1);
    await page.keyboard.press('r');
    await expect.poll(() => labelCount(page, 'bad')).toBe(2);

    await page.reload();
    await page.getByTestId('label-progress').waitFor();
    await expect.poll(() => page.getByTestId('labeled-count').innerText()).toBe('5 of 12 labeled');
  });

  it('batch-labels 50 images selected with click and shift-click, as one undoable action', async () => {
    const { page } = app;
    await openApp(app);
    await importUnlabeled(page, app.server.url, 60);
    const thumbs = page.getByTestId('thumb');
    await thumbs.nth(0).click();
    // The grid is virtualised: scroll the 50th image into view before shift-clicking it.
    for (let i = 0; i < 49; i++) await page.keyboard.press('ArrowRight');
    await page.locator('[data-testid="thumb"].focused').click({ modifiers: ['Shift'] });
    expect(await page.getByTestId('selection-count').innerText()).toBe('50 selected');
    await app.screenshot('label-batch-selection');
    await page.keyboard.press('2');
    await expect.poll(() => labelCount(page, 'bad')).toBe(50);
    expect(await page.getByTestId('labeled-count').innerText()).toBe('50 of 60 labeled');

    await page.keyboard.press('u');
    await expect.poll(() => labelCount(page, 'bad')).toBe(0);
    await page.keyboard.press('a');
    expect(await page.getByTestId('selection-count').innerText()).toBe('60 selected');
    await page.keyboard.press('1');
    await expect.poll(() => labelCount(page, 'good')).toBe(60);
  });

  it('renaming a class relabels its images', async () => {
    const { page } = app;
    await openApp(app);
    await importUnlabeled(page, app.server.url, 8);
    await page.keyboard.press('a');
    await page.keyboard.press('2');
    await expect.poll(() => labelCount(page, 'bad')).toBe(8);
    await page.locator('select[name="rename-from"]').selectOption('bad');
    await page.locator('input[name="rename-to"]').fill('defect');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => labelCount(page, 'defect')).toBe(8);
    await page.reload();
    await page.getByTestId('label-progress').waitFor();
    await expect.poll(() => labelCount(page, 'defect')).toBe(8);
  });
});
