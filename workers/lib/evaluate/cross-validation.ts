/**
 * Repeated stratified k-fold plans over a snapshot's labeled images: seeded, stratified by class and
 * defect type, and leak-free over duplicate groups (a group of near-identical images is never split
 * between a fold's training and held-out parts). Each fold also carves a stratified validation part
 * out of its training folds for early stopping and the operating threshold.
 */
import { createRng, type Rng } from '../rng.ts';
import { stratumOf } from '../splits/splits.ts';

/** One labeled image to place: `group` joins near-duplicates (the split code's duplicate groups). */
export interface FoldItem {
  id: string;
  label: string;
  defectType: string | null;
  group: string;
}

/** How many folds and repeats, the seed, and the share of each training part held back for validation. */
export interface FoldPlanOptions {
  /** k, at least 2 */
  folds: number;
  /** r, at least 1; every repeat deals the groups afresh */
  repeats: number;
  seed: number | string;
  /** share of the training folds kept for validation (0..0.5, default VALIDATION_SHARE) */
  validationShare?: number;
}

/** One fold of one repeat: ids to train on, to validate on (early stopping, threshold) and to test. */
export interface FoldPlan {
  /** 0-based */
  repeat: number;
  /** 0-based */
  fold: number;
  train: string[];
  validation: string[];
  test: string[];
}

/** Share of a fold's training part held back for validation: the same order as the usual 15 % split. */
export const VALIDATION_SHARE = 0.2;

/** Cross-validation settings a run starts from when none are given. */
export const DEFAULT_FOLDS = 5;
/** Repeats by default: two deals halve the variance the luck of one deal adds. */
export const DEFAULT_REPEATS = 2;

/** A cross-validation that cannot be planned: too few images or groups, or bad settings. */
export class CrossValidationError extends Error {
  override name = 'CrossValidationError';
}

// A stratum joins class and defect type, so each fold holds its share of every kind of defect.
const stratumKey = (item: FoldItem) => `${item.label}\u0000${item.defectType ?? ''}`;

interface Unit {
  ids: string[];
  stratum: string;
  label: string;
}

/** The items' duplicate groups as placement units, each with its most common stratum and class. */
function unitsOf(items: readonly FoldItem[]): Unit[] {
  const groups = new Map<string, FoldItem[]>();
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) throw new CrossValidationError(`Image "${item.id}" is listed twice.`);
    seen.add(item.id);
    const members = groups.get(item.group);
    if (members) members.push(item);
    else groups.set(item.group, [item]);
  }
  return [...groups.values()].map((members) => {
    const stratum = stratumOf(members.map((m) => ({ label: stratumKey(m) }))) ?? '';
    return {
      ids: members.map((m) => m.id).sort(),
      stratum,
      label: stratum.slice(0, stratum.indexOf('\u0000')),
    };
  });
}

/**
 * Deals units into `k` bins. Units go class by class, stratum by stratum (larger groups first,
 * equal sizes in a seeded order), each to the bin with the fewest of its stratum, then of its class,
 * then of all images; remaining ties go to the next bin after the last one used. With single images
 * this is a round-robin deal, so every stratum, class and bin total is within ±1 across bins.
 */
function deal(units: readonly Unit[], k: number, rng: Rng): string[][] {
  const byStratum = new Map<string, Unit[]>();
  for (const u of units) {
    const list = byStratum.get(u.stratum);
    if (list) list.push(u);
    else byStratum.set(u.stratum, [u]);
  }
  const order: Unit[] = [];
  for (const stratum of [...byStratum.keys()].sort()) {
    const list = byStratum.get(stratum)!.sort((a, b) => (a.ids[0]! < b.ids[0]! ? -1 : 1));
    rng.shuffle(list);
    // A stable sort keeps the seeded order among groups of one size.
    order.push(...list.sort((a, b) => b.ids.length - a.ids.length));
  }
  const bins = Array.from({ length: k }, () => [] as string[]);
  const totals = new Array<number>(k).fill(0);
  const perStratum = new Map<string, number[]>();
  const perClass = new Map<string, number[]>();
  const countsOf = (map: Map<string, number[]>, key: string) => {
    let counts = map.get(key);
    if (!counts) map.set(key, (counts = new Array<number>(k).fill(0)));
    return counts;
  };
  let next = rng.int(0, k - 1);
  for (const unit of order) {
    const s = countsOf(perStratum, unit.stratum);
    const c = countsOf(perClass, unit.label);
    let best = -1;
    for (let step = 0; step < k; step++) {
      const b = (next + step) % k;
      if (
        best < 0 ||
        s[b]! < s[best]! ||
        (s[b] === s[best] && (c[b]! < c[best]! || (c[b] === c[best] && totals[b]! < totals[best]!)))
      )
        best = b;
    }
    bins[best]!.push(...unit.ids);
    s[best]! += unit.ids.length;
    c[best]! += unit.ids.length;
    totals[best]! += unit.ids.length;
    next = (best + 1) % k;
  }
  return bins.map((bin) => bin.sort());
}

function checkOptions(options: FoldPlanOptions): number {
  const { folds, repeats } = options;
  if (!Number.isInteger(folds) || folds < 2 || folds > 50)
    throw new CrossValidationError(`Folds must be a whole number from 2 to 50, got ${folds}.`);
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 20)
    throw new CrossValidationError(`Repeats must be a whole number from 1 to 20, got ${repeats}.`);
  const share = options.validationShare ?? VALIDATION_SHARE;
  if (!(share >= 0 && share <= 0.5))
    throw new CrossValidationError(`The validation share must be 0..0.5, got ${share}.`);
  return share;
}

/**
 * Plans `repeats` × `folds` folds over `items`. In every repeat each item is tested exactly once, a
 * duplicate group stays within one fold (and within one part of every fold), and classes and defect
 * types spread evenly. The plan depends only on the seed and the set of items, not their order.
 * Throws CrossValidationError when there are fewer groups than folds or the settings are out of range.
 */
export function planFolds(items: readonly FoldItem[], options: FoldPlanOptions): FoldPlan[] {
  const share = checkOptions(options);
  const units = unitsOf(items).sort((a, b) => (a.ids[0]! < b.ids[0]! ? -1 : 1));
  if (units.length < options.folds)
    throw new CrossValidationError(
      `${options.folds}-fold cross-validation needs at least ${options.folds} distinct images (groups of near-duplicates count once); the snapshot has ${units.length}. Label more images or use fewer folds.`,
    );
  const plans: FoldPlan[] = [];
  for (let repeat = 0; repeat < options.repeats; repeat++) {
    const rng = createRng(`${options.seed}/cross-validation/${repeat}`);
    const bins = deal(units, options.folds, rng.fork('folds'));
    bins.forEach((test, fold) => {
      const rest = new Set(bins.filter((_, b) => b !== fold).flat());
      const restUnits = units.filter((u) => rest.has(u.ids[0]!));
      // The validation part is one bin of a second stratified deal of the training folds' groups.
      const parts = share > 0 ? Math.max(2, Math.round(1 / share)) : 0;
      const validation =
        parts && restUnits.length >= parts ? deal(restUnits, parts, rng.fork(`validation/${fold}`))[0]! : [];
      const held = new Set(validation);
      const train = [...rest].filter((id) => !held.has(id)).sort();
      plans.push({ repeat, fold, train, validation, test });
    });
  }
  return plans;
}
