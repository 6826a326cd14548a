import type { Db } from './open-db.ts';
import { writeTransaction } from './open-db.ts';
import type { RunRecord } from './schema/runs.ts';
import type { ModelBundle } from '../../../models/bundle.ts';

/** Runs of a project, newest first. */
export async function listRuns(db: Db, projectId: string): Promise<RunRecord[]> {
  const runs = await db.getAllFromIndex('runs', 'by-project', projectId);
  return runs.sort((a, b) => b.startedAt - a.startedAt);
}

/** One run by id, or undefined. */
export function getRun(db: Db, id: string): Promise<RunRecord | undefined> {
  return db.get('runs', id);
}

/** Stores a run record, new or updated. */
export async function saveRun(db: Db, run: RunRecord): Promise<void> {
  await writeTransaction(db, ['runs'], `the run "${run.name}"`, async (tx) => {
    await tx.objectStore('runs').put(run);
  });
}

/** Stores a finished run and its model in one transaction: a run marked done always has its model. */
export async function saveTrainedRun(db: Db, run: RunRecord, bundle: ModelBundle): Promise<void> {
  await writeTransaction(db, ['runs', 'artifacts'], 'the trained model', async (tx) => {
    await Promise.all([
      tx.objectStore('runs').put(run),
      tx.objectStore('artifacts').put({ runId: run.id, bundle }),
    ]);
  });
}

/** The trained model of a finished run. */
export async function getArtifact(db: Db, runId: string): Promise<ModelBundle | undefined> {
  return (await db.get('artifacts', runId))?.bundle;
}

/** Updates a run's notes and tags (the only parts of a run a person edits). */
export async function annotateRun(db: Db, id: string, notes: string, tags: string[]): Promise<RunRecord> {
  return writeTransaction(db, ['runs'], 'the run notes', async (tx) => {
    const run = await tx.objectStore('runs').get(id);
    if (!run) throw new Error('The run no longer exists.');
    const next = { ...run, notes, tags: [...new Set(tags.map((t) => t.trim()).filter(Boolean))] };
    await tx.objectStore('runs').put(next);
    return next;
  });
}

/** Deletes a run with its checkpoint and model, in one transaction. */
export async function deleteRun(db: Db, id: string): Promise<void> {
  await writeTransaction(db, ['runs', 'checkpoints', 'artifacts'], 'the deletion of the run', async (tx) => {
    await Promise.all([
      tx.objectStore('runs').delete(id),
      tx.objectStore('checkpoints').delete(id),
      tx.objectStore('artifacts').delete(id),
    ]);
  });
}
