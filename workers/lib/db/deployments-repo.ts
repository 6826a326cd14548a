/**
 * What each project's station runs: the current and previous deployment, the alias it follows, and the
 * history of every switch. Each switch is one transaction, so a station never sees half a deployment.
 */
import type { Db } from './open-db.ts';
import { writeTransaction } from './open-db.ts';
import type { DeployEventRecord, DeploymentRecord } from './schema/station.ts';
import type { DeployedModel, FollowedAlias } from '../station/station-types.ts';

/** A deployment change the rules forbid; the message says why and what to do instead. */
export class DeploymentRuleError extends Error {
  override name = 'DeploymentRuleError';
}

/** How a deployment came about, as recorded in the history. */
export type DeployAction = DeployEventRecord['action'];

/** A project's deployment record as it stands before anything was deployed. */
function emptyDeployment(projectId: string, now: number): DeploymentRecord {
  return { projectId, current: null, previous: null, follow: null, updatedAt: now };
}

/** What a project's station runs now and before; undefined when nothing was ever deployed. */
export function getDeployment(db: Db, projectId: string): Promise<DeploymentRecord | undefined> {
  return db.get('deployments', projectId);
}

/** The label a history event shows for a deployed model; null stands for the shipped default model. */
function labelOf(model: DeployedModel | null): string | null {
  return model ? model.label : null;
}

/**
 * Makes `model` the project's current deployment in one transaction: the current one becomes the
 * previous (the rollback target) and the switch is recorded with its reason. Deploying the version that
 * already runs changes nothing, so the rollback target is never lost to a repeated tap. A deploy by
 * hand stops following an alias (the next check would otherwise undo it); a deploy by 'follow' keeps it.
 */
export async function deployVersion(
  db: Db,
  projectId: string,
  model: DeployedModel,
  action: Exclude<DeployAction, 'rollback'>,
  reason: string,
  now = Date.now(),
): Promise<DeploymentRecord> {
  return writeTransaction(
    db,
    ['deployments', 'deployEvents'],
    `the deployment of ${model.label}`,
    async (tx) => {
      const store = tx.objectStore('deployments');
      const before = (await store.get(projectId)) ?? emptyDeployment(projectId, now);
      if (before.current && model.versionId !== null && before.current.versionId === model.versionId)
        return before;
      const why = reason.trim() || action;
      const next: DeploymentRecord = {
        projectId,
        current: { ...model, reason: why, deployedAt: now },
        previous: before.current,
        follow: action === 'follow' ? before.follow : null,
        updatedAt: now,
      };
      const event: DeployEventRecord = {
        projectId,
        at: now,
        from: labelOf(before.current),
        to: model.label,
        toVersionId: model.versionId,
        action,
        reason: why,
      };
      await Promise.all([store.put(next), tx.objectStore('deployEvents').add(event)]);
      return next;
    },
  );
}

/**
 * Swaps the current and previous deployments back in one transaction and records it. Refused when
 * there is nothing to return to, or when the previous version was deleted from the registry since.
 * A rollback stops following an alias, so the next check does not redeploy what was rolled back.
 */
export async function rollbackDeployment(
  db: Db,
  projectId: string,
  reason: string,
  now = Date.now(),
): Promise<DeploymentRecord> {
  return writeTransaction(
    db,
    ['deployments', 'deployEvents', 'modelVersions'],
    'the rollback of the deployment',
    async (tx) => {
      const store = tx.objectStore('deployments');
      const before = await store.get(projectId);
      const previous = before?.previous;
      if (!before || !previous)
        throw new DeploymentRuleError(
          'There is no previous deployment to roll back to: this station has run only one model so far. Deploy another version instead.',
        );
      if (previous.versionId !== null && !(await tx.objectStore('modelVersions').get(previous.versionId)))
        throw new DeploymentRuleError(
          `${previous.label} was deleted from the registry since it ran, so it cannot be rolled back to. Deploy another version instead.`,
        );
      const why = reason.trim() || 'rollback';
      const next: DeploymentRecord = {
        projectId,
        current: { ...previous, reason: why, deployedAt: now },
        previous: before.current,
        follow: null,
        updatedAt: now,
      };
      const event: DeployEventRecord = {
        projectId,
        at: now,
        from: labelOf(before.current),
        to: previous.label,
        toVersionId: previous.versionId,
        action: 'rollback',
        reason: why,
      };
      await Promise.all([store.put(next), tx.objectStore('deployEvents').add(event)]);
      return next;
    },
  );
}

/** A project's deployment history, newest first; `limit` keeps only the newest events. */
export async function listDeployEvents(
  db: Db,
  projectId: string,
  limit = Infinity,
): Promise<DeployEventRecord[]> {
  const events = await db.getAllFromIndex('deployEvents', 'by-project', projectId);
  return events.sort((a, b) => (b.seq ?? 0) - (a.seq ?? 0)).slice(0, limit);
}

/** Starts (or with null stops) following an alias of a published registry index; the deployment stays. */
export async function setFollow(
  db: Db,
  projectId: string,
  follow: FollowedAlias | null,
  now = Date.now(),
): Promise<DeploymentRecord> {
  return writeTransaction(db, ['deployments'], 'the followed alias', async (tx) => {
    const store = tx.objectStore('deployments');
    const before = (await store.get(projectId)) ?? emptyDeployment(projectId, now);
    const next: DeploymentRecord = { ...before, follow: follow && { ...follow }, updatedAt: now };
    await store.put(next);
    return next;
  });
}

/** Registry version ids a project's station could run without the registry: current and previous. */
export async function deployedVersionIds(db: Db, projectId: string): Promise<Set<string>> {
  const record = await getDeployment(db, projectId);
  return new Set(
    [record?.current?.versionId, record?.previous?.versionId].filter((id): id is string => !!id),
  );
}
