import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INGEST_LIMITS } from './limits.ts';
import { checkImageLimits, sniffImage } from './sniff.ts';
import { formatBytes, formatPixels } from './format.ts';

describe('DEFAULT_INGEST_LIMITS', () => {
  it('lets a typical camera frame through and stops a 60000x60000 header', () => {
    expect(checkImageLimits({ width: 4032, height: 3024 }, DEFAULT_INGEST_LIMITS, 8_000_000)).toBeNull();
    expect(checkImageLimits({ width: 60000, height: 60000 }, DEFAULT_INGEST_LIMITS, 100)).toMatch(
      /3\.6 Gpx exceeds the 40 Mpx limit/,
    );
  });

  it('keeps the per-image byte limit within the per-entry zip limit, so zipped images are judged alike', () => {
    expect(DEFAULT_INGEST_LIMITS.maxBytes).toBeLessThanOrEqual(DEFAULT_INGEST_LIMITS.zip.maxEntryBytes);
    expect(DEFAULT_INGEST_LIMITS.zip.maxEntryBytes).toBeLessThan(DEFAULT_INGEST_LIMITS.zip.maxTotalBytes);
  });

  it('cannot be changed by accident', () => {
    expect(Object.isFrozen(DEFAULT_INGEST_LIMITS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_INGEST_LIMITS.zip)).toBe(true);
  });

  it('works end to end with a sniffed PNG', () => {
    const png = new Uint8Array(PNG.sync.write(new PNG({ width: 16, height: 8 })));
    const info = sniffImage(png);
    if (!('width' in info)) throw new Error(info.reason);
    expect(checkImageLimits(info, DEFAULT_INGEST_LIMITS, png.length)).toBeNull();
    expect(checkImageLimits(info, { ...DEFAULT_INGEST_LIMITS, maxPixels: 100 }, png.length)).toMatch(
      /128 px/,
    );
  });
});

describe('formatBytes / formatPixels', () => {
  it('uses decimal prefixes with at most one decimal', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1 kB');
    expect(formatBytes(52_400_000)).toBe('52.4 MB');
    expect(formatBytes(2_000_000_000)).toBe('2 GB');
    expect(formatBytes(123_456_789_000)).toBe('123 GB');
    expect(formatPixels(2.5e9)).toBe('2.5 Gpx');
    expect(formatPixels(40e6)).toBe('40 Mpx');
  });
});
