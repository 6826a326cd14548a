import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { DB_NAME, DB_VERSION, type ScrewOpsDB } from './schema.ts';
import { DatabaseBlockedError, toStorageError } from './errors.ts';

/** An open handle to the app's database. */
export type Db = IDBPDatabase<ScrewOpsDB>;

/** What the UI is told about other tabs holding the database. */
export interface DbEvents {
  /** This tab's upgrade waits for another tab that holds an older version. */
  onBlocked?: (error: DatabaseBlockedError) => void;
  /** Another tab wants a newer version; this tab closed its handle and must reload. */
  onVersionChange?: () => void;
}

/**
 * The migration ladder: each step runs once, in order, inside the upgrade transaction.
 * Never edit a released step; add a new `if (oldVersion < N)` block instead.
 */
export function upgrade(db: Db, oldVersion: number): void {
  if (oldVersion < 1) {
    const projects = db.createObjectStore('projects', { keyPath: 'id' });
    projects.createIndex('by-name', 'scope.name', { unique: true });
    projects.createIndex('by-updated', 'updatedAt');
    db.createObjectStore('settings', { keyPath: 'key' });
  }
  if (oldVersion < 2) {
    const images = db.createObjectStore('images', { keyPath: 'id' });
    images.createIndex('by-project', 'projectId');
    images.createIndex('by-project-file', ['projectId', 'fileName']);
    images.createIndex('by-import', 'importId');
    db.createObjectStore('blobs', { keyPath: 'id' });
    db.createObjectStore('imports', { keyPath: 'id' }).createIndex('by-project', 'projectId');
  }
  if (oldVersion < 3) {
    const events = db.createObjectStore('labelEvents', { keyPath: 'seq', autoIncrement: true });
    events.createIndex('by-image', 'imageId');
    events.createIndex('by-project', 'projectId');
    events.createIndex('by-batch', 'batchId');
    const snapshots = db.createObjectStore('snapshots', { keyPath: 'id' });
    snapshots.createIndex('by-project', 'projectId');
    snapshots.createIndex('by-hash', ['projectId', 'hash']);
    db.createObjectStore('tensors', { keyPath: 'key' });
    db.createObjectStore('runs', { keyPath: 'id' }).createIndex('by-project', 'projectId');
    db.createObjectStore('checkpoints', { keyPath: 'runId' });
    db.createObjectStore('artifacts', { keyPath: 'runId' });
    const profiles = db.createObjectStore('profiles', { keyPath: 'id' });
    profiles.createIndex('by-project', 'projectId');
    profiles.createIndex('by-snapshot', 'snapshotId');
  }
  if (oldVersion < 4) {
    db.createObjectStore('registeredModels', { keyPath: 'id' }).createIndex('by-project', 'projectId');
    const versions = db.createObjectStore('modelVersions', { keyPath: 'id' });
    versions.createIndex('by-model', ['projectId', 'name']);
    versions.createIndex('by-project', 'projectId');
    db.createObjectStore('modelBlobs', { keyPath: 'versionId' });
    const events = db.createObjectStore('aliasEvents', { keyPath: 'seq', autoIncrement: true });
    events.createIndex('by-model', 'modelId');
    events.createIndex('by-project', 'projectId');
    db.createObjectStore('evaluations', { keyPath: 'id' }).createIndex('by-project', 'projectId');
  }
  if (oldVersion < 5) {
    db.createObjectStore('deployments', { keyPath: 'projectId' });
    db.createObjectStore('deployEvents', { keyPath: 'seq', autoIncrement: true }).createIndex(
      'by-project',
      'projectId',
    );
    db.createObjectStore('inspections', { keyPath: 'seq', autoIncrement: true }).createIndex(
      'by-project-at',
      ['projectId', 'at'],
    );
    db.createObjectStore('inspectionThumbs', { keyPath: 'seq' }).createIndex('by-project-at', [
      'projectId',
      'at',
    ]);
  }
  if (oldVersion < 6) {
    // Inspection rows and images gain optional fields only (drift statistics, shadow answers,
    // provenance), so old rows stay valid as they are; the drift references are new.
    db.createObjectStore('driftReferences', { keyPath: 'key' }).createIndex('by-project', 'projectId');
  }
}

/** Opens (and if needed upgrades) the database, wiring the blocked/versionchange events. */
export async function openScrewOpsDb(events: DbEvents = {}, name = DB_NAME): Promise<Db> {
  const db = await openDB<ScrewOpsDB>(name, DB_VERSION, {
    upgrade: (database, oldVersion) => upgrade(database, oldVersion),
    blocked: () => events.onBlocked?.(new DatabaseBlockedError()),
    blocking: () => {
      // Closing lets the other tab's upgrade proceed; this tab cannot keep using an old schema.
      db.close();
      events.onVersionChange?.();
    },
  });
  return db;
}

/**
 * Runs `body` in one readwrite transaction over `stores` and resolves once it committed.
 * A failure anywhere aborts every write of the transaction; quota failures become StorageFullError.
 * `body` must only issue IndexedDB requests: awaiting other work would let the transaction close.
 */
export async function writeTransaction<const S extends StoreNames<ScrewOpsDB>[], R>(
  db: Db,
  stores: S,
  what: string,
  body: (tx: IDBPTransaction<ScrewOpsDB, S, 'readwrite'>) => Promise<R>,
): Promise<R> {
  const tx = db.transaction(stores, 'readwrite');
  try {
    const result = await body(tx);
    await tx.done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted or finished: the failure below is the one to report.
    }
    await tx.done.catch(() => undefined);
    throw toStorageError(error, what, tx.error);
  }
}
