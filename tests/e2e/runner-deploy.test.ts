import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runnerSession, type RunnerSession } from '../../scripts/lib/runner-session.ts';
import { startStaticServer, type StaticServer } from '../../scripts/lib/static-server.ts';
import { editJson, flipLastWeight, tamperZip } from '../../models/bundle/testing.ts';
import { readBundleZip } from '../../models/bundle/zip.ts';
import { sha256Hex } from '../../models/bundle/manifest.ts';
import { parseRegistryIndex } from '../../workers/lib/station/registry-index.ts';
import { tempDir } from './support/fixtures.ts';

const PORT = 4900 + ((process.pid + 250) % 500);

interface DeployedJson {
  model: string;
  versionId: string;
  threshold: number;
  source: string;
  origin: string | null;
}
interface DeployJson {
  current: DeployedJson | null;
  previous: DeployedJson | null;
  running: string;
  registered?: boolean;
  refused?: boolean;
  reason?: string;
  check?: { status: string; label: string | null; registered: boolean };
  history: Array<{ action: string; from: string | null; to: string }>;
}

const sessions: RunnerSession[] = [];
let fleet: StaticServer | undefined;
afterAll(async () => {
  sessions.forEach((s) => s.dispose());
  await fleet?.close();
});

/** A runner call that may exit 1 (a refusal): its JSON either way. */
async function jsonEvenIfRefused(
  session: RunnerSession,
  ...args: string[]
): Promise<{ code: number; data: DeployJson }> {
  try {
    return { code: 0, data: (await session.json(...args)) as unknown as DeployJson };
  } catch (error) {
    const { code, stdout } = error as { code: number; stdout: string };
    return { code, data: JSON.parse(stdout) as DeployJson };
  }
}

describe('publishing models and deploying them to a station with the runner', () => {
  it('publishes a folder, deploys a bundle, refuses a tampered one, and follows the published champion', async () => {
    const dir = tempDir('screwops-fleet-');
    const folder = join(dir, 'fleet');
    const publisher = runnerSession(PORT, { timeoutMs: 150_000 });
    const station = runnerSession(PORT, { timeoutMs: 150_000 });
    sessions.push(publisher, station);

    // The publisher's registry holds the shipped model as default@1, its champion.
    const first = await publisher.json('publish', folder);
    expect(first['files']).toEqual(['index.json', 'default-v1.screwops.zip']);
    const index = parseRegistryIndex(readFileSync(join(folder, 'index.json'), 'utf8'));
    const zip = new Uint8Array(readFileSync(join(folder, 'default-v1.screwops.zip')));
    expect(index.models['default']?.aliases).toEqual({ champion: 1 });
    expect(index.models['default']?.versions['1']).toMatchObject({
      file: 'default-v1.screwops.zip',
      sha256: await sha256Hex(zip),
      size: zip.byteLength,
    });

    // Another device deploys the bundle file: verified, registered once, running.
    const bundlePath = join(folder, 'default-v1.screwops.zip');
    const deployed = (await station.json('deploy', '--bundle', bundlePath)) as unknown as DeployJson;
    expect(deployed.registered).toBe(true);
    expect(deployed.current).toMatchObject({ source: 'file', origin: 'default-v1.screwops.zip' });
    expect(deployed.current?.threshold).toBe(index.models['default']?.versions['1']?.threshold);
    const running = deployed.current!.model;

    // One weight's sign flipped and the manifest resealed: only the golden check can tell, and it refuses.
    const verified = await readBundleZip(zip);
    const tampered = await flipLastWeight(zip, verified.bundle);
    const tamperedPath = join(dir, 'tampered.zip');
    writeFileSync(tamperedPath, tampered);
    const refused = await jsonEvenIfRefused(station, 'deploy', '--bundle', tamperedPath);
    expect(refused.code).toBe(1);
    expect(refused.data.refused).toBe(true);
    expect(refused.data.reason).toMatch(/golden/i);
    expect(refused.data.current?.model).toBe(running);
    expect(refused.data.history).toHaveLength(1);

    // Follow the champion of the published index on a static host: the bundle is already here.
    fleet = await startStaticServer(folder, 0, { cors: true });
    const indexUrl = `${fleet.url}/index.json`;
    const followed = (await station.json(
      'deploy',
      '--follow',
      indexUrl,
      '--model',
      'default',
    )) as unknown as DeployJson;
    expect(followed.check).toMatchObject({ status: 'up-to-date', label: running });
    expect(fleet.requests).toEqual(['/index.json']);

    // A new champion: the same network at another threshold, imported, promoted and published.
    const retuned = await tamperZip(
      zip,
      (files) => editJson<{ threshold: number }>(files, 'screwops.json', (m) => void (m.threshold = 0.25)),
      {
        reseal: true,
      },
    );
    const retunedPath = join(dir, 'retuned.zip');
    writeFileSync(retunedPath, retuned);
    expect((await publisher.json('import-model', retunedPath, '--name', 'default'))['model']).toBe(
      'default@2',
    );
    await publisher.json('promote', '--model', 'default@2', '--override', 'retuned threshold for line 4');
    await publisher.json('publish', folder);
    expect(
      parseRegistryIndex(readFileSync(join(folder, 'index.json'), 'utf8')).models['default']?.aliases,
    ).toEqual({
      champion: 2,
    });

    const picked = (await station.json('deploy', '--check')) as unknown as DeployJson;
    expect(picked.check).toMatchObject({ status: 'deployed', registered: true });
    expect(picked.current).toMatchObject({
      threshold: 0.25,
      source: 'index',
      origin: `${fleet.url}/default-v2.screwops.zip`,
    });
    expect(picked.previous?.model).toBe(running);
    expect(fleet.requests).toContain('/default-v2.screwops.zip');

    // One step back, and the runner says what runs now and before.
    const back = (await station.json('deploy', '--rollback')) as unknown as DeployJson;
    expect(back.current?.model).toBe(running);
    expect(back.previous?.model).toBe(picked.current?.model);
    expect(back.history.map((e) => e.action)).toEqual(['rollback', 'follow', 'deploy']);
  }, 840_000);
});
