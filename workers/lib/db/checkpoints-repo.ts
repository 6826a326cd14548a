import type { Db } from './open-db.ts';
import { writeTransaction } from './open-db.ts';
import type { CheckpointRecord } from './schema/checkpoints.ts';
import type { RunRecord } from './schema/runs.ts';

/** The last checkpoint of a run, or undefined before its first epoch ended. */
export function getCheckpoint(db: Db, runId: string): Promise<CheckpointRecord | undefined> {
  return db.get('checkpoints', runId);
}

/**
 * Stores an epoch's checkpoint together with the run's metrics, in one transaction, so a resumed
 * run never sees epochs without their weights or weights without their epochs.
 */
export async function saveCheckpoint(db: Db, run: RunRecord, checkpoint: CheckpointRecord): Promise<void> {
  await writeTransaction(
    db,
    ['runs', 'checkpoints'],
    `the checkpoint of epoch ${checkpoint.epoch}`,
    async (tx) => {
      await Promise.all([tx.objectStore('runs').put(run), tx.objectStore('checkpoints').put(checkpoint)]);
    },
  );
}
