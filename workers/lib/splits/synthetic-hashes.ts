/**
 * Deterministic duplicate-candidate sets for specs and benchmarks: hashes in clusters of near copies,
 * with some exact copies and some images without a hash, as a real dataset with re-shoots looks.
 */
import { createRng, type Rng } from '../rng.ts';
import { hashFromWords, hashWords } from '../image/dhash.ts';
import type { DuplicateCandidate } from './duplicate-groups.ts';

/** `hash` with `k` distinct bits flipped, chosen by `rng`. */
export function flipBits(rng: Rng, hash: string, k: number): string {
  let [hi, lo] = hashWords(hash);
  for (const b of rng.shuffle(Array.from({ length: 64 }, (_, i) => i)).slice(0, k)) {
    if (b < 32) hi ^= 1 << b;
    else lo ^= 1 << (b - 32);
  }
  return hashFromWords(hi, lo);
}

/**
 * `n` candidates around `clusters` random centres, each up to `spread` bits from its centre; about 5 %
 * are exact copies (same sha256) of an earlier one and about 3 % have no hash. Ids sort in order.
 */
export function clusteredCandidates(
  seed: string,
  n: number,
  clusters: number,
  spread: number,
): DuplicateCandidate[] {
  const rng = createRng(seed);
  const centres = Array.from({ length: clusters }, () => hashFromWords(rng.uint32(), rng.uint32()));
  return Array.from({ length: n }, (_, i) => {
    const centre = rng.pick(centres);
    const exactCopyOf = i > 0 && rng.chance(0.05) ? rng.int(0, i - 1) : -1;
    return {
      id: `img-${String(i).padStart(5, '0')}`,
      sha256: exactCopyOf >= 0 ? `sha-${exactCopyOf}` : `sha-${i}`,
      phash: rng.chance(0.03) ? null : flipBits(rng, centre, rng.int(0, spread)),
    };
  });
}

/** `n` candidates with independent random hashes: near pairs are vanishingly rare (~1e-12 per pair at 4 bits). */
export function randomCandidates(seed: string, n: number): DuplicateCandidate[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i}`,
    sha256: `s${i}`,
    phash: hashFromWords(rng.uint32(), rng.uint32()),
  }));
}

/** `n` candidates sharing two hashes one bit apart, as a run of blank frames gives. */
export function blankCandidates(n: number): DuplicateCandidate[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `b${i}`,
    sha256: `s${i}`,
    phash: i % 2 ? '0000000000000000' : '0000000000000001',
  }));
}
