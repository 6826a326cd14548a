import 'fake-indexeddb/auto';
import { resolve } from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tf } from './runtime.ts';
import { workerDb } from '../lib/db/worker-db.ts';
import { getSetting, setSetting } from '../lib/db/settings-repo.ts';
import { APP_VERSION } from '../lib/app-version.ts';

import { forgetBackendChoice, stationBackend } from './station-backend.ts';

beforeAll(() => {
  // Node reads the wasm binaries from the package, not from the app's build.
  const dist = resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist');
  setWasmPaths(
    Object.fromEntries(
      ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map(
        (f) => [f, `${dist}/${f}`],
      ),
    ),
  );
});
// Each test starts as a new worker would: nothing chosen in it yet.
beforeEach(() => forgetBackendChoice());

describe('stationBackend', () => {
  it('starts on the backend a probe stored for this app and tfjs version, without probing', async () => {
    const db = await workerDb();
    await setSetting(db, 'probedBackend', {
      backend: 'cpu',
      appVersion: APP_VERSION,
      tfjsVersion: tf.version_core,
      measuredAt: 1,
    });
    const started = performance.now();
    expect(await stationBackend('auto')).toBe('cpu');
    // A probe times several inferences on every backend; reading the setting is a single lookup.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await getSetting(db, 'probedBackend'))?.measuredAt).toBe(1);
  });

  it('probes again when the stored choice came from another app version, and stores the new one', async () => {
    const db = await workerDb();
    await setSetting(db, 'probedBackend', {
      backend: 'cpu',
      appVersion: '0.0.0-older',
      tfjsVersion: tf.version_core,
      measuredAt: 1,
    });
    const chosen = await stationBackend('auto');
    const stored = await getSetting(db, 'probedBackend');
    expect(stored).toMatchObject({ backend: chosen, appVersion: APP_VERSION });
    expect(stored!.measuredAt).toBeGreaterThan(1);
  });

  it('takes a requested backend as asked', async () => {
    expect(await stationBackend('cpu')).toBe('cpu');
  });
});
