/** Checks one import candidate before anything is decoded or stored: size, real format, limits, hash. */
import type { LabelSource } from '../lib/db/schema/images.ts';
import { sha256Hex } from '../lib/ingest/dedup.ts';
import type { IngestLimits } from '../lib/ingest/limits.ts';
import { checkImageLimits, sniffImage } from '../lib/ingest/sniff.ts';
import type { ImageFormat } from '../lib/ingest/sniff.ts';

/** MIME type of each format the import accepts. */
export const MIME: Readonly<Record<ImageFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
};

/** One image to ingest; `bytes` is called once, only when the file was not handled before. */
export interface Candidate {
  /** stable key within the import (its path), used to resume */
  key: string;
  path: string;
  fileName: string;
  label: string | null;
  labelSource: LabelSource | null;
  defectType: string | null;
  capturedAt: number | null;
  /** bytes of the file, when known before reading (rejects oversize files without reading them) */
  size?: number;
  bytes: () => Promise<Uint8Array<ArrayBuffer>>;
}

/** A candidate that passed: its bytes (owned by the caller now), sniffed format and content hash. */
export interface ValidCandidate {
  bytes: Uint8Array<ArrayBuffer>;
  format: ImageFormat;
  sha256: string;
}

/**
 * Reads and checks a candidate: empty, oversize, not an image, or over the pixel limit as declared
 * in its header. Returns the reason it is refused, or what the rest of the import needs.
 */
export async function validateCandidate(
  candidate: Candidate,
  limits: Pick<IngestLimits, 'maxBytes' | 'maxPixels'>,
): Promise<{ reason: string } | ValidCandidate> {
  const { maxBytes, maxPixels } = limits;
  if (candidate.size === 0) return { reason: 'The file is empty (0 bytes).' };
  if (candidate.size !== undefined && candidate.size > maxBytes) {
    const reason = checkImageLimits({ width: 0, height: 0 }, { maxBytes, maxPixels }, candidate.size);
    if (reason) return { reason };
  }
  const bytes = await candidate.bytes();
  if (bytes.length === 0) return { reason: 'The file is empty (0 bytes).' };
  const sniffed = sniffImage(bytes);
  if (!('width' in sniffed)) return { reason: sniffed.reason };
  const overLimit = checkImageLimits(sniffed, { maxBytes, maxPixels }, bytes.length);
  if (overLimit) return { reason: overLimit };
  return { bytes, format: sniffed.format, sha256: await sha256Hex(bytes) };
}
