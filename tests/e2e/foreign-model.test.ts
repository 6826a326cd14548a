import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppHarness } from './support/app.ts';
import { tempDir } from './support/fixtures.ts';
import { openScreen, pipeline, readStore } from './support/pipeline.ts';
import { modelArtifacts } from '../../models/bundle/bundle-model.ts';
import { teachableMachineFiles, teachableMachineShaped } from '../../models/bundle/testing.ts';

const SIZE = 32;

/** Writes the model's files into `dir` as Teachable Machine exports them (metadata.json only when `labels`). */
async function writeExport(dir: string, labels: string[] | null): Promise<string[]> {
  expect(await tf.setBackend('cpu')).toBe(true);
  const model = teachableMachineShaped(SIZE, 2);
  const files = teachableMachineFiles(await modelArtifacts(model), SIZE, labels);
  model.dispose();
  mkdirSync(dir, { recursive: true });
  return Object.entries(files).map(([name, bytes]) => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  });
}

let app: AppHarness;
let dir: string;
beforeAll(() => {
  dir = tempDir('screwops-foreign-');
});
afterAll(async () => {
  await app?.close();
});

describe('importing a model trained elsewhere', () => {
  it('a Teachable Machine export is imported through the Registry screen, completed in its form and evaluated; the runner imports a plain tfjs folder', async () => {
    const tmFiles = await writeExport(join(dir, 'tm'), ['bad', 'good']);
    const plainFiles = await writeExport(join(dir, 'plain'), null);
    app = await startApp();
    const { page } = app;
    await openScreen(page, app.server.url, '#/projects');
    await pipeline(page, 'generate', { count: '24', size: '64', defectRatio: '0.5', seed: '5' });
    await pipeline(page, 'split', {});
    await pipeline(page, 'snapshot', { name: 'line 1' });

    await openScreen(page, app.server.url, '#/registry');
    await page.getByRole('textbox', { name: 'Registered model name' }).fill('teachable');
    await page.locator('[data-testid="registry-actions"] input[type="file"]').setInputFiles(tmFiles);
    const form = page.getByTestId('foreign-form');
    await form.waitFor({ timeout: 60_000 });
    await expect.poll(() => form.innerText()).toMatch(/Teachable Machine model[\s\S]*bad, good/);
    await form.getByRole('radio', { name: 'good', exact: true }).check();
    await app.screenshot('registry-foreign-form');
    await form.getByRole('button', { name: 'Import' }).click();
    await page
      .locator('[data-testid="version-row"][data-version="teachable@1"]')
      .waitFor({ timeout: 60_000 });
    expect(await form.count()).toBe(0);

    const evaluated = await pipeline(page, 'evaluate', { model: 'teachable@1', images: 'all' });
    expect(evaluated['counts']).toMatchObject({ total: 24 });
    expect(evaluated['threshold']).toMatchObject({ value: 0.5 });

    // A plain tfjs model's files name no labels: the form asks for them, and Cancel stores nothing.
    await page.locator('[data-testid="registry-actions"] input[type="file"]').setInputFiles(plainFiles);
    await form.waitFor({ timeout: 60_000 });
    await form.getByRole('textbox', { name: 'Labels in output order' }).fill('bad, good, rust');
    await expect.poll(() => form.getByRole('alert').innerText()).toMatch(/give exactly 2 labels/);
    expect(await form.getByRole('button', { name: 'Import' }).isDisabled()).toBe(true);
    await form.getByRole('textbox', { name: 'Labels in output order' }).fill('bad, good');
    await form.getByRole('radio', { name: 'good', exact: true }).check();
    await app.screenshot('registry-foreign-form-tfjs');
    await form.getByRole('button', { name: 'Cancel' }).click();
    expect(await form.count()).toBe(0);

    // The runner's path: a plain tfjs folder, with the labels the files lack given as options.
    const keys = await readStore(page, 'modelVersions', 'keys');
    await page.setInputFiles('#pipeline-files', plainFiles);
    const refused = await page.evaluate(() =>
      window.screwopsPipeline!.run('import-model', { name: 'plain', labels: 'ok,scratch', good: 'ok' }),
    );
    expect(JSON.stringify(refused)).toMatch(/ok \/ scratch.*good \/ bad/);
    expect(await readStore(page, 'modelVersions', 'keys')).toEqual(keys);
    await page.setInputFiles('#pipeline-files', plainFiles);
    const imported = await pipeline(page, 'import-model', {
      name: 'plain',
      labels: 'bad,good',
      good: 'good',
    });
    expect(imported).toMatchObject({ model: 'plain@1', source: 'import', kind: 'tfjs-layers' });
  }, 300_000);
});
