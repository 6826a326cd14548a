import { resolve } from 'node:path';

/** The repository root: test files are found from here, whatever folder the tests were started in. */
export const REPO = resolve(import.meta.dirname, '..', '..', '..');

/** A path inside the repository. */
export const inRepo = (...parts: string[]): string => resolve(REPO, ...parts);
