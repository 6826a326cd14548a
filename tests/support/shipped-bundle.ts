import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILES, bundleFromFiles } from '../../models/bundle-files.ts';
import type { ModelBundle } from '../../models/bundle.ts';

/** The shipped default model, read from its three files in models/default (unit tests run from the root). */
export function readShippedBundle(): ModelBundle {
  return bundleFromFiles(
    Object.fromEntries(
      Object.values(BUNDLE_FILES).map((name) => [name, readFileSync(join('models/default', name))]),
    ),
  );
}
