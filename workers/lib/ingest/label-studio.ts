/** Reads Label Studio classification exports (JSON, JSON-MIN, CSV); label-studio-match.ts places their labels. */
import { parseCsv } from './csv.ts';
import { IMAGE_EXTENSIONS } from './layout.ts';
import { choiceOf, isRecord, parseTasks } from './label-studio-tasks.ts';
import type { LabelProblem, LabelStudioItem, RawLabel } from './label-studio-tasks.ts';

/** Re-exported so callers need only this module. */
export type { LabelProblem, LabelStudioItem } from './label-studio-tasks.ts';
export { matchKeys, matchLabelStudio } from './label-studio-match.ts';
export type { AvailableImage, LabelStudioMatch, UnmatchedLabel } from './label-studio-match.ts';

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
