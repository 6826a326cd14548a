/**
 * What changed between two profiles (e.g. the last trained snapshot and the current one): counts,
 * statistic medians, outliers, duplicates and leaks, and assertion verdicts. Groups and outliers are
 * matched by content (member ids, id + statistic), so reordering alone never shows up as a change.
 */
import { diffImageLists } from '../snapshots/snapshot.ts';
import type { Split } from '../splits/split.ts';
import type { AssertionResult } from './assertion-types.ts';
import type { DatasetProfile, DuplicateGroup, Outlier, StatKey, StatSummary } from './profile-types.ts';

/** Most ids an added/removed image list carries; counts stay exact. */
export const MAX_DIFF_IDS = 200;

/** A count in one class × split cell that differs (images). */
export interface CountChange {
  label: string | null;
  split: Split | null;
  from: number;
  to: number;
  delta: number;
}

/** A statistic's median that differs, over all images (`overall`) or one class (units of the statistic). */
export interface MedianChange {
  stat: StatKey;
  label: string | null;
  overall: boolean;
  from: number | null;
  to: number | null;
  /** to − from; null when the group exists on one side only. */
  delta: number | null;
}

/** An assertion whose status differs; null = absent on that side. */
export interface StatusChange {
  id: string;
  check: string;
  from: AssertionResult['status'] | null;
  to: AssertionResult['status'] | null;
}

/** Items present only in the new profile (`added`) or only in the old one (`removed`). */
export interface SetChange<T> {
  added: T[];
  removed: T[];
}

/** The differences between profile `a` (before) and `b` (after). */
export interface ProfileDiff {
  images: {
    from: number;
    to: number;
    added: number;
    removed: number;
    /** Images in both whose label changed. */
    relabelled: number;
    /** Images in both whose split changed. */
    moved: number;
    /** Ids of added images, sorted, at most MAX_DIFF_IDS. */
    addedIds: string[];
    /** Ids of removed images, sorted, at most MAX_DIFF_IDS. */
    removedIds: string[];
  };
  counts: CountChange[];
  medians: MedianChange[];
  outliers: SetChange<Outlier>;
  duplicates: SetChange<DuplicateGroup>;
  leaks: SetChange<DuplicateGroup>;
  assertions: StatusChange[];
}

function setChange<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): SetChange<T> {
  const ka = new Set(a.map(key));
  const kb = new Set(b.map(key));
  return { added: b.filter((x) => !ka.has(key(x))), removed: a.filter((x) => !kb.has(key(x))) };
}

const groupKey = (g: DuplicateGroup) => `${g.kind}\u0000${g.ids.join('\u0000')}`;
const cellKey = (label: string | null, split: Split | null) => JSON.stringify([label, split]);

function countChanges(a: DatasetProfile, b: DatasetProfile): CountChange[] {
  const cells = new Map<string, CountChange>();
  for (const [side, profile] of [
    ['from', a],
    ['to', b],
  ] as const) {
    for (const c of profile.counts) {
      const key = cellKey(c.label, c.split);
      const cell = cells.get(key) ?? { label: c.label, split: c.split, from: 0, to: 0, delta: 0 };
      cell[side] = c.count;
      cells.set(key, cell);
    }
  }
  return [...cells.values()].map((c) => ({ ...c, delta: c.to - c.from })).filter((c) => c.delta !== 0);
}

function medianChanges(a: DatasetProfile, b: DatasetProfile): MedianChange[] {
  const groups = (p: DatasetProfile) => [
    { label: null, overall: true, summaries: p.overall },
    ...p.byClass.map((c) => ({ label: c.label, overall: false, summaries: c.summaries })),
  ];
  const index = (p: DatasetProfile) => {
    const m = new Map<string, { label: string | null; overall: boolean; s: StatSummary }>();
    for (const g of groups(p))
      for (const s of g.summaries) m.set(JSON.stringify([g.overall, g.label, s.stat]), { ...g, s });
    return m;
  };
  const ia = index(a);
  const ib = index(b);
  const out: MedianChange[] = [];
  for (const key of new Set([...ia.keys(), ...ib.keys()])) {
    const x = ia.get(key);
    const y = ib.get(key);
    const ref = (x ?? y)!;
    const from = x?.s.median ?? null;
    const to = y?.s.median ?? null;
    // Medians are recomputed from the same rows when nothing changed, so any float difference is real.
    if (from !== null && to !== null && from === to) continue;
    out.push({
      stat: ref.s.stat,
      label: ref.label,
      overall: ref.overall,
      from,
      to,
      delta: from !== null && to !== null ? to - from : null,
    });
  }
  return out;
}

/** Compares profile `a` (before) with `b` (after), and the assertion results computed on each. */
export function diffProfiles(
  a: DatasetProfile,
  b: DatasetProfile,
  resultsA: readonly AssertionResult[],
  resultsB: readonly AssertionResult[],
): ProfileDiff {
  const rows = diffImageLists(a.rows, b.rows, 'id', (r) => r.id);

  const status = (results: readonly AssertionResult[]) => new Map(results.map((r) => [r.id, r]));
  const sa = status(resultsA);
  const sb = status(resultsB);
  const assertions: StatusChange[] = [];
  for (const id of new Set([...sa.keys(), ...sb.keys()])) {
    const from = sa.get(id);
    const to = sb.get(id);
    if (from?.status === to?.status) continue;
    assertions.push({ id, check: (to ?? from)!.check, from: from?.status ?? null, to: to?.status ?? null });
  }

  return {
    images: {
      from: a.imageCount,
      to: b.imageCount,
      added: rows.added.length,
      removed: rows.removed.length,
      relabelled: rows.relabeled.length,
      moved: rows.moved.length,
      addedIds: rows.added.slice(0, MAX_DIFF_IDS),
      removedIds: rows.removed.slice(0, MAX_DIFF_IDS),
    },
    counts: countChanges(a, b),
    medians: medianChanges(a, b),
    outliers: setChange(a.outliers, b.outliers, (o) => `${o.id}\u0000${o.stat}`),
    duplicates: setChange(a.duplicates, b.duplicates, groupKey),
    leaks: setChange(a.leaks, b.leaks, groupKey),
    assertions,
  };
}
