/** The long side of a logged thumbnail, px: enough to see the defect, small enough for a shift of them. */
export const THUMB_LONG_SIDE = 240;
/** JPEG quality of a thumbnail, 0..1. */
const THUMB_QUALITY = 0.8;

/** A frame's size as drawn. */
function sizeOf(source: VideoFrame | ImageBitmap): { width: number; height: number } {
  return 'displayWidth' in source
    ? { width: source.displayWidth, height: source.displayHeight }
    : { width: source.width, height: source.height };
}

/**
 * Small JPEG copies of judged frames for the inspection log. The station keeps a clone of the frame
 * in flight (a VideoFrame clone shares the decoder's buffer, so nothing is copied unless a thumbnail
 * is actually needed) and turns it into a thumbnail only for NG and uncertain verdicts.
 */
export class ThumbnailMaker {
  #canvas: OffscreenCanvas | null = null;
  #ctx: OffscreenCanvasRenderingContext2D | null = null;

  /** `source` as a JPEG whose long side is THUMB_LONG_SIDE px; the source stays the caller's. */
  async jpeg(source: VideoFrame | ImageBitmap): Promise<Blob> {
    const { width, height } = sizeOf(source);
    const scale = THUMB_LONG_SIDE / Math.max(width, height, 1);
    const w = Math.max(1, Math.round(width * scale));
    const h = Math.max(1, Math.round(height * scale));
    if (!this.#canvas || this.#canvas.width !== w || this.#canvas.height !== h) {
      this.#canvas = new OffscreenCanvas(w, h);
      this.#ctx = this.#canvas.getContext('2d');
    }
    if (!this.#ctx) throw new Error('This browser cannot draw thumbnails (no 2D canvas).');
    this.#ctx.drawImage(source, 0, 0, w, h);
    return this.#canvas.convertToBlob({ type: 'image/jpeg', quality: THUMB_QUALITY });
  }
}
