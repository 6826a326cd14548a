/** Storage errors a person can act on. */

/** The device ran out of storage for this site. */
export class StorageFullError extends Error {
  override name = 'StorageFullError';
  constructor(what: string, options?: { cause?: unknown }) {
    super(
      `The device storage is full, so ${what} was not saved. Nothing already stored was changed. ` +
        'Free space by deleting images or old model versions, then try again.',
      options,
    );
  }
}

/** Another tab holds the database open at an older version and blocks the upgrade. */
export class DatabaseBlockedError extends Error {
  override name = 'DatabaseBlockedError';
  constructor() {
    super('ScrewOps is open in another tab with an older version. Close that tab to continue.');
  }
}

/** A record with the same unique name already exists. */
export class DuplicateNameError extends Error {
  override name = 'DuplicateNameError';
  constructor(kind: string, name: string) {
    super(`A ${kind} named "${name}" already exists. Choose another name.`);
  }
}

/** A record that should exist does not. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(kind: string, id: string) {
    super(`No ${kind} "${id}" exists on this device. It may have been deleted in another tab.`);
  }
}

function errorName(value: unknown): string | undefined {
  return value && typeof value === 'object' && 'name' in value ? String(value.name) : undefined;
}

/**
 * True when an IndexedDB failure is really a quota problem: either a `QuotaExceededError`, or an
 * `AbortError` whose transaction or cause carries one (Chromium aborts the transaction on quota).
 */
export function isQuotaError(error: unknown, transactionError?: unknown): boolean {
  if (errorName(error) === 'QuotaExceededError') return true;
  if (errorName(transactionError) === 'QuotaExceededError') return true;
  if (errorName(error) === 'AbortError' && error instanceof Error) {
    if (errorName(error.cause) === 'QuotaExceededError') return true;
    return /quota/i.test(error.message);
  }
  return false;
}

/** Turns a low-level write failure into the error a person sees; other errors pass through. */
export function toStorageError(error: unknown, what: string, transactionError?: unknown): unknown {
  return isQuotaError(error, transactionError) ? new StorageFullError(what, { cause: error }) : error;
}
