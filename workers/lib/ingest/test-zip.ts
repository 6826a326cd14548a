/** Builds stored (uncompressed) zips byte by byte, so tests can write names, flags and lengths as they like. */
import { crc32 } from '../bytes.ts';

/** One entry: its raw name bytes (or text, written as UTF-8), data and general purpose flags. */
export interface RawZipEntry {
  name: Uint8Array | string;
  data: Uint8Array;
  flags?: number;
}

/** The archive's bytes and where its central directory starts (for tests that damage it). */
export function buildStoredZip(entries: readonly RawZipEntry[]): {
  bytes: Uint8Array<ArrayBuffer>;
  directory: number;
} {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? new TextEncoder().encode(entry.name) : entry.name;
    const flags = entry.flags ?? 0;
    const crc = crc32(entry.data);
    const local = new Uint8Array(30 + name.length + entry.data.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true);
    l.setUint16(6, flags, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, entry.data.length, true);
    l.setUint32(22, entry.data.length, true);
    l.setUint16(26, name.length, true);
    local.set(name, 30);
    local.set(entry.data, 30 + name.length);
    const central = new Uint8Array(46 + name.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(8, flags, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, entry.data.length, true);
    c.setUint32(24, entry.data.length, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const size = centrals.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, Math.min(entries.length, 0xffff), true);
  e.setUint16(10, Math.min(entries.length, 0xffff), true);
  e.setUint32(12, size, true);
  e.setUint32(16, offset, true);
  const bytes = new Uint8Array(offset + size + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    bytes.set(part, at);
    at += part.length;
  }
  return { bytes, directory: offset };
}
