import type { DatasetProfile } from '../../profile/profile-types.ts';
import type { Assertion, AssertionResult } from '../../profile/assertion-types.ts';

/** A stored profile of one snapshot with its assertion results. */
export interface ProfileRecord {
  id: string;
  projectId: string;
  snapshotId: string;
  /** ms since epoch */
  createdAt: number;
  /** the DatasetProfile (workers/lib/profile), stored as plain JSON */
  profile: DatasetProfile;
  assertions: Assertion[];
  results: AssertionResult[];
  /** ms the profiling took */
  elapsedMs: number;
}
