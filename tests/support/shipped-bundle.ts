import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILES, bundleFromFiles } from '../../models/bundle-files.ts';
import type { ModelBundle } from '../../models/bundle.ts';

/** A bundle read from its three files in `dir` (relative to the root, where unit tests run). */
function readBundleDir(dir: string): ModelBundle {
  return bundleFromFiles(
    Object.fromEntries(Object.values(BUNDLE_FILES).map((name) => [name, readFileSync(join(dir, name))])),
  );
}

/** The shipped default model, the one the station runs, read from models/default. */
export function readShippedBundle(): ModelBundle {
  return readBundleDir('models/default');
}

/** The shipped backbone a project's runs start from, read from models/backbone. */
export function readShippedBackbone(): ModelBundle {
  return readBundleDir('models/backbone');
}
