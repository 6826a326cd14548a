import { snapshots } from '../lib/stores/snapshots.svelte.ts';

/** The option naming a snapshot, as commands that read one declare it. */
export const SNAPSHOT_OPTION = {
  type: 'string',
  help: 'snapshot id or name (default: the newest)',
} as const;

/** The snapshot named by --snapshot (id or name), or the newest one. */
export async function snapshotFor(options: { readonly snapshot?: string | undefined }) {
  await snapshots.load();
  const wanted = options.snapshot;
  const snapshot =
    typeof wanted === 'string'
      ? snapshots.list.find((s) => s.id === wanted || s.name === wanted)
      : snapshots.list[0];
  if (!snapshot)
    throw new Error(
      typeof wanted === 'string'
        ? `No snapshot "${wanted}" in this project.`
        : 'The project has no snapshot yet; run "pipeline snapshot --name NAME" first.',
    );
  return snapshot;
}
