import { afterAll, describe, expect, it } from 'vitest';
import { runnerSession } from '../../scripts/lib/runner-session.ts';

const session = runnerSession(4900 + (process.pid % 500), { timeoutMs: 150_000 });
const pipeline = session.raw;

afterAll(() => session.dispose());

describe('headless pipeline runner', () => {
  it('diagnostics --json prints the backend table as one JSON object', async () => {
    const { stdout } = await pipeline('diagnostics', '--json', '--project', 'Runner project');
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
    const { stdout } = await pipeline('diagnostics', '--json', '--backend', 'cpu');
    const result = JSON.parse(stdout) as { project: string; chosen: string; preference: string };
    expect(result.project).toBe('Runner project');
    expect(result.chosen).toBe('cpu');
    const again = JSON.parse((await pipeline('diagnostics', '--json')).stdout) as { preference: string };
    expect(again.preference).toBe('cpu');
  });

  it('prints a human summary without --json', async () => {
    const { stdout } = await pipeline('diagnostics', '--backend', 'auto');
    expect(stdout).toMatch(/^Backends/m);
    expect(stdout).toMatch(/^Chosen: \w+\./m);
  });

  it('fails with a one-line reason and a non-zero exit code on a bad command or option', async () => {
    await expect(pipeline('frobnicate')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^pipeline: unknown command "frobnicate"/),
    });
    await expect(pipeline('diagnostics', '--backend', 'tpu')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--backend must be auto or one of webgpu, webgl, wasm, cpu; got "tpu"'),
    });
  });
});
