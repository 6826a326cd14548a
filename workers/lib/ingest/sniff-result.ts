/** Result types shared by the per-format header sniffers. */

/** Image formats the importer recognises by magic bytes. */
export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'bmp';

/** A recognised image: its real format and the dimensions its header declares (pixels). */
export interface SniffedImage {
  format: ImageFormat;
  /** Declared width, pixels. */
  width: number;
  /** Declared height, pixels. */
  height: number;
}

/** Why a file is not importable: not a known image, or an incomplete one. */
export interface SniffFailure {
  format: 'unknown' | 'truncated';
  reason: string;
}

/** What `sniffImage` learns from a file's first (and, for PNG/JPEG, last) bytes. */
export type SniffResult = SniffedImage | SniffFailure;

/** A failure for content that is not (or no longer) a decodable image. */
export function unknown(reason: string): SniffFailure {
  return { format: 'unknown', reason };
}

/** A failure for a file that stops before its format says it should; names the likely cause. */
export function truncated(what: string): SniffFailure {
  return {
    format: 'truncated',
    reason: `${what}: the file is incomplete (interrupted download or copy?). Copy it again from the original.`,
  };
}

/** True when `value` is a usable declared dimension (pixels). */
export function validSide(value: number): boolean {
  return Number.isInteger(value) && value > 0 && value <= 0x7fffffff;
}
