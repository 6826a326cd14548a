import { requestPersistentStorage, type StorageInfo } from '../storage-info.ts';

/** Whether storage is persistent and how much this site uses. */
class StorageStore {
  info = $state<StorageInfo>({ persisted: null, usageBytes: null, quotaBytes: null });

  /** Asks for persistence once and refreshes the usage estimate. */
  async refresh(): Promise<void> {
    this.info = await requestPersistentStorage();
  }
}

/** The one storage store. */
export const storage = new StorageStore();
