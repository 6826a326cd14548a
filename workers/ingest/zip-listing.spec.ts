import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { listZipNames } from './zip-listing.ts';
import { buildStoredZip } from '../lib/ingest/test-zip.ts';
import { UTF8_FLAG } from '../lib/ingest/zip-names.ts';

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

describe('listZipNames: damage and encodings', () => {
  it('returns null, not a RangeError, when a name length runs past the directory', async () => {
    const { bytes, directory } = buildStoredZip([
      { name: 'good/a.png', data: strToU8('a') },
      { name: 'good/b.png', data: strToU8('b') },
    ]);
    new DataView(bytes.buffer).setUint16(directory + 28, 0xffff, true);
    expect(await listZipNames(new Blob([bytes]))).toBeNull();
  });

  it('reads names without the UTF-8 flag as code page 437 and flagged ones as UTF-8', async () => {
    const { bytes } = buildStoredZip([
      { name: Uint8Array.of(0x63, 0x61, 0x66, 0xe9, 0x2e, 0x70, 0x6e, 0x67), data: strToU8('a') },
      { name: 'café.png', data: strToU8('b'), flags: UTF8_FLAG },
    ]);
    expect(await listZipNames(new Blob([bytes]))).toEqual(['cafΘ.png', 'café.png']);
  });
});
