import { readFileSync, writeFileSync } from 'node:fs';
import { parseY4mHeader } from '../../../workers/lib/synth/y4m.ts';
import { darker, videoVariant } from './drift-video.ts';

/**
 * A camera video whose light fails mid-run: `normalPasses` passes of a generated .y4m clip as it
 * is, then `dimPasses` passes of its darker variant (the drift tests' `darker`), written beside the
 * variant; returns its path.
 */
export async function lightFailsVideo(
  path: string,
  normalPasses: number,
  dimPasses: number,
): Promise<string> {
  const clip = readFileSync(path);
  const variantPath = await videoVariant(path, darker);
  const variant = readFileSync(variantPath);
  const frames = (bytes: Buffer) => bytes.subarray(parseY4mHeader(bytes).headerBytes);
  const out = variantPath.replace(/\.y4m$/, '-light-fails.y4m');
  writeFileSync(
    out,
    Buffer.concat([
      clip,
      ...Array.from({ length: normalPasses - 1 }, () => frames(clip)),
      ...Array.from({ length: dimPasses }, () => frames(variant)),
    ]),
  );
  return out;
}
