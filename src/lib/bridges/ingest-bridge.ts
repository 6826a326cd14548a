import { proxy, transfer } from 'comlink';
import type { IngestApi } from '../../../workers/ingest.worker.ts';
import type {
  DroppedFile,
  IngestProgress,
  IngestReport,
  IngestTarget,
} from '../../../workers/ingest/ingest-types.ts';
import type { DemoOptions } from '../../../workers/ingest/sources.ts';
import { WorkerBridge } from './worker-bridge.ts';

const bridge = new WorkerBridge<IngestApi>(
  () =>
    new Worker(new URL('../../../workers/ingest.worker.ts', import.meta.url), {
      type: 'module',
      name: 'ingest',
    }),
);

/** Options every long ingest call takes. */
export interface IngestCallOptions {
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
}

/** Imports files, folders, zips and Label Studio exports in the ingest worker. */
export function importFiles(
  target: IngestTarget,
  request: { title: string; source: 'file' | 'folder' | 'zip'; files: DroppedFile[] },
  { signal, onProgress }: IngestCallOptions = {},
): Promise<IngestReport> {
  return bridge.call(signal, (api, port) =>
    api.importFiles(port, target, request, onProgress && proxy(onProgress)),
  );
}

/** Generates the seeded demo dataset in the ingest worker. */
export function generateDemo(
  target: IngestTarget,
  options: DemoOptions,
  { signal, onProgress }: IngestCallOptions = {},
): Promise<IngestReport> {
  return bridge.call(signal, (api, port) =>
    api.generateDemo(port, target, options, onProgress && proxy(onProgress)),
  );
}

/** Stores camera frames; the bitmaps are transferred to the worker, which closes them. */
export function storeFrames(
  target: IngestTarget,
  title: string,
  frames: Array<{ bitmap: ImageBitmap; label: string | null; capturedAt: number }>,
): Promise<IngestReport> {
  const request = transfer(
    { title, frames },
    frames.map((f) => f.bitmap),
  );
  return bridge.call(undefined, (api) => api.storeFrames(target, request));
}
