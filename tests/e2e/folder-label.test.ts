import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp, type AppHarness } from './support/app.ts';
import { screwPng, tempDir } from './support/fixtures.ts';

let app: AppHarness;
beforeEach(async () => {
  app = await startApp();
});
afterEach(async () => {
  await app.close();
});

describe('a folder named after a class', () => {
  it('labels the images in it and the report says which folder gave which label', async () => {
    const { page } = app;
    const dir = join(tempDir(), 'good');
    mkdirSync(dir);
    for (let i = 0; i < 3; i++) writeFileSync(join(dir, `part-${i}.png`), screwPng(700 + i, 'good', 64));
    await page.goto(app.server.url + '/#/data');
    await page.waitForFunction(() => window.screwopsPipeline !== undefined);
    await page.getByTestId('data-summary').waitFor();
    await page.getByTestId('folder-input').setInputFiles(dir);
    await page.getByTestId('import-report').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('folder-labels').innerText()).toMatch(
      /Labeled good from folder good\/: 3 images/,
    );
    expect(Number.parseInt(await page.getByTestId('count-good').innerText(), 10)).toBe(3);
  });
});
