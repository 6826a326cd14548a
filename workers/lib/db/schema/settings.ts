import type { BackendPreference } from '../../../tf/backend-types.ts';

/** Key-value settings shared by all projects. */
export interface SettingsValues {
  /** Id of the project opened last; the runner and the app reopen it. */
  lastProjectId: string;
  /** The demo project was created once; it is not recreated after the user deletes it. */
  demoSeeded: boolean;
  /** A tfjs backend the user forces, or 'auto' for the measured choice. */
  backendPreference: BackendPreference;
}

/** Keys of the settings store. */
export type SettingKey = keyof SettingsValues;
