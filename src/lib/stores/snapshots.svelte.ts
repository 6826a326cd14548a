import {
  diffSnapshots,
  exportDataset,
  listSnapshots,
  splitImages,
  takeSnapshot,
} from '../bridges/snapshots-bridge.ts';
import type { SplitSettings } from '../../../workers/lib/db/schema/projects.ts';
import type {
  ExportFormat,
  SnapshotSummary,
  SplitReport,
} from '../../../workers/snapshots/snapshots-types.ts';
import { DEFAULT_SPLIT_SETTINGS } from '../../../workers/snapshots/snapshots-types.ts';
import { activity } from './activity.svelte.ts';
import { downloadBlob } from '../download.ts';
import { projects } from './projects.svelte.ts';

/** A snapshot diff as the UI shows it. */
export type SnapshotDiff = Awaited<ReturnType<typeof diffSnapshots>>;

/** Splits, snapshots and exports of the open project. */
class SnapshotsStore {
  list = $state.raw<SnapshotSummary[]>([]);
  diff = $state.raw<SnapshotDiff | undefined>(undefined);
  busy = $state<string | undefined>(undefined);

  #projectId(): string {
    const id = projects.current?.id;
    if (!id) throw new Error('Open a project first.');
    return id;
  }

  /** The open project's split settings, or the defaults. */
  get settings(): SplitSettings {
    return projects.current?.splitSettings ?? DEFAULT_SPLIT_SETTINGS;
  }

  async #track<T>(label: string, work: () => Promise<T>): Promise<T> {
    this.busy = label;
    try {
      return await activity.track(label, work);
    } finally {
      this.busy = undefined;
    }
  }

  async load(): Promise<void> {
    this.list = await listSnapshots(this.#projectId());
  }

  /** Splits the images (keeping existing splits unless `reassign`) and refreshes everything shown. */
  async split(settings: SplitSettings, reassign: boolean): Promise<SplitReport> {
    const id = this.#projectId();
    const report = await this.#track('split', () => splitImages(id, settings, reassign));
    // Reopening the project reloads its images with their new splits.
    await projects.open(id);
    return report;
  }

  async snapshot(name: string): Promise<SnapshotSummary> {
    const id = this.#projectId();
    const summary = await this.#track('snapshot', () => takeSnapshot(id, name));
    await this.load();
    return summary;
  }

  async compare(a: string, b: string): Promise<SnapshotDiff> {
    this.diff = await diffSnapshots(a, b);
    return this.diff;
  }

  /** Builds an export and hands it to the browser as a download. */
  async export(
    snapshotId: string | null,
    format: ExportFormat,
  ): Promise<{ fileName: string; images: number; missing: number }> {
    const id = this.#projectId();
    const result = await this.#track('export', () => exportDataset(id, snapshotId, format));
    downloadBlob(result.zip, result.fileName);
    return { fileName: result.fileName, images: result.images, missing: result.missing };
  }
}

/** The one snapshots store. */
export const snapshots = new SnapshotsStore();
