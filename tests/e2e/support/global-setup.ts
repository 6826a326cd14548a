import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Builds dist/ once when it is missing; `.ci/run` builds it before the tests anyway. */
export default function setup(): void {
  if (!existsSync('dist/index.html'))
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
}
