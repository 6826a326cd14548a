import type { MonitorSnapshot } from '../../../workers/monitor/monitor-api.ts';
import type { LoopStatus } from '../../../workers/lib/monitor/loop-status.ts';
import type { MonitorWindow } from '../../../workers/lib/monitor/report-types.ts';
import { inspectionsCsv } from '../../../workers/lib/db/inspections-repo.ts';
import {
  alertsCsv,
  driftCsv,
  inspectionsJson,
  reportJson,
  timeSeriesCsv,
} from '../../../workers/lib/monitor/report-export.ts';
import {
  fetchLoopStatus,
  fetchMonitorLog,
  fetchMonitorReport,
  fetchMonitorThumbs,
} from '../bridges/monitor-bridge.ts';
import { downloadBlob } from '../download.ts';

/** The files the Monitor page exports. */
export type MonitorExport =
  'report-json' | 'timeseries-csv' | 'drift-csv' | 'alerts-csv' | 'alerts-json' | 'log-csv' | 'log-json';

/** How often the open Monitor page reads the report again, ms: a running station keeps logging. */
const REFRESH_MS = 5_000;

/** An example frame an alert cites: its inspection seq and the thumbnail's object URL. */
export interface ExampleFrame {
  seq: number;
  url: string;
}

const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');

/**
 * The Monitor stage's state: the report of the deployment over the chosen window, the thumbnails its
 * alerts cite, the loop's status, refreshed while the page is open, and the exports.
 */
class MonitorStore {
  window = $state<MonitorWindow>('hour');
  current = $state.raw<MonitorSnapshot | null>(null);
  loop = $state.raw<LoopStatus | null>(null);
  examples = $state.raw<ExampleFrame[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);

  #projectId: string | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #generation = 0;

  /** Starts watching a project: loads now and again every few seconds until `stop`. */
  watch(projectId: string): void {
    this.stop();
    if (this.#projectId !== projectId) {
      this.current = null;
      this.loop = null;
      this.#setExamples([]);
    }
    this.#projectId = projectId;
    void this.refresh();
    this.#timer = setInterval(() => void this.refresh(), REFRESH_MS);
  }

  /** Stops the refreshes (the page closed). */
  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Switches the window and reads the report over it. */
  async choose(window: MonitorWindow): Promise<void> {
    this.window = window;
    await this.refresh();
  }

  /** Reads the report, the loop's status and the example frames again. */
  async refresh(): Promise<void> {
    const projectId = this.#projectId;
    if (!projectId) return;
    const generation = ++this.#generation;
    this.loading = true;
    try {
      const [current, loop] = await Promise.all([
        fetchMonitorReport(projectId, this.window),
        fetchLoopStatus(projectId),
      ]);
      if (generation !== this.#generation) return;
      const seqs = [...new Set(current.report.alerts.flatMap((a) => a.evidence.exampleSeqs))];
      const known = new Set(this.examples.map((e) => e.seq));
      const thumbs = await fetchMonitorThumbs(seqs.filter((s) => !known.has(s)));
      if (generation !== this.#generation) return;
      const kept = this.examples.filter((e) => seqs.includes(e.seq));
      const fresh = thumbs.map((t) => ({ seq: t.seq, url: URL.createObjectURL(t.blob) }));
      this.#setExamples([...kept, ...fresh].sort((a, b) => seqs.indexOf(a.seq) - seqs.indexOf(b.seq)));
      this.current = current;
      this.loop = loop;
      this.error = null;
    } catch (error) {
      if (generation === this.#generation)
        this.error = error instanceof Error ? error.message : 'The monitoring report could not be read.';
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Downloads one export of the current window. */
  async download(kind: MonitorExport): Promise<void> {
    const projectId = this.#projectId;
    const current = this.current;
    if (!projectId || !current) throw new Error('No monitoring report yet; wait until the page shows one.');
    const { report } = current;
    const name = `screwops-monitor-${report.window}-${stamp(report.to)}`;
    const save = (text: string, ext: 'json' | 'csv', what: string) =>
      downloadBlob(
        new Blob([text], { type: ext === 'json' ? 'application/json' : 'text/csv' }),
        `${name}-${what}.${ext}`,
      );
    switch (kind) {
      case 'report-json':
        return save(reportJson({ model: current.model, ...report }), 'json', 'report');
      case 'timeseries-csv':
        return save(timeSeriesCsv(report), 'csv', 'timeseries');
      case 'drift-csv':
        return save(driftCsv(report), 'csv', 'drift');
      case 'alerts-csv':
        return save(alertsCsv(report.alerts), 'csv', 'alerts');
      case 'alerts-json':
        return save(reportJson(report.alerts), 'json', 'alerts');
      case 'log-csv':
        return save(inspectionsCsv(await fetchMonitorLog(projectId, report.window)), 'csv', 'inspections');
      case 'log-json':
        return save(inspectionsJson(await fetchMonitorLog(projectId, report.window)), 'json', 'inspections');
    }
  }

  #setExamples(next: ExampleFrame[]): void {
    const keep = new Set(next.map((e) => e.url));
    for (const e of this.examples) if (!keep.has(e.url)) URL.revokeObjectURL(e.url);
    this.examples = next;
  }
}

/** The one Monitor store. */
export const monitor = new MonitorStore();
