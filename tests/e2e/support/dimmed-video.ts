import { readFileSync, writeFileSync } from 'node:fs';
import { parseY4mHeader } from '../../../workers/lib/synth/y4m.ts';

/**
 * Writes a camera video beside a generated .y4m: `normalPasses` passes of the clip as it is, then
 * `dimPasses` passes with every frame's luma scaled by `factor` (the same screws after the light
 * failed), and returns its path. Chroma is left alone: the generator's video is gray, the station
 * reads luma.
 */
export function dimmedVideo(path: string, { factor = 0.45, normalPasses = 1, dimPasses = 2 } = {}): string {
  const bytes = readFileSync(path);
  const header = parseY4mHeader(bytes);
  const frames = bytes.subarray(header.headerBytes);
  const dim = Buffer.from(frames);
  const luma = header.width * header.height;
  for (let at = 0; at < dim.length;) {
    // Each frame: "FRAME", optional parameters, a line feed, then the planes.
    const lineEnd = dim.indexOf(0x0a, at);
    if (lineEnd < 0 || dim.toString('latin1', at, at + 5) !== 'FRAME')
      throw new Error(`${path}: no FRAME marker at byte ${header.headerBytes + at}; is it a generated .y4m?`);
    const start = lineEnd + 1;
    for (let i = start; i < start + luma; i++) dim[i] = Math.round(dim[i]! * factor);
    at = start + header.planeBytes;
  }
  const out = path.replace(/\.y4m$/, `-then-dim${Math.round(factor * 100)}.y4m`);
  const normal = Array.from({ length: normalPasses - 1 }, () => frames);
  writeFileSync(out, Buffer.concat([bytes, ...normal, ...Array.from({ length: dimPasses }, () => dim)]));
  return out;
}
