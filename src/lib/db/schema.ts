import type { DBSchema } from 'idb';
import type { Scope } from '../domain/scope.ts';

/** The IndexedDB database name; one database holds every project. */
export const DB_NAME = 'screwops';

/** Current schema version; raise it and add a step to the ladder in `open-db.ts` for every change. */
export const DB_VERSION = 1;

/** A stored project: its scope card plus bookkeeping. */
export interface ProjectRecord {
  id: string;
  scope: Scope;
  /** ms since epoch */
  createdAt: number;
  /** ms since epoch */
  updatedAt: number;
}

/** Key-value settings shared by all projects. */
export interface SettingsValues {
  /** Id of the project opened last; the runner and the app reopen it. */
  lastProjectId: string;
  /** The demo project was created once; it is not recreated after the user deletes it. */
  demoSeeded: boolean;
  /** A tfjs backend the user forces, or 'auto' for the measured choice. */
  backendPreference: string;
}

/** Keys of the settings store. */
export type SettingKey = keyof SettingsValues;

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
}
