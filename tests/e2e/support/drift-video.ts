import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  bytesSource,
  encodeY4mHeader,
  grayToI420Frame,
  y4mGrayFrames,
} from '../../../workers/lib/synth/y4m.ts';
import { defocused, dimmed } from '../../../workers/lib/synth/variants.ts';
import { tempDir } from './fixtures.ts';

/** How a variant changes each frame's gray pixels. */
export type FrameChange = (gray: Uint8Array, width: number, height: number) => Uint8Array;

/** The same screws under half the light. */
export const darker: FrameChange = (gray) => dimmed(gray, 0.5);

/** The same screws out of focus (box blur of radius 4, twice each way). */
export const blurred: FrameChange = (gray, width, height) => defocused(gray, width, height, 4);

/**
 * A variant of a generated .y4m video: each frame's Y plane (the gray picture the generator drew)
 * changed by `change`, at most `frames` frames, written as a new .y4m; returns its path.
 */
export async function videoVariant(source: string, change: FrameChange, frames = Infinity): Promise<string> {
  const path = join(tempDir('screwops-variant-'), 'camera.y4m');
  const fd = openSync(path, 'w');
  try {
    let headerWritten = false;
    for await (const { index, gray, header } of y4mGrayFrames(bytesSource(readFileSync(source)))) {
      if (index >= frames) break;
      if (!headerWritten) {
        writeSync(
          fd,
          encodeY4mHeader(header.width, header.height, header.fpsNumerator / header.fpsDenominator),
        );
        headerWritten = true;
      }
      writeSync(fd, grayToI420Frame(change(gray, header.width, header.height), header.width, header.height));
    }
  } finally {
    closeSync(fd);
  }
  return path;
}
