import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { inRepo, REPO } from './repo.ts';

/** What the build reads: a change to any of them makes dist/ stale. */
const SOURCES = ['src', 'workers', 'models', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'];

/** Newest modification time under `path`, ms. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), 0);
}

/** Builds dist/ when it is missing or older than the sources, so no test runs against a stale build. */
export default function setup(): void {
  const built = inRepo('dist', 'index.html');
  const stale = !existsSync(built) || SOURCES.some((s) => newest(inRepo(s)) > statSync(built).mtimeMs);
  if (!stale) return;
  // Vitest sets NODE_ENV=test, which would make Svelte compile its development build.
  const { NODE_ENV: _test, ...env } = process.env;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: REPO, env, stdio: 'inherit' });
}
