import type { ImageSource } from './images.ts';

/** A reason a file was not stored. */
export interface Rejection {
  file: string;
  reason: string;
}

/** Counts of one import job. */
export interface ImportCounts {
  accepted: number;
  duplicates: number;
  rejected: number;
  conflicts: number;
}

/** One import job; an interrupted job resumes, skipping the files it already handled. */
export interface ImportRecord {
  id: string;
  projectId: string;
  source: ImageSource;
  /** what the person imported, e.g. a folder or zip name */
  title: string;
  status: 'running' | 'done' | 'cancelled' | 'failed';
  /** ms since epoch */
  startedAt: number;
  /** ms since epoch */
  finishedAt: number | null;
  /** keys (paths) of the files already handled, for resuming */
  doneKeys: string[];
  counts: ImportCounts;
  rejected: Rejection[];
  conflicts: Array<{ file: string; existingLabel: string; newLabel: string }>;
}
