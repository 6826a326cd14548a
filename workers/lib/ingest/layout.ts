/** Recognises how a dropped folder or archive is organised and what each image's folder says. */

import { normalizeLabel } from './labels.ts';

export { mapLabel } from './labels.ts';

/** File extensions treated as images (lower case, without the dot). */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['png', 'jpg', 'jpeg', 'webp', 'bmp']);

/** How the images are organised: MVTec AD, one folder per label, or no class folders at all. */
export type LayoutKind = 'mvtec' | 'imagefolder' | 'flat';

/** One image and what its location says about it. */
export interface LayoutImage {
  /** The path as given (forward slashes). */
  path: string;
  /** Last path segment. */
  fileName: string;
  /** The class folder name, untouched; null when the image sits in no class folder. */
  folderLabel: string | null;
  /** Path of the folder that gave `folderLabel` (e.g. "screws/train/good"); null when there is none. */
  labelFolder: string | null;
  /** MVTec defect folder (e.g. "scratch_head"); null for good images and other layouts. */
  defectType: string | null;
  /** The split a train/test folder put it in; null when there is none. */
  origSplit: 'train' | 'test' | null;
}

/** A file that is not imported, and why. */
export interface IgnoredFile {
  path: string;
  reason: string;
}

/** What `detectLayout` found. */
export interface LayoutResult {
  kind: LayoutKind;
  /** Folder prefix shared by every image (e.g. the dropped folder's name), '' when none. */
  root: string;
  images: LayoutImage[];
  ignored: IgnoredFile[];
}

const SPLITS: Readonly<Record<string, 'train' | 'test' | null>> = {
  train: 'train',
  training: 'train',
  test: 'test',
  testing: 'test',
  // A validation folder is a split too, but the project assigns its own validation set.
  val: null,
  valid: null,
  validation: null,
};

function isSplit(segment: string | undefined): boolean {
  return segment !== undefined && segment.toLowerCase() in SPLITS;
}

function splitOf(segment: string | undefined): 'train' | 'test' | null {
  return segment === undefined ? null : (SPLITS[segment.toLowerCase()] ?? null);
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((s) => s !== '' && s !== '.');
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

// Why a path is not an image to import, or null when it is one.
function skipReason(segments: readonly string[]): string | null {
  if (segments.some((s) => s === '__MACOSX')) return 'macOS archive metadata (__MACOSX), not an image';
  if (segments.some((s) => s.startsWith('.'))) return 'hidden file or folder';
  const name = segments[segments.length - 1] ?? '';
  const ext = extensionOf(name);
  if (!ext) return 'no file extension, so not treated as an image';
  if (!IMAGE_EXTENSIONS.has(ext)) return `not an image file (.${ext}); images must be PNG, JPEG, WebP or BMP`;
  return null;
}

// MVTec AD keeps images at <category>/(train|test)/<class>/<file> and masks under ground_truth/.
function mvtecPart(segments: readonly string[]): { split: 'train' | 'test'; folder: string } | 'mask' | null {
  const n = segments.length;
  if (n >= 3 && segments[n - 3] === 'ground_truth') return 'mask';
  const split = segments[n - 3];
  const folder = segments[n - 2];
  if ((split === 'train' || split === 'test') && folder !== undefined) return { split, folder };
  return null;
}

function commonDirectory(all: ReadonlyArray<readonly string[]>): string[] {
  const first = all[0];
  if (!first) return [];
  const prefix = first.slice(0, -1);
  for (const segs of all) {
    let k = 0;
    while (k < prefix.length && k < segs.length - 1 && segs[k] === prefix[k]) k++;
    prefix.length = k;
  }
  return prefix;
}

/**
 * Classifies a list of relative paths (forward slashes, any shared root folder) as an MVTec AD
 * tree, an image folder per label (optionally under train/test folders) or a flat set, and lists
 * every non-image file (and MVTec ground-truth mask) as ignored with the reason. A flat set whose
 * shared folder is named like one of `classes` (a dropped `good/` folder) takes that folder as label.
 */
export function detectLayout(paths: readonly string[], classes: readonly string[] = []): LayoutResult {
  const ignored: IgnoredFile[] = [];
  const candidates: Array<{ path: string; segments: string[] }> = [];
  for (const path of paths) {
    const segments = segmentsOf(path);
    const reason = segments.length === 0 ? 'empty path' : skipReason(segments);
    if (reason) ignored.push({ path, reason });
    else candidates.push({ path, segments });
  }
  const parts = candidates.map((c) => mvtecPart(c.segments));
  const isMvtec =
    candidates.length > 0 &&
    parts.every((p) => p !== null) &&
    parts.some((p) => p !== null && p !== 'mask' && p.folder === 'good') &&
    // MVTec trains on good parts only; train/<defect> folders mean a generic split image folder.
    parts.every((p) => p === 'mask' || p?.split !== 'train' || p.folder === 'good');
  const root = commonDirectory(candidates.map((c) => c.segments));
  const images: LayoutImage[] = [];
  if (isMvtec) {
    candidates.forEach((c, i) => {
      const part = parts[i];
      if (part === 'mask')
        ignored.push({ path: c.path, reason: 'MVTec ground-truth mask, not an inspection image' });
      else if (part) images.push(mvtecImage(c.path, c.segments, part.split, part.folder));
    });
    return { kind: 'mvtec', root: root.join('/'), images, ignored };
  }
  const generic = imageFolder(candidates, root);
  const rootName = root[root.length - 1];
  const isClass = (name: string) => classes.some((c) => normalizeLabel(c) === normalizeLabel(name));
  if (generic.kind === 'flat' && rootName !== undefined && isClass(rootName)) {
    // The shared folder is the only class folder: it is the label, not just a wrapper.
    const labelFolder = root.join('/');
    const origSplit = splitOf(root[root.length - 2]);
    for (const image of generic.images)
      Object.assign(image, { folderLabel: rootName, labelFolder, origSplit });
    return { kind: 'imagefolder', root: root.slice(0, -1).join('/'), images: generic.images, ignored };
  }
  return { ...generic, root: root.join('/'), ignored };
}

function imageFolder(
  candidates: ReadonlyArray<{ path: string; segments: string[] }>,
  root: readonly string[],
): { kind: LayoutKind; images: LayoutImage[] } {
  const images: LayoutImage[] = [];
  const splitAbove = splitOf(root[root.length - 1]);
  let foldered = false;
  for (const c of candidates) {
    const rel = c.segments.slice(root.length);
    const fileName = rel[rel.length - 1] ?? '';
    // A train/test folder is a split, never a label, even with no class folder below it.
    const splitFirst = rel.length >= 2 && isSplit(rel[0]);
    const at = splitFirst ? 1 : 0;
    const folderLabel = rel.length - at >= 2 ? (rel[at] ?? null) : null;
    const labelFolder = folderLabel === null ? null : c.segments.slice(0, root.length + at + 1).join('/');
    if (folderLabel !== null) foldered = true;
    const origSplit = splitFirst ? splitOf(rel[0]) : splitAbove;
    images.push({ path: c.path, fileName, folderLabel, labelFolder, defectType: null, origSplit });
  }
  return { kind: foldered ? 'imagefolder' : 'flat', images };
}

function mvtecImage(
  path: string,
  segments: readonly string[],
  split: 'train' | 'test',
  folder: string,
): LayoutImage {
  const fileName = segments[segments.length - 1] ?? '';
  return {
    path,
    fileName,
    folderLabel: folder,
    labelFolder: segments.slice(0, -1).join('/'),
    defectType: folder === 'good' ? null : folder,
    origSplit: split,
  };
}
