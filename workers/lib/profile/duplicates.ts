/**
 * Exact duplicates (same SHA-256), near duplicates (dHash within a few bits), label conflicts and
 * cross-split leakage over the profile's rows.
 */
import { forEachNearPair } from '../splits/duplicate-groups.ts';
import { SPLITS } from '../splits/split.ts';
import { UnionFind } from '../union-find.ts';
import type { DuplicateGroup, LabelConflict, ProfileRow, RowStats } from './profile-types.ts';

/**
 * How far two near duplicates' objects may disagree: centroid (share of the frame), foreground share
 * (relative, plus a small absolute slack) and axis angle (degrees, only for clearly elongated objects).
 */
export const GEOMETRY_TOLERANCE = {
  centroid: 0.02,
  foregroundRel: 0.25,
  foregroundAbs: 0.005,
  angleDeg: 2,
  minElongation: 1.5,
};

/**
 * Whether two images show their object in the same place, size and angle. dHash alone confuses distinct
 * photos of a small part on a plain background (the lighting gradient decides most bits): on 1,500
 * distinct synthetic screws it paired 7 within 4 bits, all with the screw elsewhere or turned. Copies,
 * re-encodes, noise and brightness or contrast changes keep the geometry, so this rejects only the former.
 */
export function sameGeometry(a: RowStats, b: RowStats): boolean {
  const t = GEOMETRY_TOLERANCE;
  const fa = a.foregroundFraction;
  const fb = b.foregroundFraction;
  if (fa === 0 || fb === 0) return fa === fb;
  if (Math.abs(fa - fb) > t.foregroundRel * Math.max(fa, fb) + t.foregroundAbs) return false;
  if (Math.abs(a.centroidX - b.centroidX) > t.centroid || Math.abs(a.centroidY - b.centroidY) > t.centroid)
    return false;
  if (a.elongation < t.minElongation || b.elongation < t.minElongation) return true;
  const d = Math.abs(a.orientationDeg - b.orientationDeg) % 180;
  return Math.min(d, 180 - d) <= t.angleDeg;
}

function distinct<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** Splits sort in SPLITS order with null last; labels alphabetically with null last. */
function sortNullLast<T extends string>(values: Array<T | null>, order?: readonly T[]): Array<T | null> {
  const rank = (v: T | null) => (v === null ? Number.MAX_SAFE_INTEGER : order ? order.indexOf(v) : 0);
  return values.sort((a, b) => rank(a) - rank(b) || String(a).localeCompare(String(b)));
}

function makeGroup(
  kind: DuplicateGroup['kind'],
  members: readonly ProfileRow[],
  maxDistance: number,
): DuplicateGroup {
  return {
    kind,
    ids: members.map((r) => r.id).sort(),
    splits: sortNullLast(distinct(members.map((r) => r.split)), SPLITS),
    labels: sortNullLast(distinct(members.map((r) => r.label))),
    maxDistance,
  };
}

/** A group leaks when its members sit in two or more assigned splits; unassigned images cannot leak. */
export function isLeak(group: DuplicateGroup): boolean {
  return group.splits.filter((s) => s !== null).length > 1;
}

/** Everything the profile reports about shared content. */
export interface DuplicateFindings {
  duplicates: DuplicateGroup[];
  leaks: DuplicateGroup[];
  labelConflicts: LabelConflict[];
}

/**
 * Groups `rows` by content. Near duplicates are searched among one representative per SHA-256 (so exact
 * copies cost nothing extra), must pass sameGeometry unless `checkGeometry` is false, and are joined
 * transitively (single linkage): a chain of small edits forms one group even when its ends differ by
 * more than `maxBits` bits. Undecodable rows take part in exact groups only. The split's groups
 * (groupDuplicates) use the same hash and default radius but no geometry test: keeping a look-alike in
 * the same split costs little, while reporting it as a leak would send a person after a false alarm.
 */
export function findDuplicates(
  rows: readonly ProfileRow[],
  maxBits: number,
  checkGeometry = true,
): DuplicateFindings {
  const bySha = new Map<string, ProfileRow[]>();
  for (const row of rows) {
    const list = bySha.get(row.sha256);
    if (list) list.push(row);
    else bySha.set(row.sha256, [row]);
  }

  const duplicates: DuplicateGroup[] = [];
  const labelConflicts: LabelConflict[] = [];
  const reps: ProfileRow[][] = [];
  const repStats: RowStats[] = [];
  const hashes: string[] = [];
  for (const [sha256, members] of bySha) {
    if (members.length > 1) duplicates.push(makeGroup('exact', members, 0));
    const labels = distinct(members.map((r) => r.label).filter((l): l is string => l !== null)).sort();
    if (labels.length > 1) labelConflicts.push({ sha256, ids: members.map((r) => r.id).sort(), labels });
    const stats = members.find((r) => r.stats)?.stats;
    if (stats) {
      reps.push(members);
      repStats.push(stats);
      hashes.push(stats.dhash);
    }
  }

  const sets = new UnionFind(reps.length);
  const worst = new Map<number, number>();
  forEachNearPair(hashes, maxBits, (i, j, bits) => {
    if (checkGeometry && !sameGeometry(repStats[i]!, repStats[j]!)) return;
    const wi = worst.get(sets.find(i)) ?? 0;
    const wj = worst.get(sets.find(j)) ?? 0;
    worst.set(sets.union(i, j), Math.max(wi, wj, bits));
  });
  const nearMembers = new Map<number, ProfileRow[]>();
  const nearSize = new Map<number, number>();
  for (let i = 0; i < reps.length; i++) {
    const root = sets.find(i);
    nearSize.set(root, (nearSize.get(root) ?? 0) + 1);
    const list = nearMembers.get(root) ?? [];
    list.push(...(reps[i] ?? []));
    nearMembers.set(root, list);
  }
  for (const [root, members] of nearMembers) {
    if ((nearSize.get(root) ?? 0) > 1) duplicates.push(makeGroup('near', members, worst.get(root) ?? 0));
  }

  duplicates.sort((a, b) => b.ids.length - a.ids.length || (a.ids[0] ?? '').localeCompare(b.ids[0] ?? ''));
  labelConflicts.sort((a, b) => (a.ids[0] ?? '').localeCompare(b.ids[0] ?? ''));
  return { duplicates, leaks: duplicates.filter(isLeak), labelConflicts };
}
