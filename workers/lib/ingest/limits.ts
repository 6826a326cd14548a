/** Limits every import is checked against before anything is decoded or stored. */
import { DEFAULT_ZIP_LIMITS } from './zip-safe.ts';
import type { ZipLimits } from './zip-safe.ts';

/** Re-exported so callers need only this module. */
export type { ZipLimits } from './zip-safe.ts';

/** Per-image and per-archive limits for one import. */
export interface IngestLimits {
  /** Most pixels (width × height, as declared in the header) one image may have. */
  maxPixels: number;
  /** Largest image file, bytes. */
  maxBytes: number;
  /** Largest label file (Label Studio export, export manifest), bytes. */
  maxExportBytes: number;
  /** Limits for zip archives (entries, bytes per entry and in all, compression ratio). */
  zip: ZipLimits;
}

/** 40 Mpx and 50 MB per image, 100 MB per label file (decimal units); zip limits as in DEFAULT_ZIP_LIMITS. */
export const DEFAULT_INGEST_LIMITS: Readonly<IngestLimits> = Object.freeze({
  maxPixels: 40_000_000,
  maxBytes: 50_000_000,
  maxExportBytes: 100_000_000,
  zip: DEFAULT_ZIP_LIMITS,
});
