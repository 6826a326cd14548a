import type { Scope } from '../../domain/scope.ts';

/** A stored project: its scope card plus bookkeeping. */
export interface ProjectRecord {
  id: string;
  scope: Scope;
  /** how the project splits its images; absent until the first split */
  splitSettings?: SplitSettings;
  /** the project's data assertions as YAML; absent means the defaults for its scope */
  assertionsYaml?: string;
  /** ms since epoch */
  createdAt: number;
  /** ms since epoch */
  updatedAt: number;
}

/** How a project splits its images. */
export interface SplitSettings {
  /** shares 0..1 summing to 1 */
  ratios: { train: number; validation: number; test: number };
  seed: number;
  /** largest Hamming distance (bits of 64) at which two images count as near-duplicates */
  nearDuplicateBits: number;
}
