/** The long side of a logged thumbnail, px: enough to see the defect, small enough for a shift of them. */
export const THUMB_LONG_SIDE = 240;
/** JPEG quality of a thumbnail, 0..1. */
const THUMB_QUALITY = 0.8;

/**
 * Keeps a small copy of the frame in flight, drawn before the frame is transferred to the worker, so an
 * NG or uncertain verdict can log the very frame it judged. One frame is in flight at a time.
 */
export class ThumbnailKeeper {
  #canvas: OffscreenCanvas | null = null;
  #ctx: OffscreenCanvasRenderingContext2D | null = null;

  /** Copies `source` (px `width`×`height`) into the thumbnail. */
  keep(source: CanvasImageSource, width: number, height: number): void {
    const scale = THUMB_LONG_SIDE / Math.max(width, height, 1);
    const w = Math.max(1, Math.round(width * scale));
    const h = Math.max(1, Math.round(height * scale));
    if (!this.#canvas || this.#canvas.width !== w || this.#canvas.height !== h) {
      this.#canvas = new OffscreenCanvas(w, h);
      this.#ctx = this.#canvas.getContext('2d');
    }
    this.#ctx?.drawImage(source, 0, 0, w, h);
  }

  /** The kept frame as a JPEG; null before any frame was kept. */
  async jpeg(): Promise<Blob | null> {
    if (!this.#canvas) return null;
    return this.#canvas.convertToBlob({ type: 'image/jpeg', quality: THUMB_QUALITY });
  }
}
