/** RFC 4180 CSV parsing: quoted fields may hold commas, doubled quotes and line breaks. */

/** Raised when CSV text cannot be split into rows; the message names the file and the line. */
export class CsvParseError extends Error {
  override name = 'CsvParseError';
}

/** Splits CSV text into rows of fields; a trailing newline does not add an empty row. */
export function parseCsv(text: string, fileName: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  let i = 0;
  const n = text.length;
  const endField = (): void => {
    row.push(field);
    field = '';
  };
  const endRow = (): void => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < n) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        // A doubled quote inside quotes is a literal quote; a single one closes the field.
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      endRow();
      line++;
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else field += c;
    i++;
  }
  if (quoted) {
    throw new CsvParseError(
      `${fileName}: a quoted field opened on line ${quoteLine} is never closed. The file may be cut off; export it again.`,
    );
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}
