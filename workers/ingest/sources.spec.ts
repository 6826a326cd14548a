import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openScrewOpsDb } from '../lib/db/open-db.ts';
import { buildStoredZip } from '../lib/ingest/test-zip.ts';
import type { Candidate, IngestJob } from './ingest-job.ts';
import type { DroppedFile, FolderLabel } from './ingest-types.ts';
import { ingestImageFiles, ingestLabelStudio, ingestZip } from './sources.ts';

/**
 * Stands in for IngestJob where Node cannot run it (it decodes with createImageBitmap): records what
 * the sources hand over, which is what these tests are about.
 */
class RecordingJob {
  readonly added: Candidate[] = [];
  readonly rejected: Array<{ file: string; reason: string }> = [];
  readonly folderLabels: FolderLabel[] = [];
  async add(candidate: Candidate): Promise<void> {
    this.added.push(candidate);
  }
  reject(file: string, reason: string): void {
    this.rejected.push({ file, reason });
  }
  noteFolderLabel(folder: string, label: string): void {
    const seen = this.folderLabels.find((f) => f.folder === folder && f.label === label);
    if (seen) seen.images++;
    else this.folderLabels.push({ folder, label, images: 1 });
  }
  async applyLabels(): Promise<number> {
    return 0;
  }
  async applySplits(): Promise<number> {
    return 0;
  }
}

const target = { projectId: 'p', classes: ['good', 'bad'] };
const signal = new AbortController().signal;
const text = (s: string) => new TextEncoder().encode(s);

async function zipImport(bytes: Uint8Array<ArrayBuffer>) {
  const job = new RecordingJob();
  const sidecars = await ingestZip(
    job as unknown as IngestJob,
    target,
    { path: 'screws.zip', file: new Blob([bytes]) },
    {},
    signal,
    undefined,
  );
  return { job, sidecars };
}

describe('ingestZip', () => {
  it('imports every entry with its label when the central directory is damaged', async () => {
    const { bytes, directory } = buildStoredZip([
      { name: 'good/a.png', data: text('a') },
      { name: 'bad/b.png', data: text('b') },
    ]);
    new DataView(bytes.buffer).setUint16(directory + 28, 0xffff, true);
    const { job } = await zipImport(bytes);
    expect(job.added.map((c) => [c.path, c.label])).toEqual([
      ['screws.zip › good/a.png', 'good'],
      ['screws.zip › bad/b.png', 'bad'],
    ]);
    expect(job.rejected).toEqual([]);
  });

  it('imports an image whose name is in code page 437 (no UTF-8 flag)', async () => {
    const name = Uint8Array.of(...text('good/caf'), 0xe9, ...text('.png'));
    const { bytes } = buildStoredZip([{ name, data: text('a') }]);
    const { job } = await zipImport(bytes);
    expect(job.rejected).toEqual([]);
    expect(job.added.map((c) => [c.fileName, c.label])).toEqual([['cafΘ.png', 'good']]);
  });
});

describe('ingestImageFiles', () => {
  it('labels a dropped folder named like a class and reports which folder gave the label', async () => {
    const job = new RecordingJob();
    const files: DroppedFile[] = ['good/a.png', 'good/b.png'].map((path) => ({
      path,
      file: new Blob(['x']),
    }));
    await ingestImageFiles(job as unknown as IngestJob, target, files, signal, undefined);
    expect(job.added.map((c) => c.label)).toEqual(['good', 'good']);
    expect(job.folderLabels).toEqual([{ folder: 'good', label: 'good', images: 2 }]);
  });
});

describe('ingestLabelStudio', () => {
  const db = openScrewOpsDb({}, 'sources-spec');

  it('rejects a labels.csv or manifest.csv with an unterminated quote, alone', async () => {
    for (const [path, body] of [
      ['labels.csv', 'image,choice\n"a.png,good\n'],
      ['manifest.csv', 'file,label,split,defect_type,sha256\n"a.png,good,train,,\n'],
    ] as const) {
      const job = new RecordingJob();
      await ingestLabelStudio(await db, job as unknown as IngestJob, target, {
        path,
        file: new Blob([body]),
      });
      expect(job.rejected).toEqual([{ file: path, reason: expect.stringMatching(/never closed/) }]);
    }
  });

  it('rejects an export file over the size limit without reading it', async () => {
    const job = new RecordingJob();
    const file = new Blob(['[' + ' '.repeat(2000) + ']']);
    await ingestLabelStudio(await db, job as unknown as IngestJob, target, { path: 'big.json', file }, 1000);
    expect(job.rejected).toEqual([
      { file: 'big.json', reason: expect.stringMatching(/over the 1 kB limit/) },
    ]);
  });
});
