/** Header readers for WebP, GIF and BMP: declared size only, plus a length sanity check. */
import { ascii, byteAt, i32le, u16le, u24le, u32le } from '../bytes.ts';
import { truncated, unknown, validSide } from './sniff-result.ts';
import type { ImageFormat, SniffResult } from './sniff-result.ts';

function sized(format: ImageFormat, width: number, height: number, name: string): SniffResult {
  if (!validSide(width) || !validSide(height)) {
    return unknown(
      `Corrupt ${name}: its header declares an impossible size ${width}x${height}. Re-export the image.`,
    );
  }
  return { format, width, height };
}

/** Reads a RIFF/WEBP file's first chunk (VP8, VP8L or VP8X); `b` must start with RIFF....WEBP. */
export function sniffWebp(b: Uint8Array): SniffResult {
  if (b.length < 30) return truncated(`WebP ends inside its header after ${b.length} bytes`);
  // The RIFF size counts everything after the first 8 bytes, so a shorter file lost its tail.
  const declared = u32le(b, 4) + 8;
  if (declared > b.length) return truncated(`WebP declares ${declared} bytes but has only ${b.length}`);
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ') {
    if (byteAt(b, 23) !== 0x9d || byteAt(b, 24) !== 0x01 || byteAt(b, 25) !== 0x2a) {
      return unknown('Corrupt WebP: the lossy (VP8) frame has no start code. Re-export the image.');
    }
    // The top two bits of each 16-bit field are an upscaling hint, not part of the size.
    return sized('webp', u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff, 'WebP');
  }
  if (chunk === 'VP8L') {
    if (byteAt(b, 20) !== 0x2f)
      return unknown('Corrupt WebP: the lossless (VP8L) signature is missing. Re-export the image.');
    const bits = u32le(b, 21);
    return sized('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1, 'WebP');
  }
  if (chunk === 'VP8X') return sized('webp', u24le(b, 24) + 1, u24le(b, 27) + 1, 'WebP');
  return unknown(`Corrupt WebP: unknown first chunk "${chunk.trim()}". Re-export the image.`);
}

/**
 * Reads a GIF's size: its logical screen, grown to cover every frame's image descriptor, since a
 * decoder allocates each frame at its own size (a 1x1 screen may hold a 65535x65535 frame).
 * `b` must start with GIF87a or GIF89a.
 */
export function sniffGif(b: Uint8Array): SniffResult {
  if (b.length < 13) return truncated(`GIF ends inside its header after ${b.length} bytes`);
  let width = u16le(b, 6);
  let height = u16le(b, 8);
  const packed = byteAt(b, 10);
  let at = 13 + (packed & 0x80 ? 3 << ((packed & 7) + 1) : 0);
  // Walk the blocks; a stream that ends early or holds an unknown block stops the walk (decoders
  // show what came before), so only sizes actually declared count.
  while (at < b.length) {
    const block = byteAt(b, at);
    if (block === 0x3b) break;
    if (block === 0x21) {
      at = skipSubBlocks(b, at + 2);
    } else if (block === 0x2c) {
      if (at + 10 > b.length) break;
      const frameWidth = u16le(b, at + 5);
      const frameHeight = u16le(b, at + 7);
      if (frameWidth === 0 || frameHeight === 0) {
        return unknown(
          `Corrupt GIF: a frame declares an impossible size ${frameWidth}x${frameHeight}. Re-export the image.`,
        );
      }
      width = Math.max(width, u16le(b, at + 1) + frameWidth);
      height = Math.max(height, u16le(b, at + 3) + frameHeight);
      const local = byteAt(b, at + 9);
      at += 10 + (local & 0x80 ? 3 << ((local & 7) + 1) : 0);
      // One byte of LZW minimum code size, then the image data's sub-blocks.
      at = skipSubBlocks(b, at + 1);
    } else break;
  }
  return sized('gif', width, height, 'GIF');
}

// Offset after a run of sub-blocks (length byte, data) ending with a zero length, or past the end.
function skipSubBlocks(b: Uint8Array, from: number): number {
  let at = from;
  while (at < b.length) {
    const length = byteAt(b, at);
    at += 1 + length;
    if (length === 0) break;
  }
  return at;
}

// BITMAPCOREHEADER (12), INFO (40), V2/V3 (52/56), OS/2 v2 (16/64), V4 (108), V5 (124).
const DIB_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

/** Reads a BMP's DIB header size; `b` must start with "BM". */
export function sniffBmp(b: Uint8Array): SniffResult {
  if (b.length < 26) return truncated(`BMP ends inside its header after ${b.length} bytes`);
  const dib = u32le(b, 14);
  // "BM" alone is a weak signature (any text starting "BM"), so an unknown header size means "not a BMP".
  if (!DIB_SIZES.has(dib))
    return unknown(`Not an image: starts with "BM" but has no valid BMP header (size ${dib}).`);
  // Some writers leave the file-size field 0; only a non-zero value can prove truncation.
  const fileSize = u32le(b, 2);
  if (fileSize !== 0 && fileSize > b.length) {
    return truncated(`BMP declares ${fileSize} bytes but has only ${b.length}`);
  }
  const dataOffset = u32le(b, 10);
  if (dataOffset >= b.length) return truncated(`BMP ends after ${b.length} bytes, before its pixel data`);
  if (dib === 12) return sized('bmp', u16le(b, 18), u16le(b, 20), 'BMP');
  if (b.length < 26 + 4) return truncated(`BMP ends inside its header after ${b.length} bytes`);
  // Negative height marks a top-down bitmap; the size is its magnitude.
  return sized('bmp', i32le(b, 18), Math.abs(i32le(b, 22)), 'BMP');
}
