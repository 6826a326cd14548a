import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOT_DIR, startApp, type AppHarness } from './support/app.ts';
import { openScreen, pipeline, readStore, TINY_TRAIN_CONFIG } from './support/pipeline.ts';

let app: AppHarness;
beforeAll(async () => {
  app = await startApp();
  await openScreen(app.page, app.server.url, '#/projects');
}, 120_000);
afterAll(async () => {
  await app.close();
});

interface Fold {
  repeat: number;
  fold: number;
  trainCount: number;
  validationCount: number;
  testCount: number;
  tested: string[];
  accuracy: number;
}
interface Summary {
  mean: number;
  lower: number;
  upper: number;
  folds: number;
}

describe('cross-validating a run on a 40-image snapshot', () => {
  it('trains without an override, and k × r folds test every image once per repeat', async () => {
    const { page } = app;
    // 30 good and 10 defective screws of two defect types: a test split of about six images.
    await pipeline(page, 'generate', {
      count: '40',
      size: '128',
      defectRatio: '0.25',
      defectTypes: 'manipulated_front,thread_top',
      seed: '21',
    });
    await pipeline(page, 'split', {});
    await pipeline(page, 'snapshot', { name: 'forty' });
    const [snapshot] = await readStore<{ entries: Array<{ sha256: string; label: string; split: string }> }>(
      page,
      'snapshots',
    );
    const labeled = snapshot!.entries.filter((e) => e.label !== null);
    expect(labeled.filter((e) => e.label === 'bad')).toHaveLength(10);
    expect(labeled.filter((e) => e.split === 'test').length).toBeLessThan(30);

    // The profile lets it train: 10 images of each class are enough to cross-validate.
    const profile = await pipeline(page, 'profile', {});
    const enough = (profile['assertions'] as Array<{ id: string; status: string; message: string }>).find(
      (a) => a.id === 'enough-images',
    )!;
    expect(enough.status).toBe('pass');
    expect(enough.message).toContain('cross-validation on the Evaluate screen');
    await pipeline(page, 'train', { name: 'tiny', config: TINY_TRAIN_CONFIG });

    const data = await pipeline(page, 'evaluate', {
      crossValidate: true,
      folds: '5',
      repeats: '2',
      seed: '3',
      run: 'tiny',
    });
    const perFold = data['perFold'] as Fold[];
    expect(perFold).toHaveLength(10);
    const all = labeled.map((e) => e.sha256).sort();
    for (const repeat of [0, 1]) {
      const tested = perFold.filter((f) => f.repeat === repeat).flatMap((f) => f.tested);
      expect(tested.sort()).toEqual(all);
    }
    for (const f of perFold) {
      expect(f.trainCount + f.validationCount + f.testCount).toBe(40);
      expect(f.testCount).toBe(8);
      expect(f.validationCount).toBeGreaterThan(0);
    }
    const accuracy = (data['summary'] as { accuracy: Summary }).accuracy;
    const mean = perFold.reduce((s, f) => s + f.accuracy, 0) / perFold.length;
    expect(accuracy.mean).toBeCloseTo(mean, 12);
    expect(accuracy.folds).toBe(10);
    expect(accuracy.lower).toBeLessThanOrEqual(accuracy.mean);
    expect(accuracy.upper).toBeGreaterThanOrEqual(accuracy.mean);
    expect(data['interval']).toMatch(/corrected resampled t-interval/);
    expect((data['gate'] as { figure: string }).figure).toBe(
      'accuracy, 5-fold × 2 repeats cross-validated mean',
    );

    // Stored on the run; no fold left a run or a checkpoint behind.
    const runs = await readStore<{ id: string; crossValidation?: { perFold: Fold[] } }>(page, 'runs');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.crossValidation?.perFold).toHaveLength(10);
    expect(await readStore<string>(page, 'checkpoints', 'keys')).toEqual([runs[0]!.id]);
    expect(await readStore<string>(page, 'artifacts', 'keys')).toEqual([runs[0]!.id]);
  });

  it('lets the run’s cross-validated gate stand in for its small test split when its model is promoted', async () => {
    const { page } = app;
    const registered = await pipeline(page, 'register', { run: 'tiny', name: 'screws' });
    const [run] = await readStore<{ crossValidation?: { gate?: { passed: boolean; figure: string } } }>(
      page,
      'runs',
    );
    const cvGate = run!.crossValidation!.gate!;
    expect(cvGate.figure).toMatch(/^accuracy, 5-fold × 2 repeats cross-validated mean \d\.\d{3}$/);
    // Registration evaluates on the run's own test split: a handful of images, too few to show the gate.
    const criteria = (
      registered['evaluation'] as { gate: { criteria: Array<{ id: string; passed: boolean }> } }
    ).gate.criteria;
    expect(criteria.find((c) => c.id === 'sample-size')?.passed).toBe(false);
    const promoted = await page.evaluate(() =>
      window.screwopsPipeline!.run('promote', { model: 'screws@1' }),
    );
    if (cvGate.passed) {
      expect(promoted).toMatchObject({ exitCode: 0 });
      expect((promoted as { summary: string }).summary).toContain('passed the gate by cross-validation');
    } else {
      expect(promoted).toMatchObject({ exitCode: 1 });
      expect((promoted as { summary: string }).summary).toMatch(
        /too small to show it, and its run's cross-validation failed it too \(accuracy, 5-fold/,
      );
    }
    const events = await readStore<{ to: number; override: boolean; gateBasis?: string }>(
      page,
      'aliasEvents',
    );
    expect(events.filter((e) => e.gateBasis === 'cross-validation')).toHaveLength(cvGate.passed ? 1 : 0);
  });

  it('shows the result with its interval and the gate on it on the Evaluate screen', async () => {
    const { page } = app;
    await openScreen(page, app.server.url, '#/evaluate');
    const panel = page.getByTestId('cross-validation');
    await panel.waitFor();
    expect(await panel.getByRole('button', { name: 'Cross-validate (5-fold × 2)' }).count()).toBe(1);
    expect(await page.getByTestId('cv-headline').innerText()).toMatch(
      /^5-fold × 2 repeats: accuracy \d+\.\d % \[\d+\.\d–\d+\.\d %\]$/,
    );
    expect(await page.getByTestId('cv-gate').innerText()).toContain(
      'judged on the accuracy, 5-fold × 2 repeats cross-validated mean',
    );
    await panel.locator('details summary').click();
    expect(await page.getByTestId('cv-folds').locator('tbody tr').count()).toBe(10);
    // Tall enough that the panel needs no scrolling, which would slide it under the sticky header.
    await page.setViewportSize({ width: 1280, height: 2400 });
    await panel.screenshot({ path: join(SCREENSHOT_DIR, 'evaluate-cross-validation.png') });
    expect(app.errors).toEqual([]);
  });
});
