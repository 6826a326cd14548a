import { describe, expect, it } from 'vitest';
import { MAX_NAME_BYTES, checkZipPath } from './zip-paths.ts';

describe('checkZipPath', () => {
  it('normalises empty and "." segments of safe paths', () => {
    expect(checkZipPath('screws/good/a.png')).toEqual({ kind: 'ok', path: 'screws/good/a.png' });
    expect(checkZipPath('./screws//good/./a.png')).toEqual({ kind: 'ok', path: 'screws/good/a.png' });
  });

  it('rejects traversal anywhere in the path, even when it would stay inside', () => {
    for (const name of ['../a.png', 'a/../b.png', 'a/b/..', 'a/../../etc/passwd']) {
      expect(checkZipPath(name), name).toMatchObject({
        kind: 'reject',
        reason: expect.stringMatching(/\.\./),
      });
    }
  });

  it('rejects absolute, drive-letter and backslash paths', () => {
    expect(checkZipPath('/etc/x.png')).toMatchObject({
      kind: 'reject',
      reason: expect.stringMatching(/absolute/),
    });
    expect(checkZipPath('C:x.png')).toMatchObject({ kind: 'reject', reason: expect.stringMatching(/drive/) });
    expect(checkZipPath('d:/x.png')).toMatchObject({
      kind: 'reject',
      reason: expect.stringMatching(/drive/),
    });
    expect(checkZipPath('a\\..\\b.png')).toMatchObject({
      kind: 'reject',
      reason: expect.stringMatching(/backslash/),
    });
  });

  it('rejects NUL, control characters and DEL', () => {
    for (const name of ['a\u0000.png', 'a\n.png', 'a\u001b.png', 'a\u007f.png']) {
      expect(checkZipPath(name).kind, JSON.stringify(name)).toBe('reject');
    }
  });

  it('measures name length in UTF-8 bytes, per segment', () => {
    const e = 'é'; // 2 bytes in UTF-8
    const fits = e.repeat(MAX_NAME_BYTES / 2 - 2) + '.png'; // 250 + 4 bytes
    expect(checkZipPath(`d/${fits}`).kind).toBe('ok');
    expect(checkZipPath(`d/${e.repeat(126)}.png`).kind).toBe('reject'); // 252 + 4 bytes
    const deep = Array.from({ length: 20 }, () => 'x'.repeat(200)).join('/') + '/a.png';
    expect(checkZipPath(deep).kind).toBe('ok');
  });

  it('skips folders, macOS metadata and dot-files', () => {
    for (const name of [
      'screws/',
      '__MACOSX/screws/._a.png',
      '.DS_Store',
      'a/.hidden/b.png',
      'a/._b.png',
      './',
    ]) {
      expect(checkZipPath(name), name).toEqual({ kind: 'skip' });
    }
  });

  it('rejects an empty name', () => {
    expect(checkZipPath('').kind).toBe('reject');
  });
});
