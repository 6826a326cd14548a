import { openScrewOpsDb, type Db } from '../../../workers/lib/db/open-db.ts';
import { notices } from './notices.svelte.ts';

let opening: Promise<Db> | undefined;

/** The app's database, opened once; other tabs' upgrades and blocks are reported as notices. */
export function getDb(): Promise<Db> {
  opening ??= openScrewOpsDb({
    onBlocked: (error) => notices.push('error', error.message),
    onVersionChange: () => {
      opening = undefined;
      notices.push(
        'error',
        'A newer version of ScrewOps was opened in another tab. Reload this tab to continue.',
      );
    },
  });
  return opening;
}
