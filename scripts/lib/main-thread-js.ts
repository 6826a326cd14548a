import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One script the built page loads before it runs: its path and gzip size, bytes. */
export interface StartupScript {
  path: string;
  gzipBytes: number;
}

/**
 * The JavaScript the built app's page loads on the main thread at startup: the module entry and its
 * preloaded imports named in `dist/index.html`. Workers and chunks loaded on demand are not counted.
 */
export function mainThreadScripts(dist: string): StartupScript[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const paths = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)) paths.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) paths.add(m[1]!);
  if (!paths.size) throw new Error(`${join(dist, 'index.html')} loads no module script; is it a Vite build?`);
  return [...paths].map((path) => ({
    path,
    gzipBytes: gzipSync(readFileSync(join(dist, path.replace(/^\//, '')))).length,
  }));
}
