import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root: the runner script is found from here, wherever the tests were started. */
const REPO = resolve(import.meta.dirname, '..', '..');

/** One browser profile and port for a series of pipeline-runner calls, as a person's sessions would be. */
export interface RunnerSession {
  /** the browser profile folder (a fresh temporary one unless a kept one was given) */
  readonly profile: string;
  /** the arguments that run `pipeline ...args` in this session's profile and port, after `npx` */
  argv(...args: string[]): string[];
  /** runs `npm run pipeline -- ...args` and resolves with its output; rejects with exit code and stderr */
  raw(...args: string[]): Promise<{ stdout: string; stderr: string }>;
  /** the same with --json, parsed */
  json(...args: string[]): Promise<Record<string, unknown>>;
  /** removes the temporary profile */
  dispose(): void;
}

/**
 * Starts a runner session on `port` (the app's data belongs to that origin) with a fresh profile, or
 * with `options.profile`, a kept one that a later session continues (dispose then leaves it).
 */
export function runnerSession(
  port: number | string,
  options: { timeoutMs?: number; profile?: string } = {},
): RunnerSession {
  const profile = options.profile ?? mkdtempSync(join(tmpdir(), 'screwops-runner-'));
  const argv = (...args: string[]) => [
    'tsx',
    join(REPO, 'scripts', 'pipeline.ts'),
    ...args,
    '--profile',
    profile,
    '--port',
    String(port),
  ];
  const raw = (...args: string[]) =>
    run('npx', argv(...args), {
      cwd: REPO,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    });
  return {
    profile,
    argv,
    raw,
    json: async (...args) => JSON.parse((await raw(...args, '--json')).stdout) as Record<string, unknown>,
    dispose: () => {
      if (!options.profile) rmSync(profile, { recursive: true, force: true });
    },
  };
}
