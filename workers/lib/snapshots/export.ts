/**
 * Dataset exports as zip bytes: an image folder per split and label, an MVTec-AD-style tree, and
 * (re-exported) Label Studio tasks. Every zip holds a `manifest.csv`; equal inputs in any order give
 * byte-equal zips.
 */
import { buildZip, canonicalOrder, manifestCsv, placeFiles, safeSegment } from './export-common.ts';
import type { ExportItem } from './export-common.ts';

export type { ExportItem, PlacedItem } from './export-common.ts';
export { exportLabelStudioJson, exportLabelStudioZip, labelStudioConfig } from './export-label-studio.ts';
export type { LabelStudioOptions } from './export-label-studio.ts';

/** Folder of an item in the image-folder export: `<split>/<label>`, `unsplit/<label>`, or `unlabeled`. */
export function imageFolderOf(item: ExportItem): string {
  // Unlabeled images stay out of the split folders, so a class-per-folder loader pointed at
  // train/ sees real classes only; the manifest still records their split.
  if (item.label === null) return 'unlabeled';
  return `${item.split ?? 'unsplit'}/${safeSegment(item.label, '_')}`;
}

/**
 * Zip laid out as `<split>/<label>/<file>` (train, validation, test; `unsplit/<label>/` for labeled
 * images without a split; `unlabeled/<file>` for unlabeled ones) plus `manifest.csv`.
 */
export function exportImageFolderZip(items: readonly ExportItem[]): Uint8Array {
  const placed = placeFiles(canonicalOrder(items).map((item) => ({ folder: imageFolderOf(item), item })));
  return buildZip(placed, { 'manifest.csv': manifestCsv(placed) });
}

/**
 * Folder of an item in the MVTec AD layout, or null when it has none (unlabeled). Good images
 * (label = `good`) of the test split go to `test/good`, all other good ones (train, validation, no
 * split) to `train/good`; defective ones of any split to `test/<defectType, else label>`, because
 * MVTec trains on good parts only.
 */
export function mvtecFolderOf(item: ExportItem, good: string): string | null {
  if (item.label === null) return null;
  if (item.label === good) return item.split === 'test' ? 'test/good' : 'train/good';
  // A defect folder literally named "good" would read back as defect-free.
  const names = [item.defectType, item.label, 'defective'].filter((n): n is string => n !== null);
  const folder = names.map((n) => safeSegment(n, '_')).find((n) => n.toLowerCase() !== 'good') ?? 'defective';
  return `test/${folder}`;
}

/**
 * MVTec-AD-style zip (`train/good`, `test/good`, `test/<defect>`) plus `manifest.csv`; the good
 * class is `classes[0]`. Unlabeled images are left out (MVTec has no place for them); use
 * mvtecFolderOf to count them beforehand.
 */
export function exportMvtecZip(items: readonly ExportItem[], classes: readonly string[]): Uint8Array {
  const good = classes[0];
  if (good === undefined) throw new Error('exportMvtecZip: the project has no classes, so no good class.');
  const entries = canonicalOrder(items).flatMap((item) => {
    const folder = mvtecFolderOf(item, good);
    return folder === null ? [] : [{ folder, item }];
  });
  const placed = placeFiles(entries);
  return buildZip(placed, { 'manifest.csv': manifestCsv(placed) });
}
