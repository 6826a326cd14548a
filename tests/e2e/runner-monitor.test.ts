import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnerSession, type RunnerSession } from '../../scripts/lib/runner-session.ts';

const PORT = 4900 + ((process.pid + 310) % 500);

let session: RunnerSession;
beforeAll(() => {
  session = runnerSession(PORT, { timeoutMs: 120_000 });
});
afterAll(() => session.dispose());

describe('pipeline monitor', () => {
  it('prints the report of a station that has not inspected yet and exits 0', async () => {
    const data = await session.json('monitor', '--window', 'all', '--project', 'Watched');
    expect(data).toMatchObject({
      project: 'Watched',
      window: 'all',
      frames: 0,
      model: { label: 'shipped default', versionId: null },
      alerts: [],
      drift: { drifted: false, stats: [] },
    });
    expect(data['limits']).toMatchObject({ psi: 0.25, ksPValue: 0.01 });
    const { stdout } = await session.raw('monitor', '--window', 'shift', '--project', 'Watched');
    expect(stdout).toMatch(/Monitor of shipped default, window shift: 0 verdicts/);
    expect(stdout).toMatch(/no alerts/);
  });

  it('refuses an unknown window with the choices', async () => {
    await expect(session.raw('monitor', '--window', 'week', '--project', 'Watched')).rejects.toThrow(
      /hour, shift, day, all/,
    );
  });
});
