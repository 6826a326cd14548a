/** Finds the bundle behind a model reference: a run's trained model or a registered version. */
import type { Db } from '../lib/db/open-db.ts';
import { NotFoundError } from '../lib/db/errors.ts';
import { getArtifact, listRuns } from '../lib/db/runs-repo.ts';
import { getVersionBundle, requireVersion } from '../lib/db/registry-repo.ts';
import type { ModelBundle } from '../../models/bundle.ts';
import type { ModelRef } from './evaluate-types.ts';

/** A bundle with what the evaluation reports about where it came from. */
export interface ResolvedModel {
  bundle: ModelBundle;
  label: string;
  /** the decision threshold on P(bad) stored with the model */
  threshold: number;
}

/** The threshold a bundle's training run chose, or 0.5 when it chose none. */
export function bundleThreshold(bundle: ModelBundle): number {
  const value = bundle.metadata.metrics?.['threshold'];
  return typeof value === 'number' && value >= 0 && value <= 1 ? value : 0.5;
}

/** Loads the bundle `ref` names; throws a NotFoundError naming what is missing. */
export async function resolveModel(db: Db, projectId: string, ref: ModelRef): Promise<ResolvedModel> {
  if (ref.kind === 'version') {
    const record = await requireVersion(db, ref.versionId);
    return {
      bundle: await getVersionBundle(db, ref.versionId),
      label: `${record.name}@${record.version}`,
      threshold: record.threshold,
    };
  }
  const run = (await listRuns(db, projectId)).find((r) => r.id === ref.runId);
  const bundle = await getArtifact(db, ref.runId);
  if (!run || !bundle) throw new NotFoundError('trained model of run', ref.runId);
  return {
    bundle,
    label: `run "${run.name}"`,
    threshold: run.evaluation?.threshold ?? bundleThreshold(bundle),
  };
}
