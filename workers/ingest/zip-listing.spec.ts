import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { listZipNames } from './zip-listing.ts';

describe('listZipNames', () => {
  it('lists every entry of an archive without inflating it', async () => {
    const zip = zipSync({
      'screws/train/good/a.png': strToU8('a'),
      'screws/test/scratch_head/b.png': [strToU8('b'.repeat(5000)), { level: 9 }],
      'screws/readme.txt': strToU8('hello'),
    });
    expect(await listZipNames(new Blob([zip]))).toEqual([
      'screws/train/good/a.png',
      'screws/test/scratch_head/b.png',
      'screws/readme.txt',
    ]);
  });

  it('returns null for data that is not a zip or is cut short', async () => {
    expect(await listZipNames(new Blob([strToU8('not a zip at all')]))).toBeNull();
    const zip = zipSync({ 'a.png': strToU8('a'), 'b.png': strToU8('b') });
    expect(await listZipNames(new Blob([zip.slice(0, zip.length - 30)]))).toBeNull();
  });
});
