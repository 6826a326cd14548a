import type { Db } from './open-db.ts';
import { writeTransaction } from './open-db.ts';
import type { ImageBlobs, ImageRecord } from './schema/images.ts';
import type { ImportRecord } from './schema/imports.ts';

/** The id of an image: one copy of each content per project. */
export function imageId(projectId: string, sha256: string): string {
  return `${projectId}/${sha256}`;
}

/** Metadata of every image of a project (no bytes), in insertion order of their ids. */
export function listImages(db: Db, projectId: string): Promise<ImageRecord[]> {
  return db.getAllFromIndex('images', 'by-project', projectId);
}

/** The original file and thumbnail of one image. */
export function getImageBlobs(db: Db, id: string): Promise<ImageBlobs | undefined> {
  return db.get('blobs', id);
}

/** Content hash → label of every image in a project, for deduplication. */
export async function hashLabels(db: Db, projectId: string): Promise<Map<string, { label: string | null }>> {
  const images = await listImages(db, projectId);
  return new Map(images.map((image) => [image.sha256, { label: image.label }]));
}

/**
 * Stores one batch of an import and the job's progress in one transaction: either every image of
 * the batch lands with its bytes and the job record moves on, or nothing changes.
 */
export async function writeImageBatch(
  db: Db,
  batch: { images: ImageRecord[]; blobs: ImageBlobs[]; job: ImportRecord },
): Promise<void> {
  const what = `a batch of ${batch.images.length} images from "${batch.job.title}"`;
  await writeTransaction(db, ['images', 'blobs', 'imports'], what, async (tx) => {
    const writes: Promise<unknown>[] = [];
    for (const image of batch.images) writes.push(tx.objectStore('images').put(image));
    for (const blobs of batch.blobs) writes.push(tx.objectStore('blobs').put(blobs));
    writes.push(tx.objectStore('imports').put(batch.job));
    await Promise.all(writes);
  });
}

/** Updates image metadata (never bytes) in one transaction; `what` names the change for a storage error. */
export async function saveImages(db: Db, images: readonly ImageRecord[], what: string): Promise<void> {
  await writeTransaction(db, ['images'], what, async (tx) => {
    await Promise.all(images.map((image) => tx.objectStore('images').put(image)));
  });
}

/** Deletes images and their bytes in one transaction. */
export async function deleteImages(db: Db, ids: readonly string[]): Promise<void> {
  await writeTransaction(db, ['images', 'blobs'], `the deletion of ${ids.length} images`, async (tx) => {
    await Promise.all(
      ids.flatMap((id) => [tx.objectStore('images').delete(id), tx.objectStore('blobs').delete(id)]),
    );
  });
}

/** Import jobs of a project, newest first. */
export async function listImports(db: Db, projectId: string): Promise<ImportRecord[]> {
  const jobs = await db.getAllFromIndex('imports', 'by-project', projectId);
  return jobs.sort((a, b) => b.startedAt - a.startedAt);
}

/** An unfinished job of the same project and title, to resume instead of starting over. */
export async function findResumableImport(
  db: Db,
  projectId: string,
  title: string,
): Promise<ImportRecord | undefined> {
  const jobs = await listImports(db, projectId);
  return jobs.find(
    (job) =>
      job.title === title &&
      (job.status === 'running' || job.status === 'cancelled' || job.status === 'failed'),
  );
}

/** Saves an import job record. */
export async function saveImport(db: Db, job: ImportRecord): Promise<void> {
  await writeTransaction(db, ['imports'], `the import record "${job.title}"`, async (tx) => {
    await tx.objectStore('imports').put(job);
  });
}
