import 'fake-indexeddb/auto';
import { createServer, type Server } from 'node:http';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { deleteDB } from 'idb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openScrewOpsDb, type Db } from '../lib/db/open-db.ts';
import { createProject } from '../lib/db/projects-repo.ts';
import { registerVersion, setArchived } from '../lib/db/registry-repo.ts';
import { getDeployment, listDeployEvents } from '../lib/db/deployments-repo.ts';
import { defaultScope } from '../lib/domain/scope.ts';
import type { ModelBundle } from '../../models/bundle.ts';
import { loadBundleModel, modelPredictor } from '../../models/bundle/bundle-model.ts';
import { recordGolden } from '../../models/bundle/golden.ts';
import { sha256Hex } from '../../models/bundle/manifest.ts';
import { MAX_BUNDLE_ZIP_BYTES } from '../../models/bundle/limits.ts';
import { flipLastWeight, smallBundle } from '../../models/bundle/testing.ts';
import { exportVersion } from '../registry/bundle-transfer.ts';
import { buildRegistryIndex } from '../lib/station/registry-index.ts';
import {
  checkFollowed,
  deployBundle,
  deployFromUrl,
  deploymentState,
  deployRegistryVersion,
  followAlias,
} from './deploy-job.ts';
import { download } from './bundle-fetch.ts';

const versions = { tfjsVersion: tf.version_core, appVersion: '0.0.0-test' };

/** Files a little HTTP server publishes, by path; a real server, as a static host would be. */
const hosted = new Map<string, { status?: number; type?: string; body: Uint8Array | string }>();
let server: Server;
let base: string;
/** Bundle zips exported on another device: the same model at thresholds 0.3 and 0.6. */
let zips: Uint8Array[];
let tampered: Uint8Array;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  const bundle: ModelBundle = await smallBundle();
  const model = await loadBundleModel(bundle);
  bundle.golden = await recordGolden(bundle.metadata, modelPredictor(model));
  model.dispose();
  const publisher = await openScrewOpsDb({}, 'screwops-deploy-publisher');
  const source = await createProject(publisher, defaultScope('Line 1'));
  zips = [];
  for (const threshold of [0.3, 0.6]) {
    const v = await registerVersion(publisher, {
      projectId: source.id,
      name: 'screws',
      bundle,
      source: 'run',
      threshold,
      thresholdRule: 'set by hand',
      ...versions,
      lineage: { runId: null, snapshotId: null, snapshotHash: null, profileId: null },
    });
    zips.push((await exportVersion(publisher, v.id)).zip);
  }
  publisher.close();
  await deleteDB('screwops-deploy-publisher');
  tampered = await flipLastWeight(zips[0]!, bundle);
  server = createServer((req, res) => {
    if (req.url === '/huge.zip') {
      // Declares more bytes than any bundle may have; the station must give up before reading them.
      res.writeHead(200, {
        'Content-Type': 'application/zip',
        'Content-Length': String(MAX_BUNDLE_ZIP_BYTES + 1),
      });
      res.write(zips[0]!);
      setTimeout(() => res.destroy(), 200);
      return;
    }
    if (req.url === '/stream.zip') {
      // Chunked, with no length declared: only counting while reading can stop it.
      res.writeHead(200, { 'Content-Type': 'application/zip' });
      for (let i = 0; i < 8; i++) res.write(new Uint8Array(1000));
      return void res.end();
    }
    const file = hosted.get(req.url ?? '');
    if (!file) return void res.writeHead(404, 'Not Found').end();
    res.writeHead(file.status ?? 200, { 'Content-Type': file.type ?? 'application/zip' }).end(file.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((ok) => server.close(ok));
});

let db: Db;
let name: string;
let counter = 0;
let projectId: string;
beforeEach(async () => {
  hosted.clear();
  name = `screwops-deploy-job-${++counter}`;
  db = await openScrewOpsDb({}, name);
  projectId = (await createProject(db, defaultScope('Line 1 tablet'))).id;
});
afterEach(async () => {
  db.close();
  await deleteDB(name);
});

/** Publishes an index whose champion is the zip `champion` (0 or 1), with both zips beside it. */
async function publish(champion: number, sha = ''): Promise<string> {
  const published = await Promise.all(
    zips.map(async (zip, i) => ({
      model: 'screws',
      version: i + 1,
      file: `screws-v${i + 1}.screwops.zip`,
      sha256: await sha256Hex(zip),
      size: zip.byteLength,
      threshold: i ? 0.6 : 0.3,
      createdAt: 0,
    })),
  );
  if (sha) published[champion]!.sha256 = sha;
  zips.forEach((zip, i) => hosted.set(`/fleet/screws-v${i + 1}.screwops.zip`, { body: zip }));
  const index = buildRegistryIndex(published, { screws: { champion: champion + 1 } });
  hosted.set('/fleet/index.json', { type: 'application/json', body: JSON.stringify(index) });
  return `${base}/fleet/index.json`;
}

describe('deploying to the station', () => {
  it('verifies, registers and deploys a bundle once; the same zip again deploys the version already here', async () => {
    const first = await deployBundle(db, projectId, zips[0]!, 'screws-v1.screwops.zip', versions, {
      source: 'file',
    });
    expect(first.registered).toBe(true);
    expect(first.deployment.current).toMatchObject({
      label: 'small@1',
      threshold: 0.3,
      source: 'file',
      origin: 'screws-v1.screwops.zip',
    });
    await deployBundle(db, projectId, zips[1]!, 'screws-v2.screwops.zip', versions, { source: 'file' });
    const again = await deployBundle(db, projectId, zips[0]!, 'copy.zip', versions, { source: 'file' });
    expect(again.registered).toBe(false);
    expect(again.version.id).toBe(first.version.id);
    expect(await db.count('modelVersions')).toBe(2);
    expect(again.deployment.previous?.label).toBe('small@2');
  });

  it('refuses a tampered bundle, storing nothing and keeping the running model', async () => {
    await deployBundle(db, projectId, zips[0]!, 'good.zip', versions, { source: 'file' });
    const before = await getDeployment(db, projectId);
    await expect(
      deployBundle(db, projectId, tampered, 'tampered.zip', versions, { source: 'file' }),
    ).rejects.toThrow(/golden/i);
    expect(await getDeployment(db, projectId)).toEqual(before);
    expect(await db.count('modelVersions')).toBe(1);
    expect(await listDeployEvents(db, projectId)).toHaveLength(1);
  });

  it('refuses archived and missing registry versions', async () => {
    const { version } = await deployBundle(db, projectId, zips[0]!, 'a.zip', versions, { source: 'file' });
    const { version: second } = await deployBundle(db, projectId, zips[1]!, 'b.zip', versions, {
      source: 'file',
    });
    await setArchived(db, version.id, true);
    await expect(deployRegistryVersion(db, projectId, version.id, 'x')).rejects.toThrow(/archived/);
    await expect(deployRegistryVersion(db, projectId, `${projectId}/small@9`, 'x')).rejects.toThrow(
      /No model version/,
    );
    expect((await deploymentState(db, projectId)).current?.versionId).toBe(second.id);
  });

  it('says clearly why a URL gave no bundle', async () => {
    hosted.set('/page.html', { type: 'text/html', body: '<!doctype html><p>Sign in</p>' });
    hosted.set('/gone.zip', { status: 410, body: '' });
    await expect(deployFromUrl(db, projectId, `${base}/missing.zip`, versions)).rejects.toThrow(/HTTP 404/);
    await expect(deployFromUrl(db, projectId, `${base}/gone.zip`, versions)).rejects.toThrow(/HTTP 410/);
    await expect(deployFromUrl(db, projectId, `${base}/page.html`, versions)).rejects.toThrow(
      /sent text\/html, not a model bundle zip/,
    );
    await expect(deployFromUrl(db, projectId, `${base}/huge.zip`, versions)).rejects.toMatchObject({
      problem: 'size',
      message: expect.stringMatching(/more than a model bundle may be/),
    });
    await expect(download(new URL(`${base}/stream.zip`), 5000, 'model bundle')).rejects.toThrow(
      /bytes or more, more than a model bundle may be \(5000 bytes\)/,
    );
    expect((await download(new URL(`${base}/stream.zip`), 8000, 'model bundle')).bytes.byteLength).toBe(8000);
    await expect(deployFromUrl(db, projectId, 'models/screws.zip', versions)).rejects.toThrow(
      /not a full address/,
    );
    await expect(deployFromUrl(db, projectId, 'http://127.0.0.1:1/x.zip', versions)).rejects.toMatchObject({
      name: 'DeployFetchError',
      problem: 'offline',
    });
    hosted.set('/screws.zip', { body: zips[1]! });
    const done = await deployFromUrl(db, projectId, `${base}/screws.zip`, versions);
    expect(done.deployment.current).toMatchObject({
      source: 'url',
      origin: `${base}/screws.zip`,
      threshold: 0.6,
    });
  });

  it('follows a published alias: picks up a new champion, is up to date after, and changes nothing offline or on a bad digest', async () => {
    const indexUrl = await publish(0);
    await followAlias(db, projectId, { indexUrl, model: 'screws', alias: 'champion' });
    const first = await checkFollowed(db, projectId, versions);
    expect(first).toMatchObject({ status: 'deployed', label: 'screws@1', from: null, registered: true });
    expect((await checkFollowed(db, projectId, versions)).status).toBe('up-to-date');

    await publish(1);
    const moved = await checkFollowed(db, projectId, versions);
    expect(moved).toMatchObject({ status: 'deployed', label: 'screws@2', from: 'screws@1' });
    const state = await deploymentState(db, projectId);
    expect(state.current).toMatchObject({
      source: 'index',
      threshold: 0.6,
      origin: `${base}/fleet/screws-v2.screwops.zip`,
    });
    expect(state.follow?.alias).toBe('champion');
    expect(state.history.map((e) => [e.action, e.to])).toEqual([
      ['follow', 'screws@2'],
      ['follow', 'screws@1'],
    ]);

    // Back to the first champion: its digest is registered here, so nothing is downloaded.
    await publish(0);
    hosted.delete('/fleet/screws-v1.screwops.zip');
    expect(await checkFollowed(db, projectId, versions)).toMatchObject({
      status: 'deployed',
      registered: false,
    });

    await publish(1, 'f'.repeat(64));
    const refused = await checkFollowed(db, projectId, versions);
    expect(refused.status).toBe('refused');
    expect(refused.reason).toMatch(/does not match the SHA-256/);
    hosted.clear();
    expect((await checkFollowed(db, projectId, versions)).status).toBe('refused');
    await followAlias(db, projectId, {
      indexUrl: 'http://127.0.0.1:1/index.json',
      model: 'screws',
      alias: 'champion',
    });
    expect((await checkFollowed(db, projectId, versions)).status).toBe('offline');
    expect((await deploymentState(db, projectId)).current?.label).toBe('screws@1');
    expect(await db.count('modelVersions')).toBe(2);
  });
});
