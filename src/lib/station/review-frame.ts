import { sha256Hex } from '../../../workers/lib/ingest/dedup.ts';
import { perceptualHash } from '../../../workers/ingest/decode.ts';
import { THUMBNAIL_SIZE } from '../../../workers/ingest/ingest-types.ts';

/** A judged frame encoded like any stored image: a PNG original, its SHA-256, a thumbnail and a perceptual hash. */
export interface EncodedFrame {
  original: Blob;
  sha256: string;
  thumbnail: Blob;
  phash: string;
  /** px */
  width: number;
  height: number;
}

/** JPEG quality of the thumbnail, as the importer stores them. */
const THUMB_QUALITY = 0.85;

function canvas2d(width: number, height: number): OffscreenCanvasRenderingContext2D {
  const context = new OffscreenCanvas(width, height).getContext('2d');
  if (!context)
    throw new Error('This browser cannot draw the frame to keep (no 2D canvas); nothing was stored.');
  return context;
}

/**
 * Encodes the exact frame the station judged, at full resolution, as a lossless PNG (so its bytes,
 * and the training data made from them, are the pixels the model saw). The source stays the caller's.
 */
export async function encodeReviewFrame(source: VideoFrame | ImageBitmap): Promise<EncodedFrame> {
  const bitmap = await createImageBitmap(source);
  try {
    const { width, height } = bitmap;
    const full = canvas2d(width, height);
    full.drawImage(bitmap, 0, 0);
    const scale = Math.min(1, THUMBNAIL_SIZE / Math.max(width, height));
    const thumb = canvas2d(Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)));
    thumb.imageSmoothingQuality = 'high';
    thumb.drawImage(bitmap, 0, 0, thumb.canvas.width, thumb.canvas.height);
    const [original, thumbnail] = await Promise.all([
      full.canvas.convertToBlob({ type: 'image/png' }),
      thumb.canvas.convertToBlob({ type: 'image/jpeg', quality: THUMB_QUALITY }),
    ]);
    const sha256 = await sha256Hex(new Uint8Array(await original.arrayBuffer()));
    return { original, sha256, thumbnail, phash: perceptualHash(bitmap), width, height };
  } finally {
    bitmap.close();
  }
}
