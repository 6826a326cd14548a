/**
 * The station's inspection log: one row per verdict or gap, kept for good, and thumbnails of NG and
 * uncertain frames, pruned oldest first so a project's thumbnails stay under a configurable cap.
 */
import type { Db } from './open-db.ts';
import { writeTransaction } from './open-db.ts';
import type { InspectionRecord } from './schema/station.ts';
import { DEFAULT_INSPECTION_THUMB_CAP_BYTES } from './schema/settings.ts';

/** The keys of a project's rows in an index on [projectId, at], between `since` (inclusive) and `until` (exclusive), ms. */
export function projectTimeRange(projectId: string, since = -Infinity, until = Infinity): IDBKeyRange {
  return IDBKeyRange.bound([projectId, since], [projectId, until], false, until !== Infinity);
}

/** An inspection row as the station writes it: the log gives it its seq and decides `hasThumb`. */
export type NewInspection = Omit<InspectionRecord, 'seq' | 'hasThumb'>;

/**
 * Appends a row to the log and, with a thumbnail, stores it under the row's seq, all in one transaction.
 * When the project's thumbnails would pass the cap (setting `inspectionThumbCapBytes`), the oldest are
 * deleted first and their rows marked as without thumbnail; rows themselves are never deleted. A
 * thumbnail larger than the whole cap is not kept. Returns the stored row.
 */
export async function logInspection(db: Db, row: NewInspection, thumb?: Blob): Promise<InspectionRecord> {
  return writeTransaction(
    db,
    ['inspections', 'inspectionThumbs', 'settings'],
    'the inspection log entry',
    async (tx) => {
      const rows = tx.objectStore('inspections');
      const thumbs = tx.objectStore('inspectionThumbs');
      const capSetting = (await tx.objectStore('settings').get('inspectionThumbCapBytes'))?.value;
      const cap = typeof capSetting === 'number' ? capSetting : DEFAULT_INSPECTION_THUMB_CAP_BYTES;
      const keep = thumb !== undefined && thumb.size <= cap;
      const record: InspectionRecord = { ...row, hasThumb: keep };
      const seq = await rows.add(record);
      if (!keep) return { ...record, seq };
      // Oldest first, thanks to the [projectId, at] index; the seq breaks ties in time.
      const stored = await thumbs.index('by-project-at').getAll(projectTimeRange(row.projectId));
      let total = stored.reduce((sum, t) => sum + t.bytes, 0) + thumb.size;
      for (const old of stored) {
        if (total <= cap) break;
        total -= old.bytes;
        const owner = await rows.get(old.seq);
        await Promise.all([
          thumbs.delete(old.seq),
          owner ? rows.put({ ...owner, hasThumb: false }) : Promise.resolve(),
        ]);
      }
      await thumbs.put({ seq, projectId: row.projectId, at: row.at, blob: thumb, bytes: thumb.size });
      return { ...record, seq };
    },
  );
}

/** Which rows `listInspections` returns: a time window in ms (since inclusive, until exclusive) and a count. */
export interface InspectionQuery {
  since?: number;
  until?: number;
  limit?: number;
  /** only rows of these kinds (the limit counts only those); every kind when absent */
  kinds?: readonly InspectionRecord['kind'][];
}

/** A project's inspection rows (verdicts, gaps and health samples), newest first. */
export async function listInspections(
  db: Db,
  projectId: string,
  { since, until, limit = Infinity, kinds }: InspectionQuery = {},
): Promise<InspectionRecord[]> {
  const out: InspectionRecord[] = [];
  const index = db.transaction('inspections').store.index('by-project-at');
  let cursor = await index.openCursor(projectTimeRange(projectId, since, until), 'prev');
  while (cursor && out.length < limit) {
    if (!kinds || kinds.includes(cursor.value.kind)) out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}

/**
 * Verdict counts of a shift; `uncertain` counts OK and NG verdicts that lay near the threshold (a
 * subset). Gaps and health rows are not verdicts and are not counted.
 */
export interface ShiftCounters {
  ok: number;
  ng: number;
  noPart: number;
  /** parts too far outside the training data to judge */
  outOfDomain: number;
  uncertain: number;
  /** verdict rows, gaps not counted */
  total: number;
}

/** Counts the verdicts a project's station gave since `since` (ms since epoch, e.g. the shift's start). */
export async function shiftCounters(db: Db, projectId: string, since: number): Promise<ShiftCounters> {
  const rows = await db.getAllFromIndex('inspections', 'by-project-at', projectTimeRange(projectId, since));
  const counters: ShiftCounters = { ok: 0, ng: 0, noPart: 0, outOfDomain: 0, uncertain: 0, total: 0 };
  for (const row of rows) {
    if (row.kind !== 'verdict' || row.verdict === null) continue;
    counters.total++;
    if (row.verdict === 'ok') counters.ok++;
    else if (row.verdict === 'ng') counters.ng++;
    else if (row.verdict === 'out-of-domain') counters.outOfDomain++;
    else counters.noPart++;
    if (row.uncertain) counters.uncertain++;
  }
  return counters;
}

/** The thumbnail of an inspection row, or undefined when it had none or it was pruned. */
export async function getThumb(db: Db, seq: number): Promise<Blob | undefined> {
  return (await db.get('inspectionThumbs', seq))?.blob;
}

/** The CSV columns, in order, with how each is read from a row. */
const CSV_COLUMNS: ReadonlyArray<[string, (row: InspectionRecord) => string | number | boolean | null]> = [
  ['time', (r) => new Date(r.at).toISOString()],
  ['kind', (r) => r.kind],
  ['verdict', (r) => r.verdict],
  ['score', (r) => r.score],
  ['threshold', (r) => r.threshold],
  ['uncertain', (r) => r.uncertain],
  ['model', (r) => r.modelLabel],
  ['version_id', (r) => r.versionId],
  ['trigger', (r) => r.trigger],
  ['latency_ms', (r) => (r.latencyMs === null ? null : Math.round(r.latencyMs * 10) / 10)],
  ['part_cx', (r) => r.part?.cx ?? null],
  ['part_cy', (r) => r.part?.cy ?? null],
  ['part_angle', (r) => r.part?.angle ?? null],
  ['part_length', (r) => r.part?.length ?? null],
  ['frame_width', (r) => r.frameWidth],
  ['frame_height', (r) => r.frameHeight],
  ['thumbnail', (r) => r.hasThumb],
  ['note', (r) => r.note],
  // Health rows only: the station's frame rate, drops and memory over the seconds before `time`.
  ['health_seconds', (r) => (r.health ? Math.round(r.health.seconds * 10) / 10 : null)],
  ['health_fps', (r) => (r.health ? Math.round(r.health.fps * 10) / 10 : null)],
  ['health_frames_seen', (r) => r.health?.framesSeen ?? null],
  ['health_frames_inspected', (r) => r.health?.framesInspected ?? null],
  ['health_frames_dropped', (r) => r.health?.framesDropped ?? null],
  ['health_backend', (r) => r.health?.backend ?? null],
  ['health_tensors', (r) => r.health?.numTensors ?? null],
  ['health_bytes', (r) => r.health?.numBytes ?? null],
];

/** One CSV field: empty for null, quoted (quotes doubled) when it holds a comma, quote or line break. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as CSV (RFC 4180: a header, CRLF line ends, quoted fields), times in ISO 8601 UTC. */
export function inspectionsCsv(rows: readonly InspectionRecord[]): string {
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map(([, read]) => csvField(read(row))).join(','));
  return lines.join('\r\n') + '\r\n';
}
