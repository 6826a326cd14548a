import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type AppHarness } from './support/app.ts';
import { tempDir } from './support/fixtures.ts';
import { openScreen, pipeline, readStore, tipsSnapshot, TINY_TRAIN_CONFIG } from './support/pipeline.ts';
import { flipLastWeight } from '../../models/bundle/testing.ts';
import { readBundleZip } from '../../models/bundle/zip.ts';

let app: AppHarness;
let dir: string;
/** screws@1's verified bundle, exported from the registry */
let bundlePath: string;
/** screws@1's threshold, as registered */
let threshold: number;
beforeAll(async () => {
  dir = tempDir('screwops-deploy-');
  app = await startApp();
  const { page } = app;
  await openScreen(page, app.server.url, '#/projects');
  // A second model beside the shipped one: good screws against cut tips, a tiny network, seconds to train.
  await tipsSnapshot(page);
  await pipeline(page, 'train', {
    name: 'tiny',
    config: TINY_TRAIN_CONFIG,
  });
  const registered = await pipeline(page, 'register', { name: 'screws' });
  expect(registered['model']).toBe('screws@1');
  threshold = registered['threshold'] as number;
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    pipeline(page, 'export-model', { model: 'screws@1', out: 'screws.zip' }),
  ]);
  bundlePath = join(dir, download.suggestedFilename());
  await download.saveAs(bundlePath);
}, 300_000);
afterAll(async () => {
  await app?.close();
});

/** What the screen says runs now, and what the station's worker answered it has loaded. */
async function running(page: Page): Promise<{ shown: string; loaded: string | null }> {
  const panel = page.getByTestId('current-deployment');
  return {
    shown: await panel.getByTestId('deployed-label').innerText(),
    loaded: await panel.getAttribute('data-loaded'),
  };
}

/** Waits until the station runs `label`: the screen and the worker's loaded model agree. */
async function runs(page: Page, label: string): Promise<void> {
  await expect.poll(() => running(page), { timeout: 60_000 }).toEqual({ shown: label, loaded: label });
}

/** A full-page screenshot from the top, so the sticky top bar sits where people see it. */
async function shot(name: string): Promise<void> {
  await app.page.evaluate(() => window.scrollTo(0, 0));
  await app.screenshot(name);
}

/** The page's identity: a reload gives a new time origin and loses the marker. */
function pageIdentity(page: Page): Promise<{ origin: number; marker: unknown }> {
  return page.evaluate(() => ({
    origin: performance.timeOrigin,
    marker: (window as unknown as { deployMarker?: unknown }).deployMarker,
  }));
}

describe('deploying models to this station', () => {
  it('starts on the shipped default, deploys a version, then a bundle file, and rolls back without a reload', async () => {
    const { page } = app;
    await openScreen(page, app.server.url, '#/deploy');
    await expect
      .poll(() => page.getByTestId('deployed-label').innerText(), { timeout: 60_000 })
      .toBe('Shipped default model');
    await shot('deploy-shipped-default');
    await page.evaluate(() => Object.assign(window, { deployMarker: 'still here' }));
    const identity = await pageIdentity(page);

    await page.getByRole('button', { name: 'Deploy default@1' }).click();
    await runs(page, 'default@1');
    await shot('deploy-screen');

    await page.getByTestId('bundle-input').setInputFiles(bundlePath);
    const fromFile = 'screws@1';
    await runs(page, fromFile);
    expect(await page.getByTestId('current-deployment').innerText()).toContain('bundle file');
    expect(await page.getByTestId('rollback').innerText()).toContain('default@1');

    await page.getByTestId('rollback').click();
    await runs(page, 'default@1');
    expect(await pageIdentity(page)).toEqual(identity);
    const events = page.getByTestId('deploy-event');
    expect(await events.count()).toBe(3);
    expect(await events.first().getAttribute('data-action')).toBe('rollback');
    expect(await events.first().innerText()).toContain(`Rolled back from ${fromFile} to default@1`);
    await shot('deploy-rolled-back');
  }, 180_000);

  it('refuses a tampered bundle while the running model keeps serving', async () => {
    const { page } = app;
    const zip = new Uint8Array(readFileSync(bundlePath));
    const verified = await readBundleZip(zip);
    // One weight's sign flipped and the manifest resealed: only the golden outputs can tell.
    const tampered = await flipLastWeight(zip, verified.bundle);
    const tamperedPath = join(dir, 'tampered.screwops.zip');
    writeFileSync(tamperedPath, tampered);
    const before = await running(page);
    const history = await readStore(page, 'deployEvents', 'keys');
    const versions = await readStore(page, 'modelVersions', 'keys');

    await page.getByTestId('bundle-input').setInputFiles(tamperedPath);
    await expect
      .poll(() => page.getByTestId('notice-error').allInnerTexts(), { timeout: 60_000 })
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/tampered\.screwops\.zip was refused — default@1 keeps serving/),
        ]),
      );
    expect(await running(page)).toEqual(before);
    expect(await readStore(page, 'deployEvents', 'keys')).toEqual(history);
    expect(await readStore(page, 'modelVersions', 'keys')).toEqual(versions);
    await shot('deploy-refused');
  }, 120_000);

  it('deploys a bundle from a URL on a static host', async () => {
    const { page } = app;
    const bytes = readFileSync(bundlePath);
    app.server.overrides.set('/models/line4.screwops.zip', () => bytes);
    const url = `${app.server.url}/models/line4.screwops.zip`;
    await page.getByTestId('bundle-url').fill(url);
    await page.getByRole('button', { name: 'Deploy from URL' }).click();
    await runs(page, 'screws@1');
    const panel = await page.getByTestId('current-deployment').innerText();
    expect(panel).toContain('bundle URL');
    expect(panel).toContain(url);
    expect(app.server.requests).toContain('/models/line4.screwops.zip');
  }, 120_000);

  it('follows the champion of a published registry index, and keeps serving when offline', async () => {
    const { page } = app;
    await page.getByTestId('rollback').click();
    await runs(page, 'default@1');
    const zip = readFileSync(bundlePath);
    const index = {
      format: 'screwops-registry-index',
      formatVersion: 1,
      publishedAt: new Date().toISOString(),
      models: {
        screws: {
          aliases: { champion: 1 },
          versions: {
            '1': {
              file: 'screws-v1.screwops.zip',
              sha256: createHash('sha256').update(zip).digest('hex'),
              size: zip.length,
              threshold,
              createdAt: new Date().toISOString(),
            },
          },
        },
      },
    };
    app.server.overrides.set('/fleet/index.json', () => Buffer.from(JSON.stringify(index)));
    app.server.overrides.set('/fleet/screws-v1.screwops.zip', () => zip);
    const follow = page.getByTestId('follow-alias');
    await follow.getByLabel('Index URL').fill(`${app.server.url}/fleet/index.json`);
    await follow.getByLabel('Model').fill('screws');
    await follow.getByRole('button', { name: 'Follow', exact: true }).click();
    await runs(page, 'screws@1');
    expect(await page.getByTestId('current-deployment').innerText()).toContain('followed index');
    expect(await page.getByTestId('deploy-event').first().getAttribute('data-action')).toBe('follow');
    expect(await follow.innerText()).toContain('Following screws → champion');

    await app.context.setOffline(true);
    try {
      await follow.getByRole('button', { name: 'Check now' }).click();
      await expect
        .poll(() => page.locator('[data-testid^="notice-"]').allInnerTexts(), { timeout: 30_000 })
        .toEqual(expect.arrayContaining([expect.stringMatching(/Offline: .* keeps serving/)]));
    } finally {
      await app.context.setOffline(false);
    }
    expect(await running(page)).toEqual({ shown: 'screws@1', loaded: 'screws@1' });
    await shot('deploy-following');

    // Another screen, after a reload: the nav names the deployed model without opening Deploy.
    await openScreen(page, app.server.url, '#/data');
    await expect
      .poll(() => page.getByRole('navigation', { name: 'Pipeline stages' }).innerText())
      .toContain('Running screws@1');

    // One big button opens the station, whose exit comes back here.
    await openScreen(page, app.server.url, '#/deploy');
    await page.getByTestId('open-station').click();
    await page.getByTestId('station-exit').waitFor();
    expect(new URL(page.url()).hash).toBe('#/station');
    await page.getByTestId('station-exit').click();
    await page.getByTestId('current-deployment').waitFor();
  }, 120_000);
});
