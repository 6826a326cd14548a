import { openScrewOpsDb, type Db } from './open-db.ts';

let opening: Promise<Db> | undefined;

/** The app's database as this worker sees it: opened on first use, then shared by every call. */
export function workerDb(): Promise<Db> {
  opening ??= openScrewOpsDb();
  return opening;
}
