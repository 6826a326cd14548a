import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { imageId, saveImport, writeImageBatch } from '../lib/db/images-repo.ts';
import { openScrewOpsDb } from '../lib/db/open-db.ts';
import type { ImageRecord } from '../lib/db/schema/images.ts';
import type { ImportRecord } from '../lib/db/schema/imports.ts';
import { sha256Hex } from '../lib/ingest/dedup.ts';
import { encodePng } from '../lib/png/encode-png.ts';
import { IngestJob } from './ingest-job.ts';

const png = encodePng(new Uint8Array(16).fill(7), 4, 4, 1);

async function withStoredUnlabeled(name: string) {
  const db = await openScrewOpsDb({}, name);
  const sha256 = await sha256Hex(png);
  const id = imageId('p', sha256);
  const image: ImageRecord = {
    id,
    projectId: 'p',
    sha256,
    label: null,
    labelSource: null,
    defectType: null,
    source: 'file',
    originalPath: 'old/x.png',
    fileName: 'x.png',
    format: 'png',
    width: 4,
    height: 4,
    byteSize: png.length,
    capturedAt: null,
    addedAt: 1,
    importId: 'earlier',
    split: null,
    phash: '0'.repeat(16),
  };
  const job = { id: 'earlier', projectId: 'p', title: 'earlier', status: 'done' } as ImportRecord;
  await writeImageBatch(db, { images: [image], blobs: [], job });
  await saveImport(db, job);
  return { db, id };
}

describe('IngestJob', () => {
  it('writes the label a duplicate brings before it marks the duplicate done', async () => {
    const { db, id } = await withStoredUnlabeled('ingest-job-adopt');
    const job = await IngestJob.start(db, { projectId: 'p', source: 'folder', title: 'good folder' });
    await job.add({
      key: 'good/x.png',
      path: 'good/x.png',
      fileName: 'x.png',
      label: 'good',
      labelSource: 'folder',
      defectType: null,
      capturedAt: null,
      bytes: async () => png.slice(),
    });
    // A crash after this flush must not leave the key done and the label unwritten.
    await job.flush();
    const stored = await db.get('images', id);
    const record = await db.get('imports', job.id);
    expect(record?.doneKeys).toContain('good/x.png');
    expect(stored?.label).toBe('good');
    expect(stored?.labelSource).toBe('folder');
  });
});
