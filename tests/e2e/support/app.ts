import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchProfile } from '../../../scripts/lib/chromium.ts';
import { startStaticServer, type StaticServer } from '../../../scripts/lib/static-server.ts';
import { inRepo } from './repo.ts';

/** Where tests leave screenshots for people to look at. */
export const SCREENSHOT_DIR = inRepo('test-results/screens');

/** A served build, a fresh browser profile, and every request and page error seen. */
export interface AppHarness {
  server: StaticServer;
  context: BrowserContext;
  page: Page;
  /** every URL the page, its workers or its service worker requested */
  requests: string[];
  /** uncaught page errors and console errors */
  errors: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the built app in headless Chromium with a fresh user-data dir. */
export async function startApp(
  options: { serviceWorkers?: 'allow' | 'block'; args?: string[] } = {},
): Promise<AppHarness> {
  const server = await startStaticServer(inRepo('dist'));
  const profile = mkdtempSync(join(tmpdir(), 'screwops-e2e-'));
  const context = await launchProfile(profile, options.args ?? [], {
    serviceWorkers: options.serviceWorkers ?? 'allow',
  });
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    server,
    context,
    page,
    requests,
    errors,
    screenshot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens the app and waits until it loaded its projects. */
export async function openApp(app: AppHarness, hash = '#/projects'): Promise<void> {
  await app.page.goto(app.server.url + '/' + hash);
  await app.page.waitForFunction(() => window.screwopsPipeline !== undefined);
  await app.page.evaluate(() => window.screwopsPipeline!.ready);
}

/** Waits until a service worker controls the page and its precache is complete. */
export async function waitForOfflineReady(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  }
}
