/** JPEG marker scan: finds the frame size (SOFn) and checks the stream reaches its end marker. */
import { byteAt, u16be } from '../bytes.ts';
import { truncated, unknown } from './sniff-result.ts';
import type { SniffResult } from './sniff-result.ts';

// Cameras may append trailers (maker data, MPF) after EOI, so look a little way back from the end.
const EOI_SEARCH_BYTES = 1 << 20;

// SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range but are not frames.
function isStartOfFrame(m: number): boolean {
  return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

// Markers without a length field: TEM, RST0..7 and a repeated SOI.
function isStandalone(m: number): boolean {
  return m === 0x01 || m === 0xd8 || (m >= 0xd0 && m <= 0xd7);
}

const CORRUPT = 'Corrupt JPEG';
const RE_EXPORT = 'Re-export the image.';

/** Scans markers up to the first scan (SOS); `b` must start with FF D8 FF. */
export function sniffJpeg(b: Uint8Array): SniffResult {
  let i = 2;
  let size: { width: number; height: number } | null = null;
  for (;;) {
    if (i >= b.length) {
      return truncated(
        `JPEG ends after ${b.length} bytes, before ${size ? 'its image data' : 'its size header (SOF)'}`,
      );
    }
    if (byteAt(b, i) !== 0xff) return unknown(`${CORRUPT}: expected a marker at byte ${i}. ${RE_EXPORT}`);
    // Any number of 0xFF fill bytes may precede a marker code.
    while (i < b.length && byteAt(b, i) === 0xff) i++;
    if (i >= b.length) return truncated(`JPEG ends after ${b.length} bytes inside a marker`);
    const marker = byteAt(b, i++);
    if (isStandalone(marker)) continue;
    if (marker === 0xd9 || marker === 0x00) {
      return unknown(`${CORRUPT}: it ends (or breaks) before any image data at byte ${i - 2}. ${RE_EXPORT}`);
    }
    if (i + 2 > b.length) return truncated(`JPEG ends after ${b.length} bytes inside a segment header`);
    const length = u16be(b, i);
    if (length < 2) return unknown(`${CORRUPT}: segment at byte ${i - 2} has length ${length}. ${RE_EXPORT}`);
    if (isStartOfFrame(marker)) {
      if (i + 7 > b.length)
        return truncated(`JPEG ends after ${b.length} bytes inside its size header (SOF)`);
      const height = u16be(b, i + 3);
      const width = u16be(b, i + 5);
      if (width === 0) return unknown(`${CORRUPT}: its size header declares a width of 0. ${RE_EXPORT}`);
      // Height 0 defers the size to a DNL marker after the first scan; browsers rarely decode these.
      if (height === 0)
        return unknown(
          'JPEG declares its height only after the image data (DNL), which is not supported. Re-save it with a standard encoder.',
        );
      // Decoders differ on a second frame header; the largest one is what the limit must see.
      if (!size || width * height > size.width * size.height) size = { width, height };
    }
    if (marker === 0xda) {
      if (!size) return unknown(`${CORRUPT}: image data starts before the size header (SOF). ${RE_EXPORT}`);
      return hasEndMarker(b, i)
        ? { format: 'jpeg', ...size }
        : truncated(`JPEG has no end-of-image marker (FFD9) after ${b.length} bytes`);
    }
    i += length;
  }
}

// Entropy-coded data never contains FF D9 (0xFF is byte-stuffed), so a hit after SOS is the real EOI.
function hasEndMarker(b: Uint8Array, scanStart: number): boolean {
  const stop = Math.max(scanStart, b.length - EOI_SEARCH_BYTES);
  for (let i = b.length - 2; i >= stop; i--) {
    if (b[i] === 0xff && b[i + 1] === 0xd9) return true;
  }
  return false;
}
