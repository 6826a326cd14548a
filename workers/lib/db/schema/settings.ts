import type { BackendName, BackendPreference } from '../../../tf/backend-types.ts';
import type { Trigger } from '../../station/station-types.ts';

/** The station's camera as the operator last chose it. */
export interface StationCameraChoice {
  /** MediaDeviceInfo.deviceId; null: the environment-facing default */
  deviceId: string | null;
  /** requested frame width × height, px; null: the camera's own default */
  width: number | null;
  height: number | null;
  /** the torch was on (used only where the track supports it) */
  torch: boolean;
}

/** 'auto': the challenger runs in shadow whenever the device has headroom; 'off': never. */
export type ShadowMode = 'auto' | 'off';

/** Key-value settings shared by all projects. */
export interface SettingsValues {
  /** Id of the project opened last; the runner and the app reopen it. */
  lastProjectId: string;
  /** The demo project was created once; it is not recreated after the user deletes it. */
  demoSeeded: boolean;
  /** A tfjs backend the user forces, or 'auto' for the measured choice. */
  backendPreference: BackendPreference;
  /**
   * The backend the last full probe on this device chose, so the station starts without probing
   * again; it is probed anew when the app or tfjs changes, or when the backend no longer starts.
   */
  probedBackend: { backend: BackendName; appVersion: string; tfjsVersion: string; measuredAt: number };
  /** Bytes the inspection log's thumbnails of one project may take before the oldest are pruned. */
  inspectionThumbCapBytes: number;
  /** The station's camera, resolution and torch, remembered across shifts. */
  stationCamera: StationCameraChoice;
  /** The station's trigger mode, remembered across shifts. */
  stationTrigger: Trigger;
  /** Whether the station runs the challenger in shadow beside the champion when the device has headroom. */
  shadowMode: ShadowMode;
  /** A name for this device's station, stored with the frames it keeps for review. */
  stationName: string;
  /** Unreviewed station frames of one project kept at most (operator-marked ones are never pruned). */
  reviewCapCount: number;
  /** Bytes the originals of one project's unreviewed station frames may take. */
  reviewCapBytes: number;
  /** Least time between two automatically sampled frames of the same reason, seconds. */
  reviewSampleGapSeconds: number;
}

/** Thumbnail bytes per project when `inspectionThumbCapBytes` was never set: 50 MB, a shift's NG frames many times over. */
export const DEFAULT_INSPECTION_THUMB_CAP_BYTES = 50 * 1024 * 1024;

/** The station's name when `stationName` was never set. */
export const DEFAULT_STATION_NAME = 'station';

/** Unreviewed station frames per project when `reviewCapCount` was never set: a morning's review at most. */
export const DEFAULT_REVIEW_CAP_COUNT = 200;

/** Bytes of unreviewed station frames per project when `reviewCapBytes` was never set: 100 MB, about 300 full-HD PNGs. */
export const DEFAULT_REVIEW_CAP_BYTES = 100 * 1024 * 1024;

/** Seconds between two automatic samples of one reason when `reviewSampleGapSeconds` was never set. */
export const DEFAULT_REVIEW_SAMPLE_GAP_SECONDS = 30;

/** Keys of the settings store. */
export type SettingKey = keyof SettingsValues;
