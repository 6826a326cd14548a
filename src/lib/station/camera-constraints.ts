import type { StationCameraChoice } from '../../../workers/lib/db/schema/settings.ts';

/** The constraints for a choice: the chosen device, else the environment-facing (rear) camera. */
export function constraintsFor(choice: StationCameraChoice): MediaTrackConstraints {
  return {
    ...(choice.deviceId
      ? { deviceId: { exact: choice.deviceId } }
      : { facingMode: { ideal: 'environment' } }),
    ...(choice.width ? { width: { ideal: choice.width } } : {}),
    ...(choice.height ? { height: { ideal: choice.height } } : {}),
  };
}
