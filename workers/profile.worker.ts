import { expose } from 'comlink';
import { workerDb } from './lib/db/worker-db.ts';
import { getImageBlobs } from './lib/db/images-repo.ts';
import { requireProject } from './lib/db/projects-repo.ts';
import { getProfile } from './lib/db/profiles-repo.ts';
import { getSnapshot } from './lib/db/snapshots-repo.ts';
import { NotFoundError } from './lib/db/errors.ts';
import type { ProfileRecord } from './lib/db/schema/profiles.ts';
import { signalFromPort } from './lib/abort-port.ts';
import { renderProfileReportHtml } from './lib/profile/report-html.ts';
import { profileSnapshot, type ProfileProgress } from './profile/profile-job.ts';
import { projectAssertions, reevaluateProfile } from './profile/project-assertions.ts';

async function projectContext(projectId: string) {
  const project = await requireProject(await workerDb(), projectId);
  return { project, ...projectAssertions(project) };
}

async function thumbnailDataUrl(id: string): Promise<string | undefined> {
  const blobs = await getImageBlobs(await workerDb(), id);
  if (!blobs) return undefined;
  const bytes = new Uint8Array(await blobs.thumbnail.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${blobs.thumbnail.type || 'image/jpeg'};base64,${btoa(binary)}`;
}

const api = {
  /** Profiles a snapshot and evaluates the project's assertions on it. */
  async profile(
    abortPort: MessagePort | undefined,
    projectId: string,
    snapshotId: string,
    onProgress?: (p: ProfileProgress) => void,
  ): Promise<ProfileRecord> {
    const { signal, release } = signalFromPort(abortPort);
    try {
      const { scope, assertions } = await projectContext(projectId);
      return await profileSnapshot(await workerDb(), snapshotId, assertions, scope, signal, (p) =>
        onProgress?.(p),
      );
    } finally {
      release();
    }
  },

  /** Re-evaluates the project's current assertions against a stored profile (after editing them). */
  async reevaluate(profileId: string): Promise<ProfileRecord> {
    const database = await workerDb();
    const record = await getProfile(database, profileId);
    if (!record) throw new NotFoundError('profile', profileId);
    const { scope, assertions } = await projectContext(record.projectId);
    return reevaluateProfile(database, record, assertions, scope);
  },

  /** The report as one self-contained HTML document, with thumbnails of the images it names. */
  async reportHtml(profileId: string): Promise<string> {
    const database = await workerDb();
    const record = await getProfile(database, profileId);
    if (!record) throw new NotFoundError('profile', profileId);
    const { project } = await projectContext(record.projectId);
    const snapshot = await getSnapshot(database, record.snapshotId);
    const named = new Set<string>();
    for (const group of [...record.profile.duplicates, ...record.profile.leaks])
      for (const id of group.ids.slice(0, 6)) named.add(id);
    for (const outlier of record.profile.outliers.slice(0, 24)) named.add(outlier.id);
    for (const result of record.results) for (const id of result.offending.slice(0, 12)) named.add(id);
    const thumbnails: Record<string, string> = {};
    for (const id of named) {
      const url = await thumbnailDataUrl(id);
      if (url) thumbnails[id] = url;
    }
    return renderProfileReportHtml(
      record.profile,
      record.results,
      {
        projectName: project.scope.name,
        snapshotName: snapshot?.name ?? record.snapshotId,
        snapshotHash: snapshot?.hash ?? '',
        createdAt: record.createdAt,
      },
      thumbnails,
    );
  },
};

/** The profile worker's API, as the UI's bridge sees it. */
export type ProfileApi = typeof api;

expose(api);
