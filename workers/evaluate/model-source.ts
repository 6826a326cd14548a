/** Finds the bundle behind a model reference: a run's trained model or a registered version. */
import type { Db } from '../lib/db/open-db.ts';
import { NotFoundError } from '../lib/db/errors.ts';
import { getArtifact, getRun } from '../lib/db/runs-repo.ts';
import { getVersionBundle, requireVersion } from '../lib/db/registry-repo.ts';
import { decisionThreshold, type ModelBundle } from '../../models/bundle.ts';
import type { ModelRef } from './evaluate-types.ts';

/** A bundle with what the evaluation reports about where it came from. */
export interface ResolvedModel {
  bundle: ModelBundle;
  label: string;
  /** the decision threshold on P(bad) stored with the model */
  threshold: number;
  /** the run that trained it, when known */
  runId: string | null;
}

/** Loads the bundle `ref` names; throws a NotFoundError naming what is missing. */
export async function resolveModel(db: Db, projectId: string, ref: ModelRef): Promise<ResolvedModel> {
  if (ref.kind === 'version') {
    const record = await requireVersion(db, ref.versionId);
    return {
      bundle: await getVersionBundle(db, ref.versionId),
      label: `${record.name}@${record.version}`,
      threshold: record.threshold,
      runId: record.lineage.runId,
    };
  }
  const run = await getRun(db, ref.runId);
  const bundle = await getArtifact(db, ref.runId);
  if (!run || run.projectId !== projectId || !bundle)
    throw new NotFoundError('trained model of run', ref.runId);
  return {
    bundle,
    label: `run "${run.name}"`,
    threshold: run.evaluation?.threshold ?? decisionThreshold(bundle.metadata),
    runId: run.id,
  };
}
