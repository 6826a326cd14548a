import { profiles } from '../lib/stores/profiles.svelte.ts';
import type { PipelineCommand } from './types.ts';
import { SNAPSHOT_OPTION, snapshotFor } from './snapshot-option.ts';
import { defineCommand } from './options.ts';
import { profileLine } from './progress.ts';

const profileCommand = defineCommand({
  name: 'profile',
  describe: 'profile a snapshot and evaluate the data assertions (exit 1 when a blocking one fails)',
  options: { snapshot: SNAPSHOT_OPTION },
  progress: () => (profiles.progress ? profileLine(profiles.progress) : undefined),
  async run(options) {
    const snapshot = await snapshotFor(options);
    const record = await profiles.run(snapshot.id);
    const blocking = record.results.filter((r) => r.status === 'fail' && r.blocking);
    const lines = record.results.map(
      (r) =>
        `  ${r.status.padEnd(4)} ${r.blocking && r.status === 'fail' ? 'BLOCKS ' : ''}${r.id}: ${r.message}`,
    );
    return {
      summary: [
        `Profile of "${snapshot.name}" (${record.profile.imageCount} images, ${(record.elapsedMs / 1000).toFixed(1)} s):`,
        ...lines,
      ].join('\n'),
      data: {
        profileId: record.id,
        snapshotId: snapshot.id,
        snapshotHash: snapshot.hash,
        images: record.profile.imageCount,
        decoded: record.profile.decodedCount,
        imbalanceRatio: record.profile.imbalanceRatio,
        duplicates: record.profile.duplicates.length,
        leaks: record.profile.leaks.length,
        labelConflicts: record.profile.labelConflicts.length,
        outliers: record.profile.outliers.length,
        undecodable: record.profile.undecodable.length,
        elapsedMs: Math.round(record.elapsedMs),
        assertions: record.results.map((r) => ({
          id: r.id,
          status: r.status,
          blocking: r.blocking,
          message: r.message,
          offending: r.offending.slice(0, 20),
        })),
        blockingFailures: blocking.map((r) => r.id),
        passed: blocking.length === 0,
      },
      exitCode: blocking.length ? 1 : 0,
    };
  },
});

/** The Profile stage's pipeline commands. */
export const PROFILE_COMMANDS: PipelineCommand[] = [profileCommand];
