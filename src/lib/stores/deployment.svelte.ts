import {
  checkFollowed,
  deployBundle,
  deployFromUrl,
  deploymentState,
  deployVersion,
  followAlias,
  rollback,
  type BundleDeployOutcome,
  type DeploymentState,
  type FollowOutcome,
} from '../bridges/deploy-bridge.ts';
import { loadStation } from '../bridges/station-bridge.ts';
import type { FollowedAlias, StationModelInfo } from '../../../workers/lib/station/station-types.ts';
import { getDeployment } from '../../../workers/lib/db/deployments-repo.ts';
import { projects } from './projects.svelte.ts';
import { getDb } from './db.ts';

/** What the Deploy screen is doing right now, so its buttons can say so and not be pressed twice. */
export type DeployActivity = 'loading' | 'deploying' | 'rolling back' | 'verifying' | 'checking';

/**
 * The Deploy stage: what this device's station runs, what it ran before, its history and the alias it
 * follows. Every switch reloads the station's model in the infer worker, so the next frame uses it.
 */
class DeploymentStore {
  /** the Deploy screen's open tab; kept here so a link elsewhere (the station's camera fault) can choose it */
  tab = $state<'deploy' | 'batch'>('deploy');
  state = $state.raw<DeploymentState | null>(null);
  /** the model loaded in the infer worker, as the station answered */
  station = $state.raw<StationModelInfo | null>(null);
  activity = $state<DeployActivity | null>(null);
  /** the project `state` belongs to */
  projectId = $state<string | null>(null);

  /** the deployed model's label as stored, read without starting the infer worker */
  #stored = $state<{ projectId: string; label: string | null } | null>(null);

  /** The deployed model's label for the nav; null while the shipped default model runs. */
  get deployedLabel(): string | null {
    const projectId = projects.current?.id;
    if (this.projectId === projectId && this.state) return this.state.current?.label ?? null;
    return this.#stored?.projectId === projectId ? (this.#stored?.label ?? null) : null;
  }

  /** Reads what is deployed for the nav straight from storage, so opening a project starts no worker. */
  async peek(projectId: string): Promise<void> {
    const record = await getDeployment(await getDb(), projectId);
    this.#stored = { projectId, label: record?.current?.label ?? null };
  }

  #project(): string {
    const id = projects.current?.id;
    if (!id) throw new Error('Open a project first.');
    return id;
  }

  /** the station's model work, one job after another */
  #queue: Promise<unknown> = Promise.resolve();

  /**
   * Runs `work` once every earlier job on the station's model finished. Loading, swapping and batch
   * scoring share the infer worker's one model, and two loads at once race for its backend.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #run<T>(activity: DeployActivity, job: (projectId: string) => Promise<T>): Promise<T> {
    const projectId = this.#project();
    return this.exclusive(() => this.#switch(projectId, activity, job));
  }

  async #switch<T>(
    projectId: string,
    activity: DeployActivity,
    job: (projectId: string) => Promise<T>,
  ): Promise<T> {
    this.activity = activity;
    try {
      const result = await job(projectId);
      await this.#refresh(projectId);
      return result;
    } catch (error) {
      // A refused deploy leaves the old model serving; show what is really deployed.
      await this.#refresh(projectId).catch(() => undefined);
      throw error;
    } finally {
      this.activity = null;
    }
  }

  async #refresh(projectId: string): Promise<void> {
    const state = await deploymentState(projectId);
    const station = await loadStation(projectId);
    if (projects.current?.id !== projectId) return;
    this.state = state;
    this.station = station;
    this.projectId = projectId;
  }

  /** Reads the deployment and loads its model into the station. */
  load(): Promise<void> {
    return this.#run('loading', async () => undefined);
  }

  /** Deploys a registry version (atomic switch; the current one becomes the rollback). */
  deploy(versionId: string, reason: string): Promise<DeploymentState> {
    return this.#run('deploying', (projectId) => deployVersion(projectId, versionId, reason));
  }

  /** Switches back to the model deployed before, without a reload. */
  rollback(reason: string): Promise<DeploymentState> {
    return this.#run('rolling back', (projectId) => rollback(projectId, reason));
  }

  /** Verifies a bundle file and deploys it; a refused bundle stores nothing and the old model keeps serving. */
  deployFile(file: File): Promise<BundleDeployOutcome> {
    return this.#run('verifying', async (projectId) =>
      deployBundle(projectId, new Uint8Array(await file.arrayBuffer()), file.name),
    );
  }

  /** Fetches a bundle from a URL, verifies it and deploys it. */
  deployUrl(url: string): Promise<BundleDeployOutcome> {
    return this.#run('verifying', (projectId) => deployFromUrl(projectId, url));
  }

  /** Follows an alias of a published registry index, or stops following (null). */
  follow(follow: FollowedAlias | null): Promise<DeploymentState> {
    return this.#run('checking', (projectId) => followAlias(projectId, follow));
  }

  /** Looks at the followed index now and deploys its alias when it moved. */
  checkNow(): Promise<FollowOutcome> {
    return this.#run('checking', (projectId) => checkFollowed(projectId));
  }
}

/** The one deployment store. */
export const deployment = new DeploymentStore();
