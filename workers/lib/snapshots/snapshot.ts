/**
 * Content hashes of dataset versions and diffs between two versions, keyed by image SHA-256.
 */
import type { Split } from '../splits/splits.ts';

/** One image of a dataset version, as far as the version's identity is concerned. */
export interface SnapshotEntry {
  sha256: string;
  label: string | null;
  split: Split | null;
}

/** First line of the hashed text; bump it if the serialisation ever changes. */
export const SNAPSHOT_FORMAT = 'screwops-snapshot/1';

// Labels are free text; escaping keeps one entry per line and three fields per entry.
function escapeField(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/**
 * The canonical text a snapshot hash covers: the line `screwops-snapshot/1`, then one line
 * `sha256 \t label \t split \n` per entry (sha256 lower-cased, null label/split written as '',
 * backslash, tab, CR and LF in labels escaped as \\ \t \r \n), entry lines sorted by UTF-16
 * code units. Note an empty-string label serialises like null.
 */
export function snapshotText(entries: readonly SnapshotEntry[]): string {
  const lines = entries.map(
    (e) => `${e.sha256.toLowerCase()}\t${escapeField(e.label ?? '')}\t${e.split ?? ''}\n`,
  );
  lines.sort();
  return `${SNAPSHOT_FORMAT}\n${lines.join('')}`;
}

/** Hex SHA-256 of the UTF-8 bytes of snapshotText(entries); equal content gives an equal hash in any order. */
export async function snapshotHash(entries: readonly SnapshotEntry[]): Promise<string> {
  const bytes = new TextEncoder().encode(snapshotText(entries));
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** A change of one field of an image between two versions. */
export interface FieldChange<T> {
  sha256: string;
  from: T;
  to: T;
}

/** What changed from version a to version b; every list is sorted by sha256. */
export interface SnapshotDiff {
  added: string[];
  removed: string[];
  relabeled: Array<FieldChange<string | null>>;
  moved: Array<FieldChange<Split | null>>;
}

function bySha(entries: readonly SnapshotEntry[], which: string): Map<string, SnapshotEntry> {
  const out = new Map<string, SnapshotEntry>();
  for (const e of entries) {
    const key = e.sha256.toLowerCase();
    if (out.has(key)) throw new Error(`diffSnapshots: sha256 ${key} occurs twice in snapshot ${which}`);
    out.set(key, e);
  }
  return out;
}

/** Images added, removed, relabeled and moved between splits from `a` to `b`; throws on a repeated sha256. */
export function diffSnapshots(a: readonly SnapshotEntry[], b: readonly SnapshotEntry[]): SnapshotDiff {
  const before = bySha(a, 'a');
  const after = bySha(b, 'b');
  const diff: SnapshotDiff = { added: [], removed: [], relabeled: [], moved: [] };
  for (const sha of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const x = before.get(sha);
    const y = after.get(sha);
    if (!x) diff.added.push(sha);
    else if (!y) diff.removed.push(sha);
    else {
      if (x.label !== y.label) diff.relabeled.push({ sha256: sha, from: x.label, to: y.label });
      if (x.split !== y.split) diff.moved.push({ sha256: sha, from: x.split, to: y.split });
    }
  }
  return diff;
}
