import { THUMBNAIL_SIZE } from './ingest-types.ts';

/** The image could not be decoded although its header looked right. */
export class DecodeError extends Error {
  override name = 'DecodeError';
}

/**
 * Decodes an image fully (so corrupt or truncated data is caught) and renders its thumbnail.
 * The bitmap is closed before returning; the caller keeps ownership of `bytes`.
 */
export async function decodeWithThumbnail(
  bytes: Uint8Array<ArrayBuffer>,
  mime: string,
): Promise<{ width: number; height: number; thumbnail: Blob }> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes], { type: mime }));
  } catch {
    throw new DecodeError('The image data is corrupt or truncated and could not be decoded.');
  }
  try {
    const scale = Math.min(1, THUMBNAIL_SIZE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new DecodeError('This browser cannot draw thumbnails in a worker.');
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, width, height);
    const thumbnail = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
    return { width: bitmap.width, height: bitmap.height, thumbnail };
  } finally {
    bitmap.close();
  }
}
