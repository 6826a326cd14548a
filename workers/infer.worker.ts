import { expose, transfer } from 'comlink';
import { signalFromPort } from './lib/abort-port.ts';
import { probeAllBackends } from './tf/backend-probe.ts';
import {
  chooseBackend,
  type BackendPreference,
  type BackendProbe,
  type BackendReport,
} from './tf/backend-types.ts';
import { tf, useBackend } from './tf/runtime.ts';
import { rememberProbed, stationBackend } from './tf/station-backend.ts';
import { stationApi } from './station/station-api.ts';
import { shadowApi } from './station/shadow-api.ts';
import { workerDb } from './lib/db/worker-db.ts';
import { requireProject } from './lib/db/projects-repo.ts';
import type { ModelVersionRecord } from './lib/db/schema/registry.ts';
import { APP_VERSION } from './lib/app-version.ts';
import { runEvaluation } from './evaluate/evaluate-job.ts';
import { ensureDefaultModel, fetchShippedBundle } from './evaluate/default-model.ts';
import { exportVersion, importVersion, type ExportedVersion } from './registry/bundle-transfer.ts';
import type { ModelCard } from '../models/bundle.ts';
import {
  importForeign,
  readForeign,
  type ForeignModelAnswers,
  type ForeignSummary,
} from './registry/foreign-import.ts';
import type { EvaluateProgress, EvaluateRequest, EvaluationOutcome } from './evaluate/evaluate-types.ts';
import { createDeployApi } from './station/deploy-api.ts';

/** Progress of a probe: which backend just finished. */
export interface ProbeProgress {
  done: number;
  total: number;
  probe: BackendProbe;
}

/** The app's root URL as this worker sees it (workers live under /assets/ in the build). */
const appRoot = () => new URL('/', self.location.href);

/** Deployment methods; bundles are verified on the station's backend. */
const deployApi = createDeployApi(() => stationBackend('auto'));

const api = {
  ...stationApi,
  ...shadowApi,
  ...deployApi,

  /**
   * Probes webgpu, webgl, wasm and cpu in this worker, picks the backend and switches to it.
   * `abortPort` (transferred, owned by the worker afterwards) cancels the probe.
   */
  async probeBackends(
    abortPort: MessagePort | undefined,
    preference: BackendPreference,
    onProgress?: (progress: ProbeProgress) => void,
  ): Promise<BackendReport> {
    const { signal, release } = signalFromPort(abortPort);
    try {
      const probes = await probeAllBackends(signal, (probe, index, total) =>
        onProgress?.({ done: index + 1, total, probe }),
      );
      const { chosen, reason } = chooseBackend(probes, preference);
      await useBackend(chosen);
      await rememberProbed(chosen);
      return { probes, chosen, reason, preference, measuredAt: Date.now() };
    } finally {
      release();
    }
  },

  /**
   * Scores a snapshot's images with a model in this worker, builds the report with its gate verdict
   * and stores the evaluation. `abortPort` (transferred, owned by the worker afterwards) cancels it.
   */
  async evaluate(
    abortPort: MessagePort | undefined,
    request: EvaluateRequest,
    onProgress?: (progress: EvaluateProgress) => void,
  ): Promise<EvaluationOutcome> {
    const { signal, release } = signalFromPort(abortPort);
    try {
      const backend = await stationBackend(request.backend, signal);
      return await runEvaluation(await workerDb(), request, backend, signal, (p) => onProgress?.(p));
    } finally {
      release();
    }
  },

  /** A registered version as a verified bundle zip; the zip's buffer is transferred to the caller. */
  async exportVersion(versionId: string, card: ModelCard | null): Promise<ExportedVersion> {
    // A bundle without golden data is asked for it now, on the station's backend.
    await stationBackend('auto');
    const exported = await exportVersion(await workerDb(), versionId, card);
    return transfer(exported, [exported.zip.buffer]);
  },

  /**
   * Verifies a bundle zip and registers it as the next version of `name`; refused bundles store
   * nothing. `zip` is transferred in and owned by the worker afterwards.
   */
  async importVersion(projectId: string, name: string, zip: Uint8Array): Promise<ModelVersionRecord> {
    await stationBackend('auto');
    return importVersion(await workerDb(), zip, {
      projectId,
      name,
      tfjsVersion: tf.version_core,
      appVersion: APP_VERSION,
    });
  },

  /** Registers the shipped model as the project's "default" version 1 (champion if it passes the gate) once. */
  async ensureDefaultModel(projectId: string): Promise<ModelVersionRecord | null> {
    const db = await workerDb();
    const project = await requireProject(db, projectId);
    return ensureDefaultModel(db, project.id, project.scope.gate, () => fetchShippedBundle(appRoot()), {
      tfjs: tf.version_core,
      app: APP_VERSION,
    });
  },

  /** What a foreign model's files (by file name) hold and what is missing; nothing is stored. */
  readForeignModel(files: Record<string, Uint8Array>): ForeignSummary {
    return readForeign(files);
  },

  /**
   * Completes a foreign model with the answers, verifies it and registers it as the next version of
   * `name`; a refusal stores nothing. The files' buffers are transferred in and owned by the worker.
   */
  async importForeignModel(
    projectId: string,
    name: string,
    files: Record<string, Uint8Array>,
    answers: ForeignModelAnswers,
    threshold?: number,
  ): Promise<ModelVersionRecord> {
    await stationBackend('auto');
    return importForeign(await workerDb(), files, answers, {
      projectId,
      name,
      tfjsVersion: tf.version_core,
      appVersion: APP_VERSION,
      ...(threshold === undefined ? {} : { threshold }),
    });
  },
};

/** The infer worker's API, as the UI's bridge sees it. */
export type InferApi = typeof api;

expose(api);
