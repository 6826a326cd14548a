import type { Db } from './open-db.ts';
import { writeTransaction } from './open-db.ts';
import type { DriftReferenceRecord } from './schema/station.ts';
import { DRIFT_STATS } from '../monitor/monitor-types.ts';

/** The key of the shipped default model's drift reference (it has no registry version). */
export const SHIPPED_REFERENCE_KEY = 'shipped';

/** A stored drift reference that is not usable: the message says which part and what to do. */
export class InvalidDriftReferenceError extends Error {
  override name = 'InvalidDriftReferenceError';
  constructor(key: string, problem: string) {
    super(
      `The drift reference "${key}" was not saved: ${problem}. Rebuild it from the model's training data.`,
    );
  }
}

/** The drift reference key of a model version: its registry id, or 'shipped' for the shipped default. */
export function driftReferenceKey(versionId: string | null): string {
  return versionId ?? SHIPPED_REFERENCE_KEY;
}

/** A model version's drift reference by key, or undefined when it was never measured. */
export function getDriftReference(db: Db, key: string): Promise<DriftReferenceRecord | undefined> {
  return db.get('driftReferences', key);
}

/** Stores (or replaces) a drift reference after checking every statistic is sorted and finite. */
export async function putDriftReference(db: Db, ref: DriftReferenceRecord): Promise<void> {
  validateReference(ref);
  await writeTransaction(db, ['driftReferences'], 'the drift reference', async (tx) => {
    await tx.objectStore('driftReferences').put(ref);
  });
}

/** Drift references of a project (any order). */
export function listDriftReferences(db: Db, projectId: string): Promise<DriftReferenceRecord[]> {
  return db.getAllFromIndex('driftReferences', 'by-project', projectId);
}

function validateReference(ref: DriftReferenceRecord): void {
  if (!ref.key) throw new InvalidDriftReferenceError(String(ref.key), 'it has no key');
  for (const [stat, s] of Object.entries(ref.stats)) {
    if (!(DRIFT_STATS as readonly string[]).includes(stat)) {
      throw new InvalidDriftReferenceError(ref.key, `"${stat}" is not a drift statistic`);
    }
    if (!s || s.sorted.length === 0) throw new InvalidDriftReferenceError(ref.key, `${stat} has no values`);
    for (let i = 0; i < s.sorted.length; i++) {
      const v = s.sorted[i]!;
      if (!Number.isFinite(v) || (i > 0 && v < s.sorted[i - 1]!)) {
        throw new InvalidDriftReferenceError(
          ref.key,
          `${stat} values must be finite and ascending (index ${i})`,
        );
      }
    }
    if (!(s.lo <= s.hi)) throw new InvalidDriftReferenceError(ref.key, `${stat} has its range reversed`);
  }
}
