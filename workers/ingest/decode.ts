import { THUMBNAIL_SIZE } from './ingest-types.ts';
import { rgbaToGray } from '../../models/preprocess/preprocess.ts';
import { dHash64 } from '../lib/image/dhash.ts';
import { bitmapRgba, drawBitmap } from '../lib/gray.ts';

/** The image could not be decoded although its header looked right. */
export class DecodeError extends Error {
  override name = 'DecodeError';
}

/** Side of the grayscale proxy the perceptual hash is computed from, pixels. */
const HASH_PROXY = 64;

/** The 64-bit difference hash of a decoded image (16 hex chars), for near-duplicate search. */
export function perceptualHash(bitmap: ImageBitmap): string {
  return dHash64(
    rgbaToGray(bitmapRgba(bitmap, HASH_PROXY, HASH_PROXY), HASH_PROXY, HASH_PROXY),
    HASH_PROXY,
    HASH_PROXY,
  );
}

/** Decodes an image, or throws DecodeError for corrupt or truncated data. The caller closes the bitmap. */
export async function decodeBitmap(data: Blob): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(data);
  } catch {
    throw new DecodeError('The image data is corrupt or truncated and could not be decoded.');
  }
}

/**
 * Decodes an image fully (so corrupt or truncated data is caught), renders its thumbnail and
 * computes its perceptual hash. The caller keeps ownership of `bytes`.
 */
export async function decodeWithThumbnail(
  bytes: Uint8Array<ArrayBuffer>,
  mime: string,
): Promise<{ width: number; height: number; thumbnail: Blob; phash: string }> {
  const bitmap = await decodeBitmap(new Blob([bytes], { type: mime }));
  try {
    const scale = Math.min(1, THUMBNAIL_SIZE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const thumbnail = await (drawBitmap(bitmap, width, height).canvas as OffscreenCanvas).convertToBlob({
      type: 'image/jpeg',
      quality: 0.85,
    });
    return { width: bitmap.width, height: bitmap.height, thumbnail, phash: perceptualHash(bitmap) };
  } finally {
    bitmap.close();
  }
}
