/** Recovers how a zip entry's name was encoded from its local header, which fflate does not expose. */
import { concat } from '../bytes.ts';
import { decodeZipName, UTF8_FLAG } from './zip-names.ts';

/** Keeps the last bytes fed to the unzipper and names each entry as the listing does. */
export class LocalNames {
  /** The last slices fed, enough to hold the local header fflate has just read. */
  #recent: Uint8Array[] = [];
  #recentBytes = 0;
  /** Archive bytes fed so far, and the offset after the last header `nameOf` matched. */
  #fed = 0;
  #cursor = 0;

  /** `window`: bytes to keep, at least a whole local header plus the slice it may end in. */
  constructor(private readonly window: number) {}

  /** Records a slice just before it is handed to the unzipper. */
  feed(chunk: Uint8Array): void {
    this.#recent.push(chunk);
    this.#recentBytes += chunk.length;
    this.#fed += chunk.length;
    while (this.#recentBytes - (this.#recent[0]?.length ?? 0) >= this.window) {
      this.#recentBytes -= this.#recent.shift()?.length ?? 0;
    }
  }

  /** The entry name fflate reported, decoded the way the central-directory listing decodes it. */
  nameOf(name: string): string {
    // fflate reads a name without the UTF-8 flag as Latin-1; the listing reads it as code page 437.
    // Latin-1 keeps the bytes, but a flagged name of Latin-1 letters reads the same, so the header
    // itself (still in the recent slices, the first one after the last matched) says which it was.
    if (!/[\u0080-\u00ff]/.test(name) || /[\u0100-\uffff]/.test(name)) return name;
    const window = concat(this.#recent);
    const start = this.#fed - window.length;
    const view = new DataView(window.buffer, window.byteOffset, window.byteLength);
    const utf8 = new TextDecoder();
    for (let j = Math.max(0, this.#cursor - start); j + 30 <= window.length; j++) {
      if (view.getUint32(j, true) !== 0x04034b50) continue;
      const flags = view.getUint16(j + 6, true);
      const length = view.getUint16(j + 26, true);
      if (j + 30 + length > window.length) continue;
      const raw = window.subarray(j + 30, j + 30 + length);
      const asFflate = flags & UTF8_FLAG ? utf8.decode(raw) : String.fromCharCode(...raw);
      if (asFflate !== name) continue;
      this.#cursor = start + j + 30 + length;
      return decodeZipName(raw, flags);
    }
    return name;
  }
}
