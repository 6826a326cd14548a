import { describe, expect, it } from 'vitest';
import { CsvParseError, parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('splits plain rows and ignores one trailing newline', () => {
    expect(parseCsv('a,b\n1,2\n', 'x.csv')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(parseCsv('a,,c,\n', 'x.csv')).toEqual([['a', '', 'c', '']]);
  });

  it('unquotes fields with commas, doubled quotes and CRLF/LF line breaks', () => {
    expect(parseCsv('"a,b","say ""hi""","x\r\ny"\r\nz', 'x.csv')).toEqual([
      ['a,b', 'say "hi"', 'x\r\ny'],
      ['z'],
    ]);
  });

  it('treats a quote in the middle of a field as a literal character', () => {
    expect(parseCsv('5" bolt,ok', 'x.csv')).toEqual([['5" bolt', 'ok']]);
  });

  it('accepts old Mac CR-only line ends', () => {
    expect(parseCsv('a\rb\r', 'x.csv')).toEqual([['a'], ['b']]);
  });

  it('names the file and the opening line of an unterminated quote', () => {
    const attempt = () => parseCsv('h\nok\n"open\nstill open', 'export.csv');
    expect(attempt).toThrow(CsvParseError);
    expect(attempt).toThrow(/export\.csv: a quoted field opened on line 3/);
  });
});
