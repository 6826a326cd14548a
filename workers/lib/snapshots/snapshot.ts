/**
 * Content hashes of dataset versions, and diffs between two image lists: versions keyed by image
 * SHA-256 here, profiles keyed by image id in profile-diff.ts.
 */
import { sha256Hex } from '../ingest/dedup.ts';
import type { Split } from '../splits/split.ts';

/** An image in a list to diff: its label and split (null = none). */
export interface ListedImage {
  label: string | null;
  split: Split | null;
}

/** One image of a dataset version, as far as the version's identity is concerned. */
export interface SnapshotEntry extends ListedImage {
  sha256: string;
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
  return sha256Hex(new TextEncoder().encode(snapshotText(entries)));
}

/** A change of one field of an image between two lists; the image is named by its key under `K`. */
export type FieldChange<T, K extends string = 'sha256'> = { [P in K]: string } & { from: T; to: T };

/** What changed from image list a to list b; every list is sorted by the images' keys. */
export interface ImageListDiff<K extends string = 'sha256'> {
  added: string[];
  removed: string[];
  relabeled: Array<FieldChange<string | null, K>>;
  moved: Array<FieldChange<Split | null, K>>;
}

/** What changed from version a to version b, by sha256. */
export type SnapshotDiff = ImageListDiff<'sha256'>;

function byKey<E>(entries: readonly E[], keyOf: (e: E) => string, which: string): Map<string, E> {
  const out = new Map<string, E>();
  for (const e of entries) {
    const key = keyOf(e);
    if (out.has(key))
      throw new Error(`Image ${key} is listed twice in snapshot ${which}; a snapshot holds each image once.`);
    out.set(key, e);
  }
  return out;
}

/**
 * Images added, removed, relabeled and moved between splits from list `a` to list `b`, matched by
 * `keyOf` (a content hash for snapshots, an image id for profiles) and named under `name` in the
 * changes; throws on a key repeated in a list.
 */
export function diffImageLists<E extends ListedImage, K extends string>(
  a: readonly E[],
  b: readonly E[],
  name: K,
  keyOf: (e: E) => string,
): ImageListDiff<K> {
  const before = byKey(a, keyOf, 'a');
  const after = byKey(b, keyOf, 'b');
  const diff: ImageListDiff<K> = { added: [], removed: [], relabeled: [], moved: [] };
  // A computed key widens to string, hence the assertion back to the named shape.
  const change = <T>(key: string, from: T, to: T) => ({ [name]: key, from, to }) as FieldChange<T, K>;
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const x = before.get(key);
    const y = after.get(key);
    if (!x) diff.added.push(key);
    else if (!y) diff.removed.push(key);
    else {
      if (x.label !== y.label) diff.relabeled.push(change(key, x.label, y.label));
      if (x.split !== y.split) diff.moved.push(change(key, x.split, y.split));
    }
  }
  return diff;
}

/** Images added, removed, relabeled and moved between splits from `a` to `b`; throws on a repeated sha256. */
export function diffSnapshots(a: readonly SnapshotEntry[], b: readonly SnapshotEntry[]): SnapshotDiff {
  return diffImageLists(a, b, 'sha256', (e) => e.sha256.toLowerCase());
}
