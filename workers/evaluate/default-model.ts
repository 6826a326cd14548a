/**
 * The shipped default model as version 1 of every project's registered "default" model, so a new
 * project has a champion before it has trained anything. Its gate is judged on the test figures
 * recorded when it was built, which travel in its metadata.
 */
import type { Db } from '../lib/db/open-db.ts';
import { getModel, registerVersion, setAlias } from '../lib/db/registry-repo.ts';
import type { ModelVersionRecord } from '../lib/db/schema/registry.ts';
import type { Gate } from '../lib/domain/scope.ts';
import { evaluateGate, type GateResult } from '../lib/evaluate/gate.ts';
import { aurocInterval } from '../lib/evaluate/intervals.ts';
import { metricsFromCounts } from '../lib/evaluate/metrics.ts';
import { BUNDLE_FILES, bundleFromFiles } from '../../models/bundle-files.ts';
import { decisionThreshold, type ModelBundle } from '../../models/bundle.ts';

/** The registered name of the shipped model in every project. */
export const DEFAULT_MODEL_NAME = 'default';

/** Where the build puts the shipped model, relative to the app's root. */
export const SHIPPED_MODEL_PATH = 'models/default/';

/** Where the build puts the shipped backbone a project's runs start from, relative to the app's root. */
export const SHIPPED_BACKBONE_PATH = 'models/backbone/';

/**
 * Reads a shipped bundle's files from the app's origin (precached, so this works offline): the
 * default model, or with `path` the backbone.
 */
export async function fetchShippedBundle(root: URL, path = SHIPPED_MODEL_PATH): Promise<ModelBundle> {
  const files: Record<string, Uint8Array> = {};
  const what = path === SHIPPED_BACKBONE_PATH ? 'backbone' : 'default model';
  for (const name of Object.values(BUNDLE_FILES)) {
    const response = await fetch(new URL(path + name, root));
    if (!response.ok)
      throw new Error(
        `The shipped ${what}'s ${name} could not be read (HTTP ${response.status}). Reload the app.`,
      );
    files[name] = new Uint8Array(await response.arrayBuffer());
  }
  return bundleFromFiles(files);
}

/** The gate on the test figures a bundle's training recorded; null when it recorded none. */
export function recordedGate(bundle: ModelBundle, gate: Gate): GateResult | null {
  const m = bundle.metadata.metrics as { confusion?: number[][]; auroc?: number } | null;
  const c = m?.confusion;
  if (!c || c.length !== 2 || typeof m.auroc !== 'number') return null;
  const [[tn, fp], [fn, tp]] = c as [[number, number], [number, number]];
  const metrics = metricsFromCounts({ tp, fp, tn, fn }, decisionThreshold(bundle.metadata));
  const interval = aurocInterval(m.auroc, tp + fn, tn + fp);
  const auroc = {
    value: m.auroc,
    ...interval,
    positives: tp + fn,
    negatives: tn + fp,
    method: 'birnbaum-klose-wilson' as const,
  };
  return evaluateGate({ ...gate, split: 'test' }, { metrics, auroc }, []);
}

/**
 * Registers the shipped model as "default" version 1 of the project when it has none, and makes it
 * champion when its recorded test figures pass the project's gate. Returns the new version, or null
 * when the project already had it.
 */
export async function ensureDefaultModel(
  db: Db,
  projectId: string,
  gate: Gate,
  load: () => Promise<ModelBundle>,
  versions: { tfjs: string; app: string },
): Promise<ModelVersionRecord | null> {
  if (await getModel(db, projectId, DEFAULT_MODEL_NAME)) return null;
  const bundle = await load();
  const verdict = recordedGate(bundle, gate);
  const record = await registerVersion(db, {
    projectId,
    name: DEFAULT_MODEL_NAME,
    bundle,
    source: 'default',
    threshold: decisionThreshold(bundle.metadata),
    thresholdRule: 'chosen on the validation split when the shipped model was trained',
    tfjsVersion: versions.tfjs,
    appVersion: versions.app,
    lineage: {
      runId: bundle.metadata.lineage.runId,
      snapshotId: null,
      snapshotHash: bundle.metadata.lineage.snapshotHash,
      profileId: null,
    },
    gatePassed: verdict?.passed ?? null,
    description: 'The model shipped with ScrewOps, trained on the demo generator’s screws.',
  });
  if (verdict?.passed) {
    const accuracy = verdict.criteria.find((c) => c.id === 'metric');
    await setAlias(db, {
      projectId,
      name: DEFAULT_MODEL_NAME,
      alias: 'champion',
      version: record.version,
      reason: `Shipped with the app; its build-time test passed the gate (${accuracy?.message ?? ''})`.trim(),
    });
  }
  return record;
}
