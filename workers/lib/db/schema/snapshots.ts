import type { Split } from '../../splits/split.ts';
import type { SplitSettings } from './projects.ts';

/** One entry of a snapshot: enough to hash, diff and find the image again. */
export interface SnapshotEntry {
  imageId: string;
  sha256: string;
  label: string | null;
  split: Split | null;
}

/** An immutable dataset version. */
export interface SnapshotRecord {
  id: string;
  projectId: string;
  name: string;
  /** ms since epoch */
  createdAt: number;
  /** hex SHA-256 over the sorted (sha256, label, split) triples */
  hash: string;
  entries: SnapshotEntry[];
  /** the split settings in force when it was taken */
  splitSettings: SplitSettings | null;
}
