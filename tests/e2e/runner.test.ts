import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { runnerSession, type RunnerSession } from '../../scripts/lib/runner-session.ts';
import { REPO } from './support/repo.ts';

const PORT = 4900 + (process.pid % 500);

/** Each test gets a fresh browser profile: nothing carries over from another test. */
let session: RunnerSession;
function fresh(): RunnerSession {
  session = runnerSession(PORT, { timeoutMs: 150_000 });
  return session;
}
afterEach(() => session.dispose());

/** Runs the runner under a pseudo-terminal (util-linux `script`), where stdout and stderr are one stream. */
async function onTerminal(s: RunnerSession, ...args: string[]): Promise<string> {
  const quote = (a: string) => `'${a.replaceAll("'", `'\\''`)}'`;
  // tsx itself rather than npx, whose spinner would share the terminal.
  const [tsx, ...rest] = s.argv(...args);
  const line = [join(REPO, 'node_modules', '.bin', tsx!), ...rest].map(quote).join(' ');
  const { stdout } = await promisify(execFile)('script', ['-qefc', line, '/dev/null'], {
    encoding: 'utf8',
    timeout: 150_000,
  });
  return stdout;
}

describe('headless pipeline runner', () => {
  it('diagnostics --json prints the backend table as one JSON object', async () => {
    const { stdout } = await fresh().raw('diagnostics', '--json', '--project', 'Runner project');
    const result = JSON.parse(stdout) as {
      project: string;
      chosen: string;
      backends: Array<{ backend: string; available: boolean }>;
    };
    expect(result.project).toBe('Runner project');
    expect(result.backends.map((b) => b.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(result.backends.find((b) => b.backend === result.chosen)?.available).toBe(true);
  });

  it('state persists between invocations: without --project it uses the last project', async () => {
    const { raw } = fresh();
    await raw('diagnostics', '--json', '--project', 'Runner project', '--backend', 'cpu');
    const result = JSON.parse((await raw('diagnostics', '--json')).stdout) as {
      project: string;
      chosen: string;
      preference: string;
    };
    expect(result.project).toBe('Runner project');
    expect(result.chosen).toBe('cpu');
    expect(result.preference).toBe('cpu');
  });

  it('prints a human summary without --json', async () => {
    const { stdout } = await fresh().raw('diagnostics', '--backend', 'auto');
    expect(stdout).toMatch(/^Backends/m);
    expect(stdout).toMatch(/^Chosen: \w+\./m);
  });

  it('fails with a one-line reason and a non-zero exit code on a bad command or option', async () => {
    const { raw } = fresh();
    await expect(raw('frobnicate')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^pipeline: unknown command "frobnicate"/),
    });
    await expect(raw('diagnostics', '--backend', 'tpu')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--backend must be one of auto, webgpu, webgl, wasm, cpu; got "tpu"'),
    });
    await expect(raw('generate', '--cuont', '5', '--project', 'Typo')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^pipeline: generate has no option --cuont; its options: --count, /),
    });
    await expect(raw('generate', '--defect-ratio', '25')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--defect-ratio must be a share between 0 and 1, got "25".'),
    });
    await expect(raw('diagnostics', '--json=yes')).rejects.toMatchObject({
      code: 2,
      stderr: 'pipeline: --json takes no value, got "yes".\n',
    });
    // The mistyped flag was refused before its project was created.
    const { stdout } = await raw('diagnostics', '--json');
    expect((JSON.parse(stdout) as { project: string }).project).not.toBe('Typo');
  });

  it("a command's --help lists its options with their defaults", async () => {
    const { stdout } = await fresh().raw('generate', '--help');
    expect(stdout).toMatch(/^Usage: npm run pipeline -- generate/);
    expect(stdout).toMatch(/^ {2}--count N +how many images \(default 1000\)$/m);
    expect(stdout).toMatch(/^ {2}--json +print one JSON object/m);
  });

  it('shows an updating progress line on a terminal only; --json stays one JSON object', async () => {
    const s = fresh();
    const args = ['generate', '--count', '300', '--size', '128', '--json'];
    const terminal = await onTerminal(s, ...args, '--project', 'On a terminal');
    // Each update returns to the row's start and erases it; the result is printed on the erased row.
    const rows = terminal.split('\r\x1b[2K');
    const progress = rows.filter((r) => /^import: \d+\/300 files · [\d.]+ images\/s/.test(r));
    expect(progress.length, terminal).toBeGreaterThan(0);
    const printed = rows.at(-1)!.trim();
    expect(JSON.parse(printed)).toMatchObject({ project: 'On a terminal', accepted: 300 });

    const piped = await s.raw(...args, '--project', 'Piped');
    expect(piped.stderr).toBe('');
    expect(piped.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(piped.stdout)).toMatchObject({ project: 'Piped', accepted: 300 });
  });
});
