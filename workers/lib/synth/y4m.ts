/**
 * Minimal YUV4MPEG2 (.y4m) writer for grayscale video: 4:2:0 frames whose chroma
 * planes are neutral (128). Browsers' fake-camera flags and ffmpeg read it as is.
 *
 * Luma is stored in the BT.601 video range (16 black .. 235 white), as cameras and browsers take
 * 4:2:0 video to be: Chromium's fake camera stretches Y = 162 to 170 on a canvas, so gray written
 * as is reached the page 16% more contrasted and clipped above 235. The reader maps it back.
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

/** Video-range luma (16..235) of a full-range gray level (0..255). */
export function lumaOfGray(gray: number): number {
  return Math.round(16 + (gray * 219) / 255);
}

/** Full-range gray (0..255) of video-range luma; values outside 16..235 clip. */
export function grayOfLuma(luma: number): number {
  return Math.min(255, Math.max(0, Math.round(((luma - 16) * 255) / 219)));
}

const LUMA = Uint8Array.from({ length: 256 }, (_, g) => lumaOfGray(g));
const GRAY = Uint8Array.from({ length: 256 }, (_, y) => grayOfLuma(y));

/** One frame: `FRAME\n`, the gray pixels as the Y plane (video range), then U and V planes of 128. */
export function grayToI420Frame(pixels: Uint8Array, width: number, height: number): Uint8Array<ArrayBuffer> {
  checkSize(width, height);
  if (pixels.length !== width * height) {
    throw new RangeError(`y4m: expected ${width * height} gray bytes, got ${pixels.length}`);
  }
  const out = new Uint8Array(y4mFrameBytes(width, height));
  out.set(ascii(FRAME_TAG), 0);
  for (let i = 0; i < pixels.length; i++) out[FRAME_TAG.length + i] = LUMA[pixels[i]!]!;
  out.fill(128, FRAME_TAG.length + width * height);
  return out;
}

/** A .y4m file that cannot be read as 8-bit video; the message says what is wrong with it. */
export class Y4mFormatError extends Error {
  override name = 'Y4mFormatError';
}

/** What a .y4m stream header declares. */
export interface Y4mHeader {
  width: number;
  height: number;
  /** frames per second as a fraction; 0/0 when the header does not say */
  fpsNumerator: number;
  fpsDenominator: number;
  /** the C parameter as written ("420jpeg", "mono", …); "420jpeg" when absent, as the format defines */
  colorspace: string;
  /** bytes of the header line, newline included: where the first frame starts */
  headerBytes: number;
  /** bytes of one frame's planes (Y first), not counting its FRAME line */
  planeBytes: number;
}

/** Longest header line accepted, bytes; real headers are under 100. */
const MAX_HEADER_BYTES = 1024;

/** Bytes of a frame's planes for an 8-bit colourspace: luma plus whatever chroma it carries. */
function planeBytesFor(colorspace: string, width: number, height: number): number {
  const luma = width * height;
  const halfW = Math.ceil(width / 2);
  const halfH = Math.ceil(height / 2);
  if (colorspace === 'mono') return luma;
  if (/^420(jpeg|paldv|mpeg2)?$/.test(colorspace)) return luma + 2 * halfW * halfH;
  if (colorspace === '422') return luma + 2 * halfW * height;
  if (colorspace === '444') return 3 * luma;
  if (colorspace === '444alpha') return 4 * luma;
  throw new Y4mFormatError(
    `The video's colourspace C${colorspace} is not supported; write 8-bit 4:2:0 or mono (ffmpeg -pix_fmt yuv420p).`,
  );
}

/** Reads the stream header at the start of `bytes` (the first line is enough). */
export function parseY4mHeader(bytes: Uint8Array): Y4mHeader {
  const end = bytes.subarray(0, MAX_HEADER_BYTES).indexOf(0x0a);
  const line = new TextDecoder('latin1').decode(bytes.subarray(0, end < 0 ? MAX_HEADER_BYTES : end));
  if (!line.startsWith('YUV4MPEG2'))
    throw new Y4mFormatError('This is not a YUV4MPEG2 (.y4m) video: it does not start with "YUV4MPEG2".');
  if (end < 0)
    throw new Y4mFormatError('The .y4m header line never ends; the file is cut short or not a video.');
  let width = 0;
  let height = 0;
  let fps: [number, number] = [0, 0];
  let colorspace = '420jpeg';
  for (const token of line.split(' ').slice(1)) {
    const value = token.slice(1);
    if (token[0] === 'W') width = Number(value);
    else if (token[0] === 'H') height = Number(value);
    else if (token[0] === 'C') colorspace = value;
    else if (token[0] === 'F') {
      const [n, d] = value.split(':').map(Number);
      if (n && d) fps = [n, d];
    }
  }
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new Y4mFormatError(`The .y4m header gives no usable frame size (W${width} H${height}).`);
  return {
    width,
    height,
    fpsNumerator: fps[0],
    fpsDenominator: fps[1],
    colorspace,
    headerBytes: end + 1,
    planeBytes: planeBytesFor(colorspace, width, height),
  };
}

/** Reads `length` bytes at `offset` of a file (fewer at its end), e.g. from a Blob's slice. */
export type ByteSource = (offset: number, length: number) => Promise<Uint8Array>;

/** A ByteSource over bytes already in memory. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length));
}

/**
 * The frames of a .y4m video as 8-bit full-range gray (each frame's Y plane, from the video range the
 * way a browser shows it), read one at a time so a long
 * video never sits in memory whole. Frame lines may carry parameters ("FRAME Ixx"); they are skipped.
 */
export async function* y4mGrayFrames(
  read: ByteSource,
): AsyncGenerator<{ index: number; gray: Uint8Array; header: Y4mHeader }> {
  const header = parseY4mHeader(await read(0, MAX_HEADER_BYTES));
  const luma = header.width * header.height;
  let offset = header.headerBytes;
  for (let index = 0; ; index++) {
    // One read covers the usual "FRAME\n" line and the planes; a longer frame line costs a second read.
    let chunk = await read(offset, 6 + header.planeBytes);
    if (chunk.length === 0) return;
    let newline = chunk.subarray(0, MAX_HEADER_BYTES).indexOf(0x0a);
    if (newline < 0 || new TextDecoder('latin1').decode(chunk.subarray(0, 5)) !== 'FRAME')
      throw new Y4mFormatError(
        `Frame ${index} of the .y4m video does not start with "FRAME"; the file is damaged.`,
      );
    if (newline !== 5) {
      chunk = await read(offset, newline + 1 + header.planeBytes);
      newline = chunk.indexOf(0x0a);
    }
    const planes = chunk.subarray(newline + 1);
    if (planes.length < header.planeBytes) {
      if (index > 0 && planes.length === 0) return;
      throw new Y4mFormatError(
        `Frame ${index} of the .y4m video is cut short (${planes.length} of ${header.planeBytes} bytes).`,
      );
    }
    yield { index, gray: planes.subarray(0, luma).map((y) => GRAY[y]!), header };
    offset += newline + 1 + header.planeBytes;
  }
}
