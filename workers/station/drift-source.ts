/**
 * Where a deployed model's drift reference comes from: the cache in storage; for the shipped default
 * model, the reference shipped beside it (measured on its own training data, the demo generator);
 * for a trained version, its training snapshot's train-split images measured here once; for anything
 * else (an imported bundle) nothing yet: the station then learns a baseline from its first parts.
 */
import type { Db } from '../lib/db/open-db.ts';
import { driftReferenceKey, getDriftReference, putDriftReference } from '../lib/db/drift-references-repo.ts';
import { getSnapshot } from '../lib/db/snapshots-repo.ts';
import { getImageBlobs } from '../lib/db/images-repo.ts';
import { rgbaToGray } from '../../models/preprocess/preprocess.ts';
import type { ModelPreprocessSpec } from '../../models/preprocess/spec.ts';
import { bitmapRgba } from '../lib/gray.ts';
import { createRng } from '../lib/rng.ts';
import { buildDriftReference, MAX_REFERENCE_VALUES } from '../lib/monitor/drift-reference.ts';
import { frameStats } from '../lib/monitor/frame-stats.ts';
import type { DriftReference, FrameStats } from '../lib/monitor/monitor-types.ts';
import { frameModelInput, locatePart, type FramePixels, type ModelInput } from './frame-input.ts';
import type { StationSource } from './station-source.ts';
import type { ShippedReferenceFile } from './default-drift-reference.ts';

/** Where the build puts the shipped default model's drift reference, relative to the app's root. */
export const SHIPPED_REFERENCE_PATH = 'models/default/drift-reference.json';

/** The loaded model's penultimate features of some inputs; null when its features cannot be found. */
export type FeatureFn = (inputs: readonly ModelInput[]) => Promise<Float32Array[] | null>;

/** The shipped reference could not be read: the app's files are incomplete. */
export class ShippedReferenceError extends Error {
  override name = 'ShippedReferenceError';
}

/**
 * The reference of the model `source` names, from storage or built now and stored; null when the
 * model has no training data on this device (the caller learns a baseline instead).
 */
export async function resolveDriftReference(
  db: Db,
  projectId: string,
  source: StationSource,
  spec: ModelPreprocessSpec,
  features: FeatureFn,
  root: URL,
): Promise<DriftReference | null> {
  const key = driftReferenceKey(source.model.versionId);
  const cached = await getDriftReference(db, key);
  if (cached) return cached;
  const version = source.model.versionId ? await db.get('modelVersions', source.model.versionId) : undefined;
  let reference: DriftReference | null = null;
  if (source.isShippedDefault || version?.source === 'default') {
    reference = { ...(await fetchShippedReference(root)), key, projectId };
  } else if (version?.lineage.snapshotId) {
    reference = await snapshotReference(db, projectId, key, version.lineage.snapshotId, spec, features);
  }
  if (reference) await putDriftReference(db, reference);
  return reference;
}

/** The shipped default model's reference (precached with the app, so this works offline). */
export async function fetchShippedReference(root: URL): Promise<DriftReference> {
  const response = await fetch(new URL(SHIPPED_REFERENCE_PATH, root));
  if (!response.ok)
    throw new ShippedReferenceError(
      `The shipped model's drift reference could not be read (HTTP ${response.status}). Reload the app.`,
    );
  return ((await response.json()) as ShippedReferenceFile).reference;
}

/**
 * Measures a seeded sample (at most MAX_REFERENCE_VALUES) of the snapshot's train-split images with
 * the station's own functions; null when the snapshot or its images are gone.
 */
async function snapshotReference(
  db: Db,
  projectId: string,
  key: string,
  snapshotId: string,
  spec: ModelPreprocessSpec,
  features: FeatureFn,
): Promise<DriftReference | null> {
  const snapshot = await getSnapshot(db, snapshotId);
  if (!snapshot) return null;
  const train = snapshot.entries.filter((e) => e.split === 'train');
  const pool = train.length > 0 ? train : snapshot.entries;
  const sample = createRng(`drift-reference/${snapshotId}`)
    .shuffle([...pool])
    .slice(0, MAX_REFERENCE_VALUES);
  const samples: FrameStats[] = [];
  const inputs: ModelInput[] = [];
  for (const entry of sample) {
    const blobs = await getImageBlobs(db, entry.imageId);
    if (!blobs) continue;
    const pixels = await decode(blobs.original);
    if (!pixels) continue;
    const { geometry } = locatePart(pixels);
    if (!geometry.found) continue;
    samples.push(frameStats(pixels.gray, pixels.width, pixels.height, geometry));
    inputs.push(frameModelInput(pixels, geometry, spec));
  }
  if (samples.length === 0) return null;
  return buildDriftReference({
    key,
    projectId,
    source: 'snapshot',
    snapshotId,
    samples,
    features: await features(inputs),
    createdAt: Date.now(),
  });
}

async function decode(blob: Blob): Promise<FramePixels | null> {
  let bitmap: ImageBitmap | undefined;
  try {
    bitmap = await createImageBitmap(blob);
    const { width, height } = bitmap;
    const rgba = bitmapRgba(bitmap);
    return { width, height, gray: rgbaToGray(rgba, width, height), rgba: () => rgba };
  } catch {
    // An image the browser cannot decode any more is left out of the sample, like a frame without a part.
    return null;
  } finally {
    bitmap?.close();
  }
}
