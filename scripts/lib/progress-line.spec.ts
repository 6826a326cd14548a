import { describe, expect, it } from 'vitest';
import { progressLine } from './progress-line.ts';

function terminal(columns?: number) {
  const writes: string[] = [];
  return { writes, stream: { columns, write: (text: string) => writes.push(text) } };
}

describe('progressLine', () => {
  it('replaces the row on each update and erases it once when cleared', () => {
    const { writes, stream } = terminal(80);
    const line = progressLine(stream);
    line.clear();
    expect(writes).toEqual([]);
    line.show('train: epoch 1/60');
    line.show('train: epoch 2/60');
    line.clear();
    line.clear();
    expect(writes).toEqual(['\r\x1b[2Ktrain: epoch 1/60', '\r\x1b[2Ktrain: epoch 2/60', '\r\x1b[2K']);
  });

  it('cuts a line to the terminal width so it never wraps onto a second row', () => {
    const { writes, stream } = terminal(30);
    progressLine(stream).show('import: 120/400 files · 31.2 images/s · good/0042.png');
    const shown = writes[0]!.replace('\r\x1b[2K', '');
    expect(shown).toHaveLength(29);
    expect(shown.endsWith('…')).toBe(true);
  });

  it('assumes 80 columns when the terminal reports no size', () => {
    const { writes, stream } = terminal(0);
    progressLine(stream).show('x'.repeat(100));
    expect(writes[0]!.replace('\r\x1b[2K', '')).toHaveLength(79);
  });
});
