import type { LabelSource } from './images.ts';

/** One label change, kept for provenance, undo and redo. */
export interface LabelEvent {
  /** auto-increment key */
  seq?: number;
  projectId: string;
  imageId: string;
  from: string | null;
  to: string | null;
  source: LabelSource;
  /** ms since epoch */
  at: number;
  /** changes made by one action (a batch label, an undo) share a batch id */
  batchId: string;
}
