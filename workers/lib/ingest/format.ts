/** Human-readable sizes for the messages a person reads when a file is rejected. */

function scaled(value: number, steps: ReadonlyArray<readonly [number, string]>, unit: string): string {
  for (const [factor, prefix] of steps) {
    if (value >= factor) {
      const n = value / factor;
      // One decimal is enough to tell 2.5 GB from 2 GB; trailing ".0" only adds noise.
      const text = n >= 100 ? Math.round(n).toString() : (Math.round(n * 10) / 10).toString();
      return `${text} ${prefix}${unit}`;
    }
  }
  return `${value} ${unit}`;
}

const DECIMAL: ReadonlyArray<readonly [number, string]> = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** Formats a byte count with decimal (SI) prefixes, e.g. 52_000_000 → "52 MB". */
export function formatBytes(bytes: number): string {
  return scaled(bytes, DECIMAL, 'B');
}

/** Formats a pixel count with decimal prefixes, e.g. 2.5e9 → "2.5 Gpx". */
export function formatPixels(pixels: number): string {
  return scaled(pixels, DECIMAL, 'px');
}
