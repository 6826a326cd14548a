import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDB } from 'idb';
import { openScrewOpsDb, type Db } from './open-db.ts';
import { createProject } from './projects-repo.ts';
import { setSetting } from './settings-repo.ts';
import { getImageBlobs, listImages } from './images-repo.ts';
import { applyLabelChanges } from './labels-repo.ts';
import { defaultScope } from '../domain/scope.ts';
import { listReviewQueue, reviewSettings, storeReviewFrame, type ReviewFrame } from './review-repo.ts';
import type { ReviewReason } from '../monitor/monitor-types.ts';

let db: Db;
let name: string;
let counter = 0;
let projectId: string;

beforeEach(async () => {
  name = `screwops-review-test-${++counter}`;
  db = await openScrewOpsDb({}, name);
  projectId = (await createProject(db, defaultScope('Line 4'))).id;
});
afterEach(async () => {
  db.close();
  await deleteDB(name);
});

/** A frame of `bytes` bytes whose content (and so hash) is `tag`. */
function frame(tag: string, reason: ReviewReason, at: number, bytes = 100): ReviewFrame {
  return {
    projectId,
    original: new Blob([new Uint8Array(bytes).fill(tag.charCodeAt(0))], { type: 'image/png' }),
    sha256: tag.padEnd(64, '0'),
    thumbnail: new Blob([new Uint8Array(10)], { type: 'image/jpeg' }),
    phash: '0123456789abcdef',
    width: 640,
    height: 480,
    provenance: {
      reason,
      station: 'line-4',
      versionId: 'v1',
      modelLabel: 'screws@1',
      verdict: reason === 'out-of-domain' ? 'out-of-domain' : 'ok',
      score: 0.48,
      threshold: 0.5,
      at,
      inspectionSeq: 7,
    },
  };
}

describe('review repository', () => {
  it('stores a kept frame as an unlabeled station image with its bytes and provenance', async () => {
    const outcome = await storeReviewFrame(db, frame('a', 'operator', 1000), 2000);
    expect(outcome.status).toBe('stored');
    const [image] = await listImages(db, projectId);
    expect(image).toMatchObject({
      id: `${projectId}/${'a'.padEnd(64, '0')}`,
      source: 'station',
      label: null,
      format: 'png',
      byteSize: 100,
      capturedAt: 1000,
      addedAt: 2000,
      split: null,
      provenance: { reason: 'operator', modelLabel: 'screws@1', score: 0.48, inspectionSeq: 7 },
    });
    const blobs = await getImageBlobs(db, image!.id);
    expect(blobs?.original.size).toBe(100);
    expect(blobs?.thumbnail.size).toBe(10);
    expect((await listReviewQueue(db, projectId)).map((i) => i.id)).toEqual([image!.id]);
  });

  it('leaves the queue once labeled', async () => {
    await storeReviewFrame(db, frame('a', 'uncertain', 1000));
    const [image] = await listReviewQueue(db, projectId);
    await applyLabelChanges(db, projectId, [{ imageId: image!.id, to: 'bad' }], 'manual');
    expect(await listReviewQueue(db, projectId)).toEqual([]);
    expect((await listImages(db, projectId))[0]?.provenance?.reason).toBe('uncertain');
  });

  it('does not store the same frame twice, and an operator mark adopts a queued sample', async () => {
    await storeReviewFrame(db, frame('a', 'uncertain', 1000));
    const again = await storeReviewFrame(db, frame('a', 'operator', 1100));
    expect(again.status).toBe('duplicate');
    const images = await listImages(db, projectId);
    expect(images).toHaveLength(1);
    expect(images[0]?.provenance?.reason).toBe('operator');
  });

  it('prunes the oldest automatic samples at the count cap, keeps operator frames, and refuses when only those are left', async () => {
    await setSetting(db, 'reviewCapCount', 3);
    await storeReviewFrame(db, frame('o', 'operator', 1), 1);
    await storeReviewFrame(db, frame('a', 'uncertain', 2), 2);
    await storeReviewFrame(db, frame('b', 'out-of-domain', 3), 3);
    const stored = await storeReviewFrame(db, frame('c', 'uncertain', 4), 4);
    expect(stored.status).toBe('stored');
    expect(stored.status === 'stored' && stored.pruned).toEqual([`${projectId}/${'a'.padEnd(64, '0')}`]);
    const queue = await listReviewQueue(db, projectId);
    expect(queue.map((i) => i.sha256[0])).toEqual(['c', 'b', 'o']);
    // The pruned frame's bytes went with it.
    expect(await getImageBlobs(db, `${projectId}/${'a'.padEnd(64, '0')}`)).toBeUndefined();

    await storeReviewFrame(db, frame('p', 'operator', 5), 5);
    await storeReviewFrame(db, frame('q', 'operator', 6), 6);
    const refused = await storeReviewFrame(db, frame('d', 'out-of-domain', 7), 7);
    expect(refused.status).toBe('refused');
    const after = await listReviewQueue(db, projectId);
    expect(after.map((i) => i.sha256[0]).sort()).toEqual(['o', 'p', 'q']);
  });

  it('counts only the project’s own frames against its cap', async () => {
    await setSetting(db, 'reviewCapCount', 1);
    const other = (await createProject(db, defaultScope('Line 5'))).id;
    await storeReviewFrame(db, { ...frame('x', 'uncertain', 1), projectId: other });
    expect((await storeReviewFrame(db, frame('a', 'uncertain', 2))).status).toBe('stored');
    expect(await listReviewQueue(db, other)).toHaveLength(1);
    expect(await listReviewQueue(db, projectId)).toHaveLength(1);
  });

  it('keeps the bytes of unreviewed frames under the byte cap, and labeled frames do not count', async () => {
    await setSetting(db, 'reviewCapBytes', 250);
    await storeReviewFrame(db, frame('a', 'uncertain', 1, 100), 1);
    await storeReviewFrame(db, frame('b', 'uncertain', 2, 100), 2);
    await storeReviewFrame(db, frame('c', 'uncertain', 3, 100), 3);
    expect((await listReviewQueue(db, projectId)).map((i) => i.sha256[0])).toEqual(['c', 'b']);
    const [newest] = await listReviewQueue(db, projectId);
    await applyLabelChanges(db, projectId, [{ imageId: newest!.id, to: 'good' }], 'manual');
    await storeReviewFrame(db, frame('d', 'uncertain', 4, 100), 4);
    expect((await listReviewQueue(db, projectId)).map((i) => i.sha256[0])).toEqual(['d', 'b']);
    expect(await listImages(db, projectId)).toHaveLength(3);
  });

  it('reads its settings with defaults, and refuses an empty frame without writing', async () => {
    const defaults = await reviewSettings(db);
    expect(defaults.station).toBe('station');
    expect(defaults.gapMs).toBe(30_000);
    await setSetting(db, 'stationName', 'line-4');
    await setSetting(db, 'reviewSampleGapSeconds', 5);
    expect(await reviewSettings(db)).toMatchObject({ station: 'line-4', gapMs: 5000 });
    const empty = { ...frame('e', 'operator', 1), original: new Blob([]) };
    await expect(storeReviewFrame(db, empty)).rejects.toThrow(/empty/);
    expect(await listImages(db, projectId)).toEqual([]);
  });
});
