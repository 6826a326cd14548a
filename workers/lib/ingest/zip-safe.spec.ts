import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';
import { buildStoredZip } from './test-zip.ts';
import { UTF8_FLAG } from './zip-names.ts';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_PATH, readZip } from './zip-safe.ts';
import type { ZipEntryResult, ZipLimits } from './zip-safe.ts';

async function* chunked(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function collect(
  source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  limits?: Partial<ZipLimits>,
): Promise<ZipEntryResult[]> {
  const out: ZipEntryResult[] = [];
  for await (const r of readZip(source, limits)) out.push(r);
  return out;
}

const read = (zip: Uint8Array, limits?: Partial<ZipLimits>, size?: number) =>
  collect(chunked(zip, size), limits);
const summary = (rs: ZipEntryResult[]) =>
  rs.map((r) => (r.ok ? [r.path, r.bytes.length] : [r.path, r.reason]));

function random(n: number, seed = 1): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

// Offset of the first local header whose name is `name`, and of its data.
function locate(zip: Uint8Array, name: string): { header: number; data: number } {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let at = 0;
  for (;;) {
    if (v.getUint32(at, true) !== 0x04034b50) throw new Error(`no local header for ${name}`);
    const nameLength = v.getUint16(at + 26, true);
    const data = at + 30 + nameLength + v.getUint16(at + 28, true);
    if (new TextDecoder().decode(zip.subarray(at + 30, at + 30 + nameLength)) === name)
      return { header: at, data };
    at = data + v.getUint32(at + 18, true);
  }
}

describe('readZip: paths', () => {
  const a = random(3000, 1);
  const b = random(2000, 2);
  const zip = zipSync({
    'screws/': {},
    'screws/good/a.png': a,
    '__MACOSX/screws/good/._a.png': new Uint8Array(10),
    'screws/.DS_Store': new Uint8Array(10),
    '../evil.png': b,
    '/abs.png': b,
    'C:\\x.png': b,
    'good\\y.png': b,
    'ctl\u0001.png': b,
    ['n'.repeat(256) + '.png']: b,
    './screws/./bad/b.png': b,
  });

  it('returns safe nested entries, refuses unsafe ones and skips folders and metadata', async () => {
    const results = await read(zip);
    expect(summary(results)).toEqual([
      ['screws/good/a.png', 3000],
      ['../evil.png', expect.stringMatching(/path traversal/)],
      ['/abs.png', expect.stringMatching(/absolute path/)],
      ['C:\\x.png', expect.stringMatching(/backslashes/)],
      ['good\\y.png', expect.stringMatching(/backslashes/)],
      ['ctl\u0001.png', expect.stringMatching(/control characters/)],
      ['n'.repeat(256) + '.png', expect.stringMatching(/longer than 255 bytes/)],
      ['screws/bad/b.png', 2000],
    ]);
    const first = results[0];
    expect(first?.ok && first.bytes).toEqual(a);
  });

  it('gives the same results however the stream is chunked', async () => {
    const whole = summary(await read(zip, {}, zip.length));
    expect(summary(await read(zip, {}, 7))).toEqual(whole);
    expect(summary(await read(zip, {}, 4096))).toEqual(whole);
  });

  it('reads a ReadableStream and cancels it when the consumer stops early', async () => {
    let cancelled = false;
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= zip.length) return controller.close();
        controller.enqueue(zip.slice(at, at + 100));
        at += 100;
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const r of readZip(stream)) {
      expect(r.path).toBe('screws/good/a.png');
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe('readZip: limits on real bytes', () => {
  it('stops a 50 MB entry of zeros as a zip bomb and keeps reading the next entry', async () => {
    const zip = zipSync({ 'bomb.bmp': new Uint8Array(50_000_000), 'after.png': random(500) });
    expect(zip.length).toBeLessThan(200_000);
    const results = await read(zip);
    expect(summary(results)).toEqual([
      ['bomb.bmp', expect.stringMatching(/more than 100:1 .*zip bomb/)],
      ['after.png', 500],
    ]);
    // It stopped after inflating one small slice, not the whole 50 MB.
    const inflated = /\((\d+(?:\.\d)?) MB from/.exec(String(summary(results)[0]?.[1]))?.[1];
    expect(Number(inflated)).toBeLessThan(20);
  });

  it('enforces the per-entry limit on inflated bytes even when the header lies', async () => {
    const zip = zipSync({ 'big.bin': new Uint8Array(5_000_000), 'ok.bin': random(100) });
    const honest = await read(zip, { maxEntryBytes: 1_000_000, maxRatio: 1e9 });
    expect(summary(honest)[0]).toEqual(['big.bin', expect.stringMatching(/declares 5 MB, over the 1 MB/)]);
    const { header } = locate(zip, 'big.bin');
    new DataView(zip.buffer).setUint32(header + 22, 100, true); // declared uncompressed size
    const lying = await read(zip, { maxEntryBytes: 1_000_000, maxRatio: 1e9 });
    expect(summary(lying)).toEqual([
      ['big.bin', expect.stringMatching(/expands to more than 1 MB/)],
      ['ok.bin', 100],
    ]);
  });

  it('lets small, very compressible files through the ratio check', async () => {
    const zip = zipSync({ 'blank.txt': new Uint8Array(200_000) });
    expect(summary(await read(zip))).toEqual([['blank.txt', 200_000]]);
    expect(summary(await read(zip, { ratioGraceBytes: 0 }))[0]?.[1]).toMatch(/zip bomb/);
  });

  it('stops the archive when the total would exceed the limit', async () => {
    const zip = zipSync({
      'a.bin': random(400_000, 1),
      'b.bin': random(400_000, 2),
      'c.bin': random(400_000, 3),
    });
    const results = await read(zip, { maxTotalBytes: 1_000_000 });
    expect(summary(results)).toEqual([
      ['a.bin', 400_000],
      ['b.bin', 400_000],
      ['c.bin', expect.stringMatching(/total size limit/)],
      [ARCHIVE_PATH, expect.stringMatching(/more than 1 MB in all/)],
    ]);
  });

  it('stops the archive after too many entries, counting skipped ones', async () => {
    const zip = zipSync({
      'd/': {},
      'a.png': random(5),
      '.x': random(5),
      'b.png': random(5),
      'c.png': random(5),
    });
    expect(summary(await read(zip, { maxEntries: 4 }))).toEqual([
      ['a.png', 5],
      ['b.png', 5],
      [ARCHIVE_PATH, expect.stringMatching(/more than 4 entries/)],
    ]);
  });
});

describe('readZip: caller-owned buffers and options', () => {
  it('copies stored data, so a source that reuses its buffer cannot corrupt earlier entries', async () => {
    const a = random(50_000, 5);
    const zip = zipSync({ 'a.png': a, 'b.png': random(50_000, 6) }, { level: 0 });
    async function* reusing(): AsyncGenerator<Uint8Array> {
      const buffer = new Uint8Array(1000);
      for (let at = 0; at < zip.length; at += 1000) {
        const n = Math.min(1000, zip.length - at);
        buffer.set(zip.subarray(at, at + n));
        yield buffer.subarray(0, n);
        buffer.fill(0xee);
      }
    }
    const results = await collect(reusing());
    expect(results[0]?.ok && results[0].bytes).toEqual(a);
    expect(results).toHaveLength(2);
  });

  it('keeps the default for a limit passed as undefined', async () => {
    const zip = zipSync({ 'z.bin': new Uint8Array(5_000_000) });
    const results = await read(zip, { maxRatio: undefined });
    expect(summary(results)[0]?.[1]).toMatch(/zip bomb/);
  });
});

describe('readZip: damaged archives', () => {
  const zip = zipSync({ 'one.png': random(30_000, 1), 'two.png': random(30_000, 2) }, { level: 0 });

  it('reports a truncated archive and the entry it cut, after the complete entries', async () => {
    const results = await read(zip.subarray(0, 45_000), {}, 1000);
    expect(summary(results)).toEqual([
      ['one.png', 30_000],
      ['two.png', 'The archive ends inside this file.'],
      [ARCHIVE_PATH, expect.stringMatching(/truncated/)],
    ]);
  });

  it('reports an archive cut inside its central directory', async () => {
    const results = await read(zip.subarray(0, zip.length - 30));
    expect(summary(results)).toEqual([
      ['one.png', 30_000],
      ['two.png', 30_000],
      [ARCHIVE_PATH, expect.stringMatching(/end record is missing/)],
    ]);
  });

  it('rejects files that are not zips, and empty input', async () => {
    const text = new TextEncoder().encode('this is a readme, not an archive');
    expect(summary(await read(text))).toEqual([[ARCHIVE_PATH, expect.stringMatching(/not a zip archive/)]]);
    expect(summary(await read(new Uint8Array(0)))).toEqual([[ARCHIVE_PATH, expect.stringMatching(/empty/)]]);
  });

  it('accepts an archive with no entries', async () => {
    expect(await read(zipSync({}))).toEqual([]);
  });

  it('fails only the entry whose deflate data is corrupt', async () => {
    const deflated = zipSync({ 'bad.png': random(10_000, 1).fill(7, 0, 5000), 'good.png': random(100) });
    deflated[locate(deflated, 'bad.png').data] = 0x07; // BFINAL with the reserved block type 11
    expect(summary(await read(deflated))).toEqual([
      ['bad.png', expect.stringMatching(/compressed data is corrupt/)],
      ['good.png', 100],
    ]);
  });

  it('refuses unsupported compression methods without losing later entries', async () => {
    const z = zipSync({ 'a.png': random(1000), 'b.png': random(1000) }, { level: 0 });
    new DataView(z.buffer).setUint16(locate(z, 'a.png').header + 8, 14, true);
    expect(summary(await read(z))).toEqual([
      ['a.png', expect.stringMatching(/LZMA compression, which is not supported/)],
      ['b.png', 1000],
    ]);
  });
});

describe('readZip: streamed archives (data descriptors, no sizes in headers)', () => {
  function streamedZip(files: Record<string, Uint8Array>): Uint8Array {
    const parts: Uint8Array[] = [];
    const zip = new Zip((err, data) => {
      if (err) throw err;
      parts.push(data);
    });
    for (const [name, data] of Object.entries(files)) {
      const entry = new ZipDeflate(name);
      zip.add(entry);
      entry.push(data, true);
    }
    zip.end();
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
    return out;
  }

  it('reads entries and still catches a bomb', async () => {
    const a = random(70_000, 4);
    const zip = streamedZip({ 'x/a.png': a, 'x/bomb.png': new Uint8Array(5_000_000), 'x/c.png': random(10) });
    const results = await read(zip, {}, 5000);
    expect(summary(results)).toEqual([
      ['x/a.png', 70_000],
      ['x/bomb.png', expect.stringMatching(/zip bomb/)],
      ['x/c.png', 10],
    ]);
    expect(results[0]?.ok && results[0].bytes).toEqual(a);
  });
});

describe('readZip: floods, names and memory per slice', () => {
  it('ends a flood of empty entries with the entry limit, not a stack overflow', async () => {
    const entries = Array.from({ length: 30_000 }, (_, i) => ({
      name: `e${i}.png`,
      data: new Uint8Array(0),
    }));
    const { bytes } = buildStoredZip(entries);
    const results = await collect(
      (async function* () {
        yield bytes;
      })(),
    );
    const last = results[results.length - 1];
    expect(last).toEqual({
      ok: false,
      path: ARCHIVE_PATH,
      reason: expect.stringMatching(/more than 10000 entries, the limit/),
    });
    expect(results.filter((r) => r.path === ARCHIVE_PATH)).toHaveLength(1);
  });

  it('names entries without the UTF-8 flag in code page 437, like the listing', async () => {
    const raw = Uint8Array.of(0x63, 0x61, 0x66, 0xe9, 0x2e, 0x70, 0x6e, 0x67);
    const { bytes } = buildStoredZip([
      { name: raw, data: strToU8('x') },
      { name: 'café.png', data: strToU8('y'), flags: UTF8_FLAG },
    ]);
    expect(summary(await read(bytes))).toEqual([
      ['cafΘ.png', 1],
      ['café.png', 1],
    ]);
  });

  it('refuses small entries that together expand one slice far past the ratio', async () => {
    const mb = new Uint8Array(900_000);
    const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`z${i}.bin`, mb]));
    const zip = zipSync(files, { level: 9 });
    expect(zip.length).toBeLessThan(16 * 1024);
    const results = await read(zip);
    const refused = results.filter((r) => !r.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ reason: expect.stringMatching(/zip bomb/) });
    const held = results.reduce((s, r) => s + (r.ok ? r.bytes.length : 0), 0);
    expect(held).toBeLessThanOrEqual(1_000_000 + 100 * 16 * 1024);
  });
});
