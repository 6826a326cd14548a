import { rgbaToGray } from '../../models/preprocess/preprocess.ts';

/** Draws a decoded image, scaled to width × height pixels, onto a fresh OffscreenCanvas. */
export function drawBitmap(
  bitmap: ImageBitmap,
  width = bitmap.width,
  height = bitmap.height,
): OffscreenCanvasRenderingContext2D {
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('This browser cannot draw images in a worker.');
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  return context;
}

/** RGBA pixels of a decoded image (optionally scaled); the bitmap stays the caller's. */
export function bitmapRgba(
  bitmap: ImageBitmap,
  width = bitmap.width,
  height = bitmap.height,
): Uint8ClampedArray {
  return drawBitmap(bitmap, width, height).getImageData(0, 0, width, height).data;
}

/** 8-bit gray pixels of a decoded image; the bitmap stays the caller's. */
export function bitmapToGray(bitmap: ImageBitmap): { gray: Uint8Array; width: number; height: number } {
  const { width, height } = bitmap;
  return { gray: rgbaToGray(bitmapRgba(bitmap), width, height), width, height };
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
