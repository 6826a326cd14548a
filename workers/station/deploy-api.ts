/**
 * The infer worker's deployment methods, spread into its API: the worker that verifies bundles (it
 * holds tfjs for the golden check) is the one that switches what the station runs.
 */
import { workerDb } from '../lib/db/worker-db.ts';
import { APP_VERSION } from '../lib/app-version.ts';
import { tf } from '../tf/runtime.ts';
import {
  checkFollowed,
  deployBundle,
  deployFromUrl,
  deploymentState,
  deployRegistryVersion,
  followAlias,
  rollback,
  versionLabel,
  type BundleDeployment,
  type DeploymentState,
  type DeployVersions,
  type FollowCheck,
} from './deploy-job.ts';
import type { FollowedAlias } from '../lib/station/station-types.ts';

/** A bundle deployment as the UI receives it: the new state, the version's label, and whether it was registered now. */
export interface BundleDeployOutcome {
  state: DeploymentState;
  label: string;
  versionId: string;
  registered: boolean;
}

/** A followed-alias check with the state after it. */
export interface FollowOutcome extends FollowCheck {
  state: DeploymentState;
}

/** Runs deployment changes one after another, so two checks never register the same bundle twice. */
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}

const versions = (): DeployVersions => ({ tfjsVersion: tf.version_core, appVersion: APP_VERSION });

async function outcomeOf(projectId: string, done: BundleDeployment): Promise<BundleDeployOutcome> {
  return {
    state: await deploymentState(await workerDb(), projectId),
    label: versionLabel(done.version),
    versionId: done.version.id,
    registered: done.registered,
  };
}

/**
 * The deployment methods; `ensureBackend` switches tfjs to the station's backend before a bundle's
 * golden outputs are checked.
 */
export function createDeployApi(ensureBackend: () => Promise<unknown>) {
  return {
    /** What the project's station runs, ran before, its history and the alias it follows. */
    async deploymentState(projectId: string): Promise<DeploymentState> {
      return deploymentState(await workerDb(), projectId);
    },

    /** Deploys a registry version (missing or archived ones are refused). */
    deployVersion(projectId: string, versionId: string, reason: string): Promise<DeploymentState> {
      return serial(async () => {
        const db = await workerDb();
        await deployRegistryVersion(db, projectId, versionId, reason);
        return deploymentState(db, projectId);
      });
    },

    /** Returns to the previous deployment (refused when there is none). */
    rollbackDeployment(projectId: string, reason: string): Promise<DeploymentState> {
      return serial(async () => {
        const db = await workerDb();
        await rollback(db, projectId, reason);
        return deploymentState(db, projectId);
      });
    },

    /**
     * Verifies, registers and deploys a bundle zip; refused bundles store nothing. `zip` is
     * transferred in and owned by the worker afterwards.
     */
    deployBundle(projectId: string, zip: Uint8Array, origin: string): Promise<BundleDeployOutcome> {
      return serial(async () => {
        await ensureBackend();
        const db = await workerDb();
        const done = await deployBundle(db, projectId, zip, origin, versions(), { source: 'file' });
        return outcomeOf(projectId, done);
      });
    },

    /** Downloads a bundle zip and deploys it like a file. */
    deployFromUrl(projectId: string, url: string): Promise<BundleDeployOutcome> {
      return serial(async () => {
        await ensureBackend();
        const db = await workerDb();
        return outcomeOf(projectId, await deployFromUrl(db, projectId, url, versions()));
      });
    },

    /** Follows an alias of a published registry index, or stops with null; nothing is fetched yet. */
    followAlias(projectId: string, follow: FollowedAlias | null): Promise<DeploymentState> {
      return serial(async () => {
        const db = await workerDb();
        await followAlias(db, projectId, follow);
        return deploymentState(db, projectId);
      });
    },

    /** Checks the followed alias and deploys a new version it points at; offline or refused changes nothing. */
    checkFollowed(projectId: string): Promise<FollowOutcome> {
      return serial(async () => {
        await ensureBackend();
        const db = await workerDb();
        const check = await checkFollowed(db, projectId, versions());
        return { ...check, state: await deploymentState(db, projectId) };
      });
    },
  };
}
