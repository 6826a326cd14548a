/** Stored shapes of the model registry: registered models, their versions, aliases and evaluations. */
import type { ModelBundle } from '../../../../models/bundle.ts';

/** The aliases a registered model can point at one of its versions. */
export const ALIASES = ['champion', 'challenger'] as const;

/** An alias of a registered model. */
export type Alias = (typeof ALIASES)[number];

/** How a model version came to be. */
export type VersionSource = 'run' | 'default' | 'import';

/** A named model of a project; its versions are numbered from 1. */
export interface RegisteredModelRecord {
  /** `${projectId}/${name}` */
  id: string;
  projectId: string;
  name: string;
  description: string;
  /** version number each alias points at */
  aliases: Partial<Record<Alias, number>>;
  /** the highest version number ever given, so a deleted version's number is never reused */
  lastVersion: number;
  /** ms since epoch */
  createdAt: number;
}

/** Where a model version came from: version → run → snapshot → profile. */
export interface VersionLineage {
  runId: string | null;
  snapshotId: string | null;
  snapshotHash: string | null;
  profileId: string | null;
}

/** One numbered version of a registered model; its bundle lives in `modelBlobs` under the same id. */
export interface ModelVersionRecord {
  /** `${projectId}/${name}@${version}` */
  id: string;
  projectId: string;
  name: string;
  version: number;
  source: VersionSource;
  classes: string[];
  outputs: { names: string[]; classOf: number[] };
  /** the decision threshold on P(bad) that travels with the version */
  threshold: number;
  /** how the threshold was chosen, in words, e.g. "best balanced accuracy on validation" */
  thresholdRule: string;
  tfjsVersion: string;
  appVersion: string;
  lineage: VersionLineage;
  /** the evaluation the version was registered or last gated with */
  evaluationId: string | null;
  /** whether that evaluation passed the promotion gate; null when never evaluated */
  gatePassed: boolean | null;
  /** bytes of weights and topology */
  sizeBytes: number;
  archived: boolean;
  /** ms since epoch */
  createdAt: number;
  /**
   * lowercase hex SHA-256 of the bundle zip it was imported from or last exported as, so the same
   * bundle deployed again finds this version instead of registering a copy; absent before schema 5
   */
  bundleSha256?: string;
}

/** A model version's bundle, kept apart so that listing versions reads no weights. */
export interface ModelBlobRecord {
  versionId: string;
  bundle: ModelBundle;
}

/** One move of an alias, kept forever as the registry's audit trail. */
export interface AliasEventRecord {
  seq?: number;
  projectId: string;
  /** the registered model's id */
  modelId: string;
  alias: Alias;
  /** version before the move, or null */
  from: number | null;
  /** version after the move, or null when the alias was removed */
  to: number | null;
  reason: string;
  /** a move past a failing or missing gate, with the reason given for it */
  override: boolean;
  /**
   * what showed a champion passed the gate: its evaluation, or its run's cross-validation standing in
   * for a test split too small to show it; absent for other aliases, overrides and older events
   */
  gateBasis?: ChampionGate['basis'];
  kind: 'promote' | 'rollback' | 'remove';
  /** ms since epoch */
  at: number;
}

/** What an evaluation scored: a registered version, a run's model or an imported bundle. */
export type EvaluatedModel =
  { kind: 'version'; versionId: string } | { kind: 'run'; runId: string } | { kind: 'bundle'; name: string };

/** One stored evaluation of a model on a snapshot. */
export interface EvaluationRecord<Report = Record<string, unknown>> {
  id: string;
  projectId: string;
  model: EvaluatedModel;
  snapshotId: string;
  report: Report;
  gatePassed: boolean;
  /** ms since epoch */
  createdAt: number;
}

/** Whether a version may become champion without an override, and what shows it. */
export interface ChampionGate {
  passed: boolean;
  /** the evidence that decided; null when there is none that passes */
  basis: 'evaluation' | 'cross-validation' | null;
  /** one sentence for the promote form and the refusal */
  why: string;
}
