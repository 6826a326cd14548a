/** Deploying models to this device's station, through the infer worker that verifies bundles. */
import { transfer } from 'comlink';
import { inferBridge } from './infer-bridge.ts';
import type { BundleDeployOutcome, FollowOutcome } from '../../../workers/station/deploy-api.ts';
import type { DeploymentState } from '../../../workers/station/deploy-job.ts';
import type { FollowedAlias } from '../../../workers/lib/station/station-types.ts';

export type { BundleDeployOutcome, DeploymentState, FollowOutcome };

/** What the project's station runs now, what a rollback returns to, the history (newest first) and the followed alias. */
export function deploymentState(projectId: string): Promise<DeploymentState> {
  return inferBridge.call(undefined, (api) => api.deploymentState(projectId));
}

/** Deploys a registry version by id in one switch; missing or archived versions are refused. */
export function deployVersion(
  projectId: string,
  versionId: string,
  reason: string,
): Promise<DeploymentState> {
  return inferBridge.call(undefined, (api) => api.deployVersion(projectId, versionId, reason));
}

/** Returns the station to the model it ran before; refused with a clear error when there is none. */
export function rollback(projectId: string, reason: string): Promise<DeploymentState> {
  return inferBridge.call(undefined, (api) => api.rollbackDeployment(projectId, reason));
}

/**
 * Verifies a bundle zip (digests, metadata, golden outputs), registers it unless the same zip was
 * registered before, and deploys it; a refused bundle stores nothing and the running model stays.
 * `zip` is transferred (the caller loses it); `origin` names where it came from, e.g. the file name.
 */
export function deployBundle(
  projectId: string,
  zip: Uint8Array,
  origin: string,
): Promise<BundleDeployOutcome> {
  return inferBridge.call(undefined, (api) =>
    api.deployBundle(projectId, transfer(zip, [zip.buffer]), origin),
  );
}

/** Downloads a bundle zip from an http(s) URL and deploys it like a file. */
export function deployFromUrl(projectId: string, url: string): Promise<BundleDeployOutcome> {
  return inferBridge.call(undefined, (api) => api.deployFromUrl(projectId, url));
}

/** Follows an alias of a published registry index (null stops following); call `checkFollowed` to act on it. */
export function followAlias(projectId: string, follow: FollowedAlias | null): Promise<DeploymentState> {
  return inferBridge.call(undefined, (api) => api.followAlias(projectId, follow));
}

/** Checks the followed alias: up to date, deployed a new version, offline, or refused with the reason. */
export function checkFollowed(projectId: string): Promise<FollowOutcome> {
  return inferBridge.call(undefined, (api) => api.checkFollowed(projectId));
}
