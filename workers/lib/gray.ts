import { rgbaToGray } from '../../models/preprocess/preprocess.ts';

/** 8-bit gray pixels of a decoded image, via an OffscreenCanvas (the bitmap stays the caller's). */
export function bitmapToGray(bitmap: ImageBitmap): { gray: Uint8Array; width: number; height: number } {
  const { width, height } = bitmap;
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('This browser cannot read image pixels in a worker.');
  context.drawImage(bitmap, 0, 0);
  return { gray: rgbaToGray(context.getImageData(0, 0, width, height).data, width, height), width, height };
}

/** Decodes an image file to 8-bit gray. */
export async function blobToGray(blob: Blob): Promise<{ gray: Uint8Array; width: number; height: number }> {
  const bitmap = await createImageBitmap(blob);
  try {
    return bitmapToGray(bitmap);
  } finally {
    bitmap.close();
  }
}
