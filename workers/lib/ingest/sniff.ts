/** Detects an image's real format and declared size from its bytes, without decoding pixels. */
import { ascii, byteAt, startsWith } from '../bytes.ts';
import { formatBytes, formatPixels } from './format.ts';
import { sniffJpeg } from './sniff-jpeg.ts';
import { sniffBmp, sniffGif, sniffWebp } from './sniff-other.ts';
import { PNG_SIGNATURE, sniffPng } from './sniff-png.ts';
import { truncated, unknown } from './sniff-result.ts';
import type { SniffResult } from './sniff-result.ts';

/** Re-exported so callers need only this module. */
export type { ImageFormat, SniffedImage, SniffFailure, SniffResult } from './sniff-result.ts';

const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const GIF87 = [...'GIF87a'].map((c) => c.charCodeAt(0));
const GIF89 = [...'GIF89a'].map((c) => c.charCodeAt(0));
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];
const BM = [0x42, 0x4d];

// Signatures a very short file could be the start of, so "too short" reads as truncated, not unknown.
const PREFIXES: ReadonlyArray<readonly [string, readonly number[]]> = [
  ['PNG', PNG_SIGNATURE],
  ['JPEG', JPEG_SIGNATURE],
  ['GIF', GIF89],
  ['GIF', GIF87],
  ['WebP', RIFF],
];

/**
 * Reads the format from magic bytes and the declared width/height from the header. PNG and JPEG
 * are also checked for a complete chunk chain / end marker, so truncated files fail here.
 */
export function sniffImage(bytes: Uint8Array): SniffResult {
  if (bytes.length === 0) return unknown('The file is empty (0 bytes). Copy it again from the original.');
  if (startsWith(bytes, PNG_SIGNATURE)) return sniffPng(bytes);
  if (startsWith(bytes, JPEG_SIGNATURE)) return sniffJpeg(bytes);
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return sniffWebp(bytes);
  if (startsWith(bytes, GIF87) || startsWith(bytes, GIF89)) return sniffGif(bytes);
  if (startsWith(bytes, BM)) return sniffBmp(bytes);
  for (const [name, signature] of PREFIXES) {
    // One byte proves nothing ("G" could be any text); two matching bytes are worth reporting.
    const isPrefix = bytes.length >= 2 && bytes.length < signature.length;
    if (isPrefix && bytes.every((v, k) => signature[k] === v)) {
      return truncated(`The file is only ${bytes.length} bytes, the start of a ${name} signature`);
    }
  }
  return unknown(`Not a PNG, JPEG, WebP, GIF or BMP image: ${describe(bytes)}`);
}

// Names the formats people most often mistake for images, so the message says what to do instead.
function describe(b: Uint8Array): string {
  const head = ascii(b, 0, 16);
  if (head.startsWith('II*\0') || head.startsWith('MM\0*'))
    return 'it is a TIFF file. Convert it to PNG first.';
  const brand = ascii(b, 4, 8);
  if (/^ftyp(heic|heix|hevc|mif1|msf1)/.test(brand))
    return 'it is a HEIC photo. Export it as JPEG or PNG first.';
  if (brand === 'ftypavif') return 'it is an AVIF image. Export it as PNG or WebP first.';
  if (head.startsWith('%PDF')) return 'it is a PDF document.';
  if (head.startsWith('PK\x03\x04')) return 'it is a zip archive. Import it as an archive instead.';
  const text = head.replace(/^\xef\xbb\xbf/, '').trimStart();
  if (text.startsWith('<'))
    return 'it is an HTML/XML/SVG text file (a web page saved instead of the image?).';
  if (looksLikeText(b)) return `it looks like a text file (starts "${printable(head)}"). Was it renamed?`;
  const hex = [...b.subarray(0, 8)].map((v) => v.toString(16).padStart(2, '0')).join(' ');
  return `unrecognised content (first bytes ${hex}).`;
}

function looksLikeText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 512);
  let plain = 0;
  for (let i = 0; i < n; i++) {
    const v = byteAt(b, i);
    if (v === 9 || v === 10 || v === 13 || v >= 32) plain++;
  }
  return plain === n;
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, ' ').trim();
}

/** Per-file limits checked before decoding: `maxPixels` (width × height) and `maxBytes` (file size). */
export interface ImageLimits {
  maxPixels: number;
  maxBytes: number;
}

/**
 * Why a file must not be decoded, or null when it is within limits. `byteLength` is the file size
 * in bytes; the pixel limit uses the declared size, so it catches decompression bombs up front.
 */
export function checkImageLimits(
  info: { width: number; height: number },
  limits: ImageLimits,
  byteLength: number,
): string | null {
  if (byteLength > limits.maxBytes) {
    return `The file is ${formatBytes(byteLength)}, over the ${formatBytes(limits.maxBytes)} per-file limit. Downscale or re-compress it.`;
  }
  const pixels = info.width * info.height;
  if (pixels > limits.maxPixels) {
    return `Declared ${info.width}x${info.height} = ${formatPixels(pixels)} exceeds the ${formatPixels(limits.maxPixels)} limit (decompression bomb?). Downscale it before importing.`;
  }
  return null;
}
