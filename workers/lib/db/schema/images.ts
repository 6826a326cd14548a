import type { Split } from '../../splits/split.ts';
import type { StationProvenance } from '../../monitor/monitor-types.ts';

/** Where an image came from. */
export type ImageSource = 'demo' | 'file' | 'folder' | 'zip' | 'label-studio' | 'camera' | 'station';

/** How an image got its label. */
export type LabelSource = 'folder' | 'imported' | 'generated' | 'camera' | 'manual' | 'class-rename';

/** One image's metadata; its bytes live in the `blobs` store under the same id. */
export interface ImageRecord {
  /** `${projectId}/${sha256}`: one copy of each content per project */
  id: string;
  projectId: string;
  /** hex SHA-256 of the original file bytes */
  sha256: string;
  /** a class of the project's scope, or null when unlabeled */
  label: string | null;
  labelSource: LabelSource | null;
  /** defect type from a folder name, a generator or an export; kept even in a binary project */
  defectType: string | null;
  source: ImageSource;
  /** path inside the import (folder, zip) or the file name */
  originalPath: string;
  /** last path segment, used to match Label Studio exports */
  fileName: string;
  format: string;
  /** pixels */
  width: number;
  /** pixels */
  height: number;
  /** bytes of the original file */
  byteSize: number;
  /** ms since epoch, for camera frames; null otherwise */
  capturedAt: number | null;
  /** ms since epoch */
  addedAt: number;
  /** the import job that stored it */
  importId: string;
  /** train/validation/test, or null before the first split */
  split?: Split | null;
  /** 64-bit difference hash (16 hex chars) for near-duplicate search; absent on images from before v3 */
  phash?: string | null;
  /** ms since epoch of the last label change */
  labeledAt?: number | null;
  /** the label before the last change */
  previousLabel?: string | null;
  /** for frames the station kept for review: why, which model said what, when */
  provenance?: StationProvenance | null;
}

/** The bytes of one image: the original file and a small thumbnail for grids. */
export interface ImageBlobs {
  id: string;
  original: Blob;
  /** at most THUMBNAIL_SIZE pixels on the long side */
  thumbnail: Blob;
}
