/** Which challenger, if any, runs in shadow beside a project's deployed model. */
import type { Db } from '../lib/db/open-db.ts';
import { getModel, getVersionBundle, versionId } from '../lib/db/registry-repo.ts';
import { getSetting } from '../lib/db/settings-repo.ts';
import type { ModelBundle } from '../../models/bundle.ts';

/** A challenger for the station: its bundle and how the log names it. */
export interface ChallengerSource {
  versionId: string;
  /** "screws@4" */
  label: string;
  threshold: number;
  bundle: ModelBundle;
}

/**
 * The challenger of the deployed version's registered model, when shadow mode allows it: the version
 * its challenger alias points at, unless that is the deployed version itself. Null for the
 * unregistered shipped model, with shadow mode 'off', or without a challenger alias.
 */
export async function resolveChallenger(
  db: Db,
  projectId: string,
  deployedVersionId: string | null,
): Promise<ChallengerSource | null> {
  if (!deployedVersionId) return null;
  if (((await getSetting(db, 'shadowMode')) ?? 'auto') === 'off') return null;
  const deployed = await db.get('modelVersions', deployedVersionId);
  if (!deployed) return null;
  const model = await getModel(db, projectId, deployed.name);
  const version = model?.aliases.challenger;
  if (version === undefined || version === deployed.version) return null;
  const id = versionId(projectId, deployed.name, version);
  const challenger = await db.get('modelVersions', id);
  // The registry refuses to archive an aliased version, so the alias always names a live one.
  if (!challenger) return null;
  return {
    versionId: id,
    label: `${challenger.name}@${challenger.version}`,
    threshold: challenger.threshold,
    bundle: await getVersionBundle(db, id),
  };
}
