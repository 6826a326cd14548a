/** PNG header and chunk-chain checks: catches truncated or corrupt files before a decoder sees them. */
import { ascii, byteAt, crc32, u32be } from '../bytes.ts';
import { truncated, unknown, validSide } from './sniff-result.ts';
import type { SniffResult } from './sniff-result.ts';

/** The 8-byte PNG file signature. */
export const PNG_SIGNATURE: readonly number[] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

// Allowed bit depths per colour type (PNG spec table 11.1); anything else no decoder accepts.
const BIT_DEPTHS: Readonly<Record<number, readonly number[]>> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

const IHDR_END = 8 + 8 + 13 + 4;

/** Reads IHDR and walks the chunk chain to IEND; `b` must start with the PNG signature. */
export function sniffPng(b: Uint8Array): SniffResult {
  if (b.length < IHDR_END) return truncated(`PNG ends inside its IHDR header after ${b.length} bytes`);
  if (u32be(b, 8) !== 13 || ascii(b, 12, 4) !== 'IHDR') {
    return unknown('Corrupt PNG: the first chunk is not a 13-byte IHDR header. Re-export the image.');
  }
  if (crc32(b, 12, 29) !== u32be(b, 29)) {
    return unknown('Corrupt PNG: the IHDR header checksum (CRC) does not match. Re-export the image.');
  }
  const width = u32be(b, 16);
  const height = u32be(b, 20);
  if (!validSide(width) || !validSide(height)) {
    return unknown(`Corrupt PNG: IHDR declares an impossible size ${width}x${height}. Re-export the image.`);
  }
  const depth = byteAt(b, 24);
  const colour = byteAt(b, 25);
  if (!BIT_DEPTHS[colour]?.includes(depth)) {
    return unknown(
      `Corrupt PNG: colour type ${colour} with bit depth ${depth} is not valid. Re-export the image.`,
    );
  }
  const chain = walkChunks(b, IHDR_END);
  return chain ?? { format: 'png', width, height };
}

// Returns null when the chain reaches IEND with image data on the way, else the failure.
function walkChunks(b: Uint8Array, start: number): SniffResult | null {
  let off = start;
  let sawData = false;
  for (let index = 1; ; index++) {
    if (off + 12 > b.length) {
      return truncated(
        `PNG ends after ${b.length} bytes, before its IEND end marker (chunk #${index} is cut off)`,
      );
    }
    const length = u32be(b, off);
    const type = ascii(b, off + 4, 4);
    // Chunk types are four ASCII letters; anything else means we lost sync with the chain.
    if (!/^[A-Za-z]{4}$/.test(type) || length > 0x7fffffff) {
      return unknown(
        `Corrupt PNG: chunk #${index} at byte ${off} is not a valid chunk. Re-export the image.`,
      );
    }
    const end = off + 12 + length;
    if (end > b.length) {
      return truncated(
        `PNG ends after ${b.length} bytes, inside its ${type} chunk at byte ${off} that declares ${length} bytes`,
      );
    }
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') {
      return sawData
        ? null
        : unknown('Corrupt PNG: it has no image data (IDAT) before IEND. Re-export the image.');
    }
    off = end;
  }
}
