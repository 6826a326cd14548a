import type { Page } from 'playwright-core';
import type { CommandOptions } from '../../../src/pipeline/types.ts';

/** Runs a pipeline command inside the page, through the same stores and workers as the UI. */
export async function pipeline(
  page: Page,
  command: string,
  options: CommandOptions = {},
): Promise<Record<string, unknown>> {
  const result = await page.evaluate(([c, o]) => window.screwopsPipeline!.run(c, o), [
    command,
    options,
  ] as const);
  if ('error' in result) throw new Error(`${command}: ${result.error}`);
  return result.data;
}

/**
 * Good screws against cut tips (240 images at 128 px, half defective, seed 11), split and frozen as
 * the snapshot "tips v1": a task a tiny network learns in seconds.
 */
export async function tipsSnapshot(page: Page): Promise<void> {
  await pipeline(page, 'generate', {
    count: '240',
    size: '128',
    defectRatio: '0.5',
    defectTypes: 'manipulated_front',
    seed: '11',
  });
  await pipeline(page, 'split', {});
  await pipeline(page, 'snapshot', { name: 'tips v1' });
}

/** The tiny network trained on `tipsSnapshot`: four epochs at 64 px. */
export const TINY_TRAIN_CONFIG =
  'epochs: 4\ninputSize: 64\nbaseFilters: 8\nlearningRate: 0.01\nearlyStoppingPatience: 4\n';

/** Opens a screen of the app and waits until it is ready. */
export async function openScreen(page: Page, url: string, hash: string): Promise<void> {
  await page.goto(`${url}/${hash}`);
  await page.waitForFunction(() => window.screwopsPipeline !== undefined);
  await page.evaluate(() => window.screwopsPipeline!.ready);
}

/** Every record (or key) of one object store, read straight from the page's IndexedDB. */
export async function readStore<T>(
  page: Page,
  store: string,
  what: 'values' | 'keys' = 'values',
): Promise<T[]> {
  return page.evaluate(
    async ([name, mode]) => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const request = indexedDB.open('screwops');
        request.onsuccess = () => ok(request.result);
        request.onerror = () => fail(request.error);
      });
      try {
        return await new Promise<unknown[]>((ok, fail) => {
          const objects = db.transaction(name).objectStore(name);
          const request = mode === 'keys' ? objects.getAllKeys() : objects.getAll();
          request.onsuccess = () => ok(request.result as unknown[]);
          request.onerror = () => fail(request.error);
        });
      } finally {
        db.close();
      }
    },
    [store, what] as const,
  ) as Promise<T[]>;
}
