/**
 * Minimal YUV4MPEG2 (.y4m) writer for grayscale video: 4:2:0 frames whose chroma
 * planes are neutral (128). Browsers' fake-camera flags and ffmpeg read it as is.
 */

const FRAME_TAG = 'FRAME\n';

function checkSize(width: number, height: number): void {
  // 4:2:0 subsamples chroma by 2 in both directions, so odd sizes have no exact layout.
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 2 ||
    height < 2 ||
    width % 2 ||
    height % 2
  ) {
    throw new RangeError(`y4m: width and height must be even integers ≥ 2, got ${width}x${height}`);
  }
}

function ascii(s: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Stream header for `width`×`height` px at `fps` frames per second (integer ≥ 1), progressive, square pixels, 4:2:0. */
export function encodeY4mHeader(width: number, height: number, fps: number): Uint8Array<ArrayBuffer> {
  checkSize(width, height);
  if (!Number.isInteger(fps) || fps < 1) throw new RangeError(`y4m: fps must be an integer ≥ 1, got ${fps}`);
  return ascii(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420\n`);
}

/** Bytes per frame including the `FRAME\n` tag: 6 + w·h·3/2. */
export function y4mFrameBytes(width: number, height: number): number {
  checkSize(width, height);
  return FRAME_TAG.length + (width * height * 3) / 2;
}

/** One frame: `FRAME\n`, the gray pixels as the Y plane, then U and V planes of 128. */
export function grayToI420Frame(pixels: Uint8Array, width: number, height: number): Uint8Array<ArrayBuffer> {
  checkSize(width, height);
  if (pixels.length !== width * height) {
    throw new RangeError(`y4m: expected ${width * height} gray bytes, got ${pixels.length}`);
  }
  const out = new Uint8Array(y4mFrameBytes(width, height));
  out.set(ascii(FRAME_TAG), 0);
  out.set(pixels, FRAME_TAG.length);
  out.fill(128, FRAME_TAG.length + width * height);
  return out;
}
