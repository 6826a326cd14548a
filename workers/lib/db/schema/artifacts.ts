import type { ModelBundle } from '../../../../models/bundle.ts';

/** The trained model of a finished run, stored under the run's id. */
export interface ArtifactRecord {
  runId: string;
  bundle: ModelBundle;
}
