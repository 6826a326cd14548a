/**
 * Deploying models to this device's station: a registry version, a verified bundle (file, URL or a
 * published index's alias), a rollback. A bundle is verified and registered before the one-transaction
 * switch, so a refused bundle stores nothing and the running model keeps serving.
 */
import type { Db } from '../lib/db/open-db.ts';
import {
  deployVersion as storeDeployment,
  DeploymentRuleError,
  getDeployment,
  listDeployEvents,
  rollbackDeployment,
  setFollow,
} from '../lib/db/deployments-repo.ts';
import { findVersionByDigest, getModel, requireVersion } from '../lib/db/registry-repo.ts';
import type { ModelVersionRecord } from '../lib/db/schema/registry.ts';
import type { DeployEventRecord, DeploymentRecord } from '../lib/db/schema/station.ts';
import { importVersion } from '../registry/bundle-transfer.ts';
import { DEFAULT_MODEL_NAME } from '../evaluate/default-model.ts';
import { sha256Hex } from '../../models/bundle/manifest.ts';
import { BundleRejectedError } from '../../models/bundle/errors.ts';
import { parseRegistryIndex, resolveAlias } from '../lib/station/registry-index.ts';
import { DeployFetchError, downloadBundle, downloadIndex, downloadUrl } from './bundle-fetch.ts';
import type { DeployedModel, DeploySource, FollowedAlias } from '../lib/station/station-types.ts';

/** What the Deploy stage shows: what runs, what a rollback returns to, the history and the followed alias. */
export interface DeploymentState {
  current: DeployedModel | null;
  previous: DeployedModel | null;
  /** newest first */
  history: DeployEventRecord[];
  follow: FollowedAlias | null;
  /** what runs while nothing is deployed: "default@1" once registered, else "shipped default" */
  shippedDefaultLabel: string;
}

/** The versions of tfjs and the app an imported bundle is registered with. */
export interface DeployVersions {
  tfjsVersion: string;
  appVersion: string;
}

/** A deployment made from a bundle: the new state, the version it runs, and whether it was registered now. */
export interface BundleDeployment {
  deployment: DeploymentRecord;
  version: ModelVersionRecord;
  /** false when a version with the same bundle digest was already registered and was deployed instead */
  registered: boolean;
}

/** The label of the shipped default model before it is registered. */
export const SHIPPED_DEFAULT_LABEL = 'shipped default';

/** How many history events the state carries. */
const HISTORY_LIMIT = 50;

/** The "name@version" label of a registry version. */
export const versionLabel = (v: ModelVersionRecord) => `${v.name}@${v.version}`;

/** The deployed-model entry for a registry version. */
function deployedFrom(
  version: ModelVersionRecord,
  source: DeploySource,
  origin: string | null,
  reason: string,
): DeployedModel {
  return {
    versionId: version.id,
    label: versionLabel(version),
    threshold: version.threshold,
    source,
    origin,
    deployedAt: Date.now(),
    reason,
  };
}

/** A project's deployment as the Deploy stage shows it. */
export async function deploymentState(db: Db, projectId: string): Promise<DeploymentState> {
  const [record, history, shipped] = await Promise.all([
    getDeployment(db, projectId),
    listDeployEvents(db, projectId, HISTORY_LIMIT),
    getModel(db, projectId, DEFAULT_MODEL_NAME),
  ]);
  return {
    current: record?.current ?? null,
    previous: record?.previous ?? null,
    history,
    follow: record?.follow ?? null,
    shippedDefaultLabel: shipped?.lastVersion ? `${DEFAULT_MODEL_NAME}@1` : SHIPPED_DEFAULT_LABEL,
  };
}

/** Refuses a version that cannot be deployed: another project's, or archived. */
function checkDeployable(projectId: string, version: ModelVersionRecord): void {
  if (version.projectId !== projectId)
    throw new DeploymentRuleError(`${versionLabel(version)} belongs to another project and cannot run here.`);
  if (version.archived)
    throw new DeploymentRuleError(
      `${versionLabel(version)} is archived. Restore it on the Registry screen before deploying it.`,
    );
}

/** Deploys a registry version of the project; missing or archived versions are refused. */
export async function deployRegistryVersion(
  db: Db,
  projectId: string,
  id: string,
  reason: string,
): Promise<DeploymentRecord> {
  const version = await requireVersion(db, id);
  checkDeployable(projectId, version);
  return storeDeployment(db, projectId, deployedFrom(version, 'registry', null, reason), 'deploy', reason);
}

/** Returns the station to its previous model; refused when there is none. */
export function rollback(db: Db, projectId: string, reason: string): Promise<DeploymentRecord> {
  return rollbackDeployment(db, projectId, reason);
}

/** How a bundle deployment is recorded. */
export interface BundleDeployOptions {
  source: Exclude<DeploySource, 'registry' | 'shipped'>;
  action?: 'deploy' | 'follow';
  reason?: string;
  /** the registered model's name; by default the bundle's own model name */
  name?: string | null;
  /** the digest a registry index lists for the zip; a different zip is refused */
  expectedSha256?: string;
}

/**
 * Deploys a bundle zip: a version already registered from the same zip (same SHA-256) is deployed as
 * it is (`zip` may then be null, with the digest in `expectedSha256`); otherwise the zip is verified (digests, metadata, golden outputs; tfjs must have a backend)
 * and registered first. A refusal stores nothing and leaves the deployment as it was.
 */
export async function deployBundle(
  db: Db,
  projectId: string,
  zip: Uint8Array | null,
  origin: string,
  versions: DeployVersions,
  options: BundleDeployOptions,
): Promise<BundleDeployment> {
  const sha256 = zip ? await sha256Hex(zip) : options.expectedSha256;
  if (!sha256) throw new RangeError('deployBundle: give the zip, or the digest of one already registered.');
  if (options.expectedSha256 && options.expectedSha256 !== sha256)
    throw new BundleRejectedError(
      'digest',
      `The bundle at ${origin} does not match the SHA-256 its registry index lists: it was altered or replaced after publishing. Publish the model again.`,
    );
  let version = await findVersionByDigest(db, projectId, sha256);
  const registered = !version;
  if (version) checkDeployable(projectId, version);
  else if (zip)
    version = await importVersion(db, zip, { projectId, name: options.name ?? null, ...versions });
  else throw new DeploymentRuleError(`No version registered here has the bundle digest ${sha256}.`);
  const action = options.action ?? 'deploy';
  const reason = options.reason?.trim() || `${versionLabel(version)} from ${origin}`;
  const deployment = await storeDeployment(
    db,
    projectId,
    deployedFrom(version, options.source, origin, reason),
    action,
    reason,
  );
  return { deployment, version, registered };
}

/** Downloads a bundle zip from an http(s) URL and deploys it as `deployBundle` does. */
export async function deployFromUrl(
  db: Db,
  projectId: string,
  url: string,
  versions: DeployVersions,
  reason = '',
): Promise<BundleDeployment> {
  const address = downloadUrl(url);
  const zip = await downloadBundle(address);
  return deployBundle(db, projectId, zip, address.href, versions, { source: 'url', reason });
}

/** Starts following an alias of a published index (checked for form, not fetched), or stops with null. */
export async function followAlias(
  db: Db,
  projectId: string,
  follow: FollowedAlias | null,
): Promise<DeploymentRecord> {
  if (!follow) return setFollow(db, projectId, null);
  const model = follow.model.trim();
  const alias = follow.alias.trim();
  if (!model || !alias)
    throw new DeploymentRuleError(
      'Name the published model and the alias to follow, e.g. screws and champion.',
    );
  return setFollow(db, projectId, { indexUrl: downloadUrl(follow.indexUrl).href, model, alias });
}

/** How a check of the followed alias ended. */
export type FollowStatus = 'not-following' | 'up-to-date' | 'deployed' | 'offline' | 'refused';

/** What a check of the followed alias did, with a sentence for the operator. */
export interface FollowCheck {
  status: FollowStatus;
  message: string;
  /** the version that runs after the check ("screws@4"); null when not following, offline or refused */
  label: string | null;
  /** for 'deployed': what ran before */
  from: string | null;
  /** for 'deployed': the bundle was downloaded and registered now (not found here by its digest) */
  registered: boolean;
  /** for 'refused': why */
  reason: string | null;
}

/** A check outcome with the fields its status does not use left empty. */
const checked = (status: FollowStatus, message: string, extra: Partial<FollowCheck> = {}): FollowCheck => ({
  status,
  message,
  label: null,
  from: null,
  registered: false,
  reason: null,
  ...extra,
});

/**
 * Reads the followed index and, when its alias points at a bundle the station does not run, deploys
 * it: from the registry when a version with that digest is here, else downloaded, checked against the
 * index's digest, verified and registered. Offline or refused, nothing changes and the outcome says so.
 */
export async function checkFollowed(
  db: Db,
  projectId: string,
  versions: DeployVersions,
): Promise<FollowCheck> {
  const record = await getDeployment(db, projectId);
  const follow = record?.follow;
  if (!follow) return checked('not-following', 'The station follows no published alias.');
  const what = `${follow.model}'s ${follow.alias}`;
  try {
    const index = parseRegistryIndex(await downloadIndex(downloadUrl(follow.indexUrl)));
    const target = resolveAlias(index, follow.indexUrl, follow.model, follow.alias);
    const published = `${follow.model}@${target.version}`;
    const running = record.current?.versionId;
    const current = running ? await db.get('modelVersions', running) : undefined;
    if (current?.bundleSha256 === target.entry.sha256)
      return checked(
        'up-to-date',
        `Up to date: ${what} is ${published}, which runs here as ${versionLabel(current)}.`,
        { label: versionLabel(current) },
      );
    const reason = `${what} in ${follow.indexUrl} is ${published}`;
    // A version registered from the same zip is deployed as it is: nothing to download or verify again.
    const known = await findVersionByDigest(db, projectId, target.entry.sha256);
    const zip = known ? null : await downloadBundle(new URL(target.url));
    const outcome = await deployBundle(db, projectId, zip, target.url, versions, {
      source: 'index',
      action: 'follow',
      reason,
      name: follow.model,
      expectedSha256: target.entry.sha256,
    });
    const label = versionLabel(outcome.version);
    return checked('deployed', `Deployed ${label}: ${reason}.`, {
      label,
      from: record.current?.label ?? null,
      registered: outcome.registered,
    });
  } catch (error) {
    if (error instanceof DeployFetchError && error.problem === 'offline')
      return checked(
        'offline',
        `Offline: ${what} was not checked (the station has no network, or the host does not let this app read it); the running model keeps serving.`,
      );
    const reason = error instanceof Error ? error.message : String(error);
    return checked('refused', `Not deployed: ${reason}`, { reason });
  }
}
