import { imageId } from '../lib/db/images-repo.ts';
import { parseCsv } from '../lib/ingest/csv.ts';
import { mapLabel } from '../lib/ingest/labels.ts';
import { isSplit, type Split } from '../lib/splits/split.ts';
import type { IngestJob } from './ingest-job.ts';
import type { DroppedFile, IngestTarget } from './ingest-types.ts';

/** The header ScrewOps exports write; a CSV that starts with it is a manifest, not a labeling export. */
const HEADER = ['file', 'label', 'split', 'defect_type', 'sha256'];

/** True when `text` is a ScrewOps export manifest. */
export function isManifest(text: string): boolean {
  return text.split(/\r?\n/, 1)[0]?.trim() === HEADER.join(',');
}

/**
 * Applies an export manifest to the project's images by content hash: labels (mapped onto the
 * project's classes) and splits, so an exported dataset re-imports to the same snapshot.
 */
export async function applyManifest(
  job: IngestJob,
  target: IngestTarget,
  file: DroppedFile,
  text: string,
): Promise<void> {
  const [header, ...rows] = parseCsv(text, file.path);
  const column = (name: string) => header!.indexOf(name);
  const labels: Array<{ id: string; label: string; labelSource: 'imported' }> = [];
  const splits = new Map<string, Split>();
  for (const row of rows) {
    const sha256 = row[column('sha256')] ?? '';
    if (!/^[0-9a-f]{64}$/.test(sha256)) continue;
    const id = imageId(target.projectId, sha256);
    const raw = row[column('label')] ?? '';
    if (raw) {
      const label = mapLabel(raw, row[column('defect_type')] || null, target.classes);
      if (label === null)
        job.reject(
          `${file.path} › ${row[column('file')]}`,
          `Label "${raw}" is not one of the project's classes (${target.classes.join(', ')}).`,
        );
      else labels.push({ id, label, labelSource: 'imported' });
    }
    const split = row[column('split')] ?? '';
    if (isSplit(split)) splits.set(id, split);
  }
  await job.applyLabels(labels);
  await job.applySplits(splits);
}
