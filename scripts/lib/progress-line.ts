/** A single updating status line on a terminal: each line replaces the previous one. */
export interface ProgressLine {
  show(line: string): void;
  /** erases the line, so what is printed next starts on a clean row */
  clear(): void;
}

/** Writes to `stream` (a terminal): carriage return, erase the row, then the line cut to the width. */
export function progressLine(stream: { write(text: string): unknown; columns?: number }): ProgressLine {
  let shown = false;
  return {
    show(line) {
      // A pseudo-terminal without a size reports 0 columns.
      const width = Math.max(20, (stream.columns || 80) - 1);
      const text = line.length > width ? `${line.slice(0, width - 1)}…` : line;
      stream.write(`\r\x1b[2K${text}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
