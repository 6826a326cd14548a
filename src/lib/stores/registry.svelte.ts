import {
  ensureDefaultModel,
  exportVersion,
  importForeignModel,
  importVersion,
  readForeignModel,
} from '../bridges/infer-bridge.ts';
import { downloadBlob } from '../download.ts';
import { handleError } from './notices.svelte.ts';
import {
  aliasHistory,
  championGate,
  deleteVersion,
  getEvaluation,
  listModels,
  listVersions,
  registerVersion,
  rollbackChampion,
  saveEvaluation,
  setAlias,
  setArchived,
} from '../../../workers/lib/db/registry-repo.ts';
import type {
  Alias,
  AliasEventRecord,
  ChampionGate,
  ModelVersionRecord,
  RegisteredModelRecord,
} from '../../../workers/lib/db/schema/registry.ts';
import { getArtifact } from '../../../workers/lib/db/runs-repo.ts';
import { latestProfileOf } from '../../../workers/lib/db/profiles-repo.ts';
import { newId } from '../../../workers/lib/db/projects-repo.ts';
import { getSnapshot } from '../../../workers/lib/db/snapshots-repo.ts';
import type { ImageSource } from '../../../workers/lib/db/schema/images.ts';
import {
  buildModelCard,
  modelCardMarkdown,
  type VersionCard,
  type SourceCounts,
} from '../../../workers/lib/registry/model-card.ts';
import type { EvaluationOutcome } from '../../../workers/evaluate/evaluate-types.ts';
import type { ForeignModelAnswers, ForeignSummary } from '../../../workers/registry/foreign-import.ts';
import { APP_VERSION } from '../../../workers/lib/app-version.ts';
import { training } from './training.svelte.ts';
import { projects } from './projects.svelte.ts';
import { images } from './images.svelte.ts';
import { getDb } from './db.ts';

/** A registered model with its versions and alias history, as the Registry screen shows it. */
export interface RegistryEntry {
  model: RegisteredModelRecord;
  versions: ModelVersionRecord[];
  history: AliasEventRecord[];
}

const THRESHOLD_RULES: Record<string, string> = {
  model: 'best balanced accuracy on the validation split when the model was trained',
  'balanced-accuracy': 'best balanced accuracy on the validation split',
  'target-recall': 'defect recall target on the validation split',
  'target-false-reject-rate': 'false-reject target on the validation split',
  manual: 'set by hand',
  default: 'default 0.5',
};

/** The Registry stage: registered models, their versions and aliases, for the open project. */
class RegistryStore {
  entries = $state.raw<RegistryEntry[]>([]);
  loaded = $state(false);

  #projectId(): string {
    const id = projects.current?.id;
    if (!id) throw new Error('Open a project first.');
    return id;
  }

  /** Reads the registry; the shipped default model is registered first when the project lacks it. */
  async load(): Promise<void> {
    const projectId = this.#projectId();
    await ensureDefaultModel(projectId);
    await this.#refresh(projectId);
  }

  async #refresh(projectId: string): Promise<void> {
    const db = await getDb();
    const models = await listModels(db, projectId);
    this.entries = await Promise.all(
      models.map(async (model) => ({
        model,
        versions: await listVersions(db, projectId, model.name),
        history: await aliasHistory(db, projectId, model.name),
      })),
    );
    this.loaded = true;
  }

  /** Every version of every model, newest first. */
  get versions(): ModelVersionRecord[] {
    return this.entries.flatMap((e) => e.versions).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** The version an alias of a model points at. */
  aliased(name: string, alias: Alias): ModelVersionRecord | undefined {
    const entry = this.entries.find((e) => e.model.name === name);
    const version = entry?.model.aliases[alias];
    return entry?.versions.find((v) => v.version === version);
  }

  /**
   * Registers the model of an evaluated run with the threshold now chosen. A moved threshold is
   * stored as an evaluation of its own first, so the version's gate verdict is the one shown.
   */
  async registerEvaluated(
    outcome: EvaluationOutcome,
    name: string,
    thresholdMoved: boolean,
  ): Promise<ModelVersionRecord> {
    const model = outcome.model;
    if (model.kind !== 'run')
      throw new Error('Only a run’s model can be registered; this one is a registered version already.');
    const projectId = this.#projectId();
    const db = await getDb();
    const bundle = await getArtifact(db, model.runId);
    if (!bundle) throw new Error('The run’s trained model is gone; it may have been deleted in another tab.');
    const run = training.runs.find((r) => r.id === model.runId);
    const evaluationId = thresholdMoved ? newId('evl') : outcome.id;
    if (thresholdMoved)
      await saveEvaluation(db, {
        id: evaluationId,
        projectId,
        model,
        snapshotId: outcome.snapshotId,
        report: { ...outcome, id: evaluationId } as unknown as Record<string, unknown>,
        gatePassed: outcome.report.gate.passed,
        createdAt: Date.now(),
      });
    const profile = run ? await latestProfileOf(db, run.snapshotId) : undefined;
    const record = await registerVersion(db, {
      projectId,
      name,
      bundle,
      source: 'run',
      threshold: outcome.report.threshold.value,
      thresholdRule: THRESHOLD_RULES[outcome.report.threshold.method] ?? outcome.report.threshold.method,
      tfjsVersion: outcome.tfjsVersion,
      appVersion: APP_VERSION,
      lineage: {
        runId: model.runId,
        snapshotId: run?.snapshotId ?? null,
        snapshotHash: run?.snapshotHash ?? null,
        profileId: profile?.id ?? null,
      },
      evaluationId,
      gatePassed: outcome.report.gate.passed,
    });
    await this.#refresh(projectId);
    return record;
  }

  /** Points an alias at a version; the champion needs a passed gate or an override with a reason. */
  /**
   * Reads whether a version may become champion without an override, as the promotion itself will
   * judge it, into `show` (null while reading). Returns a cleanup for an effect: an answer that comes
   * after it ran is dropped.
   */
  readChampionGate(versionId: string, show: (gate: ChampionGate | null) => void): () => void {
    let current = true;
    show(null);
    void getDb()
      .then((db) => championGate(db, versionId))
      .then((gate) => current && show(gate))
      .catch((e: unknown) => current && handleError(e, `Could not read the promotion gate of ${versionId}`));
    return () => {
      current = false;
    };
  }

  async promote(
    name: string,
    version: number,
    alias: Alias,
    reason: string,
    override = false,
  ): Promise<AliasEventRecord> {
    const projectId = this.#projectId();
    const event = await setAlias(await getDb(), { projectId, name, alias, version, reason, override });
    await this.#refresh(projectId);
    return event;
  }

  /** Moves the champion back to the previous one. */
  async rollback(name: string, reason: string): Promise<void> {
    const projectId = this.#projectId();
    await rollbackChampion(await getDb(), projectId, name, reason);
    await this.#refresh(projectId);
  }

  async archive(versionId: string, archived: boolean): Promise<void> {
    await setArchived(await getDb(), versionId, archived);
    await this.#refresh(this.#projectId());
  }

  /** Builds a version's verified bundle zip, with its model card, and hands it to the browser as a download. */
  async exportVersion(version: ModelVersionRecord): Promise<{ fileName: string; bytes: number }> {
    const card = await this.cardOf(version);
    const { fileName, zip } = await exportVersion(version.id, {
      summary: modelCardMarkdown(card),
      intendedUse: card.intendedUse.join(' '),
      limitations: card.knownLimits.join(' '),
      source: version.source,
    });
    downloadBlob(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), fileName);
    return { fileName, bytes: zip.byteLength };
  }

  /** Verifies a bundle file and registers it as the next version of `name`; a refused file changes nothing. */
  async importBundle(file: Blob, name: string): Promise<ModelVersionRecord> {
    const projectId = this.#projectId();
    const record = await importVersion(projectId, name, new Uint8Array(await file.arrayBuffer()));
    await this.#refresh(projectId);
    return record;
  }

  async remove(versionId: string): Promise<void> {
    await deleteVersion(await getDb(), versionId);
    await this.#refresh(this.#projectId());
  }

  /** The stored evaluation a version was registered or last gated with, when it has one. */
  async evaluationOf(version: ModelVersionRecord): Promise<EvaluationOutcome | undefined> {
    if (!version.evaluationId) return undefined;
    const record = await getEvaluation(await getDb(), version.evaluationId);
    // The evaluate job stores the whole outcome as the record's report.
    return record ? (record.report as unknown as EvaluationOutcome) : undefined;
  }

  /** The model card of a version, from its evaluation and the sources of the images behind it. */
  async cardOf(version: ModelVersionRecord): Promise<VersionCard> {
    const project = projects.current;
    if (!project) throw new Error('Open a project first.');
    const db = await getDb();
    const outcome = await this.evaluationOf(version);
    // The open project's images are loaded already; the card only needs where each came from.
    const sourceOf = new Map(images.all.map((i) => [i.id, i.source]));
    const count = (ids: readonly string[]): SourceCounts => {
      const counts: Partial<Record<ImageSource, number>> = {};
      for (const id of ids) {
        const source = sourceOf.get(id);
        if (source) counts[source] = (counts[source] ?? 0) + 1;
      }
      return Object.keys(counts).length ? counts : null;
    };
    const trained = version.lineage.snapshotId
      ? await getSnapshot(db, version.lineage.snapshotId)
      : undefined;
    const entry = this.entries.find((e) => e.model.name === version.name);
    return buildModelCard({
      version,
      report: outcome?.report ?? null,
      evaluatedOn: outcome?.snapshotName ?? null,
      scope: project.scope,
      trainingSources: trained ? count(trained.entries.map((e) => e.imageId)) : null,
      evaluationSources: outcome ? count(outcome.rows.map((r) => r.imageId)) : null,
      history: entry?.history ?? [],
    });
  }

  /** What the files of a foreign model (Teachable Machine or tfjs layers) hold and what they lack. */
  async readForeign(files: readonly File[]): Promise<ForeignSummary> {
    return readForeignModel(await foreignFiles(files));
  }

  /** Completes a foreign model with the answers and registers it as the next version of `name`. */
  async importForeign(
    files: readonly File[],
    name: string,
    answers: ForeignModelAnswers,
    threshold?: number,
  ): Promise<ModelVersionRecord> {
    const projectId = this.#projectId();
    const record = await importForeignModel(projectId, name, await foreignFiles(files), answers, threshold);
    await this.#refresh(projectId);
    return record;
  }
}

/** Files keyed by their folder-relative path where they have one (a folder upload), else their name. */
async function foreignFiles(files: readonly File[]): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  for (const file of files)
    out[file.webkitRelativePath || file.name] = new Uint8Array(await file.arrayBuffer());
  return out;
}

/** The one registry store. */
export const registry = new RegistryStore();
