import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openApp, startApp, type AppHarness } from './support/app.ts';
import { generateScrews } from './support/fixtures.ts';

let app: AppHarness;
beforeAll(async () => {
  const out = generateScrews([
    '--count',
    '4',
    '--size',
    '128',
    '--video-frames',
    '30',
    '--video-size',
    '640x480',
  ]);
  app = await startApp({
    args: [
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${join(out, 'camera.y4m')}`,
    ],
  });
});
afterAll(async () => {
  await app.close();
});

describe('camera capture', () => {
  it('captures a burst of 5 labeled frames from the fake camera, and they survive a reload', async () => {
    const { page } = app;
    await openApp(app, '#/data');
    await page.getByRole('button', { name: 'Camera' }).click();
    await page.waitForFunction(() => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="camera-video"]');
      return !!video && video.readyState >= 2 && video.videoWidth > 0;
    });
    await page.keyboard.press('2');
    expect(await page.getByTestId('camera-label-bad').getAttribute('class')).toContain('on');
    await page.locator('input[name="burst-count"]').fill('5');
    await page.locator('input[name="burst-fps"]').fill('5');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('b');
    await expect
      .poll(() => page.getByTestId('camera-stored').innerText(), { timeout: 60_000 })
      .toContain('5 frames stored');
    await app.screenshot('camera');
    expect(Number.parseInt(await page.getByTestId('count-bad').innerText(), 10)).toBe(5);

    await page.reload();
    await page.waitForFunction(() => window.screwopsPipeline !== undefined);
    await page.getByTestId('data-summary').waitFor();
    await expect.poll(() => page.getByTestId('count-total').innerText()).toContain('5 images');
    await page.locator('select[name="filter-source"]').selectOption('camera');
    expect(await page.getByTestId('count-shown').innerText()).toContain('5 shown');
  });
});
