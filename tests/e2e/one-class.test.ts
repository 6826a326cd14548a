import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppHarness } from './support/app.ts';
import { openScreen, pipeline, readStore } from './support/pipeline.ts';

let app: AppHarness;
beforeAll(async () => {
  app = await startApp();
  await openScreen(app.page, app.server.url, '#/projects');
}, 120_000);
afterAll(async () => {
  await app.close();
});

interface StoredRun {
  name: string;
  params: { mode?: string; oneClass?: { targetFalseRejectRate: number } };
  oneClass?: { goodTrainImages: number; ignoredDefectiveTrain: number; fitMs: number };
  evaluation: { auroc: number };
}

describe('a project that learns from good parts only', () => {
  it('is switched to one-class on its scope card', async () => {
    const { page } = app;
    await openScreen(page, app.server.url, '#/scope');
    await page.getByLabel('Good parts only (one-class)').check();
    await page.getByRole('button', { name: 'Save scope' }).click();
    await page.getByText('Scope saved.').waitFor();
    const [project] = await readStore<{ scope: { mode?: string } }>(page, 'projects');
    expect(project!.scope.mode).toBe('one-class');
    await app.screenshot('one-class-scope');
  });

  it('trains from 30 good screws alone and flags the defective ones it never saw', async () => {
    const { page } = app;
    // 50 good screws split 30/10/10, then 24 defective ones of every type split 6/6/12: the six in train
    // are left out of the fit.
    await pipeline(page, 'generate', { count: '50', size: '192', defectRatio: '0', seed: '21' });
    await pipeline(page, 'split', { train: '0.6', validation: '0.2', test: '0.2' });
    await pipeline(page, 'generate', { count: '24', size: '192', defectRatio: '1', seed: '22' });
    await pipeline(page, 'split', { train: '0.25', validation: '0.25', test: '0.5' });
    await pipeline(page, 'snapshot', { name: 'good only v1' });
    // No --mode: the scope card's one-class mode applies.
    const trained = await pipeline(page, 'train', { name: 'good parts' });
    expect(trained['mode']).toBe('one-class');
    expect(trained['oneClass']).toMatchObject({ goodTrainImages: 30, ignoredDefectiveTrain: 6 });
    const run = (await readStore<StoredRun>(page, 'runs')).find((r) => r.name === 'good parts')!;
    expect(run.params).toMatchObject({ mode: 'one-class', oneClass: { targetFalseRejectRate: 0.02 } });
    // Seeds 21 and 22 measured AUROC 1.000; the margin leaves room for another patch scorer, not for
    // one that cannot rank defects above good parts.
    expect(run.evaluation.auroc).toBeGreaterThan(0.9);

    const evaluated = await pipeline(page, 'evaluate', { run: 'good parts' });
    expect(evaluated['mode']).toBe('one-class');
    expect((evaluated['auroc'] as { value: number }).value).toBeGreaterThan(0.9);
    // Seeds 21 and 22 measured AUROC 1.000 and 7 of 12 defects caught at the operating threshold, which
    // sits halfway between the highest good and the lowest defective validation score: the test's
    // slighter defects fall between. Fewer than half caught would mean the threshold or the scorer broke.
    expect((evaluated['recall'] as { value: number }).value).toBeGreaterThan(0.5);
    // Chosen to reject none of the 10 good validation images (2 % of 10 rounds to none); two of the 10 good
    // test images are allowed.
    expect((evaluated['falseRejectRate'] as { value: number }).value).toBeLessThanOrEqual(0.2);
    expect(evaluated['oneClass']).toMatchObject({ targetFalseRejectRate: 0.02 });
    const counts = evaluated['counts'] as { bad: number; total: number };
    expect(counts.total - counts.bad).toBe(10);

    await openScreen(page, app.server.url, '#/train');
    const row = page.getByTestId('run-row').filter({ hasText: 'good parts' });
    await row.locator('.pill', { hasText: 'one-class' }).waitFor();
    expect(await page.getByTestId('one-class-note').innerText()).toContain('2.0 % false rejects');
    await app.screenshot('one-class-train');
  });

  it('shows its false-reject target and lays the anomaly map over each crop in the Evaluate gallery', async () => {
    const { page } = app;
    await openScreen(page, app.server.url, '#/evaluate');
    await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
    await page.getByTestId('evaluation-title').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('one-class-summary').innerText()).toContain('at most 2.0 % false rejects');
    expect(await page.getByTestId('metric-false-reject').innerText()).toContain('target ≤ 2.0 %');
    // Missed defects and false rejects show first; with none, the images near the threshold.
    if (await page.getByRole('button', { name: 'Wrong (0)' }).isVisible())
      await page.getByRole('button', { name: /^Uncertain/ }).click();
    const overlays = page.getByTestId('review-gallery').getByTestId('anomaly-overlay');
    await overlays.first().waitFor();
    // The heat is drawn: some pixels of a flagged crop are red rather than gray.
    const reddish = await overlays.first().evaluate((figure) => {
      const canvas = figure.querySelector('canvas')!;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! > data[i + 2]! + 40) count++;
      return count;
    });
    expect(reddish).toBeGreaterThan(0);
    await page.getByTestId('review-gallery').scrollIntoViewIfNeeded();
    await app.screenshot('one-class-evaluate');
  });

  it('registers and deploys to the station like any model', async () => {
    const { page } = app;
    const registered = await pipeline(page, 'register', { run: 'good parts', name: 'good-parts' });
    expect(registered).toMatchObject({ model: 'good-parts@1', source: 'run' });
    const deployed = await pipeline(page, 'deploy', { model: 'good-parts@1' });
    expect(deployed).toMatchObject({ running: 'good-parts@1', shippedDefault: false });
  });
});
