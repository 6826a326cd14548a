/**
 * Stratified, seeded train/validation/test assignment that is stable under additions and keeps
 * duplicate groups on one side, plus per-label split counts.
 */
import { createRng } from '../rng.ts';
import { SPLITS, type Split } from './split.ts';

/** Wanted share of each split; any non-negative weights, normalised by their sum. */
export interface SplitRatios {
  train: number;
  validation: number;
  test: number;
}

/** An image to place: `group` joins duplicates (e.g. from groupDuplicates); `current` is its split so far. */
export interface SplitItem {
  id: string;
  label: string | null;
  group: string;
  current: Split | null;
}

/** Target ratios and the seed that orders new groups. */
export interface SplitOptions {
  ratios: SplitRatios;
  seed: number | string;
}

/** Item counts per split. */
export type SplitTally = Record<Split, number>;

// When a group's assigned members disagree equally often, the evaluation sets win: they are small,
// and shrinking them to heal a group would lose more evidence than shrinking train.
const HEAL_PRECEDENCE: readonly Split[] = ['test', 'validation', 'train'];

function emptyTally(): SplitTally {
  return { train: 0, validation: 0, test: 0 };
}

function normalise(ratios: SplitRatios): SplitTally {
  const values = SPLITS.map((s) => ratios[s]);
  if (values.some((v) => !Number.isFinite(v) || v < 0)) {
    throw new RangeError(`Split ratios must be finite and non-negative, got ${JSON.stringify(ratios)}`);
  }
  const sum = values.reduce((a, b) => a + b, 0);
  if (sum <= 0) throw new RangeError('At least one split ratio must be positive.');
  return { train: ratios.train / sum, validation: ratios.validation / sum, test: ratios.test / sum };
}

// The split most assigned members already have, or null when none has one.
function settledSplit(members: readonly SplitItem[]): Split | null {
  const tally = emptyTally();
  let any = false;
  for (const m of members) {
    if (m.current !== null) {
      tally[m.current]++;
      any = true;
    }
  }
  if (!any) return null;
  let best: Split = 'test';
  for (const s of HEAL_PRECEDENCE) if (tally[s] > tally[best]) best = s;
  return best;
}

/** A group's stratum: its most frequent non-null label (ties: smallest in code-unit order), else null. */
export function stratumOf(members: ReadonlyArray<{ label: string | null }>): string | null {
  const counts = new Map<string, number>();
  for (const m of members) if (m.label !== null) counts.set(m.label, (counts.get(m.label) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  for (const [label, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== null && label < best)) {
      best = label;
      bestCount = count;
    }
  }
  return best;
}

// Split with the largest shortfall against its target; exact ties go to the earlier split.
function mostShort(tally: SplitTally, total: number, share: SplitTally): Split {
  let best: Split = 'train';
  let bestDeficit = -Infinity;
  for (const s of SPLITS) {
    const deficit = share[s] * total - tally[s];
    if (deficit > bestDeficit) {
      best = s;
      bestDeficit = deficit;
    }
  }
  return best;
}

/**
 * Assigns every item a split. Groups with assigned members keep the split most of them have
 * (so old images never move unless their group became mixed, and new near-duplicates follow
 * their group). Wholly new groups go, in a seeded order, one by one into the split of their
 * stratum (label) that is furthest below its ratio share of the stratum's final size. The result
 * depends only on the seed and the set of items, not their order.
 */
export function assignSplits(items: readonly SplitItem[], options: SplitOptions): Map<string, Split> {
  const share = normalise(options.ratios);
  const groups = new Map<string, SplitItem[]>();
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.id)) throw new Error(`assignSplits: item id "${item.id}" occurs twice`);
    ids.add(item.id);
    const members = groups.get(item.group);
    if (members) members.push(item);
    else groups.set(item.group, [item]);
  }
  const chosen = new Map<string, Split>();
  const tallies = new Map<string | null, SplitTally>();
  const totals = new Map<string | null, number>();
  const fresh: Array<{ group: string; stratum: string | null; members: SplitItem[]; order: number }> = [];
  for (const [group, members] of groups) {
    const stratum = stratumOf(members);
    totals.set(stratum, (totals.get(stratum) ?? 0) + members.length);
    if (!tallies.has(stratum)) tallies.set(stratum, emptyTally());
    const settled = settledSplit(members);
    if (settled === null) {
      // A per-group draw (not a shuffle of the list) so a group's place in the order does not
      // depend on which other groups exist.
      fresh.push({ group, stratum, members, order: createRng(`${options.seed}\u0000${group}`).uint32() });
      continue;
    }
    const tally = tallies.get(stratum) ?? emptyTally();
    tally[settled] += members.length;
    for (const m of members) chosen.set(m.id, settled);
  }
  fresh.sort((a, b) => a.order - b.order || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  for (const g of fresh) {
    const tally = tallies.get(g.stratum) ?? emptyTally();
    const split = mostShort(tally, totals.get(g.stratum) ?? 0, share);
    tally[split] += g.members.length;
    for (const m of g.members) chosen.set(m.id, split);
  }
  const out = new Map<string, Split>();
  for (const id of [...chosen.keys()].sort()) out.set(id, chosen.get(id) ?? 'train');
  return out;
}

/** Item counts per label (null = unlabeled) and split; items without an assignment are skipped. */
export function splitCounts(
  assignments: ReadonlyMap<string, Split>,
  items: ReadonlyArray<{ id: string; label: string | null }>,
): Map<string | null, SplitTally> {
  const out = new Map<string | null, SplitTally>();
  for (const item of items) {
    const split = assignments.get(item.id);
    if (split === undefined) continue;
    let tally = out.get(item.label);
    if (!tally) {
      tally = emptyTally();
      out.set(item.label, tally);
    }
    tally[split]++;
  }
  return out;
}
