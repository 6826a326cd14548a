/** Entry-name rules for archives: what is safe to import, what is noise, what is an attack. */

/** What to do with one archive entry name. */
export type PathVerdict =
  { kind: 'ok'; path: string } | { kind: 'skip' } | { kind: 'reject'; reason: string };

/** Longest single file or folder name, in UTF-8 bytes (the common file-system limit). */
export const MAX_NAME_BYTES = 255;

const encoder = new TextEncoder();

/**
 * Judges an entry name: rejects absolute, drive-letter, backslash and `..` paths, control
 * characters and over-long names; skips folders, `__MACOSX/` and dot-files; otherwise returns the
 * path with empty and `.` segments removed.
 */
export function checkZipPath(name: string): PathVerdict {
  if (name === '') return { kind: 'reject', reason: 'The entry has an empty name.' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    return {
      kind: 'reject',
      reason: 'The name contains control characters; this archive may be crafted. Skipped.',
    };
  }
  if (name.includes('\\')) {
    return {
      kind: 'reject',
      reason:
        'The name uses backslashes (a Windows path written by an old zip tool). Re-create the archive with Windows Explorer, macOS Finder or 7-Zip.',
    };
  }
  if (/^[A-Za-z]:/.test(name)) {
    return {
      kind: 'reject',
      reason: 'The name is an absolute Windows path (drive letter). Re-create the archive from a folder.',
    };
  }
  if (name.startsWith('/')) {
    return { kind: 'reject', reason: 'The name is an absolute path. Re-create the archive from a folder.' };
  }
  const segments = name.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) {
    return {
      kind: 'reject',
      reason: 'The name contains ".." and would land outside the import (path traversal).',
    };
  }
  if (segments.some((s) => encoder.encode(s).length > MAX_NAME_BYTES)) {
    return {
      kind: 'reject',
      reason: `A file or folder name is longer than ${MAX_NAME_BYTES} bytes. Shorten it.`,
    };
  }
  if (name.endsWith('/') || segments.length === 0) return { kind: 'skip' };
  // macOS resource forks and hidden files (.DS_Store, ._x.png, .git/) are never images to import.
  if (segments[0] === '__MACOSX' || segments.some((s) => s.startsWith('.'))) return { kind: 'skip' };
  return { kind: 'ok', path: segments.join('/') };
}
