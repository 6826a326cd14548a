import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { startApp, type AppHarness } from './support/app.ts';
import { readStore } from './support/pipeline.ts';
import { badFilesFolder, generateScrews, labelStudioFolder, tempDir } from './support/fixtures.ts';

let app: AppHarness;
beforeEach(async () => {
  app = await startApp();
});
afterEach(async () => {
  await app.close();
});

async function openData(page: Page, url: string): Promise<void> {
  await page.goto(url + '/#/data');
  await page.waitForFunction(() => window.screwopsPipeline !== undefined);
  await page.getByTestId('data-summary').waitFor();
}

async function waitForReport(page: Page): Promise<string> {
  await page.getByTestId('import-report').waitFor({ timeout: 120_000 });
  return page.getByTestId('import-report').innerText();
}

const count = async (page: Page, id: string) => Number.parseInt(await page.getByTestId(id).innerText(), 10);

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('data extraction and loading', () => {
  it('imports a folder with its labels, then a zip, and everything is still there after a reload', async () => {
    const { page } = app;
    const folder = generateScrews([
      '--count',
      '24',
      '--defect-ratio',
      '0.25',
      '--size',
      '128',
      '--seed',
      '5',
      '--video-frames',
      '0',
    ]);
    await openData(page, app.server.url);
    await page.getByTestId('folder-input').setInputFiles(folder);
    const report = await waitForReport(page);
    expect(report).toContain('24 stored');
    expect(await count(page, 'count-good')).toBe(18);
    expect(await count(page, 'count-bad')).toBe(6);

    const mvtec = generateScrews([
      '--count',
      '20',
      '--size',
      '128',
      '--seed',
      '9',
      '--layout',
      'mvtec',
      '--video-frames',
      '0',
    ]);
    const entries: Record<string, Uint8Array> = {};
    for (const file of listFiles(mvtec).filter((f) => f.endsWith('.png')))
      entries['screws/' + relative(mvtec, file)] = readFileSync(file);
    const zipPath = join(tempDir(), 'mvtec-screws.zip');
    writeFileSync(zipPath, zipSync(entries));
    await page.getByRole('button', { name: 'Dismiss' }).first().click();
    await page.getByTestId('file-input').setInputFiles(zipPath);
    expect(await waitForReport(page)).toContain('20 stored');
    expect(await count(page, 'count-total')).toBe(44);
    await page.locator('select[name="filter-defect"]').selectOption({ index: 1 });
    expect(await count(page, 'count-shown')).toBeGreaterThan(0);
    await app.screenshot('data-browser');

    await page.reload();
    await page.waitForFunction(() => window.screwopsPipeline !== undefined);
    await expect.poll(() => count(page, 'count-total')).toBe(44);
    expect((await count(page, 'count-good')) + (await count(page, 'count-bad'))).toBe(44);
  });

  it('imports the Label Studio JSON-MIN export with its 40 images: 30 good and 10 bad', async () => {
    const { page } = app;
    const { files, exportPath } = labelStudioFolder();
    await openData(page, app.server.url);
    await page.getByTestId('file-input').setInputFiles([...files, exportPath]);
    const report = await waitForReport(page);
    expect(report).toContain('40 stored');
    expect(report).toContain('40 labeled');
    expect(await count(page, 'count-good')).toBe(30);
    expect(await count(page, 'count-bad')).toBe(10);
    expect(await count(page, 'count-unlabeled')).toBe(0);
  });

  it('counts duplicates on a second import and reports label conflicts without storing them', async () => {
    const { page } = app;
    const { files, exportPath } = labelStudioFolder();
    await openData(page, app.server.url);
    await page.getByTestId('file-input').setInputFiles([...files, exportPath]);
    await waitForReport(page);
    await page.getByRole('button', { name: 'Dismiss' }).first().click();
    await page.getByTestId('file-input').setInputFiles(files);
    const again = await waitForReport(page);
    expect(again).toContain('0 stored');
    expect(again).toContain('40 duplicates skipped');

    // The same pictures, now filed under the opposite class folders.
    const relabel = join(tempDir(), 'relabel');
    for (const [folder, name] of [
      ['good', 'manipulated_front001.png'],
      ['bad', 'ok001.png'],
    ] as const) {
      mkdirSync(join(relabel, folder), { recursive: true });
      copyFileSync(
        files.find((f) => f.endsWith(name))!,
        join(relabel, folder, name),
      );
    }
    await page.getByRole('button', { name: 'Dismiss' }).first().click();
    await page.getByTestId('folder-input').setInputFiles(relabel);
    const conflicts = await waitForReport(page);
    expect(conflicts).toContain('2 label conflicts');
    expect(conflicts).toMatch(/already stored as "bad", here labeled "good"/);
    expect(await count(page, 'count-total')).toBe(40);
    expect(await count(page, 'count-good')).toBe(30);
  });

  it('an interrupted import resumes where it stopped, without duplicates', async () => {
    const { page } = app;
    await openData(page, app.server.url);
    await page.locator('input[name="demo-count"]').fill('90');
    await page.locator('select[name="demo-size"]').selectOption('128');
    await page.getByRole('button', { name: 'Load demo dataset' }).click();
    await page.waitForFunction(() =>
      /^\s*(3[3-9]|[4-8]\d)\b/.test(
        document.querySelector('[data-testid="import-progress"] p')?.textContent ?? '',
      ),
    );
    await page.getByTestId('import-progress').getByRole('button', { name: 'Cancel' }).click();
    const cancelled = await waitForReport(page);
    expect(cancelled).toContain('Import cancelled');
    const first = await count(page, 'count-accepted');
    expect(first).toBeGreaterThan(30);
    expect(first).toBeLessThan(90);

    await page.getByRole('button', { name: 'Load demo dataset' }).click();
    const resumed = await waitForReport(page);
    expect(resumed).toContain('Import finished');
    expect(resumed).toContain(`${90 - first} stored`);
    expect(resumed).toContain(`${first} already imported earlier`);
    expect(resumed).toContain('0 duplicates skipped');
    expect(await count(page, 'count-total')).toBe(90);
  });

  it('rejects every bad file with its reason while the good ones land', async () => {
    const { page } = app;
    const { dir, good, bad } = badFilesFolder();
    await openData(page, app.server.url);
    await page.getByTestId('folder-input').setInputFiles(dir);
    await waitForReport(page);
    const showAll = page.getByRole('button', { name: /Show all/ });
    if (await showAll.count()) await showAll.click();
    const rows = await page.locator('[data-testid="rejections"] tbody tr').allInnerTexts();
    for (const [file, reason] of Object.entries(bad)) {
      const row = rows.find((r) => r.split('\t')[0]!.endsWith(file));
      expect(row, `a rejection row for ${file}`).toBeDefined();
      expect(row!.split('\t')[1], `the reason for ${file}`).toMatch(reason);
    }
    expect(await count(page, 'count-accepted')).toBe(good.length);
    expect(await count(page, 'count-total')).toBe(good.length);
    await app.screenshot('data-rejections');
  });

  it('a full disk stops the import cleanly and what already landed stays whole', async () => {
    const { page, context } = app;
    // A 9 MB quota for this origin: the first batch (32 images of 512 px, about 6 MB) fits, the second does not, set before its storage is first opened (Chromium applies it then).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: app.server.url, quotaSize: 9_000_000 });
    await openData(page, app.server.url);
    await page.locator('input[name="demo-count"]').fill('60');
    await page.locator('select[name="demo-size"]').selectOption('512');
    await page.getByRole('button', { name: 'Load demo dataset' }).click();
    const report = await waitForReport(page);
    expect(report).toMatch(/storage is full/i);
    const stored = await count(page, 'count-accepted');
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(60);
    // Every stored image has its bytes: no record was half-written.
    const [images, blobs] = [
      await readStore<string>(page, 'images', 'keys'),
      await readStore<string>(page, 'blobs', 'keys'),
    ];
    const whole = {
      images: images.length,
      blobs: blobs.length,
      same: images.every((k) => blobs.includes(k)),
    };
    expect(whole).toEqual({ images: stored, blobs: stored, same: true });
    await app.screenshot('data-storage-full');
  });
});
