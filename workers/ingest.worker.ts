import { expose } from 'comlink';
import { workerDb } from './lib/db/worker-db.ts';
import { isAbortError, signalFromPort } from './lib/abort-port.ts';
import type { IngestLimits } from './lib/ingest/limits.ts';
import { IngestJob } from './ingest/ingest-job.ts';
import {
  classifyDropped,
  demoTitle,
  ingestDemo,
  ingestImageFiles,
  ingestLabelStudio,
  ingestZip,
  type DemoOptions,
} from './ingest/sources.ts';
import type { DroppedFile, IngestProgress, IngestReport, IngestTarget } from './ingest/ingest-types.ts';

/** Runs `work` in a job and always finishes it: cancelled, failed (full disk) or done. */
async function runJob(job: IngestJob, signal: AbortSignal, work: () => Promise<void>): Promise<IngestReport> {
  try {
    await work();
  } catch (error) {
    if (!isAbortError(error)) {
      await job.finish('cancelled').catch(() => undefined);
      throw error;
    }
  }
  return job.finish(signal.aborted ? 'cancelled' : 'done');
}

const api = {
  /**
   * Imports dropped or picked files: images (folder layout gives labels), zip archives and Label
   * Studio exports. The Files are read here; the UI keeps no copy. Re-running the same import
   * (same `title`) resumes it.
   */
  async importFiles(
    abortPort: MessagePort | undefined,
    target: IngestTarget,
    request: {
      title: string;
      source: 'file' | 'folder' | 'zip';
      files: DroppedFile[];
      limits?: Partial<IngestLimits>;
    },
    onProgress?: (p: IngestProgress) => void,
  ): Promise<IngestReport> {
    const { signal, release } = signalFromPort(abortPort);
    try {
      const database = await workerDb();
      const groups = {
        image: [] as DroppedFile[],
        zip: [] as DroppedFile[],
        'label-studio': [] as DroppedFile[],
      };
      for (const file of request.files) groups[await classifyDropped(file)].push(file);
      const source =
        groups['label-studio'].length && !groups.image.length && !groups.zip.length
          ? 'label-studio'
          : request.source;
      const job = await IngestJob.start(database, {
        projectId: target.projectId,
        source,
        title: request.title,
        limits: request.limits,
      });
      job.total = groups.image.length || null;
      return await runJob(job, signal, async () => {
        await ingestImageFiles(job, target, groups.image, signal, onProgress);
        const sidecars: DroppedFile[] = [];
        for (const archive of groups.zip)
          sidecars.push(
            ...(await ingestZip(job, target, archive, request.limits?.zip ?? {}, signal, onProgress)),
          );
        // Labels are matched last, so images imported alongside the export are found; manifests last of all.
        await job.flush();
        const labelFiles = [...groups['label-studio'], ...sidecars].sort(
          (a, b) => Number(/manifest\.csv$/i.test(a.path)) - Number(/manifest\.csv$/i.test(b.path)),
        );
        const maxExportBytes = request.limits?.maxExportBytes;
        for (const exported of labelFiles)
          await ingestLabelStudio(database, job, target, exported, maxExportBytes);
      });
    } finally {
      release();
    }
  },

  /** Generates and stores the seeded synthetic screw dataset. */
  async generateDemo(
    abortPort: MessagePort | undefined,
    target: IngestTarget,
    options: DemoOptions,
    onProgress?: (p: IngestProgress) => void,
  ): Promise<IngestReport> {
    const { signal, release } = signalFromPort(abortPort);
    try {
      const job = await IngestJob.start(await workerDb(), {
        projectId: target.projectId,
        source: 'demo',
        title: demoTitle(options),
      });
      return await runJob(job, signal, () => ingestDemo(job, target, options, signal, onProgress));
    } finally {
      release();
    }
  },

  /**
   * Stores camera frames as PNGs. The bitmaps are transferred and owned (and closed) by the worker.
   */
  async storeFrames(
    target: IngestTarget,
    request: {
      title: string;
      frames: Array<{ bitmap: ImageBitmap; label: string | null; capturedAt: number }>;
    },
  ): Promise<IngestReport> {
    const job = await IngestJob.start(await workerDb(), {
      projectId: target.projectId,
      source: 'camera',
      title: request.title,
    });
    for (const [i, frame] of request.frames.entries()) {
      const canvas = new OffscreenCanvas(frame.bitmap.width, frame.bitmap.height);
      canvas.getContext('2d')!.drawImage(frame.bitmap, 0, 0);
      frame.bitmap.close();
      const png = await canvas.convertToBlob({ type: 'image/png' });
      const stamp = new Date(frame.capturedAt).toISOString().replace(/[:.]/g, '-');
      const fileName = `camera-${stamp}-${i}.png`;
      await job.add({
        key: fileName,
        path: fileName,
        fileName,
        label: frame.label,
        labelSource: frame.label === null ? null : 'camera',
        defectType: null,
        capturedAt: frame.capturedAt,
        size: png.size,
        bytes: async () => new Uint8Array(await png.arrayBuffer()),
      });
    }
    return job.finish('done');
  },
};

/** The ingest worker's API, as the UI's bridge sees it. */
export type IngestApi = typeof api;

expose(api);
