import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startApp, type AppHarness } from './support/app.ts';
import { tempDir } from './support/fixtures.ts';
import { runnerSession } from '../../scripts/lib/runner-session.ts';

let app: AppHarness;
beforeEach(async () => {
  app = await startApp();
});
afterEach(async () => {
  await app.close();
});

async function goto(page: Page, url: string, hash: string): Promise<void> {
  await page.goto(`${url}/${hash}`);
  await page.waitForFunction(() => window.screwopsPipeline !== undefined);
  await page.evaluate(() => window.screwopsPipeline!.ready);
}

async function snapshotHash(page: Page, name: string): Promise<string> {
  await page.locator('input[name="snapshot-name"]').fill(name);
  await page.getByRole('button', { name: 'Take snapshot' }).click();
  const row = page.getByTestId('snapshot-row').filter({ hasText: name });
  await row.waitFor();
  return (await row.getByTestId('snapshot-hash').getAttribute('title'))!;
}

describe('splits and snapshots', () => {
  it('splits, snapshots, keeps the hash across a reload, and an exported zip re-imports to an equal hash', async () => {
    const { page } = app;
    await goto(page, app.server.url, '#/data');
    await page.locator('input[name="demo-count"]').fill('60');
    await page.locator('select[name="demo-size"]').selectOption('128');
    await page.getByRole('button', { name: 'Load demo dataset' }).click();
    await page.getByTestId('import-report').waitFor({ timeout: 60_000 });

    await goto(page, app.server.url, '#/label');
    await page.getByRole('tab', { name: 'Splits & snapshots' }).click();
    await page.getByRole('button', { name: 'Split images' }).click();
    await page.getByTestId('split-table').waitFor();
    const train = Number(await page.getByTestId('split-good-train').innerText());
    const test = Number(await page.getByTestId('split-good-test').innerText());
    expect(train).toBeGreaterThan(test);
    // 60 images leave a tiny test split: the gate cannot be trusted and the screen says why.
    expect(await page.getByTestId('gate-warning').innerText()).toMatch(/Wilson lower bound/);
    const hash = await snapshotHash(page, 'v1');
    await app.screenshot('snapshots');

    await page.reload();
    await page.waitForFunction(() => window.screwopsPipeline !== undefined);
    await page.getByRole('tab', { name: 'Splits & snapshots' }).click();
    await page.getByTestId('snapshot-row').first().waitFor();
    expect(await page.getByTestId('snapshot-hash').first().getAttribute('title')).toBe(hash);

    const download = page.waitForEvent('download');
    await page.getByTestId('snapshot-row').first().getByRole('button', { name: 'Export' }).click();
    const zipPath = join(tempDir(), 'export.zip');
    await (await download).saveAs(zipPath);

    await goto(page, app.server.url, '#/projects/new');
    await page.locator('input[name="name"]').fill('Round trip');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByTestId('current-project').filter({ hasText: 'Round trip' }).waitFor();
    await goto(page, app.server.url, '#/data');
    expect(await page.getByTestId('current-project').innerText()).toContain('Round trip');
    await page.getByTestId('file-input').setInputFiles(zipPath);
    expect(await page.getByTestId('import-report').innerText({ timeout: 60_000 })).toContain('60 stored');
    await goto(page, app.server.url, '#/label');
    await page.getByRole('tab', { name: 'Splits & snapshots' }).click();
    expect(await snapshotHash(page, 'imported')).toBe(hash);
  });
});

describe('runner: split, snapshot and export-dataset round trips', () => {
  it('every export format re-imports into a new project with an equal snapshot hash', async () => {
    const session = runnerSession(4700 + (process.pid % 150), { timeoutMs: 150_000 });
    const pipeline = session.json;
    try {
      await pipeline('generate', '--project', 'Source', '--count', '48', '--size', '96', '--seed', '4');
      const split = await pipeline('split', '--seed', '3');
      expect(split['changed']).toBe(48);
      const source = await pipeline('snapshot', '--name', 'v1');
      for (const format of ['mvtec', 'labelstudio']) {
        const out = join(session.profile, `${format}.zip`);
        const exported = await pipeline(
          'export-dataset',
          '--project',
          'Source',
          '--format',
          format,
          '--snapshot',
          'v1',
          '--out',
          out,
        );
        expect(exported['images']).toBe(48);
        const imported = await pipeline('import', out, '--project', `Copy ${format}`);
        expect(imported['accepted']).toBe(48);
        const copy = await pipeline('snapshot', '--name', 'imported');
        expect(copy['snapshotHash'], format).toBe(source['snapshotHash']);
      }
    } finally {
      session.dispose();
    }
  });
});
