import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, startApp, type AppHarness } from './support/app.ts';

let app: AppHarness;
beforeEach(async () => {
  app = await startApp();
});
afterEach(async () => {
  await app.close();
});

describe('projects and scope', () => {
  it('opens on the project list with the demo project ready', async () => {
    await openApp(app);
    await expect.poll(() => app.page.getByTestId('project-card').count()).toBe(1);
    expect(await app.page.getByTestId('project-card').innerText()).toContain('Screw inspection demo');
    await app.screenshot('projects-list');
  });

  it('a project created from the scope card survives a reload', async () => {
    const { page } = app;
    await openApp(app);
    await page.getByRole('button', { name: 'New project' }).click();
    await page.locator('input[name="name"]').fill('Line 4 — M6 screws');
    await page.locator('textarea[name="goal"]').fill('Reject scratched M6 screws before packing.');
    await page.getByRole('button', { name: 'Station camera' }).click();
    await page.locator('input[name="class-1"]').fill('scratch');
    await page.getByRole('button', { name: 'Add class' }).click();
    await page.locator('input[name="class-2"]').fill('thread');
    await page.getByRole('button', { name: 'f1' }).click();
    await page.locator('input[name="threshold"]').fill('0.97');
    await page.locator('select[name="inputSize"]').selectOption('96');
    await page.locator('input[name="monitoring-outOfDomainShare"]').fill('0.05');
    await app.screenshot('scope-card-filled');
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect.poll(() => page.getByTestId('current-project').innerText()).toContain('Line 4 — M6 screws');

    await page.reload();
    await page.waitForFunction(() => window.screwopsPipeline !== undefined);
    await expect.poll(() => page.getByTestId('current-project').innerText()).toContain('Line 4 — M6 screws');
    expect(await page.locator('input[name="class-2"]').inputValue()).toBe('thread');
    expect(await page.locator('input[name="threshold"]').inputValue()).toBe('0.97');
    expect(await page.locator('select[name="inputSize"]').inputValue()).toBe('96');
    expect(await page.locator('input[name="monitoring-outOfDomainShare"]').inputValue()).toBe('0.05');
    expect(await page.locator('input[name="monitoring-psi"]').inputValue()).toBe('0.25');
    expect(await page.getByRole('button', { name: 'f1' }).getAttribute('aria-pressed')).toBe('true');
    await app.screenshot('scope-after-reload');

    await page.getByRole('button', { name: 'All projects' }).click();
    await expect.poll(() => page.getByTestId('project-card').count()).toBe(2);
  });

  it('refuses an invalid scope with a specific message and stores nothing', async () => {
    const { page } = app;
    await openApp(app, '#/projects/new');
    await page.locator('input[name="name"]').fill('Screw inspection demo');
    await page.locator('input[name="threshold"]').fill('1.5');
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('between 0 and 1');
    await page.locator('input[name="threshold"]').fill('0.9');
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect.poll(() => page.getByTestId('notice-error').innerText()).toContain('already exists');
    await page.goto(app.server.url + '/#/projects');
    await expect.poll(() => page.getByTestId('project-card').count()).toBe(1);
  });
});
