/** Streams a zip archive entry by entry, enforcing size, ratio and path limits on the real bytes. */
import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';
import type {
  AsyncFlateStreamHandler,
  FlateError,
  UnzipDecoder,
  UnzipDecoderConstructor,
  UnzipFile,
} from 'fflate';
import { formatBytes } from './format.ts';
import { checkZipPath } from './zip-paths.ts';
import { LocalNames } from './zip-local-names.ts';
import { chunksOf, hasEndRecord, isZipStart } from './zip-util.ts';
import { concat } from '../bytes.ts';

/** Limits one archive must stay within; checked against the bytes actually inflated. */
export interface ZipLimits {
  /** Most entries (files, folders and skipped names together). */
  maxEntries: number;
  /** Most uncompressed bytes one entry may produce. */
  maxEntryBytes: number;
  /** Most uncompressed bytes all entries together may produce. */
  maxTotalBytes: number;
  /** Largest uncompressed ÷ compressed ratio one entry may reach (100 means 100:1). */
  maxRatio: number;
  /**
   * Uncompressed bytes an entry may produce before the ratio is enforced (tiny files compress well);
   * the same grace bounds what all entries in one input slice produce together beyond the ratio.
   */
  ratioGraceBytes: number;
}

/** 10,000 entries, 50 MB per entry, 2 GB in all, 100:1 after the first 1 MB of an entry. */
export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({
  maxEntries: 10_000,
  maxEntryBytes: 50_000_000,
  maxTotalBytes: 2_000_000_000,
  maxRatio: 100,
  ratioGraceBytes: 1_000_000,
});

/** One archive entry: its bytes, or why it was refused. `path` '(archive)' marks a fatal archive error. */
export type ZipEntryResult =
  { ok: true; path: string; bytes: Uint8Array<ArrayBuffer> } | { ok: false; path: string; reason: string };

/** The `path` of the final result when the archive as a whole is corrupt, truncated or over a limit. */
export const ARCHIVE_PATH = '(archive)';

// Deflate can expand ~1032:1, so feeding 16 KiB at a time bounds one inflate step to ~17 MB; it
// also bounds fflate's recursion, which goes one level deeper per entry header in what it is fed.
const SLICE = 16 * 1024;
// A local header with the longest name and extra field, plus the slice it may end in.
const HEADER_WINDOW = 30 + 2 * 0xffff + SLICE;
/** Thrown through fflate to stop it at once (e.g. past the entry limit); never leaves this module. */
const STOP = Symbol('stop');
// The end-of-central-directory record is 22 bytes plus a comment of up to 65,535 bytes.
const TAIL = 22 + 0xffff;
const COMPRESSION: Readonly<Record<number, string>> = {
  9: 'Deflate64',
  12: 'bzip2',
  14: 'LZMA',
  93: 'Zstandard',
  95: 'XZ',
  99: 'AES encryption',
};

interface Entry {
  path: string;
  chunks: Uint8Array[];
  /** Compressed bytes fed to the decoder so far. */
  in: number;
  /** Uncompressed bytes produced so far. */
  out: number;
  /** Finished, failed or skipped: later data is dropped unread. */
  done: boolean;
  /** Stored without compression: fflate hands out views of the input, which must be copied. */
  stored: boolean;
}

/** The push-driven core: fflate calls back synchronously, results queue until the generator yields. */
class ZipReader {
  readonly results: ZipEntryResult[] = [];
  stopped = false;
  private readonly unzip = new Unzip();
  private readonly registered = new Set<number>([0, 8]);
  private starting: Entry | null = null;
  private active: Entry | null = null;
  private entries = 0;
  private total = 0;
  private head: Uint8Array = new Uint8Array(0);
  private tail: Uint8Array = new Uint8Array(0);
  private readonly names = new LocalNames(HEADER_WINDOW);
  /** Bytes entries produced beyond the ratio (inside their grace) while the current slice was fed. */
  private sliceGrace = 0;

  constructor(private readonly limits: ZipLimits) {
    this.unzip.register(this.guarded(UnzipPassThrough));
    this.unzip.register(this.guarded(UnzipInflate));
    this.unzip.onfile = (file) => this.onFile(file);
  }

  /** Feeds at most SLICE bytes; the caller drains `results` after each call. */
  push(chunk: Uint8Array): void {
    if (this.stopped || chunk.length === 0) return;
    this.remember(chunk);
    if (this.head.length >= 4 && !isZipStart(this.head)) {
      return this.fatal(
        'This is not a zip archive (it does not start with a zip header). Choose a .zip file.',
      );
    }
    this.sliceGrace = 0;
    try {
      this.unzip.push(chunk, false);
    } catch (e) {
      if (e === STOP || this.stopped) return;
      this.fatal(`The archive is corrupt (${(e as Error).message}). Re-create or re-download it.`);
    }
  }

  finish(): void {
    if (this.stopped) return;
    try {
      this.unzip.push(new Uint8Array(0), true);
    } catch {
      // fflate reports EOF inside an entry; the check below says which entry and why.
    }
    const cut = this.active && !this.active.done ? this.active : null;
    if (cut) this.fail(cut, 'The archive ends inside this file.');
    if (cut || !hasEndRecord(this.tail)) {
      const what = this.head.length === 0 ? 'The archive is empty (0 bytes)' : 'The archive is truncated';
      this.fatal(`${what}: its end record is missing. Download or copy it again.`);
    }
  }

  private remember(chunk: Uint8Array): void {
    if (this.head.length < 4) this.head = concat([this.head, chunk.subarray(0, 4 - this.head.length)]);
    this.tail = chunk.length >= TAIL ? chunk.slice(-TAIL) : concat([this.tail, chunk]).slice(-TAIL);
    this.names.feed(chunk);
  }

  private onFile(file: UnzipFile): void {
    if (this.stopped) return;
    if (++this.entries > this.limits.maxEntries) {
      return this.fatal(
        `The archive has more than ${this.limits.maxEntries} entries, the limit. Split it into smaller archives.`,
      );
      // Stop fflate before it reads (and recurses into) the next header.
      throw STOP;
    }
    const name = this.names.nameOf(file.name);
    const verdict = checkZipPath(name);
    const entry: Entry = {
      path: verdict.kind === 'ok' ? verdict.path : name,
      chunks: [],
      in: 0,
      out: 0,
      done: true,
      stored: file.compression === 0,
    };
    if (verdict.kind === 'reject') this.results.push({ ok: false, path: name, reason: verdict.reason });
    else if (verdict.kind === 'ok') entry.done = !this.admit(file, entry);
    // Every entry is started, even skipped ones, because fflate buffers the data of unstarted entries.
    if (!this.registered.has(file.compression)) {
      this.registered.add(file.compression);
      this.unzip.register(this.guarded(null, file.compression));
    }
    file.ondata = (err, data, final) => this.onData(entry, err, data, final);
    this.active = entry;
    this.starting = entry;
    file.start();
    this.starting = null;
  }

  // Checks what the header declares; true when the entry should be inflated.
  private admit(file: UnzipFile, entry: Entry): boolean {
    const method = file.compression;
    if (method !== 0 && method !== 8) {
      const name = COMPRESSION[method] ?? `method ${method}`;
      this.fail(
        entry,
        `It uses ${name} compression, which is not supported. Re-create the archive with standard (Deflate) compression.`,
      );
      return false;
    }
    if (file.originalSize !== undefined && file.originalSize > this.limits.maxEntryBytes) {
      this.fail(
        entry,
        `It declares ${formatBytes(file.originalSize)}, over the ${formatBytes(this.limits.maxEntryBytes)} per-file limit.`,
      );
      return false;
    }
    return true;
  }

  private onData(entry: Entry, err: FlateError | null, data: Uint8Array, final: boolean): void {
    if (entry.done || this.stopped) return;
    if (err) {
      return this.fail(
        entry,
        `Its compressed data is corrupt (${err.message}); is the archive password-protected or damaged?`,
      );
    }
    entry.out += data.length;
    this.total += data.length;
    const { maxEntryBytes, maxRatio, ratioGraceBytes, maxTotalBytes } = this.limits;
    if (entry.out > maxEntryBytes) {
      return this.fail(entry, `It expands to more than ${formatBytes(maxEntryBytes)}, the per-file limit.`);
    }
    if (entry.out > ratioGraceBytes && entry.out > maxRatio * Math.max(entry.in, 1)) {
      return this.fail(
        entry,
        `It expands more than ${maxRatio}:1 (${formatBytes(entry.out)} from ${formatBytes(entry.in)}); this looks like a zip bomb.`,
      );
    }
    // Many small entries each stay within their grace; one slice of input shares a single grace, so
    // what a slice produces (and what waits to be handed on) stays near maxRatio × SLICE.
    if (entry.out > maxRatio * Math.max(entry.in, 1)) this.sliceGrace += data.length;
    if (this.sliceGrace > ratioGraceBytes) {
      return this.fail(
        entry,
        `It and the files just before it expand more than ${maxRatio}:1 (over ${formatBytes(ratioGraceBytes)} from ${formatBytes(SLICE)} of the archive); this looks like a zip bomb.`,
      );
    }
    if (this.total > maxTotalBytes) {
      this.fail(entry, 'The archive went over its total size limit while reading this file.');
      return this.fatal(
        `The archive expands to more than ${formatBytes(maxTotalBytes)} in all, the limit. Split it into smaller archives.`,
      );
    }
    if (data.length) entry.chunks.push(entry.stored ? data.slice() : data);
    if (final) {
      entry.done = true;
      this.results.push({ ok: true, path: entry.path, bytes: concat(entry.chunks) });
      entry.chunks = [];
    }
  }

  private fail(entry: Entry, reason: string): void {
    entry.done = true;
    entry.chunks = [];
    this.results.push({ ok: false, path: entry.path, reason });
  }

  private fatal(reason: string): void {
    if (this.active && !this.active.done) this.active.done = true;
    this.stopped = true;
    this.results.push({ ok: false, path: ARCHIVE_PATH, reason });
  }

  // Wraps a decoder so that it counts compressed input, feeds it in slices and drops it once the
  // entry is done; `base` null makes a decoder that only discards (unsupported methods).
  private guarded(
    base: UnzipDecoderConstructor | null,
    compression = base?.compression ?? 0,
  ): UnzipDecoderConstructor {
    // fflate constructs the decoder synchronously inside file.start(), while `starting` is set.
    const starting = (): Entry | null => this.starting;
    return class Guarded implements UnzipDecoder {
      static compression = compression;
      ondata: AsyncFlateStreamHandler = () => {};
      private readonly entry: Entry | null = starting();
      private readonly inner: UnzipDecoder | null;
      constructor(name: string, size?: number, originalSize?: number) {
        this.inner = base && this.entry && !this.entry.done ? new base(name, size, originalSize) : null;
        if (this.inner) this.inner.ondata = (err, data, final) => this.ondata(err, data, final);
      }
      push(chunk: Uint8Array, final: boolean): void {
        const { entry, inner } = this;
        if (!entry || !inner) return;
        let at = 0;
        do {
          if (entry.done) return;
          const part = chunk.subarray(at, at + SLICE);
          at += part.length;
          entry.in += part.length;
          inner.push(part, final && at >= chunk.length);
        } while (at < chunk.length);
      }
      terminate(): void {
        if (this.entry) this.entry.done = true;
      }
    };
  }
}

/**
 * Reads a zip from a stream, yielding each file entry's bytes or the reason it was refused; one bad
 * entry does not stop the rest. A corrupt, truncated or over-limit archive ends with a result whose
 * path is '(archive)'. Folders, `__MACOSX/` and dot-files are skipped silently.
 */
export async function* readZip(
  source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  limits?: Partial<ZipLimits>,
): AsyncGenerator<ZipEntryResult> {
  // An explicit `undefined` must not switch a limit off.
  const given = Object.entries(limits ?? {}).filter(([, v]) => typeof v === 'number');
  const reader = new ZipReader({ ...DEFAULT_ZIP_LIMITS, ...Object.fromEntries(given) });
  for await (const chunk of chunksOf(source)) {
    // Slice by slice, so what one slice produced is handed on before the next is read.
    for (let at = 0; at < chunk.length; at += SLICE) {
      reader.push(chunk.subarray(at, at + SLICE));
      yield* reader.results.splice(0);
      if (reader.stopped) return;
    }
  }
  reader.finish();
  yield* reader.results.splice(0);
}
