/**
 * Zip entry names as bytes become text one way everywhere: UTF-8 when the entry's general purpose
 * bit 11 says so, else IBM code page 437, which is what the ZIP specification (APPNOTE 4.4.4) names
 * for entries without that flag (old Windows tools, many camera vendors' exporters).
 */

/** General purpose bit 11: the name and comment are UTF-8. */
export const UTF8_FLAG = 0x0800;

// Code page 437, bytes 0x80..0xFF; 0x00..0x7F are read as ASCII like every other zip tool does.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

const utf8 = new TextDecoder();

/** Decodes bytes as code page 437. */
export function decodeCp437(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
  return out;
}

/** An entry name from its raw bytes and general purpose flags. */
export function decodeZipName(bytes: Uint8Array, flags: number): string {
  return flags & UTF8_FLAG ? utf8.decode(bytes) : decodeCp437(bytes);
}
