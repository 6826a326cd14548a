/**
 * Seeded generators of hostile import inputs for the fuzz test: zips, images, CSV, Label Studio
 * exports and assertion YAML, each built valid and then damaged in one of the ways real files are.
 */
import { crc32 } from '../bytes.ts';
import { encodePng } from '../png/encode-png.ts';
import type { Rng } from '../rng.ts';

/** UTF-8 bytes of a string. */
export const text = (s: string) => new TextEncoder().encode(s);
/** Little-endian 16-bit bytes. */
export const u16le = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u16be = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
/** Values that break length arithmetic: zero, sign edges, all ones. */
export const EXTREMES = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0xffffffff];

/** Random bytes. */
export function randomBytes(rng: Rng, n: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = rng.int(0, 255);
  return b;
}

/** A copy of `b` damaged one to three ways: flipped bytes, extreme values, truncation, junk, a repeated slice. */
export function mutate(rng: Rng, input: Uint8Array): Uint8Array<ArrayBuffer> {
  let b: Uint8Array<ArrayBuffer> = input.slice();
  for (let n = rng.int(1, 3); n > 0 && b.length > 0; n--) {
    const at = rng.int(0, b.length - 1);
    const kind = rng.int(0, 5);
    if (kind === 0) b[at] = rng.int(0, 255);
    else if (kind === 1) {
      const v = rng.pick(EXTREMES);
      const bytes = rng.chance(0.5) ? u32le(v) : u16le(v);
      b.set(bytes.slice(0, b.length - at), at);
    } else if (kind === 2) b = b.slice(0, at);
    else if (kind === 3)
      b = concatBytes([b.subarray(0, at), randomBytes(rng, rng.int(1, 64)), b.subarray(at)]);
    else if (kind === 4) {
      const end = Math.min(b.length, at + rng.int(1, 200));
      b = concatBytes([b.subarray(0, end), b.subarray(at, end), b.subarray(end)]);
    } else b = b.slice(at);
  }
  return b;
}

/** Joins byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** An image case: its bytes and, when built whole, the largest size any of its headers declares. */
export interface ImageCase {
  bytes: Uint8Array;
  /** pixels the file claims at most (frames included); null when damaged beyond knowing */
  declaredPixels: number | null;
}

function pngChunk(type: string, data: number[]): number[] {
  const body = [...text(type), ...data];
  return [...u32be(data.length), ...body, ...u32be(crc32(Uint8Array.from(body)))];
}

/** An image in one of the five formats, often declaring a size it does not have, then maybe damaged. */
export function imageCase(rng: Rng): ImageCase {
  const side = () => (rng.chance(0.3) ? rng.pick([0, 1, 65535, 0x7fff, 16384, 100_000]) : rng.int(1, 64));
  const w = side();
  const h = side();
  const format = rng.int(0, 4);
  let bytes: Uint8Array;
  let declared = w * h;
  if (format === 0) {
    const png = encodePng(randomBytes(rng, 16), 2, 2, 4);
    const ihdr = pngChunk('IHDR', [...u32be(w), ...u32be(h), 8, 6, 0, 0, 0]);
    bytes = concatBytes([png.subarray(0, 8), Uint8Array.from(ihdr), png.subarray(33)]);
  } else if (format === 1) {
    const sof = (sw: number, sh: number) => [
      0xff,
      0xc0,
      ...u16be(11),
      8,
      ...u16be(sh),
      ...u16be(sw),
      1,
      1,
      0x11,
      0,
    ];
    const second = rng.chance(0.3) ? [side(), side()] : null;
    if (second) declared = Math.max(declared, second[0]! * second[1]!);
    bytes = Uint8Array.from([
      0xff,
      0xd8,
      ...sof(w, h),
      ...(second ? sof(second[0]!, second[1]!) : []),
      ...[0xff, 0xda, ...u16be(8), 1, 1, 0, 0, 0x3f, 0],
      ...randomBytes(rng, rng.int(0, 40)).map((v) => (v === 0xff ? 0 : v)),
      0xff,
      0xd9,
    ]);
  } else if (format === 2) {
    const frames = Array.from(
      { length: rng.int(1, 3) },
      () => [rng.int(0, 100), rng.int(0, 100), side(), side()] as const,
    );
    for (const [left, top, fw, fh] of frames)
      declared = Math.max(declared, Math.max(w, left + fw) * Math.max(h, top + fh));
    bytes = Uint8Array.from([
      ...text('GIF89a'),
      ...u16le(w),
      ...u16le(h),
      0x80,
      0,
      0,
      ...[0, 0, 0, 255, 255, 255],
      ...frames.flatMap(([left, top, fw, fh]) => [
        ...[0x21, 0xf9, 4, 0, 0, 0, 0, 0],
        0x2c,
        ...u16le(left),
        ...u16le(top),
        ...u16le(fw),
        ...u16le(fh),
        0,
        2,
        ...[2, 0x4c, 0x01, 0],
      ]),
      0x3b,
    ]);
  } else if (format === 3) {
    const dib = new Uint8Array(40);
    const v = new DataView(dib.buffer);
    v.setUint32(0, 40, true);
    v.setInt32(4, w, true);
    v.setInt32(8, rng.chance(0.5) ? -h : h, true);
    bytes = Uint8Array.from([
      ...text('BM'),
      ...u32le(14 + 40 + 16),
      0,
      0,
      0,
      0,
      ...u32le(54),
      ...dib,
      ...randomBytes(rng, 16),
    ]);
  } else {
    const cw = Math.max(1, Math.min(w, 1 << 24));
    const ch = Math.max(1, Math.min(h, 1 << 24));
    declared = cw * ch;
    const body = [
      ...text('WEBPVP8X'),
      ...u32le(10),
      0,
      0,
      0,
      0,
      ...u32le(cw - 1).slice(0, 3),
      ...u32le(ch - 1).slice(0, 3),
    ];
    bytes = Uint8Array.from([...text('RIFF'), ...u32le(body.length), ...body]);
  }
  if (rng.chance(0.4)) return { bytes: mutate(rng, bytes), declaredPixels: null };
  if (rng.chance(0.15)) return { bytes: bytes.subarray(0, rng.int(0, bytes.length)), declaredPixels: null };
  return { bytes, declaredPixels: declared };
}

const CELLS = [
  'a.png',
  'good',
  'bad',
  '"q',
  'x""y',
  '',
  ',',
  '\n',
  '\r\n',
  '"multi\nline"',
  '{"choices":["good"]}',
  '\u00e9',
];

/** CSV text: random cells, stray quotes and line ends, sometimes a manifest or Label Studio header. */
export function csvCase(rng: Rng): string {
  const header = rng.pick([
    'image,choice',
    'file,label,split,defect_type,sha256',
    'id,image,label,annotator',
    'x',
  ]);
  const rows = Array.from({ length: rng.int(0, 20) }, () =>
    Array.from({ length: rng.int(1, 6) }, () => rng.pick(CELLS)).join(rng.chance(0.9) ? ',' : ';'),
  );
  return [header, ...rows].join(rng.pick(['\n', '\r\n', '\r']));
}

/** A Label Studio export as text: full JSON tasks or JSON-MIN rows with odd values, maybe damaged. */
export function labelStudioCase(rng: Rng): string {
  const value = (): unknown =>
    rng.pick<unknown>([
      'good',
      'bad',
      '',
      null,
      42,
      ['good'],
      { choices: ['good', 'bad'] },
      { choices: [1] },
      '/data/upload/1/a.png',
      '__proto__',
      'constructor',
    ]);
  const rows = Array.from({ length: rng.int(0, 12) }, (_, i) => {
    if (rng.chance(0.5)) {
      const row: Record<string, unknown> = {
        id: i,
        image: rng.chance(0.8) ? `/data/upload/1/${i}.png` : value(),
      };
      for (let k = rng.int(0, 3); k > 0; k--)
        row[rng.pick(['choice', 'label', 'extra', `k${i}`, 'toString', 'annotator'])] = value();
      return row;
    }
    return {
      id: i,
      data: rng.chance(0.9) ? { image: `s3://b/${i}.jpg` } : value(),
      annotations: rng.chance(0.8)
        ? [{ was_cancelled: rng.chance(0.2), result: [{ type: 'choices', value: { choices: [value()] } }] }]
        : value(),
    };
  });
  const json = JSON.stringify(rng.chance(0.1) ? (rows[0] ?? {}) : rows);
  return rng.chance(0.3) ? new TextDecoder().decode(mutate(rng, text(json))) : json;
}

const KEYS = [
  'id',
  'check',
  'min',
  'max',
  'severity',
  'blocking',
  'description',
  'max_fraction',
  'exact',
  '__proto__',
  'constructor',
];
const VALUES = [
  '1',
  '0.5',
  '-3',
  'true',
  'warn',
  'fail',
  '"x"',
  '[1, 2]',
  '{a: 1}',
  'brightness_within',
  'min_resolution',
  '__proto__',
  'toString',
  'constructor',
  '.nan',
  '~',
];

/** Assertion YAML: items with random keys and values (inherited names included), maybe damaged. */
export function yamlCase(rng: Rng): string {
  const items = Array.from({ length: rng.int(0, 5) }, () =>
    Array.from(
      { length: rng.int(1, 5) },
      (_, k) => `${k === 0 ? '  - ' : '    '}${rng.pick(KEYS)}: ${rng.pick(VALUES)}`,
    ).join('\n'),
  );
  const yaml = `${rng.chance(0.8) ? 'version: 1\n' : ''}assertions:\n${items.join('\n')}\n`;
  return rng.chance(0.3) ? new TextDecoder().decode(mutate(rng, text(yaml))) : yaml;
}
