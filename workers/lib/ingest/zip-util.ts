/** Small byte-stream helpers for the zip reader. */

/** True when `head` (≥ 4 bytes) starts a zip: a local file header or an empty archive's end record. */
export function isZipStart(head: Uint8Array): boolean {
  return (
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))
  );
}

/** True when `tail` (the archive's last bytes) holds an end-of-central-directory signature. */
export function hasEndRecord(tail: Uint8Array): boolean {
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 5 && tail[i + 3] === 6) return true;
  }
  return false;
}

/** Chunks of a stream or async iterable; cancels a ReadableStream that is left before its end. */
export async function* chunksOf(
  source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  if (!('getReader' in source)) return yield* source;
  // Safari's ReadableStream is not async-iterable, so read it by hand.
  const reader = source.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      yield next.value;
    }
    done = true;
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
