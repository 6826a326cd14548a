/** What the browser says about this site's storage. */
export interface StorageInfo {
  /** true: the browser will not evict our data under pressure; null: the API is missing. */
  persisted: boolean | null;
  /** bytes used by this origin */
  usageBytes: number | null;
  /** bytes this origin may use */
  quotaBytes: number | null;
}

/** Asks once for persistent storage (images and models must not be evicted) and reads usage. */
export async function requestPersistentStorage(): Promise<StorageInfo> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!storage) return { persisted: null, usageBytes: null, quotaBytes: null };
  let persisted: boolean | null = null;
  try {
    persisted = (await storage.persisted?.()) || (await storage.persist?.()) || false;
  } catch {
    persisted = null;
  }
  const estimate = await storage.estimate?.().catch(() => undefined);
  return { persisted, usageBytes: estimate?.usage ?? null, quotaBytes: estimate?.quota ?? null };
}

/** "12.3 MB" style size for people. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 && unit > 0 ? 1 : 0)} ${units[unit]}`;
}
