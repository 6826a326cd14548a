import { profileReportHtml, profileSnapshot, reevaluateProfile } from '../bridges/profile-bridge.ts';
import { listProfiles } from '../../../workers/lib/db/profiles-repo.ts';
import type { ProfileRecord } from '../../../workers/lib/db/schema/profiles.ts';
import type { ProfileProgress } from '../../../workers/profile/profile-job.ts';
import {
  assertionsToYaml,
  defaultAssertions,
  parseAssertionsYaml,
  type YamlError,
} from '../../../workers/lib/profile/assertions.ts';
import { downloadBlob } from '../download.ts';
import { activity } from './activity.svelte.ts';
import { getDb } from './db.ts';
import { projects } from './projects.svelte.ts';

/** Data profiles of the open project and the running profile. */
class ProfilesStore {
  records = $state.raw<ProfileRecord[]>([]);
  progress = $state.raw<ProfileProgress | undefined>(undefined);
  running = $state(false);

  #project() {
    const project = projects.current;
    if (!project) throw new Error('Open a project first.');
    return project;
  }

  /** The project's assertions as YAML: its own, or the defaults for its scope. */
  get yaml(): string {
    const project = projects.current;
    if (!project) return '';
    const { classes, inputSize, gate } = project.scope;
    return (
      project.assertionsYaml ??
      assertionsToYaml(defaultAssertions({ classes, inputSize, gate: { threshold: gate.threshold } }))
    );
  }

  async load(): Promise<void> {
    this.records = await listProfiles(await getDb(), this.#project().id);
  }

  /** The newest profile of a snapshot, if any. */
  latestFor(snapshotId: string): ProfileRecord | undefined {
    return this.records.find((r) => r.snapshotId === snapshotId);
  }

  /** Profiles a snapshot in the profile worker. */
  async run(snapshotId: string): Promise<ProfileRecord> {
    const project = this.#project();
    this.running = true;
    this.progress = undefined;
    try {
      const record = await activity.track('profile', () =>
        profileSnapshot(project.id, snapshotId, (p) => (this.progress = p)),
      );
      await this.load();
      return record;
    } finally {
      this.running = false;
    }
  }

  /** Validates and saves edited assertions, then re-evaluates the newest profile. Returns errors with line numbers. */
  async saveYaml(text: string): Promise<YamlError[]> {
    const parsed = parseAssertionsYaml(text);
    if ('errors' in parsed) return parsed.errors;
    await projects.saveAssertions(text);
    const newest = this.records[0];
    if (newest) await reevaluateProfile(newest.id);
    await this.load();
    return [];
  }

  /** Saves the given assertions (e.g. recommended ones) as the project's. */
  async adopt(assertions: Parameters<typeof assertionsToYaml>[0]): Promise<void> {
    await this.saveYaml(assertionsToYaml(assertions));
  }

  async downloadHtml(record: ProfileRecord): Promise<void> {
    const html = await profileReportHtml(record.id);
    downloadBlob(new Blob([html], { type: 'text/html' }), `screwops-profile-${record.snapshotId}.html`);
  }

  downloadJson(record: ProfileRecord): void {
    const json = JSON.stringify(
      {
        profile: record.profile,
        assertions: record.assertions,
        results: record.results,
        createdAt: record.createdAt,
        snapshotId: record.snapshotId,
      },
      null,
      2,
    );
    downloadBlob(
      new Blob([json], { type: 'application/json' }),
      `screwops-profile-${record.snapshotId}.json`,
    );
  }
}

/** The one profiles store. */
export const profiles = new ProfilesStore();
