import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, startApp, type AppHarness } from './support/app.ts';

let app: AppHarness;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app.close();
});

describe('diagnostics', () => {
  it('shows backends that ran a real tensor op inside a worker, and the main thread never loads tfjs', async () => {
    const { page } = app;
    await openApp(app, '#/diagnostics');
    await page.getByTestId('backend-reason').waitFor({ timeout: 120_000 });
    const workingRows = page.locator('[data-testid="backend-table"] tbody tr', { hasText: 'works' });
    expect(await workingRows.count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('tr[data-backend="wasm"]').innerText()).toContain('works');
    expect(await page.getByTestId('backend-reason').innerText()).toMatch(/Chosen: (wasm|webgl|webgpu|cpu)\./);

    // The worker's engine holds the chosen backend; the page's global scope has no tfjs engine at all.
    const mainThread = await page.evaluate(() => ({
      engine: '_tfengine' in globalThis,
      tf: 'tf' in globalThis,
      workers: performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => n.includes('infer.worker')),
    }));
    expect(mainThread.engine).toBe(false);
    expect(mainThread.tf).toBe(false);
    expect(mainThread.workers.length).toBeGreaterThan(0);
    const infer = page.workers().find((w) => w.url().includes('infer.worker'));
    expect(infer, 'the infer worker is running').toBeDefined();
    expect(await infer!.evaluate(() => '_tfengine' in globalThis)).toBe(true);
    await app.screenshot('diagnostics');
  });

  it('the probe result says the check op returned the right value on each working backend', async () => {
    await openApp(app, '#/diagnostics');
    const report = await app.page.evaluate(() =>
      window.screwopsPipeline!.run('diagnostics', { backend: 'auto' }),
    );
    if (!('data' in report)) throw new Error(report.error);
    const backends = report.data['backends'] as Array<{
      backend: string;
      available: boolean;
      inferMedianMs: number | null;
    }>;
    expect(backends.map((b) => b.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    for (const b of backends.filter((x) => x.available)) expect(b.inferMedianMs).toBeGreaterThan(0);
  });

  it('the user can force a backend and the choice persists', async () => {
    const { page } = app;
    await openApp(app, '#/diagnostics');
    await page.getByTestId('backend-reason').waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'cpu', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('backend-reason').innerText(), { timeout: 120_000 })
      .toContain('cpu was chosen by the user');
    await page.reload();
    await page.waitForFunction(() => window.screwopsPipeline !== undefined);
    await page.getByTestId('backend-reason').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('backend-reason').innerText()).toContain('cpu was chosen by the user');
    await page.getByRole('button', { name: 'Fastest (auto)' }).click();
  });
});
