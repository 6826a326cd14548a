import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium, or CHROMIUM_PATH; no browser is ever downloaded. */
export function chromiumPath(): string {
  const candidates = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found)
    throw new Error(
      'Chromium was not found. Install it with "apt-get install -y chromium" (Debian/Ubuntu), or set CHROMIUM_PATH.',
    );
  return found;
}

/** Flags for a quiet, closed-network headless Chromium; `extra` adds camera or GPU flags. */
export function chromiumArgs(extra: string[] = []): string[] {
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--no-first-run',
    '--disable-quic',
    '--enable-unsafe-webgpu',
    ...extra,
  ];
  // Root cannot use Chromium's sandbox; CI and the runner run as root here.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

/** Options for a persistent context on `profileDir`, headless unless SCREWOPS_HEADED is set. */
export async function launchProfile(
  profileDir: string,
  extraArgs: string[] = [],
  options: { serviceWorkers?: 'allow' | 'block' } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: !process.env['SCREWOPS_HEADED'],
    args: chromiumArgs(extraArgs),
    viewport: { width: 1280, height: 860 },
    serviceWorkers: options.serviceWorkers ?? 'allow',
  });
}
