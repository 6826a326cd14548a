import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type AppHarness } from './support/app.ts';
import { openScreen, readStore, tipsSnapshot } from './support/pipeline.ts';

/** The app's workers by the name each was started with, on `window`; kept by the script below. */
const WORKERS = '__screwopsE2eWorkers';

/**
 * Remembers each worker the page starts, by name, so the test can talk to the app's own train
 * worker. The app is unchanged: this only observes `new Worker(...)` from the test's side.
 */
async function watchWorkers(page: Page): Promise<void> {
  await page.addInitScript((key) => {
    const byName = new Map<string, Worker>();
    Object.defineProperty(window, key, { value: byName });
    const Native = window.Worker;
    window.Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (options?.name) byName.set(options.name, this);
      }
    };
  }, WORKERS);
}

/**
 * Calls a method of a worker's API with no arguments, the way the app's bridge does: one comlink
 * APPLY message, answered by a message with the same id. Comlink's own `wrap` is not used from the
 * page because releasing (or garbage-collecting) a second proxy would unexpose the app's API.
 */
async function callWorker(page: Page, name: string, method: string): Promise<unknown> {
  return page.evaluate(
    ([key, workerName, path]) => {
      const worker = (window as unknown as Record<string, Map<string, Worker>>)[key]!.get(workerName);
      if (!worker) throw new Error(`The app has not started a "${workerName}" worker.`);
      const id = `e2e-${path}-${performance.now()}`;
      return new Promise((resolve, reject) => {
        const onMessage = (event: MessageEvent<{ id?: string; type: string; value: unknown }>) => {
          if (event.data?.id !== id) return;
          worker.removeEventListener('message', onMessage);
          if (event.data.type === 'RAW') resolve(event.data.value);
          else reject(new Error(`${workerName}.${path}() failed: ${JSON.stringify(event.data.value)}`));
        };
        worker.addEventListener('message', onMessage);
        worker.postMessage({ id, type: 'APPLY', path: [path], argumentList: [] });
      });
    },
    [WORKERS, name, method] as const,
  );
}

let app: AppHarness;
beforeAll(async () => {
  app = await startApp();
  const { page } = app;
  await watchWorkers(page);
  await openScreen(page, app.server.url, '#/projects');
  await tipsSnapshot(page);
});
afterAll(async () => {
  await app.close();
});

async function setForm(page: Page, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) await page.locator(`input[name="${name}"]`).fill(value);
}

const runRows = (page: Page) => page.getByTestId('run-row');

describe('training in the train worker', () => {
  it('trains a small config to well above chance, with live progress and no tensors left behind', async () => {
    const { page } = app;
    await openScreen(page, app.server.url, '#/train');
    await setForm(page, {
      'run-name': 'small A',
      epochs: '8',
      'input-size': '64',
      'base-filters': '8',
      'learning-rate': '0.01',
    });
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.getByTestId('train-progress').waitFor();
    await page.getByTestId('train-backend').waitFor({ timeout: 60_000 });
    await app.screenshot('train-live');
    await runRows(page).filter({ hasText: 'done' }).first().waitFor({ timeout: 180_000 });
    const runs = await readStore<{
      id: string;
      name: string;
      evaluation: { testAccuracy: number; auroc: number };
    }>(page, 'runs');
    const run = runs.find((r) => r.name === 'small A')!;
    // Balanced classes: chance is 0.5.
    expect(run.evaluation.testAccuracy).toBeGreaterThan(0.8);
    expect(run.evaluation.auroc).toBeGreaterThan(0.85);
    // Trained with mirror augmentation (the default), the stored model averages the crop and its mirror.
    const artifacts = await readStore<{ runId: string; bundle: { modelTopology: unknown } }>(
      page,
      'artifacts',
    );
    expect(JSON.stringify(artifacts.find((a) => a.runId === run.id)!.bundle.modelTopology)).toContain(
      '"mirror_mean"',
    );
    // The worker that trained is still up (it idles for minutes): nothing of the run is left in it.
    expect(await callWorker(page, 'train', 'tensorCount')).toBe(0);
  });

  it('cancels, then resumes after a reload and finishes every epoch', async () => {
    const { page } = app;
    await openScreen(page, app.server.url, '#/train');
    await setForm(page, {
      'run-name': 'resumable B',
      epochs: '6',
      'input-size': '64',
      'base-filters': '8',
      'learning-rate': '0.006',
    });
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.getByText(/Epoch 3 of 6/).waitFor({ timeout: 120_000 });
    await page.getByTestId('train-progress').getByRole('button', { name: 'Cancel' }).click();
    const row = runRows(page).filter({ hasText: 'resumable B' });
    await row.filter({ hasText: 'interrupted' }).waitFor({ timeout: 60_000 });

    await page.reload();
    await page.waitForFunction(() => window.screwopsPipeline !== undefined);
    await row.getByRole('button', { name: 'Resume' }).click();
    await row.filter({ hasText: 'done' }).waitFor({ timeout: 180_000 });
    expect(await row.innerText()).toContain('6/6');
  });

  it('compares two runs: overlaid curves, metric deltas and the parameters that differ', async () => {
    const { page } = app;
    await openScreen(page, app.server.url, '#/train');
    await runRows(page).first().waitFor();
    for (const name of ['small A', 'resumable B'])
      await runRows(page).filter({ hasText: name }).getByRole('checkbox').check();
    const compare = page.getByTestId('run-compare');
    await compare.waitFor();
    const diff = await page.getByTestId('param-diff').innerText();
    expect(diff).toContain('epochs');
    expect(diff).toContain('learningRate');
    expect(await compare.locator('tr[data-metric="test accuracy"]').innerText()).toMatch(/\d\.\d{3}/);
    await app.screenshot('train-compare');
  });
});
