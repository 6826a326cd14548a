import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openScrewOpsDb } from '../lib/db/open-db.ts';
import { listCachedTensorKeys, saveCachedTensors } from '../lib/db/tensors-repo.ts';
import { defaultPreprocessSpec, PREPROCESS_VERSION, specKeyPrefix } from '../../models/preprocess/spec.ts';
import { ensureCached, tensorKey } from './dataset.ts';

describe('ensureCached', () => {
  it('deletes crops of older preprocessing versions and part searches, and keeps those of this one, whatever their size', async () => {
    const db = await openScrewOpsDb({}, 'dataset-test');
    const current = [tensorKey(defaultPreprocessSpec(128), 'a'), tensorKey(defaultPreprocessSpec(64), 'b')];
    const old = `${specKeyPrefix(PREPROCESS_VERSION - 1)}0badc0de/a`;
    // Same version, cut by the part search before its second, flattened-plate pass.
    const earlierRevision = `pp${PREPROCESS_VERSION}-0badc0de/a`;
    await saveCachedTensors(
      db,
      [...current, old, earlierRevision].map((key) => ({ key, pixels: new Uint8Array(4) })),
    );
    await ensureCached(db, [], defaultPreprocessSpec(128), new AbortController().signal, () => undefined);
    expect((await listCachedTensorKeys(db)).sort()).toEqual([...current].sort());
    db.close();
  });
});
