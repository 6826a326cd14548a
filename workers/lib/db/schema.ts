import type { DBSchema } from 'idb';
import type { ProjectRecord } from './schema/projects.ts';
import type { SettingKey, SettingsValues } from './schema/settings.ts';
import type { ImageBlobs, ImageRecord } from './schema/images.ts';
import type { ImportRecord } from './schema/imports.ts';
import type { LabelEvent } from './schema/label-events.ts';
import type { SnapshotRecord } from './schema/snapshots.ts';
import type { CachedTensor } from './schema/tensors.ts';
import type { RunRecord } from './schema/runs.ts';
import type { CheckpointRecord } from './schema/checkpoints.ts';
import type { ArtifactRecord } from './schema/artifacts.ts';
import type { ProfileRecord } from './schema/profiles.ts';
import type {
  AliasEventRecord,
  EvaluationRecord,
  ModelBlobRecord,
  ModelVersionRecord,
  RegisteredModelRecord,
} from './schema/registry.ts';
import type {
  DeployEventRecord,
  DeploymentRecord,
  InspectionRecord,
  InspectionThumbRecord,
  DriftReferenceRecord,
} from './schema/station.ts';

/** The IndexedDB database name; one database holds every project. */
export const DB_NAME = 'screwops';

/** Current schema version; raise it and add a step to the ladder in `open-db.ts` for every change. */
export const DB_VERSION = 6;

/** The one typed schema every store, value and index is checked against. */
export interface ScrewOpsDB extends DBSchema {
  projects: {
    key: string;
    value: ProjectRecord;
    indexes: { 'by-name': string; 'by-updated': number };
  };
  settings: {
    key: SettingKey;
    value: { key: SettingKey; value: SettingsValues[SettingKey] };
  };
  images: {
    key: string;
    value: ImageRecord;
    indexes: { 'by-project': string; 'by-project-file': [string, string]; 'by-import': string };
  };
  blobs: {
    key: string;
    value: ImageBlobs;
  };
  imports: {
    key: string;
    value: ImportRecord;
    indexes: { 'by-project': string };
  };
  labelEvents: {
    key: number;
    value: LabelEvent;
    indexes: { 'by-image': string; 'by-project': string; 'by-batch': string };
  };
  snapshots: {
    key: string;
    value: SnapshotRecord;
    indexes: { 'by-project': string; 'by-hash': [string, string] };
  };
  tensors: {
    key: string;
    value: CachedTensor;
  };
  runs: {
    key: string;
    value: RunRecord;
    indexes: { 'by-project': string };
  };
  checkpoints: {
    key: string;
    value: CheckpointRecord;
  };
  artifacts: {
    key: string;
    value: ArtifactRecord;
  };
  profiles: {
    key: string;
    value: ProfileRecord;
    indexes: { 'by-project': string; 'by-snapshot': string };
  };
  registeredModels: {
    key: string;
    value: RegisteredModelRecord;
    indexes: { 'by-project': string };
  };
  modelVersions: {
    key: string;
    value: ModelVersionRecord;
    indexes: { 'by-model': [string, string]; 'by-project': string };
  };
  modelBlobs: {
    key: string;
    value: ModelBlobRecord;
  };
  aliasEvents: {
    key: number;
    value: AliasEventRecord;
    indexes: { 'by-model': string; 'by-project': string };
  };
  evaluations: {
    key: string;
    value: EvaluationRecord;
    indexes: { 'by-project': string };
  };
  deployments: {
    key: string;
    value: DeploymentRecord;
  };
  deployEvents: {
    key: number;
    value: DeployEventRecord;
    indexes: { 'by-project': string };
  };
  inspections: {
    key: number;
    value: InspectionRecord;
    indexes: { 'by-project-at': [string, number] };
  };
  inspectionThumbs: {
    key: number;
    value: InspectionThumbRecord;
    indexes: { 'by-project-at': [string, number] };
  };
  driftReferences: {
    key: string;
    value: DriftReferenceRecord;
    indexes: { 'by-project': string };
  };
}
