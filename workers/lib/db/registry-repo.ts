import type { Db } from './open-db.ts';
import { writeTransaction } from './open-db.ts';
import { NotFoundError } from './errors.ts';
import type { ModelBundle } from '../../../models/bundle.ts';
import type { CrossValidationRecord } from './schema/cross-validation.ts';
import type {
  Alias,
  AliasEventRecord,
  ChampionGate,
  EvaluationRecord,
  ModelVersionRecord,
  RegisteredModelRecord,
  VersionLineage,
  VersionSource,
} from './schema/registry.ts';

/** A registry change that the rules forbid; the message says which rule and what to do. */
export class RegistryRuleError extends Error {
  override name = 'RegistryRuleError';
}

/** Names a registered model may take: they appear in `NAME@V` references on the command line. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

/** The id of a project's registered model. */
export function modelId(projectId: string, name: string): string {
  return `${projectId}/${name}`;
}

/** The id of one version of a project's registered model. */
export function versionId(projectId: string, name: string, version: number): string {
  return `${modelId(projectId, name)}@${version}`;
}

/** Bytes a bundle occupies: weights plus its topology as JSON. */
export function bundleBytes(bundle: ModelBundle): number {
  return bundle.weightData.byteLength + new TextEncoder().encode(JSON.stringify(bundle.modelTopology)).length;
}

/** What a new version is registered from. */
export interface NewVersion {
  projectId: string;
  name: string;
  bundle: ModelBundle;
  source: VersionSource;
  threshold: number;
  thresholdRule: string;
  tfjsVersion: string;
  appVersion: string;
  lineage: VersionLineage;
  evaluationId?: string | null;
  gatePassed?: boolean | null;
  description?: string;
  /** SHA-256 of the bundle zip the version comes from, when it came as one */
  bundleSha256?: string;
}

/**
 * Registers a bundle as the next version of a named model (creating the model on its first version),
 * storing the record and the bundle in one transaction.
 */
export async function registerVersion(
  db: Db,
  input: NewVersion,
  now = Date.now(),
): Promise<ModelVersionRecord> {
  const name = input.name.trim();
  if (!MODEL_NAME.test(name))
    throw new RegistryRuleError(
      `"${input.name}" cannot name a model: use up to 64 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit.`,
    );
  const { metadata } = input.bundle;
  return writeTransaction(
    db,
    ['registeredModels', 'modelVersions', 'modelBlobs'],
    `version of the model "${name}"`,
    async (tx) => {
      const models = tx.objectStore('registeredModels');
      const id = modelId(input.projectId, name);
      const model: RegisteredModelRecord = (await models.get(id)) ?? {
        id,
        projectId: input.projectId,
        name,
        description: input.description ?? '',
        aliases: {},
        lastVersion: 0,
        createdAt: now,
      };
      const version = model.lastVersion + 1;
      const record: ModelVersionRecord = {
        id: versionId(input.projectId, name, version),
        projectId: input.projectId,
        name,
        version,
        source: input.source,
        classes: [...metadata.classes],
        outputs: structuredClone(metadata.outputs),
        threshold: input.threshold,
        thresholdRule: input.thresholdRule,
        tfjsVersion: input.tfjsVersion,
        appVersion: input.appVersion,
        lineage: { ...input.lineage },
        evaluationId: input.evaluationId ?? null,
        gatePassed: input.gatePassed ?? null,
        sizeBytes: bundleBytes(input.bundle),
        archived: false,
        createdAt: now,
        ...(input.bundleSha256 ? { bundleSha256: input.bundleSha256 } : {}),
      };
      await Promise.all([
        models.put({ ...model, lastVersion: version }),
        tx.objectStore('modelVersions').put(record),
        tx.objectStore('modelBlobs').put({ versionId: record.id, bundle: input.bundle }),
      ]);
      return record;
    },
  );
}

/** A project's registered models, by name. */
export async function listModels(db: Db, projectId: string): Promise<RegisteredModelRecord[]> {
  const models = await db.getAllFromIndex('registeredModels', 'by-project', projectId);
  return models.sort((a, b) => a.name.localeCompare(b.name));
}

/** One registered model, or undefined. */
export function getModel(
  db: Db,
  projectId: string,
  name: string,
): Promise<RegisteredModelRecord | undefined> {
  return db.get('registeredModels', modelId(projectId, name));
}

/** The versions of a registered model, newest first. */
export async function listVersions(db: Db, projectId: string, name: string): Promise<ModelVersionRecord[]> {
  const versions = await db.getAllFromIndex('modelVersions', 'by-model', [projectId, name]);
  return versions.sort((a, b) => b.version - a.version);
}

/** One version by id; throws when it does not exist. */
export async function requireVersion(db: Db, id: string): Promise<ModelVersionRecord> {
  const record = await db.get('modelVersions', id);
  if (!record) throw new NotFoundError('model version', id.slice(id.indexOf('/') + 1));
  return record;
}

/** The bundle of a version; throws when it does not exist. */
export async function getVersionBundle(db: Db, id: string): Promise<ModelBundle> {
  const blob = await db.get('modelBlobs', id);
  if (!blob) throw new NotFoundError('model version', id.slice(id.indexOf('/') + 1));
  return blob.bundle;
}

/** A project's version registered from (or exported as) the bundle zip with this SHA-256, or undefined. */
export async function findVersionByDigest(
  db: Db,
  projectId: string,
  sha256: string,
): Promise<ModelVersionRecord | undefined> {
  const versions = await db.getAllFromIndex('modelVersions', 'by-project', projectId);
  const digest = sha256.toLowerCase();
  return versions.sort((a, b) => a.createdAt - b.createdAt).find((v) => v.bundleSha256 === digest);
}

/** Remembers the SHA-256 of a bundle zip a version was exported as; a missing version is left alone. */
export async function recordBundleDigest(db: Db, id: string, sha256: string): Promise<void> {
  await writeTransaction(db, ['modelVersions'], 'the bundle digest', async (tx) => {
    const record = await tx.objectStore('modelVersions').get(id);
    if (record && record.bundleSha256 !== sha256)
      await tx.objectStore('modelVersions').put({ ...record, bundleSha256: sha256 });
  });
}

/** The version an alias points at, or undefined. */
export async function versionByAlias(
  db: Db,
  projectId: string,
  name: string,
  alias: Alias,
): Promise<ModelVersionRecord | undefined> {
  const version = (await getModel(db, projectId, name))?.aliases[alias];
  return version === undefined ? undefined : db.get('modelVersions', versionId(projectId, name, version));
}

/** An alias move as a person asks for it. */
export interface AliasMove {
  projectId: string;
  name: string;
  alias: Alias;
  version: number;
  /** why; required for an override */
  reason: string;
  /** move the champion although the version did not pass the gate; needs a reason */
  override?: boolean;
}

/**
 * Whether an evaluation's test split was too small to show the gate: its sample-size criterion
 * failed (even a perfect score on so few images could not clear the floor). Read from the stored report.
 */
function testTooSmall(evaluation: EvaluationRecord | undefined): boolean {
  const criteria = (evaluation?.report as { report?: { gate?: { criteria?: unknown } } } | undefined)?.report
    ?.gate?.criteria;
  return (
    Array.isArray(criteria) &&
    criteria.some((c: { id?: unknown; passed?: unknown }) => c.id === 'sample-size' && c.passed === false)
  );
}

/**
 * Whether a version may become champion without an override. Its evaluation's verdict decides; a
 * cross-validation of the run it was trained by stands in only where that evaluation is missing or
 * its test split was too small to show the gate, never over a test split large enough to judge.
 */
export function judgeChampion(
  version: ModelVersionRecord,
  evaluation: EvaluationRecord | undefined,
  run: { crossValidation?: Pick<CrossValidationRecord, 'gate'> | undefined } | undefined,
): ChampionGate {
  const label = `${version.name}@${version.version}`;
  if (version.gatePassed === true)
    return {
      passed: true,
      basis: 'evaluation',
      why: `${label} passed the promotion gate on its evaluation.`,
    };
  const cv = run?.crossValidation?.gate;
  const small = version.gatePassed === false && testTooSmall(evaluation);
  const verdict =
    version.gatePassed === false
      ? `${label} failed the promotion gate${small ? ' on a test split too small to show it' : ''}`
      : `${label} has not been evaluated against the gate`;
  if (cv && (version.gatePassed === null || small))
    return cv.passed
      ? {
          passed: true,
          basis: 'cross-validation',
          why: `${verdict}, but its run passed the gate by cross-validation (${cv.figure}).`,
        }
      : {
          passed: false,
          basis: null,
          why: `${verdict}, and its run's cross-validation failed it too (${cv.figure}).`,
        };
  const cross = version.lineage.runId ? ', or cross-validate its run on the Evaluate screen' : '';
  const hint =
    cv?.passed && version.gatePassed === false
      ? ' Its run passed by cross-validation, but a test split large enough to judge outweighs that.'
      : small
        ? ` Evaluate it on a larger test split${cross}.`
        : version.gatePassed === null
          ? ` Evaluate it${cross}.`
          : '';
  return { passed: false, basis: null, why: `${verdict}.${hint}` };
}

/** What lets a registered version become champion, read as the promotion reads it. */
export async function championGate(db: Db, id: string): Promise<ChampionGate> {
  const tx = db.transaction(['modelVersions', 'evaluations', 'runs'], 'readonly');
  const version = await tx.objectStore('modelVersions').get(id);
  if (!version) throw new NotFoundError('model version', id);
  const [evaluation, run] = await Promise.all([
    version.evaluationId ? tx.objectStore('evaluations').get(version.evaluationId) : undefined,
    version.lineage.runId ? tx.objectStore('runs').get(version.lineage.runId) : undefined,
  ]);
  await tx.done;
  return judgeChampion(version, evaluation, run);
}

/**
 * Points an alias at a version and records the move. Only a version that passed the gate (see
 * judgeChampion) becomes champion, unless the move is an explicit override with a reason.
 */
export async function setAlias(db: Db, move: AliasMove, now = Date.now()): Promise<AliasEventRecord> {
  const id = modelId(move.projectId, move.name);
  return writeTransaction(
    db,
    ['registeredModels', 'modelVersions', 'aliasEvents', 'evaluations', 'runs'],
    `the ${move.alias} alias`,
    async (tx) => {
      const model = await tx.objectStore('registeredModels').get(id);
      if (!model) throw new NotFoundError('registered model', move.name);
      const target = await tx
        .objectStore('modelVersions')
        .get(versionId(move.projectId, move.name, move.version));
      if (!target) throw new NotFoundError('model version', `${move.name}@${move.version}`);
      if (target.archived)
        throw new RegistryRuleError(
          `${move.name}@${move.version} is archived. Restore it before giving it an alias.`,
        );
      const reason = move.reason.trim();
      const gate =
        move.alias === 'champion'
          ? judgeChampion(
              target,
              target.evaluationId ? await tx.objectStore('evaluations').get(target.evaluationId) : undefined,
              target.lineage.runId ? await tx.objectStore('runs').get(target.lineage.runId) : undefined,
            )
          : null;
      const override = !!gate && !gate.passed;
      if (override && !(move.override && reason))
        throw new RegistryRuleError(
          `${gate.why} It cannot become champion unless promoted with an override and a reason.`,
        );
      const event: AliasEventRecord = {
        projectId: move.projectId,
        modelId: id,
        alias: move.alias,
        from: model.aliases[move.alias] ?? null,
        to: move.version,
        reason,
        override,
        ...(gate?.passed ? { gateBasis: gate.basis } : {}),
        kind: 'promote',
        at: now,
      };
      await Promise.all([
        tx
          .objectStore('registeredModels')
          .put({ ...model, aliases: { ...model.aliases, [move.alias]: move.version } }),
        tx.objectStore('aliasEvents').add(event),
      ]);
      return event;
    },
  );
}

/** Every alias move of a registered model, newest first. */
export async function aliasHistory(db: Db, projectId: string, name: string): Promise<AliasEventRecord[]> {
  const events = await db.getAllFromIndex('aliasEvents', 'by-model', modelId(projectId, name));
  return events.sort((a, b) => (b.seq ?? 0) - (a.seq ?? 0));
}

/**
 * Moves the champion back to the version it pointed at before its last move to the current one,
 * skipping versions deleted or archived since. One action, recorded like any other move.
 */
export async function rollbackChampion(
  db: Db,
  projectId: string,
  name: string,
  reason = 'rollback',
  now = Date.now(),
): Promise<AliasEventRecord> {
  const id = modelId(projectId, name);
  return writeTransaction(
    db,
    ['registeredModels', 'modelVersions', 'aliasEvents'],
    'the rollback',
    async (tx) => {
      const model = await tx.objectStore('registeredModels').get(id);
      if (!model) throw new NotFoundError('registered model', name);
      const current = model.aliases.champion;
      if (current === undefined) throw new RegistryRuleError(`"${name}" has no champion to roll back.`);
      const events = (await tx.objectStore('aliasEvents').index('by-model').getAll(id))
        .filter((e) => e.alias === 'champion')
        .sort((a, b) => (b.seq ?? 0) - (a.seq ?? 0));
      // Walk back through the champions in the order they served, newest first.
      const served = events.map((e) => e.from).filter((v): v is number => v !== null && v !== current);
      let previous: number | undefined;
      for (const candidate of served) {
        const record = await tx.objectStore('modelVersions').get(versionId(projectId, name, candidate));
        if (record && !record.archived) {
          previous = candidate;
          break;
        }
      }
      if (previous === undefined)
        throw new RegistryRuleError(`"${name}" has no earlier champion to roll back to.`);
      const event: AliasEventRecord = {
        projectId,
        modelId: id,
        alias: 'champion',
        from: current,
        to: previous,
        reason: reason.trim() || 'rollback',
        override: false,
        kind: 'rollback',
        at: now,
      };
      await Promise.all([
        tx
          .objectStore('registeredModels')
          .put({ ...model, aliases: { ...model.aliases, champion: previous } }),
        tx.objectStore('aliasEvents').add(event),
      ]);
      return event;
    },
  );
}

/** The aliases pointing at a version. */
function aliasesOf(model: RegisteredModelRecord, version: number): Alias[] {
  return (Object.entries(model.aliases) as Array<[Alias, number]>)
    .filter(([, v]) => v === version)
    .map(([a]) => a);
}

/** Archives (hides from pickers, keeps the bundle) or restores a version; an aliased version cannot be archived. */
export async function setArchived(db: Db, id: string, archived: boolean): Promise<ModelVersionRecord> {
  return writeTransaction(db, ['registeredModels', 'modelVersions'], 'the archive flag', async (tx) => {
    const record = await tx.objectStore('modelVersions').get(id);
    if (!record) throw new NotFoundError('model version', id);
    const model = await tx.objectStore('registeredModels').get(modelId(record.projectId, record.name));
    const aliases = model ? aliasesOf(model, record.version) : [];
    if (archived && aliases.length)
      throw new RegistryRuleError(
        `${record.name}@${record.version} is the ${aliases.join(' and ')}; move the alias before archiving it.`,
      );
    const next = { ...record, archived };
    await tx.objectStore('modelVersions').put(next);
    return next;
  });
}

/**
 * Deletes a version and its bundle. The champion, the challenger, the version the project's station
 * runs or would roll back to, and any version in `inService` (deployed elsewhere) are refused, so
 * nothing serving can vanish.
 */
export async function deleteVersion(
  db: Db,
  id: string,
  inService: ReadonlySet<string> = new Set(),
): Promise<void> {
  await writeTransaction(
    db,
    ['registeredModels', 'modelVersions', 'modelBlobs', 'deployments'],
    'the deletion of the version',
    async (tx) => {
      const record = await tx.objectStore('modelVersions').get(id);
      if (!record) throw new NotFoundError('model version', id);
      const model = await tx.objectStore('registeredModels').get(modelId(record.projectId, record.name));
      const aliases = model ? aliasesOf(model, record.version) : [];
      const label = `${record.name}@${record.version}`;
      if (aliases.length)
        throw new RegistryRuleError(
          `${label} is the ${aliases.join(' and ')} and cannot be deleted. Move the alias first.`,
        );
      const deployment = await tx.objectStore('deployments').get(record.projectId);
      if (inService.has(id) || deployment?.current?.versionId === id)
        throw new RegistryRuleError(
          `${label} is deployed and cannot be deleted. Deploy another version first.`,
        );
      if (deployment?.previous?.versionId === id)
        throw new RegistryRuleError(
          `${label} is what the station would roll back to, so it cannot be deleted. Deploy another version first: the one running now becomes the rollback target.`,
        );
      await Promise.all([
        tx.objectStore('modelVersions').delete(id),
        tx.objectStore('modelBlobs').delete(id),
      ]);
    },
  );
}

/**
 * Stores an evaluation. For a registered version scored at its own threshold (`marksVersion`), the
 * version takes the evaluation's gate result; one at a moved threshold only explores and marks nothing.
 */
export async function saveEvaluation(
  db: Db,
  evaluation: EvaluationRecord,
  { marksVersion = true }: { marksVersion?: boolean } = {},
): Promise<void> {
  await writeTransaction(db, ['evaluations', 'modelVersions'], 'the evaluation', async (tx) => {
    await tx.objectStore('evaluations').put(evaluation);
    if (evaluation.model.kind !== 'version' || !marksVersion) return;
    const record = await tx.objectStore('modelVersions').get(evaluation.model.versionId);
    if (record)
      await tx
        .objectStore('modelVersions')
        .put({ ...record, evaluationId: evaluation.id, gatePassed: evaluation.gatePassed });
  });
}

/** A project's evaluations, newest first. */
export async function listEvaluations(db: Db, projectId: string): Promise<EvaluationRecord[]> {
  const all = await db.getAllFromIndex('evaluations', 'by-project', projectId);
  return all.sort((a, b) => b.createdAt - a.createdAt);
}

/** One evaluation, or undefined. */
export function getEvaluation(db: Db, id: string): Promise<EvaluationRecord | undefined> {
  return db.get('evaluations', id);
}
