/** Content hashing and the duplicate/conflict plan for a batch of incoming images. */

/** SHA-256 of `bytes` as 64 lower-case hex digits (Web Crypto, so it runs in workers and Node). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // subtle.digest takes ArrayBuffer-backed views only; copy the rare SharedArrayBuffer-backed one.
  const view =
    bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', view));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** One incoming image: its caller-chosen `key`, content hash and mapped label (null = unlabelled). */
export interface IncomingImage {
  key: string;
  sha256: string;
  label: string | null;
}

/** Where the earlier copy of a duplicate lives: already stored, or earlier in this batch. */
export type CopyOf = { source: 'existing' } | { source: 'batch'; key: string };

/** An incoming image whose content is already present with the same or no label. */
export interface DuplicatePlan extends IncomingImage {
  of: CopyOf;
  /**
   * This image's label when the stored copy has none, so the caller can label the stored copy;
   * null otherwise. (An unlabelled earlier copy in the batch is relabelled in `accepted` instead.)
   */
  adoptLabel: string | null;
}

/** An incoming image whose content is present with a different label; nothing decides between them. */
export interface ConflictPlan extends IncomingImage {
  of: CopyOf;
  /** The label of the earlier copy. */
  otherLabel: string;
}

/** What to do with each incoming image; every incoming key lands in exactly one list. */
export interface BatchPlan {
  accepted: IncomingImage[];
  duplicates: DuplicatePlan[];
  conflicts: ConflictPlan[];
}

/**
 * Plans a batch against `existing` (stored images by SHA-256): the first copy of new content is
 * accepted; later copies with the same or no label are duplicates; copies whose label differs from
 * the earlier non-null label are conflicts that report both labels.
 */
export function planBatch(
  existing: ReadonlyMap<string, { label: string | null }>,
  incoming: readonly IncomingImage[],
): BatchPlan {
  const plan: BatchPlan = { accepted: [], duplicates: [], conflicts: [] };
  const firstInBatch = new Map<string, IncomingImage>();
  // Labels this batch offers to unlabelled stored copies, so a later copy is judged against them.
  const offered = new Map<string, string>();
  for (const image of incoming) {
    const stored = existing.get(image.sha256);
    const earlier = firstInBatch.get(image.sha256);
    if (!stored && !earlier) {
      const copy = { ...image };
      firstInBatch.set(image.sha256, copy);
      plan.accepted.push(copy);
      continue;
    }
    const of: CopyOf = stored ? { source: 'existing' } : { source: 'batch', key: earlier?.key ?? '' };
    const otherLabel = stored
      ? (stored.label ?? offered.get(image.sha256) ?? null)
      : (earlier?.label ?? null);
    if (otherLabel !== null && image.label !== null && otherLabel !== image.label) {
      plan.conflicts.push({ ...image, of, otherLabel });
      continue;
    }
    let adoptLabel: string | null = null;
    if (otherLabel === null && image.label !== null) {
      // A stored record is not ours to change, so the caller is told; a planned copy just takes it.
      if (stored) {
        adoptLabel = image.label;
        offered.set(image.sha256, image.label);
      } else if (earlier) earlier.label = image.label;
    }
    plan.duplicates.push({ ...image, of, adoptLabel });
  }
  return plan;
}
