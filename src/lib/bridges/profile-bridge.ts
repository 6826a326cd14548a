import { proxy } from 'comlink';
import type { ProfileApi } from '../../../workers/profile.worker.ts';
import type { ProfileProgress } from '../../../workers/profile/profile-job.ts';
import type { ProfileRecord } from '../../../workers/lib/db/schema/profiles.ts';
import { WorkerBridge } from './worker-bridge.ts';

const bridge = new WorkerBridge<ProfileApi>(
  () =>
    new Worker(new URL('../../../workers/profile.worker.ts', import.meta.url), {
      type: 'module',
      name: 'profile',
    }),
);

/** Profiles a snapshot in the profile worker. */
export function profileSnapshot(
  projectId: string,
  snapshotId: string,
  onProgress: (p: ProfileProgress) => void,
  signal?: AbortSignal,
): Promise<ProfileRecord> {
  return bridge.call(signal, (api, port) => api.profile(port, projectId, snapshotId, proxy(onProgress)));
}

/** Re-evaluates the project's current assertions on a stored profile. */
export function reevaluateProfile(profileId: string): Promise<ProfileRecord> {
  return bridge.call(undefined, (api) => api.reevaluate(profileId));
}

/** The self-contained HTML report of a profile. */
export function profileReportHtml(profileId: string): Promise<string> {
  return bridge.call(undefined, (api) => api.reportHtml(profileId));
}
