import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openScrewOpsDb } from '../lib/db/open-db.ts';
import { listImages, saveImages } from '../lib/db/images-repo.ts';
import type { ImageRecord } from '../lib/db/schema/images.ts';
import { createRng } from '../lib/rng.ts';
import { runSplit } from './split-job.ts';

/** `count` labeled images of a project, with content hashes and perceptual hashes that depend only on `i`. */
function images(projectId: string, count: number): ImageRecord[] {
  return Array.from({ length: count }, (_, i): ImageRecord => {
    const sha256 = createRng(`sha ${i}`).uint32().toString(16).padStart(8, '0').repeat(8);
    return {
      id: `${projectId}/${sha256}`,
      projectId,
      sha256,
      label: i % 4 === 0 ? 'bad' : 'good',
      labelSource: 'imported',
      defectType: null,
      source: 'file',
      originalPath: `${i}.png`,
      fileName: `${i}.png`,
      format: 'png',
      width: 64,
      height: 64,
      byteSize: 100,
      capturedAt: null,
      addedAt: i,
      importId: 'imp',
      split: null,
      phash:
        createRng(`phash ${i}`).uint32().toString(16).padStart(8, '0') +
        createRng(`phash2 ${i}`).uint32().toString(16).padStart(8, '0'),
    } satisfies ImageRecord;
  });
}

describe('runSplit', () => {
  it('splits the same images the same way in two projects', async () => {
    const db = await openScrewOpsDb({}, 'split-job-test');
    const settings = { ratios: { train: 0.7, validation: 0.15, test: 0.15 }, seed: 1, nearDuplicateBits: 0 };
    const byHash: Array<Map<string, string | null | undefined>> = [];
    for (const projectId of ['prj_a1', 'prj_zz9']) {
      const rows = images(projectId, 80);
      await saveImages(db, rows, 'the test images');
      await runSplit(db, projectId, settings, {
        reassign: false,
        gateThreshold: 0.95,
        signal: new AbortController().signal,
      });
      const stored = await listImages(db, projectId);
      expect(stored).toHaveLength(rows.length);
      byHash.push(new Map(stored.map((image) => [image.sha256, image.split])));
    }
    expect([...byHash[0]!.values()].filter((s) => s === 'test').length).toBeGreaterThan(5);
    expect(byHash[1]).toEqual(byHash[0]);
    db.close();
  });
});
