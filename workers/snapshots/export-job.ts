import type { Db } from '../lib/db/open-db.ts';
import { getImageBlobs, listImages } from '../lib/db/images-repo.ts';
import { getSnapshot } from '../lib/db/snapshots-repo.ts';
import { NotFoundError } from '../lib/db/errors.ts';
import type { SnapshotEntry } from '../lib/db/schema/snapshots.ts';
import { exportImageFolderZip, exportLabelStudioZip, exportMvtecZip } from '../lib/snapshots/export.ts';
import type { ExportItem } from '../lib/snapshots/export-common.ts';
import { throwIfAborted } from '../lib/abort-port.ts';
import type { ExportFormat } from './snapshots-types.ts';

/**
 * Builds an export zip of a snapshot (or of the current images when `snapshotId` is null).
 * The whole archive is built in memory, which bounds exports to what the device's memory holds.
 */
export async function exportDataset(
  db: Db,
  projectId: string,
  options: { snapshotId: string | null; format: ExportFormat; classes: string[] },
  signal: AbortSignal,
): Promise<{ zip: Blob; fileName: string; images: number; missing: number }> {
  const images = new Map((await listImages(db, projectId)).map((i) => [i.id, i]));
  let entries: SnapshotEntry[];
  let name = 'current';
  if (options.snapshotId) {
    const snapshot = await getSnapshot(db, options.snapshotId);
    if (!snapshot || snapshot.projectId !== projectId)
      throw new NotFoundError('snapshot', options.snapshotId);
    entries = snapshot.entries;
    name = snapshot.name;
  } else {
    entries = [...images.values()].map((i) => ({
      imageId: i.id,
      sha256: i.sha256,
      label: i.label,
      split: i.split ?? null,
    }));
  }
  const items: ExportItem[] = [];
  let missing = 0;
  for (const entry of entries) {
    throwIfAborted(signal);
    const image = images.get(entry.imageId);
    const blobs = image && (await getImageBlobs(db, entry.imageId));
    if (!image || !blobs) {
      missing++;
      continue;
    }
    items.push({
      fileName: image.fileName,
      sha256: entry.sha256,
      label: entry.label,
      split: entry.split,
      defectType: image.defectType,
      bytes: new Uint8Array(await blobs.original.arrayBuffer()),
      format: image.format,
    });
  }
  const zip =
    options.format === 'mvtec'
      ? exportMvtecZip(items, options.classes)
      : options.format === 'labelstudio'
        ? exportLabelStudioZip(items, { classes: options.classes, includeUnlabeled: true })
        : exportImageFolderZip(items);
  const safe = name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'dataset';
  return {
    zip: new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
    fileName: `screwops-${safe}-${options.format}.zip`,
    images: items.length,
    missing,
  };
}
