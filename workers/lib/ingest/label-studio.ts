/** Reads Label Studio classification exports (JSON, JSON-MIN, CSV) and matches them to images. */
import { parseCsv } from './csv.ts';
import { mapLabel } from './labels.ts';
import { IMAGE_EXTENSIONS } from './layout.ts';
import { choiceOf, isRecord, parseTasks } from './label-studio-tasks.ts';
import type { LabelProblem, RawLabel } from './label-studio-tasks.ts';

/** Re-exported so callers need only this module. */
export type { LabelProblem } from './label-studio-tasks.ts';

/** One labelled image from an export; `fileName` is the decoded last segment of `imageRef`. */
export interface LabelStudioItem extends RawLabel {
  fileName: string;
}

/** A parsed export: the labels it gives, and the tasks/rows that give none (with reasons). */
export interface LabelStudioExport {
  format: 'json' | 'json-min' | 'csv';
  items: LabelStudioItem[];
  problems: LabelProblem[];
}

/** Raised when a file is not a Label Studio export at all; the message says what to export instead. */
export class LabelStudioParseError extends Error {
  override name = 'LabelStudioParseError';
}

// Fields Label Studio adds to every JSON-MIN/CSV row; the label is in the remaining field.
const METADATA = new Set([
  'id',
  'annotator',
  'annotation_id',
  'created_at',
  'updated_at',
  'lead_time',
  'image',
]);
// The usual `from_name` of a classification control, preferred when several fields remain.
const LABEL_FIELDS = ['choice', 'choices', 'label', 'labels', 'class', 'category'];
const HOW = 'Export the project from Label Studio as JSON, JSON-MIN or CSV and try again.';
/** Longest export text parseLabelStudio reads, characters (about 100 MB of ASCII). */
export const MAX_EXPORT_CHARS = 100_000_000;

function isImagePath(s: string): boolean {
  const name = fileNameFromRef(s);
  const dot = name.lastIndexOf('.');
  return dot > 0 && IMAGE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

/** The image's file name in a Label Studio reference (upload URL, local-files `?d=` URL, or path). */
export function fileNameFromRef(ref: string): string {
  let path = ref.split('#')[0] ?? '';
  const query = path.indexOf('?');
  if (query >= 0) {
    // Local-storage tasks point at /data/local-files/?d=<path>; the file is in the parameter.
    const d = path
      .slice(query + 1)
      .split('&')
      .find((p) => p.startsWith('d='));
    path = d ? decodeLoose(d.slice(2)) : path.slice(0, query);
  }
  const last = path.split(/[/\\]/).pop() ?? '';
  return decodeLoose(last);
}

function decodeLoose(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    // A stray "%" in a real file name is not an escape; keep the name as written.
    return s;
  }
}

/** Names an image may go by: as exported, then without Label Studio's `1a2b3c4d-` upload prefix. */
export function matchKeys(fileName: string): string[] {
  const stripped = /^[0-9a-f]{8}-(.+)$/i.exec(fileName)?.[1];
  return stripped ? [fileName, stripped] : [fileName];
}

/**
 * Parses an export (JSON when the text starts with `[`/`{` or the name ends .json, else CSV) in time
 * linear in its size; `fileName` names the file in errors. Text over `maxChars` is refused unread.
 */
export function parseLabelStudio(
  text: string,
  fileName: string,
  maxChars = MAX_EXPORT_CHARS,
): LabelStudioExport {
  if (text.length > maxChars) {
    throw new LabelStudioParseError(
      `${fileName} is ${text.length.toLocaleString('en')} characters long, over the ${maxChars.toLocaleString('en')} limit. Export fewer tasks at a time (e.g. filter by date) and import each part.`,
    );
  }
  const body = text.replace(/^\uFEFF/, '');
  const trimmed = body.trimStart();
  const looksJson = trimmed.startsWith('[') || trimmed.startsWith('{');
  // Content decides, so a renamed file still parses; the extension only breaks the tie for garbage.
  if (!looksJson && !/\.json$/i.test(fileName)) return fromCsv(body, fileName);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    throw new LabelStudioParseError(`${fileName} is not valid JSON (${(e as Error).message}). ${HOW}`);
  }
  const tasks = Array.isArray(parsed) ? parsed : isRecord(parsed) && isRecord(parsed.data) ? [parsed] : null;
  if (!tasks)
    throw new LabelStudioParseError(`${fileName} is JSON but not a list of Label Studio tasks. ${HOW}`);
  if (tasks.length === 0 || tasks.some((t) => isRecord(t) && isRecord(t.data))) {
    const { items, problems } = parseTasks(tasks, isImagePath);
    return { format: 'json', items: withFileNames(items), problems };
  }
  const rows = tasks.filter(isRecord);
  if (rows.length !== tasks.length) {
    throw new LabelStudioParseError(
      `${fileName} holds a list of non-objects, not Label Studio tasks. ${HOW}`,
    );
  }
  return { format: 'json-min', ...fromRows(rows, fileName, 'task') };
}

function fromCsv(text: string, fileName: string): LabelStudioExport {
  const [header, ...lines] = parseCsv(text, fileName);
  if (!header) return { format: 'csv', items: [], problems: [] };
  const rows = lines
    .filter((cells) => cells.some((c) => c !== ''))
    .map((cells) => Object.fromEntries(header.map((h, k) => [h.trim(), cells[k] ?? ''])));
  return { format: 'csv', ...fromRows(rows, fileName, 'row') };
}

// Shared by JSON-MIN and CSV, which are both one flat record per task.
function fromRows(
  rows: ReadonlyArray<Record<string, unknown>>,
  fileName: string,
  noun: string,
): { items: LabelStudioItem[]; problems: LabelProblem[] } {
  if (rows.length === 0) return { items: [], problems: [] };
  const imageKey = rows.some((r) => Object.hasOwn(r, 'image')) ? 'image' : guessImageKey(rows);
  if (!imageKey)
    throw new LabelStudioParseError(`${fileName} has no "image" field naming each task's image. ${HOW}`);
  const labelKey = guessLabelKey(rows, imageKey, fileName);
  const items: RawLabel[] = [];
  const problems: LabelProblem[] = [];
  rows.forEach((row, index) => {
    const ref = row[imageKey];
    const at =
      typeof row.id === 'number' || (typeof row.id === 'string' && row.id)
        ? `task ${row.id}`
        : `${noun} ${index + 1}`;
    if (typeof ref !== 'string' || !ref) {
      problems.push({
        ref: at,
        reason: `It has no image reference ("${imageKey}"), so there is nothing to label.`,
      });
      return;
    }
    const choice = choiceOf(row[labelKey]);
    if (choice === null)
      problems.push({
        ref,
        reason: `It is not annotated yet (no "${labelKey}" value); label it in Label Studio to import it.`,
      });
    else if ('problem' in choice) problems.push({ ref, reason: choice.problem });
    else {
      const who = row.annotator;
      const annotator =
        typeof who === 'string' && who ? who : typeof who === 'number' ? `user ${who}` : undefined;
      items.push(
        annotator === undefined
          ? { imageRef: ref, label: choice.label }
          : { imageRef: ref, label: choice.label, annotator },
      );
    }
  });
  return { items: withFileNames(items), problems };
}

// Each guess visits every field of every row once: exports with extra keys per row stay linear.
function guessImageKey(rows: ReadonlyArray<Record<string, unknown>>): string | null {
  const order = new Map<string, number>();
  let best: string | null = null;
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      if (!order.has(k)) order.set(k, order.size);
      if (typeof v !== 'string' || (best !== null && (order.get(best) ?? 0) <= (order.get(k) ?? 0))) continue;
      if (isImagePath(v)) best = k;
    }
  }
  return best;
}

function guessLabelKey(
  rows: ReadonlyArray<Record<string, unknown>>,
  imageKey: string,
  fileName: string,
): string {
  const keys: string[] = [];
  const seen = new Set<string>();
  const candidates = new Set<string>();
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      if (METADATA.has(k) || k === imageKey) continue;
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
      if (!candidates.has(k) && choiceOf(v) !== null) candidates.add(k);
    }
  }
  const preferred = LABEL_FIELDS.find((f) => candidates.has(f));
  if (preferred) return preferred;
  const found = keys.filter((k) => candidates.has(k));
  if (found.length === 1 && found[0] !== undefined) return found[0];
  if (found.length === 0) {
    // Nothing labelled yet: any leftover field is the (empty) control, else the default name.
    return keys[0] ?? 'choice';
  }
  const listed =
    found.length > 8 ? `${found.slice(0, 8).join(', ')} and ${found.length - 8} more` : found.join(', ');
  throw new LabelStudioParseError(
    `${fileName}: cannot tell which field holds the label (${listed}). ` +
      'Rename the classification control to "choice" in Label Studio, or remove the other columns, and export again.',
  );
}

function withFileNames(items: readonly RawLabel[]): LabelStudioItem[] {
  return items.map((item) => ({ ...item, fileName: fileNameFromRef(item.imageRef) }));
}

/** An image the project (or this import) holds: its store `key` and its file name. */
export interface AvailableImage {
  key: string;
  fileName: string;
}

/** An export item that could not be applied, and why. */
export interface UnmatchedLabel {
  fileName: string;
  imageRef: string;
  label: string;
  reason: string;
}

/** The outcome of applying an export's labels to the available images. */
export interface LabelStudioMatch {
  /** Labels to apply, already mapped onto the project's class names. */
  matched: Array<{ key: string; label: string; fileName: string; annotator?: string }>;
  /** No available image has the item's file name. */
  missingImages: UnmatchedLabel[];
  /** The item's label is none of the project's classes. */
  unknownLabels: UnmatchedLabel[];
  /** Several images share the file name, or tasks label one image differently; nothing applied. */
  ambiguous: UnmatchedLabel[];
}

function indexBy(available: readonly AvailableImage[], key: (a: AvailableImage) => string | undefined) {
  const index = new Map<string, AvailableImage[]>();
  for (const a of available) {
    const k = key(a)?.toLowerCase();
    if (k === undefined) continue;
    const list = index.get(k);
    if (list) list.push(a);
    else index.set(k, [a]);
  }
  return index;
}

/**
 * Matches export items to images by file name (case-insensitive; exact name first, then without the
 * upload prefix on either side) and maps each label onto `classes` like folder labels are mapped.
 */
export function matchLabelStudio(
  items: readonly LabelStudioItem[],
  available: readonly AvailableImage[],
  classes: readonly string[],
): LabelStudioMatch {
  const byName = indexBy(available, (a) => a.fileName);
  const byStripped = indexBy(available, (a) => matchKeys(a.fileName)[1]);
  const result: LabelStudioMatch = { matched: [], missingImages: [], unknownLabels: [], ambiguous: [] };
  const chosen = new Map<string, { label: string; item: LabelStudioItem; rejected: boolean }>();
  for (const item of items) {
    const [exact, stripped] = matchKeys(item.fileName).map((k) => k.toLowerCase());
    const hits =
      byName.get(exact ?? '') ??
      (stripped ? byName.get(stripped) : undefined) ??
      byStripped.get(exact ?? '') ??
      [];
    const base = { fileName: item.fileName, imageRef: item.imageRef, label: item.label };
    if (hits.length === 0) {
      result.missingImages.push({
        ...base,
        reason: `No image named "${item.fileName}" is in the project or this import.`,
      });
      continue;
    }
    if (hits.length > 1) {
      const reason = `${hits.length} images are named "${hits[0]?.fileName}", so the label cannot be placed. Rename them and import again.`;
      result.ambiguous.push({ ...base, reason });
      continue;
    }
    const label = mapLabel(item.label, null, classes);
    if (label === null) {
      const reason = `Label "${item.label}" is not one of the project's classes (${classes.join(', ')}). Add it as a class or relabel in Label Studio.`;
      result.unknownLabels.push({ ...base, reason });
      continue;
    }
    const key = hits[0]?.key ?? '';
    const earlier = chosen.get(key);
    if (!earlier) chosen.set(key, { label, item, rejected: false });
    else if (earlier.label !== label && !earlier.rejected) {
      earlier.rejected = true;
      const reason = `Two tasks label "${item.fileName}" differently (${earlier.item.label} and ${item.label}); it was left unlabelled.`;
      result.ambiguous.push({ ...base, reason });
    }
  }
  for (const [key, { label, item, rejected }] of chosen) {
    if (rejected) continue;
    const entry = { key, label, fileName: item.fileName };
    result.matched.push(item.annotator === undefined ? entry : { ...entry, annotator: item.annotator });
  }
  return result;
}
