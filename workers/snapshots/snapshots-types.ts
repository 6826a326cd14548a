/** Types shared by the snapshots worker and the UI (the only runtime import is one constant). */
import type { SplitSettings } from '../lib/db/schema/projects.ts';
import { NEAR_DUPLICATE_BITS } from '../lib/image/dhash.ts';
import type { Split } from '../lib/splits/split.ts';
import type { GateWarning } from '../lib/splits/test-size.ts';

/** Default split settings: 70/15/15, seed 1, near-duplicates as the profile judges them (4 bits of 64). */
export const DEFAULT_SPLIT_SETTINGS: SplitSettings = {
  ratios: { train: 0.7, validation: 0.15, test: 0.15 },
  seed: 1,
  nearDuplicateBits: NEAR_DUPLICATE_BITS,
};

/** Images per label and split; unlabeled images count under the label "". */
export type SplitTable = Record<string, Record<Split, number>>;

/** What a split run did. */
export interface SplitReport {
  table: SplitTable;
  /** images whose split changed */
  changed: number;
  /** groups of two or more exact or near-duplicate images, kept in one split each */
  duplicateGroups: number;
  /** images in duplicate groups */
  groupedImages: number;
  /** why the test split is too small for the gate, with the numbers; null when it is large enough */
  gateWarning: GateWarning | null;
  testCount: number;
}

/** A snapshot as the UI lists it (without its entries). */
export interface SnapshotSummary {
  id: string;
  name: string;
  createdAt: number;
  hash: string;
  images: number;
  table: SplitTable;
}

/** The dataset export formats. */
export type ExportFormat = 'imagefolder' | 'mvtec' | 'labelstudio';
