/**
 * Lists the entry names of a zip from its central directory, without inflating anything, so the
 * folder layout (and so every entry's label) is known before the entries stream in.
 */
import { decodeZipName } from '../lib/ingest/zip-names.ts';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_MIN = 22;
const EOCD_MAX = EOCD_MIN + 0xffff;
const CENTRAL_HEADER = 46;

/**
 * Entry names in central-directory order, or null when the directory cannot be read (zip64, damage):
 * every length in it is checked against the bytes actually there, so damage never throws.
 */
export async function listZipNames(archive: Blob): Promise<string[] | null> {
  const tailStart = Math.max(0, archive.size - EOCD_MAX);
  const tail = new DataView(await archive.slice(tailStart).arrayBuffer());
  let eocd = -1;
  for (let i = tail.byteLength - EOCD_MIN; i >= 0; i--) {
    if (tail.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = tail.getUint16(eocd + 10, true);
  const size = tail.getUint32(eocd + 12, true);
  const offset = tail.getUint32(eocd + 16, true);
  // 0xFFFF / 0xFFFFFFFF mean the real values live in a zip64 record; the stream reader copes alone.
  if (count === 0xffff || offset === 0xffffffff || offset + size > archive.size) return null;
  const directory = new Uint8Array(await archive.slice(offset, offset + size).arrayBuffer());
  const view = new DataView(directory.buffer);
  const names: string[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + CENTRAL_HEADER > directory.length || view.getUint32(at, true) !== CENTRAL_SIGNATURE) return null;
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const nameEnd = at + CENTRAL_HEADER + nameLength;
    const next = nameEnd + extraLength + commentLength;
    if (next > directory.length) return null;
    names.push(decodeZipName(directory.subarray(at + CENTRAL_HEADER, nameEnd), flags));
    at = next;
  }
  return names;
}
