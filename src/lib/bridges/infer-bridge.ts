import { proxy, transfer } from 'comlink';
import type { InferApi, ProbeProgress } from '../../../workers/infer.worker.ts';
import type { BackendPreference, BackendReport } from '../../../workers/tf/backend-types.ts';
import type {
  EvaluateProgress,
  EvaluateRequest,
  EvaluationOutcome,
} from '../../../workers/evaluate/evaluate-types.ts';
import type { ModelVersionRecord } from '../../../workers/lib/db/schema/registry.ts';
import type { ExportedVersion } from '../../../workers/registry/bundle-transfer.ts';
import type { ModelCard } from '../../../models/bundle.ts';
import type { ForeignModelAnswers, ForeignSummary } from '../../../workers/registry/foreign-import.ts';
import { WorkerBridge } from './worker-bridge.ts';

/** The infer worker: evaluation, bundle transfer and the station share it (and the model it holds). */
export const inferBridge = new WorkerBridge<InferApi>(
  () =>
    new Worker(new URL('../../../workers/infer.worker.ts', import.meta.url), {
      type: 'module',
      name: 'infer',
    }),
);

/** Probes every tfjs backend inside the infer worker and returns the measured choice. */
export function probeBackends(
  preference: BackendPreference,
  options: { signal?: AbortSignal; onProgress?: (progress: ProbeProgress) => void } = {},
): Promise<BackendReport> {
  const { signal, onProgress } = options;
  return inferBridge.call(signal, (api, port) =>
    api.probeBackends(port, preference, onProgress ? proxy(onProgress) : undefined),
  );
}

/** Evaluates a model on a snapshot in the infer worker; the evaluation is stored there too. */
export function evaluateModel(
  request: EvaluateRequest,
  options: { signal?: AbortSignal; onProgress?: (progress: EvaluateProgress) => void } = {},
): Promise<EvaluationOutcome> {
  const { signal, onProgress } = options;
  return inferBridge.call(signal, (api, port) =>
    api.evaluate(port, request, onProgress ? proxy(onProgress) : undefined),
  );
}

/** Registers the shipped model as the project's "default" version 1 when it is not there yet. */
export function ensureDefaultModel(projectId: string): Promise<ModelVersionRecord | null> {
  return inferBridge.call(undefined, (api) => api.ensureDefaultModel(projectId));
}

/** A registered version as a verified bundle zip, built in the infer worker. */
export function exportVersion(versionId: string, card: ModelCard | null): Promise<ExportedVersion> {
  return inferBridge.call(undefined, (api) => api.exportVersion(versionId, card));
}

/** Verifies a bundle zip in the infer worker and registers it; `zip` is transferred (the caller loses it). */
export function importVersion(projectId: string, name: string, zip: Uint8Array): Promise<ModelVersionRecord> {
  return inferBridge.call(undefined, (api) =>
    api.importVersion(projectId, name, transfer(zip, [zip.buffer])),
  );
}

/** Reads a foreign model's files (by file name) in the infer worker: what they hold, what is missing. */
export function readForeignModel(files: Record<string, Uint8Array>): Promise<ForeignSummary> {
  return inferBridge.call(undefined, (api) => api.readForeignModel(files));
}

/**
 * Completes, verifies and registers a foreign model in the infer worker; the files' buffers are
 * transferred (the caller loses them).
 */
export function importForeignModel(
  projectId: string,
  name: string,
  files: Record<string, Uint8Array>,
  answers: ForeignModelAnswers,
  threshold?: number,
): Promise<ModelVersionRecord> {
  const buffers = Object.values(files).map((f) => f.buffer);
  return inferBridge.call(undefined, (api) =>
    api.importForeignModel(projectId, name, transfer(files, buffers), answers, threshold),
  );
}
