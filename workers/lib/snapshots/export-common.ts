/**
 * Shared pieces of the dataset exporters: the item type, safe and unique file names inside a
 * zip, the manifest CSV and byte-reproducible zipping.
 */
import { strToU8, zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import type { Split } from '../splits/split.ts';

/** One image to export, with its original bytes; `format` is its type, e.g. 'png' or 'jpeg'. */
export interface ExportItem {
  fileName: string;
  sha256: string;
  label: string | null;
  split: Split | null;
  defectType: string | null;
  bytes: Uint8Array;
  format: string;
}

/** One file of an export: its path inside the zip and the item it holds. */
export interface PlacedItem {
  path: string;
  item: ExportItem;
}

// Longest file name (UTF-8 bytes) kept as is; the common file-system limit is 255.
const MAX_NAME_BYTES = 200;
const encoder = new TextEncoder();

/**
 * A single path segment safe on Windows, macOS and Linux and for the app's own importer: path
 * separators, control and reserved characters become '_', leading dots (hidden files) and trailing
 * dots/spaces are replaced; an empty result becomes `fallback`.
 */
export function safeSegment(name: string, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  let s = name.replace(/[/\\:*?"<>|\u0000-\u001f\u007f]/g, '_').trim();
  s = s.replace(/^\.+/, (dots) => '_'.repeat(dots.length)).replace(/[. ]+$/, '');
  return s === '' ? fallback : s;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : '';
}

/** The item's file name made safe, with `.format` added when it has no extension (importers need one). */
export function exportFileName(item: ExportItem): string {
  const ext = safeSegment(item.format.toLowerCase(), 'bin');
  let name = safeSegment(item.fileName, item.sha256.slice(0, 16));
  if (extensionOf(name) === '') name = `${name}.${ext}`;
  if (encoder.encode(name).length > MAX_NAME_BYTES)
    name = `${item.sha256.slice(0, 16)}.${extensionOf(name) || ext}`;
  return name;
}

/** Items in a fixed order (sha256, then file name, label, split), so exports ignore input order. */
export function canonicalOrder(items: readonly ExportItem[]): ExportItem[] {
  const key = (i: ExportItem): string =>
    `${i.sha256}\u0000${i.fileName}\u0000${i.label ?? ''}\u0000${i.split ?? ''}`;
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function withSuffix(name: string, n: number): string {
  const ext = extensionOf(name);
  return ext ? `${name.slice(0, -ext.length - 1)}-${n}.${ext}` : `${name}-${n}`;
}

/**
 * Gives each (folder, item) a unique path `folder/name`. Names that clash inside a folder (compared
 * case-insensitively, as on Windows and macOS) all get the first 8 hex digits of their sha256 as a
 * `1a2b3c4d-` prefix, which the Label Studio importer strips again; any clash left gets `-2`, `-3`.
 * Call with items in canonical order for a deterministic result.
 */
export function placeFiles(entries: ReadonlyArray<{ folder: string; item: ExportItem }>): PlacedItem[] {
  const names = entries.map((e) => exportFileName(e.item));
  const keyOf = (folder: string, name: string): string => `${folder}/${name}`.toLowerCase();
  const uses = new Map<string, number>();
  entries.forEach((e, i) => {
    const k = keyOf(e.folder, names[i] ?? '');
    uses.set(k, (uses.get(k) ?? 0) + 1);
  });
  const taken = new Set<string>();
  return entries.map((e, i) => {
    let name = names[i] ?? '';
    if ((uses.get(keyOf(e.folder, name)) ?? 0) > 1)
      name = `${e.item.sha256.slice(0, 8).toLowerCase()}-${name}`;
    let candidate = name;
    for (let n = 2; taken.has(keyOf(e.folder, candidate)); n++) candidate = withSuffix(name, n);
    taken.add(keyOf(e.folder, candidate));
    return { path: e.folder ? `${e.folder}/${candidate}` : candidate, item: e.item };
  });
}

function csvField(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `manifest.csv` text: header `file,label,split,defect_type,sha256`, one row per file sorted by path, LF line ends, RFC 4180 quoting. */
export function manifestCsv(files: readonly PlacedItem[]): string {
  const rows = [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map(({ path, item }) =>
      [path, item.label ?? '', item.split ?? '', item.defectType ?? '', item.sha256].map(csvField).join(','),
    );
  return ['file,label,split,defect_type,sha256', ...rows].join('\n') + '\n';
}

// Formats that are already compressed: deflating them again costs time and saves nothing.
const STORED_FORMATS = new Set(['png', 'jpeg', 'jpg', 'webp', 'gif']);

// A fixed local-time stamp: zip stores local date fields, so a local constructor yields the same
// bytes in every time zone, and equal exports give byte-equal zips.
const ZIP_TIME = new Date(2000, 0, 1, 0, 0, 0);

/** Zips placed images plus text files (path → content) into one byte-reproducible archive. */
export function buildZip(
  files: readonly PlacedItem[],
  texts: Readonly<Record<string, string>> = {},
): Uint8Array {
  const tree: Zippable = {};
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const { path, item } of sorted) {
    tree[path] = [item.bytes, { level: STORED_FORMATS.has(item.format.toLowerCase()) ? 0 : 6 }];
  }
  for (const [path, text] of Object.entries(texts)) tree[path] = [strToU8(text), { level: 6 }];
  return zipSync(tree, { mtime: ZIP_TIME });
}
