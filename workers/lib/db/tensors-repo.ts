import type { Db } from './open-db.ts';
import { writeTransaction } from './open-db.ts';
import type { CachedTensor } from './schema/tensors.ts';

/** Keys of every cached crop, of every preprocessing spec. */
export function listCachedTensorKeys(db: Db): Promise<string[]> {
  return db.getAllKeys('tensors');
}

/** The cached crops under `keys`, in order; undefined where one is missing. Read in one transaction. */
export async function readCachedTensors(
  db: Db,
  keys: readonly string[],
): Promise<Array<CachedTensor | undefined>> {
  const tx = db.transaction('tensors');
  return Promise.all(keys.map((key) => tx.store.get(key)));
}

/** Stores a batch of crops in one transaction: all of them or none. */
export async function saveCachedTensors(db: Db, rows: readonly CachedTensor[]): Promise<void> {
  await writeTransaction(db, ['tensors'], `${rows.length} preprocessed images`, async (tx) => {
    await Promise.all(rows.map((row) => tx.objectStore('tensors').put(row)));
  });
}

/** Deletes cached crops in one transaction. */
export async function deleteCachedTensors(db: Db, keys: readonly string[]): Promise<void> {
  await writeTransaction(db, ['tensors'], `${keys.length} outdated preprocessed images`, async (tx) => {
    await Promise.all(keys.map((key) => tx.objectStore('tensors').delete(key)));
  });
}
