import type { InspectionRecord } from '../../../workers/lib/db/schema/station.ts';
import {
  getThumb,
  inspectionsCsv,
  listInspections,
  logInspection,
  shiftCounters,
  type NewInspection,
  type ShiftCounters,
} from '../../../workers/lib/db/inspections-repo.ts';
import { shiftStart } from '../../../workers/lib/station/shift.ts';
import { downloadBlob } from '../download.ts';
import { getDb } from './db.ts';

/** How many of the newest rows the station lists. */
const SHOWN_ROWS = 40;

/** The rows the operator sees: verdicts and gaps; health rows are for the Monitor page. */
const SHOWN_KINDS: readonly InspectionRecord['kind'][] = ['verdict', 'gap'];

/** A logged row as the station lists it, with its thumbnail's object URL when it has one. */
export interface ShownInspection {
  row: InspectionRecord;
  thumbUrl: string | null;
}

const ZERO: ShiftCounters = { ok: 0, ng: 0, noPart: 0, outOfDomain: 0, uncertain: 0, total: 0 };

/**
 * The station's inspection log: writes every verdict, gap and health sample, keeps the newest rows and this shift's
 * counters on screen, and exports the log as CSV. Writes run one after another, in verdict order.
 */
class StationLogStore {
  rows = $state.raw<ShownInspection[]>([]);
  counters = $state.raw<ShiftCounters>({ ...ZERO });
  /** when this shift began, ms since epoch */
  shiftStartedAt = $state(0);
  /** rows written since the station opened */
  written = $state(0);

  #projectId: string | null = null;
  #writes: Promise<void> = Promise.resolve();

  /** Loads a project's newest rows and its current shift's counters. */
  async open(projectId: string): Promise<void> {
    this.#projectId = projectId;
    this.#release(this.rows);
    this.rows = [];
    this.written = 0;
    const db = await getDb();
    this.shiftStartedAt = shiftStart(new Date());
    const [rows, counters] = await Promise.all([
      listInspections(db, projectId, { limit: SHOWN_ROWS, kinds: SHOWN_KINDS }),
      shiftCounters(db, projectId, this.shiftStartedAt),
    ]);
    if (this.#projectId !== projectId) return;
    this.counters = counters;
    this.rows = await Promise.all(
      rows.map(async (row) => {
        const blob = row.hasThumb && row.seq !== undefined ? await getThumb(db, row.seq) : undefined;
        return { row, thumbUrl: blob ? URL.createObjectURL(blob) : null };
      }),
    );
  }

  /** Forgets the open project's rows (their thumbnails' URLs are released). */
  close(): void {
    this.#projectId = null;
    this.#release(this.rows);
    this.rows = [];
  }

  /**
   * Appends a row (and its thumbnail) after the writes before it; the counters and the list update
   * once it is stored. Resolves with the stored row.
   */
  write(row: NewInspection, thumb?: Blob): Promise<InspectionRecord> {
    const done = this.#writes.then(async () => {
      const stored = await logInspection(await getDb(), row, thumb);
      this.#shown(stored, stored.hasThumb && thumb ? thumb : undefined);
      return stored;
    });
    this.#writes = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  /** Downloads the project's whole log as CSV, newest first. */
  async exportCsv(projectName: string): Promise<void> {
    const projectId = this.#projectId;
    if (!projectId) throw new Error('Open the station of a project first.');
    await this.#writes;
    const rows = await listInspections(await getDb(), projectId);
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const slug = projectName.replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '') || 'project';
    downloadBlob(new Blob([inspectionsCsv(rows)], { type: 'text/csv' }), `${slug}-inspections-${stamp}.csv`);
  }

  #shown(row: InspectionRecord, thumb: Blob | undefined): void {
    if (row.projectId !== this.#projectId) return;
    this.written++;
    const start = shiftStart(new Date(row.at));
    const base = start === this.shiftStartedAt ? this.counters : ZERO;
    this.shiftStartedAt = start;
    if (row.kind === 'verdict' && row.verdict) {
      this.counters = {
        ok: base.ok + (row.verdict === 'ok' ? 1 : 0),
        ng: base.ng + (row.verdict === 'ng' ? 1 : 0),
        noPart: base.noPart + (row.verdict === 'no-part' ? 1 : 0),
        outOfDomain: base.outOfDomain + (row.verdict === 'out-of-domain' ? 1 : 0),
        uncertain: base.uncertain + (row.uncertain ? 1 : 0),
        total: base.total + 1,
      };
    } else if (base !== this.counters) {
      this.counters = base;
    }
    if (!SHOWN_KINDS.includes(row.kind)) return;
    const next = [{ row, thumbUrl: thumb ? URL.createObjectURL(thumb) : null }, ...this.rows];
    this.#release(next.slice(SHOWN_ROWS));
    this.rows = next.slice(0, SHOWN_ROWS);
  }

  #release(rows: readonly ShownInspection[]): void {
    for (const shown of rows) if (shown.thumbUrl) URL.revokeObjectURL(shown.thumbUrl);
  }
}

/** The one station log. */
export const stationLog = new StationLogStore();
