import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { startApp, type AppHarness } from './support/app.ts';
import { tempDir } from './support/fixtures.ts';
import { openScreen, pipeline, readStore } from './support/pipeline.ts';
import { encodePng } from '../../workers/lib/png/encode-png.ts';
import { generateScrewImage, planDataset } from '../../workers/lib/synth/screw-generator.ts';

const DEMO = { count: 1000, seed: 1, size: 128, defectRatio: 0.25 };

let app: AppHarness;
/** Both tests start from the demo dataset, split and frozen as snapshot "demo v1". */
beforeAll(async () => {
  app = await startApp();
  const { page } = app;
  await openScreen(page, app.server.url, '#/projects');
  await pipeline(page, 'generate', {
    count: String(DEMO.count),
    size: String(DEMO.size),
    seed: String(DEMO.seed),
  });
  await pipeline(page, 'split', {});
  await pipeline(page, 'snapshot', { name: 'demo v1' });
});
afterAll(async () => {
  await app.close();
});

/** A test-split image re-encoded (other bytes, same pixels) and filed under train, plus a dark blurred screw. */
function injectionZip(original: { name: string; split: string; label: string }): string {
  const item = planDataset(DEMO).find((p) => p.name === original.name.replace(/\.png$/, ''))!;
  const same = generateScrewImage({ seed: item.seed, kind: item.kind, size: DEMO.size });
  const copy = encodePng(same.pixels, same.width, same.height, 1, { filter: 0, level: 1 });
  const dark = generateScrewImage({ seed: 99_001, kind: 'good', size: DEMO.size });
  const pixels = new Uint8Array(dark.pixels.length);
  const w = dark.width;
  // A dark, badly blurred shot: 9x9 box blur, then most of the light gone.
  for (let y = 0; y < w; y++)
    for (let x = 0; x < w; x++) {
      let sum = 0;
      let n = 0;
      for (let j = Math.max(0, y - 4); j <= Math.min(w - 1, y + 4); j++)
        for (let i = Math.max(0, x - 4); i <= Math.min(w - 1, x + 4); i++, n++)
          sum += dark.pixels[j * w + i]!;
      pixels[y * w + x] = Math.round((sum / n) * 0.06);
    }
  const darkPng = encodePng(pixels, w, w, 1);
  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const leakSplit = original.split === 'train' ? 'test' : 'train';
  const manifest = `file,label,split,defect_type,sha256\nleak-copy.png,${original.label},${leakSplit},,${sha(copy)}\ndark-blurred.png,good,train,,${sha(darkPng)}\n`;
  const path = join(tempDir(), 'merge.zip');
  writeFileSync(
    path,
    zipSync({ 'leak-copy.png': copy, 'dark-blurred.png': darkPng, 'manifest.csv': strToU8(manifest) }),
  );
  return path;
}

describe('data profiling and the gate in front of training', () => {
  it('the demo dataset passes every assertion', async () => {
    const { page } = app;
    await openScreen(page, app.server.url, '#/profile');
    await page.getByRole('button', { name: 'Profile this snapshot' }).click();
    await page.getByTestId('profile-verdict').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('profile-verdict').innerText()).toContain('Every assertion passes.');
    expect(
      await page.locator('[data-testid="assertion-results"] tr[data-status="pass"]').count(),
    ).toBeGreaterThanOrEqual(10);
    await app.screenshot('profile-demo');
  });

  it('a leaked duplicate and a dark, blurred image fail the right assertions, name the images, and training is refused until overridden', async () => {
    const { page } = app;
    const all = await readStore<{ fileName: string; split: string; label: string }>(page, 'images');
    const original = all.find((i) => i.split === 'test' && i.label === 'bad')!;
    await openScreen(page, app.server.url, '#/data');
    await page
      .getByTestId('file-input')
      .setInputFiles(injectionZip({ name: original.fileName, split: original.split, label: original.label }));
    expect(await page.getByTestId('import-report').innerText({ timeout: 60_000 })).toContain('2 stored');
    // The merge's manifest places the copy in another split than its original. (Splitting again
    // would heal the leak: duplicate groups are always pulled into one split.)
    await pipeline(page, 'snapshot', { name: 'demo v2 merged' });

    const profile = await pipeline(page, 'profile', {});
    const results = profile['assertions'] as Array<{
      id: string;
      status: string;
      blocking: boolean;
      offending: string[];
    }>;
    const byId = (id: string) => results.find((r) => r.id === id)!;
    expect(byId('no-leakage')).toMatchObject({ status: 'fail', blocking: true });
    expect(byId('no-leakage').offending).toHaveLength(2);
    for (const id of ['brightness', 'sharpness']) {
      expect(byId(id).status, id).toBe('fail');
      expect(byId(id).offending, id).toHaveLength(1);
    }
    expect(byId('enough-images').status).toBe('pass');
    expect(profile['blockingFailures']).toEqual(['no-leakage']);

    await openScreen(page, app.server.url, '#/profile');
    await page.getByTestId('profile-verdict').waitFor();
    expect(await page.getByTestId('profile-verdict').innerText()).toContain('Training is blocked');
    expect(await page.locator('tr[data-assertion="no-leakage"] [data-testid="thumb"]').count()).toBe(2);
    expect(
      await page.locator('tr[data-assertion="brightness"] [data-testid="thumb"]').getAttribute('title'),
    ).toContain('dark-blurred.png');
    await app.screenshot('profile-blocked');

    await openScreen(page, app.server.url, '#/train');
    await page.locator('input[name="epochs"]').fill('1');
    await page.locator('input[name="input-size"]').fill('48');
    await page.locator('input[name="base-filters"]').fill('4');
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.getByTestId('train-refused').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('train-refused').innerText()).toContain('no-leakage');
    await page.locator('input[name="override-reason"]').fill('merged copy reviewed; kept on purpose');
    await page.getByRole('button', { name: 'Train anyway' }).click();
    await page
      .locator('[data-testid="run-row"]', { hasText: 'data gate overridden' })
      .waitFor({ timeout: 180_000 });
    const runs = await readStore<{
      status: string;
      dataGate: { passed: boolean; override: { reason: string } | null; failures: string[] };
    }>(page, 'runs');
    const run = runs[0]!;
    expect(run.dataGate.passed).toBe(false);
    expect(run.dataGate.override?.reason).toBe('merged copy reviewed; kept on purpose');
    expect(run.dataGate.failures[0]).toMatch(/^no-leakage/);
  });
});
