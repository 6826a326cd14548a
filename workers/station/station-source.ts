/** Which model the station runs for a project: the deployed version, else the shipped default model. */
import type { Db } from '../lib/db/open-db.ts';
import { requireProject } from '../lib/db/projects-repo.ts';
import { getDeployment } from '../lib/db/deployments-repo.ts';
import { getVersionBundle, versionId } from '../lib/db/registry-repo.ts';
import { DEFAULT_MODEL_NAME, ensureDefaultModel } from '../evaluate/default-model.ts';
import { decisionThreshold, type ModelBundle } from '../../models/bundle.ts';
import type { DeployedModel } from '../lib/station/station-types.ts';

/** A model for the station: its bundle, what is deployed, and a key that names the weights. */
export interface StationSource {
  /** the registry version id, or "shipped" for the unregistered shipped bundle */
  key: string;
  bundle: ModelBundle;
  model: DeployedModel;
  isShippedDefault: boolean;
}

/** Why the shipped default model runs. */
const SHIPPED_REASON = 'Nothing is deployed on this station: the shipped default model runs.';

/**
 * The model the project's station runs. With nothing deployed, the shipped model is registered as
 * default@1 (through ensureDefaultModel, so it shows in the registry) and that version runs; if the
 * project no longer has that version, the shipped bundle itself runs unregistered.
 */
export async function resolveStationModel(
  db: Db,
  projectId: string,
  loadShipped: () => Promise<ModelBundle>,
  versions: { tfjs: string; app: string },
): Promise<StationSource> {
  const project = await requireProject(db, projectId);
  const deployed = (await getDeployment(db, projectId))?.current ?? null;
  if (deployed?.versionId)
    return {
      key: deployed.versionId,
      bundle: await getVersionBundle(db, deployed.versionId),
      model: deployed,
      isShippedDefault: false,
    };
  let shipped: ModelBundle | undefined;
  const load = async () => (shipped ??= await loadShipped());
  await ensureDefaultModel(db, projectId, project.scope.gate, load, versions);
  const registered = await db.get('modelVersions', versionId(projectId, DEFAULT_MODEL_NAME, 1));
  if (registered && registered.source === 'default')
    return {
      key: registered.id,
      bundle: await getVersionBundle(db, registered.id),
      model: {
        versionId: registered.id,
        label: `${registered.name}@${registered.version}`,
        threshold: registered.threshold,
        source: 'shipped',
        origin: null,
        deployedAt: registered.createdAt,
        reason: SHIPPED_REASON,
      },
      isShippedDefault: true,
    };
  const bundle = await load();
  return {
    key: 'shipped',
    bundle,
    model: {
      versionId: null,
      label: 'shipped default',
      threshold: decisionThreshold(bundle.metadata),
      source: 'shipped',
      origin: null,
      deployedAt: 0,
      reason: SHIPPED_REASON,
    },
    isShippedDefault: true,
  };
}
