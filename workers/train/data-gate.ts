import type { Db } from '../lib/db/open-db.ts';
import { latestProfileOf } from '../lib/db/profiles-repo.ts';
import type { ProjectRecord } from '../lib/db/schema/projects.ts';
import type { RunRecord } from '../lib/db/schema/runs.ts';
import { assertionsToYaml, blockingFailures, evaluateAssertions } from '../lib/profile/assertions.ts';
import { profileSnapshot, type ProfileProgress } from '../profile/profile-job.ts';
import { projectAssertions, reevaluateProfile } from '../profile/project-assertions.ts';

/** The data-quality gate as a run records it. */
export type DataGate = RunRecord['dataGate'];

/** Training was refused because blocking data-quality assertions fail. */
export class DataGateError extends Error {
  override name = 'DataGateError';
  constructor(readonly failures: string[]) {
    super(
      `Training is refused: ${failures.length} blocking data-quality assertion${failures.length === 1 ? '' : 's'} fail (${failures.join('; ')}). ` +
        'Fix the data, or start the run with an override and a reason.',
    );
  }
}

/**
 * The data gate of a snapshot: its newest stored profile (profiled now when it has none), judged by
 * the project's current assertions (the profile is re-evaluated and saved when they changed since).
 * Failing blocking assertions refuse training with a DataGateError unless `override` gives a reason,
 * which the gate then records.
 */
export async function checkDataGate(
  db: Db,
  project: ProjectRecord,
  snapshotId: string,
  override: string | undefined,
  signal: AbortSignal,
  onProfiling: (p: ProfileProgress) => void,
): Promise<DataGate> {
  const { scope, assertions } = projectAssertions(project);
  let record =
    (await latestProfileOf(db, snapshotId)) ??
    (await profileSnapshot(db, snapshotId, assertions, scope, signal, onProfiling));
  // Results depend on the scope too (a one-class project counts good train images only): judge afresh.
  if (
    assertionsToYaml(record.assertions) !== assertionsToYaml(assertions) ||
    JSON.stringify(evaluateAssertions(record.profile, assertions, scope)) !== JSON.stringify(record.results)
  )
    record = await reevaluateProfile(db, record, assertions, scope);
  const failures = blockingFailures(record.results).map((r) => `${r.id}: ${r.message}`);
  const reason = override?.trim();
  if (failures.length && !reason) throw new DataGateError(failures);
  return {
    passed: failures.length === 0,
    failures,
    override: failures.length && reason ? { reason, at: Date.now() } : null,
  };
}
