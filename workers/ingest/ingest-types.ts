/** Types shared by the ingest worker and the UI (no runtime imports here). */
import type { ImageSource } from '../lib/db/schema/images.ts';
import type { ImportCounts, Rejection } from '../lib/db/schema/imports.ts';

/** Longest side of a stored thumbnail, pixels. */
export const THUMBNAIL_SIZE = 192;

/** Live progress of an import. */
export interface IngestProgress {
  /** files handled so far (stored, duplicate or rejected) */
  processed: number;
  /** files in the import, when known up front */
  total: number | null;
  counts: ImportCounts;
  /** images handled per second since the start */
  imagesPerSecond: number;
  /** the file being handled */
  current: string;
}

/** What an import did, for the summary screen and the runner's JSON. */
export interface IngestReport {
  importId: string;
  title: string;
  source: ImageSource;
  status: 'done' | 'cancelled' | 'failed';
  accepted: number;
  duplicates: number;
  rejected: Rejection[];
  conflicts: Array<{ file: string; existingLabel: string; newLabel: string }>;
  /** existing images that got a label from this import (Label Studio, or a labeled duplicate) */
  labeled: number;
  /** files skipped because an interrupted run of the same import already handled them */
  resumedSkipped: number;
  /** labels taken from folder names, per folder (e.g. "screws/good" gave "good" to 120 images) */
  folderLabels: FolderLabel[];
  /** ms */
  elapsedMs: number;
  imagesPerSecond: number;
  /** why the import stopped early, e.g. a full disk */
  stoppedReason: string | null;
}

/** A folder whose name labelled images of an import: its path, the project class, how many images. */
export interface FolderLabel {
  folder: string;
  label: string;
  images: number;
}

/** A file handed to the ingest worker: the browser File/Blob and its path inside the drop. */
export interface DroppedFile {
  /** relative path, forward slashes (e.g. "screws/good/001.png"); the file name when there is none */
  path: string;
  file: Blob;
}

/** What the import needs to know about the project. */
export interface IngestTarget {
  projectId: string;
  classes: string[];
}
