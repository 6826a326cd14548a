import { inspectImages } from '../bridges/station-bridge.ts';
import { downloadBlob } from '../download.ts';
import {
  batchCsv,
  classify,
  countRows,
  filterRows,
  type BatchFilter,
  type BatchItem,
  type BatchRow,
} from '../domain/batch-rows.ts';
import type { DroppedFile } from '../../../workers/ingest/ingest-types.ts';
import type { InspectProgress } from '../../../workers/station/station-api.ts';
import { projects } from './projects.svelte.ts';
import { deployment } from './deployment.svelte.ts';

/** File names batch inspection reads as images; anything else in a dropped folder is skipped. */
const IMAGE_NAME = /\.(png|jpe?g|webp|bmp|gif)$/i;

/** Raised when a drop holds no image batch inspection can read. */
export class NoImagesError extends Error {
  override name = 'NoImagesError';
  constructor(skipped: number) {
    super(
      `None of the ${skipped} dropped files is a PNG, JPEG, WebP, BMP or GIF image. Drop image files or a folder of them.`,
    );
  }
}

/** One scored image with a preview URL for the grid. */
export interface BatchEntry extends BatchItem {
  /** object URL of the image; revoked when the batch is cleared */
  url: string;
}

/** Batch inspection: images scored once by the deployed model, judged again at any threshold. */
class BatchStore {
  entries = $state.raw<BatchEntry[]>([]);
  /** the project whose station model scored the batch */
  projectId = $state<string | null>(null);
  /** the threshold on screen, 0..1; starts at the model's own */
  threshold = $state(0.5);
  /** the threshold the model was deployed with */
  modelThreshold = $state(0.5);
  modelLabel = $state('');
  filter = $state<BatchFilter>('all');
  columns = $state(6);
  /** images scored so far while a batch runs */
  progress = $state<{ done: number; total: number } | null>(null);
  /** files skipped because they are not images */
  skipped = $state(0);
  /** wall time of the last batch's one worker call, ms */
  elapsedMs = $state(0);

  /** Every image's verdict at the threshold on screen. */
  readonly rows: BatchRow[] = $derived(classify(this.entries, this.threshold));
  /** The rows the filter keeps, in the grid's order. */
  readonly shown: BatchRow[] = $derived(filterRows(this.rows, this.filter));
  /** Verdict counts over the whole batch. */
  readonly counts = $derived(countRows(this.rows));

  /** Scores the dropped images in one worker call with the station's model; the old batch goes. */
  async inspect(files: readonly DroppedFile[]): Promise<void> {
    const projectId = projects.current?.id;
    if (!projectId) throw new Error('Open a project first.');
    const picked = files
      .filter((f) => IMAGE_NAME.test(f.path) || f.file.type.startsWith('image/'))
      .sort((a, b) => a.path.localeCompare(b.path, undefined, { numeric: true }));
    if (!picked.length) throw new NoImagesError(files.length);
    this.clear();
    this.skipped = files.length - picked.length;
    this.progress = { done: 0, total: picked.length };
    try {
      // After any deploy in flight: the batch is scored with the model it leaves running.
      const { started, results } = await deployment.exclusive(async () => {
        const started = performance.now();
        const blobs = picked.map((f) => f.file);
        const onProgress = (progress: InspectProgress) => (this.progress = progress);
        return { started, results: await inspectImages(projectId, blobs, { onProgress }) };
      });
      this.elapsedMs = performance.now() - started;
      this.projectId = projectId;
      const first = results[0];
      this.modelThreshold = first?.threshold ?? this.modelThreshold;
      this.threshold = this.modelThreshold;
      this.modelLabel = first?.modelLabel ?? '';
      this.entries = picked.map((f, i) => ({
        name: f.path,
        result: results[i]!,
        url: URL.createObjectURL(f.file),
      }));
    } finally {
      this.progress = null;
    }
  }

  /** Median time the worker spent on one image, ms (decoding, preprocessing and the model). */
  get medianMs(): number {
    const times = this.entries.map((e) => e.result.timings.totalMs).sort((a, b) => a - b);
    return times.length ? times[Math.floor((times.length - 1) / 2)]! : 0;
  }

  /** Forgets the batch and frees its previews. */
  clear(): void {
    for (const entry of this.entries) URL.revokeObjectURL(entry.url);
    this.entries = [];
    this.projectId = null;
    this.filter = 'all';
    this.skipped = 0;
  }

  /** Downloads the rows on screen (filter and threshold applied) as CSV. */
  exportCsv(): void {
    const csv = batchCsv(this.shown, this.threshold, this.modelLabel);
    const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
    downloadBlob(new Blob([csv], { type: 'text/csv' }), `batch-inspection-${stamp}.csv`);
  }
}

/** The one batch inspection store. */
export const batch = new BatchStore();
