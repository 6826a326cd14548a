/** Places a Label Studio export's labels on the project's images by file name. */
import { mapLabel } from './labels.ts';
import type { LabelStudioItem } from './label-studio-tasks.ts';

/** Names an image may go by: as exported, then without Label Studio's `1a2b3c4d-` upload prefix. */
export function matchKeys(fileName: string): string[] {
  const stripped = /^[0-9a-f]{8}-(.+)$/i.exec(fileName)?.[1];
  return stripped ? [fileName, stripped] : [fileName];
}

/** An image the project (or this import) holds: its store `key` and its file name. */
export interface AvailableImage {
  key: string;
  fileName: string;
}

/** An export item that could not be applied, and why. */
export interface UnmatchedLabel {
  fileName: string;
  imageRef: string;
  label: string;
  reason: string;
}

/** The outcome of applying an export's labels to the available images. */
export interface LabelStudioMatch {
  /** Labels to apply, already mapped onto the project's class names. */
  matched: Array<{ key: string; label: string; fileName: string; annotator?: string }>;
  /** No available image has the item's file name. */
  missingImages: UnmatchedLabel[];
  /** The item's label is none of the project's classes. */
  unknownLabels: UnmatchedLabel[];
  /** Several images share the file name, or tasks label one image differently; nothing applied. */
  ambiguous: UnmatchedLabel[];
}

function indexBy(available: readonly AvailableImage[], key: (a: AvailableImage) => string | undefined) {
  const index = new Map<string, AvailableImage[]>();
  for (const a of available) {
    const k = key(a)?.toLowerCase();
    if (k === undefined) continue;
    const list = index.get(k);
    if (list) list.push(a);
    else index.set(k, [a]);
  }
  return index;
}

/**
 * Matches export items to images by file name (case-insensitive; exact name first, then without the
 * upload prefix on either side) and maps each label onto `classes` like folder labels are mapped.
 */
export function matchLabelStudio(
  items: readonly LabelStudioItem[],
  available: readonly AvailableImage[],
  classes: readonly string[],
): LabelStudioMatch {
  const byName = indexBy(available, (a) => a.fileName);
  const byStripped = indexBy(available, (a) => matchKeys(a.fileName)[1]);
  const result: LabelStudioMatch = { matched: [], missingImages: [], unknownLabels: [], ambiguous: [] };
  const chosen = new Map<string, { label: string; item: LabelStudioItem; rejected: boolean }>();
  for (const item of items) {
    const [exact, stripped] = matchKeys(item.fileName).map((k) => k.toLowerCase());
    const hits =
      byName.get(exact ?? '') ??
      (stripped ? byName.get(stripped) : undefined) ??
      byStripped.get(exact ?? '') ??
      [];
    const base = { fileName: item.fileName, imageRef: item.imageRef, label: item.label };
    if (hits.length === 0) {
      result.missingImages.push({
        ...base,
        reason: `No image named "${item.fileName}" is in the project or this import.`,
      });
      continue;
    }
    if (hits.length > 1) {
      const reason = `${hits.length} images are named "${hits[0]?.fileName}", so the label cannot be placed. Rename them and import again.`;
      result.ambiguous.push({ ...base, reason });
      continue;
    }
    const label = mapLabel(item.label, null, classes);
    if (label === null) {
      const reason = `Label "${item.label}" is not one of the project's classes (${classes.join(', ')}). Add it as a class or relabel in Label Studio.`;
      result.unknownLabels.push({ ...base, reason });
      continue;
    }
    const key = hits[0]?.key ?? '';
    const earlier = chosen.get(key);
    if (!earlier) chosen.set(key, { label, item, rejected: false });
    else if (earlier.label !== label && !earlier.rejected) {
      earlier.rejected = true;
      const reason = `Two tasks label "${item.fileName}" differently (${earlier.item.label} and ${item.label}); it was left unlabelled.`;
      result.ambiguous.push({ ...base, reason });
    }
  }
  for (const [key, { label, item, rejected }] of chosen) {
    if (rejected) continue;
    const entry = { key, label, fileName: item.fileName };
    result.matched.push(item.annotator === undefined ? entry : { ...entry, annotator: item.annotator });
  }
  return result;
}
