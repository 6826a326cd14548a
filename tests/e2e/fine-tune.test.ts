import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppHarness } from './support/app.ts';
import { openScreen, pipeline, readStore } from './support/pipeline.ts';

/**
 * A few hundred demo screws, split so that the train split holds about 40 images (three good to one
 * defective) and the rest judges: the few-shot case.
 */
const DATA = { count: '300', size: '128', defectRatio: '0.25', seed: '23' };
const SPLIT = { train: '0.14', validation: '0.08', test: '0.78', seed: '3' };
/** The same short schedule for both runs; only the start differs. */
const CONFIG = 'epochs: 6\nseed: 4\nearlyStoppingPatience: 0\n';
const OVERRIDE = 'few-shot comparison: the small train split is the point';

let app: AppHarness;
let scratch: Record<string, unknown>;
let tuned: Record<string, unknown>;
beforeAll(async () => {
  app = await startApp();
  const { page } = app;
  await openScreen(page, app.server.url, '#/projects');
  await pipeline(page, 'generate', DATA);
  await pipeline(page, 'split', SPLIT);
  await pipeline(page, 'snapshot', { name: 'few shot' });
  scratch = await pipeline(page, 'train', {
    name: 'scratch',
    config: CONFIG,
    from: 'scratch',
    override: OVERRIDE,
  });
  tuned = await pipeline(page, 'train', { name: 'tuned', config: CONFIG, override: OVERRIDE });
}, 300_000);
afterAll(async () => {
  await app?.close();
});

describe('fine-tuning the shipped backbone on a few images', () => {
  it('starts from the shipped backbone by default at its input size, and beats training from scratch', () => {
    expect(scratch).toMatchObject({ from: 'scratch', freeze: 'none', backbone: null });
    expect(tuned).toMatchObject({
      from: 'default',
      freeze: 'backbone',
      backbone: { model: 'shipped', weightsSha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown },
    });
    // Measured on these seeds: 0.997 against 0.396. Forty images and six epochs teach a network
    // from scratch next to nothing; a new head on the backbone's features separates the test split.
    expect(Number(tuned['auroc'])).toBeGreaterThan(0.9);
    expect(Number(tuned['auroc'])).toBeGreaterThan(Number(scratch['auroc']) + 0.25);
  });

  it('records the backbone in the model bundle and shows each run’s start in the run comparison', async () => {
    const { page } = app;
    const artifacts = await readStore<{
      runId: string;
      bundle: { metadata: { lineage: { backbone: unknown; params: Record<string, unknown> } } };
    }>(page, 'artifacts');
    const lineage = artifacts.find((a) => a.runId === tuned['runId'])!.bundle.metadata.lineage;
    expect(lineage.backbone).toEqual(tuned['backbone']);
    expect(lineage.params).toMatchObject({ from: 'default', freeze: 'backbone' });
    expect(artifacts.find((a) => a.runId === scratch['runId'])!.bundle.metadata.lineage.backbone).toBeNull();

    await openScreen(page, app.server.url, '#/train');
    for (const name of ['scratch', 'tuned'])
      await page.getByTestId('run-row').filter({ hasText: name }).getByRole('checkbox').check();
    const starts = page.getByTestId('run-starts');
    await starts.waitFor();
    expect(await starts.locator('[data-run="scratch"]').innerText()).toBe('scratch');
    expect(await starts.locator('[data-run="tuned"]').innerText()).toMatch(
      /^shipped backbone \(weights [0-9a-f]{12}\), head only$/,
    );
    const diff = await page.getByTestId('param-diff').innerText();
    expect(diff).toContain('from');
    expect(diff).toContain('backbone');
  });

  it('starts from a registered version, top blocks too, and refuses one whose layers do not fit', async () => {
    const { page } = app;
    await pipeline(page, 'register', { run: 'tuned', name: 'screws' });
    const config = 'epochs: 4\nseed: 4\nearlyStoppingPatience: 0\n';
    const run = await pipeline(page, 'train', {
      name: 'from screws',
      config,
      from: 'screws@1',
      freeze: 'none',
      override: OVERRIDE,
    });
    expect(run).toMatchObject({ from: 'screws@1', freeze: 'none', backbone: { model: 'screws@1' } });
    expect(Number(run['auroc'])).toBeGreaterThan(0.9);
    await expect(
      pipeline(page, 'train', {
        name: 'narrow',
        config: `${config}baseFilters: 8\n`,
        from: 'screws@1',
        override: OVERRIDE,
      }),
    ).rejects.toThrow(/The backbone screws@1's layer "conv1" is a Conv2D with weights \[\[3,3,1,16\]\]/);
    const runs = await readStore<{ name: string }>(page, 'runs');
    expect(runs.map((r) => r.name).sort()).toEqual(['from screws', 'scratch', 'tuned']);
  });
});
