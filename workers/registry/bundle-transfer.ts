/**
 * Moving registered versions between devices as verified bundle zips: export writes the version's
 * threshold and card into the bundle; import verifies everything before a single record is written.
 */
import type { Db } from '../lib/db/open-db.ts';
import { requireProject } from '../lib/db/projects-repo.ts';
import {
  getVersionBundle,
  recordBundleDigest,
  registerVersion,
  requireVersion,
} from '../lib/db/registry-repo.ts';
import type { ModelVersionRecord } from '../lib/db/schema/registry.ts';
import { decisionThreshold, type ModelBundle, type ModelCard } from '../../models/bundle.ts';
import { bundleToZip } from '../../models/bundle/zip.ts';
import { exportBundleZip, importBundleZip } from '../../models/bundle/bundle-model.ts';
import { BundleRejectedError } from '../../models/bundle/errors.ts';
import { sha256Hex } from '../../models/bundle/manifest.ts';

/** A version's bundle zip with the file name it is offered under. */
export interface ExportedVersion {
  fileName: string;
  zip: Uint8Array;
}

/** The bundle of a version as it travels: its registry threshold and card written into the metadata. */
export async function exportVersion(
  db: Db,
  versionId: string,
  card: ModelCard | null = null,
): Promise<ExportedVersion> {
  const record = await requireVersion(db, versionId);
  const stored = await getVersionBundle(db, versionId);
  const bundle: ModelBundle = {
    ...stored,
    metadata: {
      ...stored.metadata,
      threshold: record.threshold,
      modelCard: card ?? stored.metadata.modelCard ?? null,
    },
  };
  // A bundle trained here carries golden data and needs no tfjs to export; an older one is asked now.
  const zip = bundle.golden ? await bundleToZip(bundle, null) : await exportBundleZip(bundle);
  // Remembered so that this very zip, deployed back to this device, finds the version it came from.
  await recordBundleDigest(db, versionId, await sha256Hex(zip));
  const safe = record.name.replace(/[^A-Za-z0-9._-]+/g, '-');
  return { fileName: `${safe}-v${record.version}.screwops.zip`, zip };
}

/** A bundle's model name made fit to be a registered model's name (no "@", "/" or leading punctuation). */
export function registrableName(name: string): string {
  const safe = name
    .replace(/[^A-Za-z0-9 ._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64)
    .trim();
  return safe || 'imported';
}

/** What an imported bundle is registered as. */
export interface ImportTarget {
  projectId: string;
  name: string;
  tfjsVersion: string;
  appVersion: string;
}

/** What a bundle zip is registered as; a null name takes the bundle's own model name. */
export interface BundleImportTarget extends Omit<ImportTarget, 'name'> {
  name: string | null;
}

/**
 * Verifies a bundle zip (digests, weights, metadata, layers, golden outputs) and only then registers
 * it as the next version of `name`. A refused bundle leaves the registry as it was.
 */
export async function importVersion(
  db: Db,
  zip: Uint8Array,
  target: BundleImportTarget,
): Promise<ModelVersionRecord> {
  const project = await requireProject(db, target.projectId);
  const { bundle } = await importBundleZip(zip);
  const sha256 = await sha256Hex(zip);
  const classes = bundle.metadata.classes;
  const expected = project.scope.classes;
  if (classes.length !== expected.length || classes.some((c, i) => c !== expected[i]))
    throw new BundleRejectedError(
      'metadata',
      `The model "${bundle.metadata.name}" tells ${classes.join(' / ')} apart, but this project's classes are ${expected.join(' / ')}. Import it into a project with the same classes.`,
    );
  return registerVersion(db, {
    projectId: project.id,
    name: target.name ?? registrableName(bundle.metadata.name),
    bundle,
    source: 'import',
    threshold: decisionThreshold(bundle.metadata),
    thresholdRule: 'carried in the imported bundle',
    tfjsVersion: target.tfjsVersion,
    appVersion: target.appVersion,
    lineage: {
      runId: bundle.metadata.lineage.runId,
      snapshotId: null,
      snapshotHash: bundle.metadata.lineage.snapshotHash,
      profileId: null,
    },
    gatePassed: null,
    description: `Imported from a bundle of the model "${bundle.metadata.name}".`,
    bundleSha256: sha256,
  });
}
