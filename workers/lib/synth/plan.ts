/** Deterministic dataset plans: which kind each image gets, its seed and its file stem. */
import { createRng } from '../rng.ts';
import type { DefectType, ScrewKind } from './defects.ts';
import { DEFECT_TYPES } from './defects.ts';

/** Plan request; `defectRatio` is a fraction 0..1 of `count`. */
export interface PlanOptions {
  count: number;
  defectRatio: number;
  seed: number;
  /** Relative weights; when given, unlisted types get weight 0. Default: all five equally. */
  defectMix?: Partial<Record<DefectType, number>>;
}

/** One planned image: position in the plan, kind, render seed (uint32) and a stem like `scratch_head_0007`. */
export interface PlanItem {
  index: number;
  kind: ScrewKind;
  seed: number;
  name: string;
}

/** Splits `total` by `weights` with largest remainders; ties go to the earlier type, so the split is fixed. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map((e) => Math.floor(e));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, rem: e - Math.floor(e) }))
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] as number) + 1;
    left--;
  }
  return counts;
}

/** Plans `count` images: round(count·defectRatio) defects split over the mix, the rest good, shuffled by `seed`. */
export function planDataset(opts: PlanOptions): PlanItem[] {
  const { count, defectRatio, seed } = opts;
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`planDataset: count must be an integer ≥ 0, got ${count}`);
  if (!(defectRatio >= 0 && defectRatio <= 1))
    throw new RangeError(`planDataset: defectRatio must be in [0, 1], got ${defectRatio}`);
  const weights = DEFECT_TYPES.map((t) => (opts.defectMix ? (opts.defectMix[t] ?? 0) : 1));
  if (weights.some((w) => !(w >= 0) || !Number.isFinite(w)))
    throw new RangeError('planDataset: defectMix weights must be finite and ≥ 0');
  const nDefect = Math.round(count * defectRatio);
  if (nDefect > 0 && weights.every((w) => w === 0))
    throw new RangeError('planDataset: defectMix has no positive weight');
  const perType = nDefect > 0 ? apportion(nDefect, weights) : weights.map(() => 0);

  const kinds: ScrewKind[] = [];
  for (let i = 0; i < count - nDefect; i++) kinds.push('good');
  DEFECT_TYPES.forEach((t, k) => {
    for (let i = 0; i < (perType[k] as number); i++) kinds.push(t);
  });
  const rng = createRng(seed).fork('plan');
  rng.shuffle(kinds);

  const seedRng = rng.fork('seeds');
  const used = new Set<number>();
  const seen = new Map<ScrewKind, number>();
  return kinds.map((kind, index) => {
    let s = seedRng.uint32();
    while (used.has(s)) s = seedRng.uint32();
    used.add(s);
    const k = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, k);
    return { index, kind, seed: s, name: `${kind}_${String(k).padStart(4, '0')}` };
  });
}
