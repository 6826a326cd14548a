import { formatBytes as formatKnownBytes } from '../../workers/lib/ingest/format.ts';

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

/** "12 MB" style size for people; "unknown" when the browser did not say. */
export function formatBytes(bytes: number | null): string {
  return bytes === null ? 'unknown' : formatKnownBytes(bytes);
}
