import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, startApp, waitForOfflineReady, type AppHarness } from './support/app.ts';

let app: AppHarness;
beforeEach(async () => {
  app = await startApp();
});
afterEach(async () => {
  await app.close();
});

describe('installable offline app', () => {
  it('after the first visit, a reload works with the network off', async () => {
    const { page, context } = app;
    await openApp(app);
    await waitForOfflineReady(page);
    await context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => window.screwopsPipeline !== undefined);
    await expect.poll(() => page.getByTestId('project-card').count()).toBe(1);
    await expect.poll(() => page.getByTestId('network-state').innerText()).toBe('Offline');
    // The tfjs wasm binaries come from the precache too: the probe runs offline.
    await page.goto(app.server.url + '/#/diagnostics');
    await page.getByTestId('backend-reason').waitFor({ timeout: 120_000 });
    expect(await page.locator('tr[data-backend="wasm"]').innerText()).toContain('works');
    await app.screenshot('offline-diagnostics');
  });

  it('Chromium reports no installability errors', async () => {
    const { page, context } = app;
    await openApp(app);
    await waitForOfflineReady(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: Array<{ errorId: string }>;
    };
    expect(installabilityErrors).toEqual([]);
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string };
    expect(manifest.errors).toEqual([]);
    expect(manifest.url).toContain('/manifest.webmanifest');
  });

  it('shows the update prompt when a new service worker is waiting, and reloads into it on request', async () => {
    const { page, server } = app;
    await openApp(app);
    await waitForOfflineReady(page);
    const firstScript = await page.evaluate(
      async () => (await navigator.serviceWorker.ready).active!.scriptURL,
    );
    expect(await page.getByTestId('update-prompt').count()).toBe(0);

    // Publish a new version: the same build with a changed service worker script.
    server.overrides.set('/sw.js', (body) => Buffer.concat([body, Buffer.from('\n// release 2\n')]));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    await page.getByTestId('update-prompt').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('update-prompt').innerText()).toContain('new version');
    await app.screenshot('update-prompt');

    const reloaded = page.waitForEvent('load');
    await page.getByTestId('update-prompt').getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await page.waitForFunction(() => window.screwopsPipeline !== undefined);
    const waiting = await page.evaluate(
      async () => (await navigator.serviceWorker.getRegistration())!.waiting,
    );
    expect(waiting).toBeNull();
    expect(await page.getByTestId('update-prompt').count()).toBe(0);
    expect(firstScript).toContain('/sw.js');
  });

  it('no request leaves localhost and no error is logged while using every screen', async () => {
    const { page } = app;
    await openApp(app);
    await waitForOfflineReady(page);
    await page.getByRole('button', { name: 'New project' }).click();
    await page.locator('input[name="name"]').fill('Request audit');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByTestId('current-project').waitFor();
    await page.getByRole('button', { name: 'Diagnostics' }).click();
    await page.getByTestId('backend-reason').waitFor({ timeout: 120_000 });
    const foreign = app.requests.filter((url) => {
      const { protocol, hostname } = new URL(url);
      return !(
        protocol === 'data:' ||
        protocol === 'blob:' ||
        hostname === '127.0.0.1' ||
        hostname === 'localhost'
      );
    });
    expect(app.requests.length).toBeGreaterThan(5);
    expect(foreign).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
