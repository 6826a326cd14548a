/** A video that can call back once per decoded frame (Chromium, Safari); others fall back to rAF. */
type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: () => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

/**
 * Calls `onFrame` once per new video frame while started. The callback decides whether to take the
 * frame; the loop itself never queues one, so a slow consumer makes frames drop, not pile up.
 */
export class FrameLoop {
  #video: FrameCallbackVideo | null = null;
  #handle: number | null = null;
  #byVideo = false;
  #lastTime = -1;

  constructor(private readonly onFrame: (video: HTMLVideoElement) => void) {}

  /** Starts calling back for the frames of `video`. */
  start(video: HTMLVideoElement): void {
    this.stop();
    this.#video = video;
    this.#byVideo = typeof (video as FrameCallbackVideo).requestVideoFrameCallback === 'function';
    this.#schedule();
  }

  /** Stops calling back. */
  stop(): void {
    const video = this.#video;
    if (video && this.#handle !== null) {
      if (this.#byVideo) video.cancelVideoFrameCallback?.(this.#handle);
      else cancelAnimationFrame(this.#handle);
    }
    this.#handle = null;
    this.#video = null;
  }

  #schedule(): void {
    const video = this.#video;
    if (!video) return;
    this.#handle = this.#byVideo
      ? video.requestVideoFrameCallback!(this.#tick)
      : requestAnimationFrame(this.#tick);
  }

  #tick = (): void => {
    const video = this.#video;
    if (!video) return;
    this.#schedule();
    // With rAF the same frame shows for several ticks: only a new one counts.
    if (!this.#byVideo) {
      if (video.currentTime === this.#lastTime) return;
      this.#lastTime = video.currentTime;
    }
    if (video.readyState >= 2 && video.videoWidth > 0) this.onFrame(video);
  };
}

/**
 * The video's current frame for the worker: a VideoFrame where WebCodecs has one (no copy, the
 * decoder's own buffer), else an ImageBitmap.
 */
export async function grabFrame(video: HTMLVideoElement): Promise<VideoFrame | ImageBitmap> {
  if (typeof VideoFrame === 'function') {
    try {
      return new VideoFrame(video);
    } catch {
      // Some sources (a video without a decoded frame yet) refuse; a bitmap copy still works.
    }
  }
  return createImageBitmap(video);
}
