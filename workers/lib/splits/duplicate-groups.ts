/**
 * Groups exact duplicates (same SHA-256) and near-duplicates (perceptual hashes within a Hamming
 * distance) with union-find, so a dataset split can keep each group on one side.
 */
import { NEAR_DUPLICATE_BITS, hashWords, popcount32 } from '../image/dhash.ts';
import { UnionFind } from '../union-find.ts';

/** One image to group: `phash` is a 16-hex-digit perceptual hash, or null when none was computed. */
export interface DuplicateCandidate {
  id: string;
  sha256: string;
  phash: string | null;
}

// Above this radius the pigeonhole chunks get so short that buckets hold most of the data, and
// the plain all-pairs scan is as fast and simpler.
const MAX_INDEXED_DISTANCE = 12;

// Bit ranges [start, end) of `count` near-equal chunks covering 64 bits (bit 0 = most significant).
function chunkRanges(count: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let k = 0; k < count; k++)
    out.push([Math.floor((k * 64) / count), Math.floor(((k + 1) * 64) / count)]);
  return out;
}

// Bits [start, end) of the 64-bit value (hi, lo) as an unsigned integer (at most 32 bits wide).
function bitsOf(hi: number, lo: number, start: number, end: number): number {
  let v = 0;
  for (let b = start; b < end; b++) {
    const bit = b < 32 ? (hi >>> (31 - b)) & 1 : (lo >>> (63 - b)) & 1;
    v = v * 2 + bit;
  }
  return v;
}

/**
 * Calls `near(i, j, bits)` for every pair of indices into `hashes` (16-hex-digit hashes) at most
 * `maxDistance` bits apart (each pair at least once); throws on a malformed hash. Multi-index hashing:
 * split into maxDistance+1 chunks, and by pigeonhole any such pair agrees exactly on one chunk, so
 * only pairs sharing a chunk value are compared.
 */
export function forEachNearPair(
  hashes: readonly string[],
  maxDistance: number,
  near: (i: number, j: number, distance: number) => void,
): void {
  const n = hashes.length;
  const his = new Uint32Array(n);
  const los = new Uint32Array(n);
  hashes.forEach((hash, i) => ([his[i], los[i]] = hashWords(hash)));
  const distance = (i: number, j: number): number =>
    popcount32((his[i] ?? 0) ^ (his[j] ?? 0)) + popcount32((los[i] ?? 0) ^ (los[j] ?? 0));
  const visit = (i: number, j: number) => {
    const d = distance(i, j);
    if (d <= maxDistance) near(i, j, d);
  };
  if (maxDistance < 0) return;
  if (maxDistance > MAX_INDEXED_DISTANCE) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) visit(i, j);
    return;
  }
  for (const [start, end] of chunkRanges(maxDistance + 1)) {
    const buckets = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const key = bitsOf(his[i] ?? 0, los[i] ?? 0, start, end);
      const bucket = buckets.get(key);
      if (bucket) bucket.push(i);
      else buckets.set(key, [i]);
    }
    for (const bucket of buckets.values()) {
      for (let a = 0; a < bucket.length; a++) {
        for (let b = a + 1; b < bucket.length; b++) {
          visit(bucket[a] ?? 0, bucket[b] ?? 0);
        }
      }
    }
  }
}

/**
 * Maps every item id to its group id (the smallest id of the group, code-unit order). Items with
 * the same sha256, or with perceptual hashes at most `maxDistance` bits apart, share a group, and
 * so does everything linked through a chain of such pairs. Throws on a malformed phash.
 */
export function groupDuplicates(
  items: readonly DuplicateCandidate[],
  maxDistance = NEAR_DUPLICATE_BITS,
): Map<string, string> {
  const n = items.length;
  const radius = Math.floor(maxDistance);
  const uf = new UnionFind(n);
  const firstBySha = new Map<string, number>();
  const firstById = new Map<string, number>();
  // Identical hashes are merged up front so that a flood of equal hashes (e.g. blank frames) does
  // not fill one bucket with quadratic work.
  const firstByHash = new Map<string, number>();
  const uniqueHashes: number[] = [];
  items.forEach((item, i) => {
    const link = (map: Map<string, number>, key: string): boolean => {
      const seen = map.get(key);
      if (seen === undefined) map.set(key, i);
      else uf.union(seen, i);
      return seen === undefined;
    };
    link(firstById, item.id);
    link(firstBySha, item.sha256);
    if (item.phash === null) return;
    hashWords(item.phash);
    // A negative radius means "exact copies only": equal hashes are not merged either.
    if (radius < 0) return;
    if (link(firstByHash, item.phash.toLowerCase())) uniqueHashes.push(i);
  });
  const hashes = uniqueHashes.map((i) => items[i]?.phash ?? '');
  forEachNearPair(hashes, radius, (a, b) => uf.union(uniqueHashes[a] ?? 0, uniqueHashes[b] ?? 0));

  const smallest = new Map<number, string>();
  items.forEach((item, i) => {
    const root = uf.find(i);
    const best = smallest.get(root);
    if (best === undefined || item.id < best) smallest.set(root, item.id);
  });
  const out = new Map<string, string>();
  items.forEach((item, i) => out.set(item.id, smallest.get(uf.find(i)) ?? item.id));
  return out;
}
