import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One browser profile and port for a series of pipeline-runner calls, as a person's sessions would be. */
export interface RunnerSession {
  /** the browser profile folder (a fresh temporary one unless given) */
  readonly profile: string;
  /** runs `npm run pipeline -- ...args` and resolves with its output; rejects with exit code and stderr */
  raw(...args: string[]): Promise<{ stdout: string; stderr: string }>;
  /** the same with --json, parsed */
  json(...args: string[]): Promise<Record<string, unknown>>;
  /** removes the temporary profile */
  dispose(): void;
}

/** Starts a runner session on `port` (the app's data belongs to that origin). */
export function runnerSession(port: number | string, options: { timeoutMs?: number } = {}): RunnerSession {
  const profile = mkdtempSync(join(tmpdir(), 'screwops-runner-'));
  const raw = (...args: string[]) =>
    run('npx', ['tsx', 'scripts/pipeline.ts', ...args, '--profile', profile, '--port', String(port)], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    });
  return {
    profile,
    raw,
    json: async (...args) => JSON.parse((await raw(...args, '--json')).stdout) as Record<string, unknown>,
    dispose: () => rmSync(profile, { recursive: true, force: true }),
  };
}
