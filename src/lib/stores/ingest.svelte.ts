import { generateDemo, importFiles, storeFrames } from '../bridges/ingest-bridge.ts';
import type {
  DroppedFile,
  IngestProgress,
  IngestReport,
  IngestTarget,
} from '../../../workers/ingest/ingest-types.ts';
import type { DemoOptions } from '../../../workers/ingest/sources.ts';
import { importTitle } from '../drop-files.ts';
import { activity } from './activity.svelte.ts';
import { images } from './images.svelte.ts';
import { projects } from './projects.svelte.ts';
import { storage } from './storage.svelte.ts';

/** Defaults of "Load demo dataset". */
export const DEMO_DEFAULTS: DemoOptions = { count: 1000, seed: 1, size: 256, defectRatio: 0.25 };

/** The running import's progress and the last import's report. */
class IngestStore {
  progress = $state.raw<IngestProgress | undefined>(undefined);
  running = $state<string | undefined>(undefined);
  report = $state.raw<IngestReport | undefined>(undefined);
  #controller: AbortController | undefined;

  #target(): IngestTarget {
    const project = projects.current;
    if (!project) throw new Error('Open a project before importing images.');
    return { projectId: project.id, classes: [...project.scope.classes] };
  }

  async #run(
    label: string,
    work: (target: IngestTarget, signal: AbortSignal) => Promise<IngestReport>,
  ): Promise<IngestReport> {
    const target = this.#target();
    if (this.running) throw new Error(`Wait for "${this.running}" to finish, or cancel it.`);
    const controller = new AbortController();
    this.#controller = controller;
    this.running = label;
    this.progress = undefined;
    try {
      const report = await activity.track(label, () => work(target, controller.signal));
      this.report = report;
      return report;
    } finally {
      this.running = undefined;
      this.#controller = undefined;
      await images.load(target.projectId);
      await storage.refresh();
    }
  }

  /** Imports dropped or picked files, folders, zips and Label Studio exports. */
  importDropped(files: DroppedFile[], source: 'file' | 'folder' | 'zip'): Promise<IngestReport> {
    if (!files.length) return Promise.reject(new Error('No files were selected.'));
    const title = importTitle(files);
    return this.#run(`import of ${title}`, (target, signal) =>
      importFiles(target, { title, source, files }, { signal, onProgress: (p) => (this.progress = p) }),
    );
  }

  /** Generates and stores the demo dataset. */
  loadDemo(options: DemoOptions): Promise<IngestReport> {
    return this.#run('demo dataset', (target, signal) =>
      generateDemo(target, options, { signal, onProgress: (p) => (this.progress = p) }),
    );
  }

  /** Stores captured camera frames. */
  storeFrames(
    title: string,
    frames: Array<{ bitmap: ImageBitmap; label: string | null; capturedAt: number }>,
  ): Promise<IngestReport> {
    return this.#run('camera capture', (target) => storeFrames(target, title, frames));
  }

  cancel(): void {
    this.#controller?.abort();
  }
}

/** The one ingest store. */
export const ingest = new IngestStore();
