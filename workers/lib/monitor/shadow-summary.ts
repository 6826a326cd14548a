/**
 * What the challenger did in shadow over a window of the inspection log: how often it ran and agreed
 * with the champion, why it was skipped, how long it took, and the frames the two disagreed on.
 */
import type { InspectionRecord } from '../db/schema/station.ts';
import type { Verdict } from '../station/station-types.ts';
import { quantiles } from '../station/inspect-report.ts';
import { skipKind } from './shadow-policy.ts';

/** One frame the champion and the challenger judged differently. */
export interface ShadowDisagreement {
  /** the inspection row's seq (its thumbnail is stored under it when `hasThumb`) */
  seq: number;
  /** ms since epoch */
  at: number;
  hasThumb: boolean;
  champion: { verdict: Verdict; score: number | null };
  challenger: { verdict: Verdict; score: number | null };
}

/** The challenger's record over a window. */
export interface ShadowSummary {
  /** the challenger summarised (the newest one in the window); null when no row had a shadow answer */
  challenger: { versionId: string; label: string } | null;
  /** the champion it ran beside, from the same rows */
  champion: { versionId: string | null; label: string } | null;
  /** verdict rows with the challenger's answer or a skip */
  frames: number;
  runs: number;
  skips: number;
  /** skips by kind ("frames dropped", "over the frame budget"), most frequent first */
  skipReasons: { why: string; count: number }[];
  /** runs whose verdict matched the champion's */
  agreed: number;
  /** agreed / runs, 0..1; null before any run */
  agreementRate: number | null;
  /** the challenger's own time per frame (its crop and forward pass), ms */
  challengerLatency: { p50: number; p95: number } | null;
  /** the champion's frame-to-verdict time on the same frames, ms */
  championLatency: { p50: number; p95: number } | null;
  /** newest first */
  disagreements: ShadowDisagreement[];
}

/**
 * Summarises the challenger's shadow answers in `rows` (any order; gaps and health rows are ignored).
 * When the challenger changed within the window, only the newest one's rows count: the agreement of
 * two different challengers mixed together describes neither.
 */
export function shadowSummary(rows: readonly InspectionRecord[]): ShadowSummary {
  const shadowed = rows.filter((row) => row.kind === 'verdict' && row.shadow);
  const newest = shadowed.reduce<InspectionRecord | null>(
    (best, row) =>
      !best || row.at > best.at || (row.at === best.at && (row.seq ?? 0) > (best.seq ?? 0)) ? row : best,
    null,
  );
  if (!newest?.shadow) return empty();
  const { versionId, label } = newest.shadow;
  const mine = shadowed.filter((row) => row.shadow!.versionId === versionId);
  const skipCounts = new Map<string, number>();
  const challengerMs: number[] = [];
  const championMs: number[] = [];
  const disagreements: ShadowDisagreement[] = [];
  let runs = 0;
  let agreed = 0;
  for (const row of mine) {
    const shadow = row.shadow!;
    if (!shadow.ran) {
      const why = skipKind(shadow.skipped);
      skipCounts.set(why, (skipCounts.get(why) ?? 0) + 1);
      continue;
    }
    runs++;
    challengerMs.push(shadow.latencyMs);
    if (row.latencyMs !== null) championMs.push(row.latencyMs);
    if (shadow.agrees) {
      agreed++;
      continue;
    }
    disagreements.push({
      seq: row.seq ?? -1,
      at: row.at,
      hasThumb: row.hasThumb,
      champion: { verdict: row.verdict ?? 'no-part', score: row.score },
      challenger: { verdict: shadow.verdict, score: shadow.score },
    });
  }
  disagreements.sort((a, b) => b.at - a.at || b.seq - a.seq);
  return {
    challenger: { versionId, label },
    champion: { versionId: newest.versionId, label: newest.modelLabel },
    frames: mine.length,
    runs,
    skips: mine.length - runs,
    skipReasons: [...skipCounts]
      .map(([why, count]) => ({ why, count }))
      .sort((a, b) => b.count - a.count || a.why.localeCompare(b.why)),
    agreed,
    agreementRate: runs ? agreed / runs : null,
    challengerLatency: quantiles(challengerMs),
    championLatency: quantiles(championMs),
    disagreements,
  };
}

function empty(): ShadowSummary {
  return {
    challenger: null,
    champion: null,
    frames: 0,
    runs: 0,
    skips: 0,
    skipReasons: [],
    agreed: 0,
    agreementRate: null,
    challengerLatency: null,
    championLatency: null,
    disagreements: [],
  };
}
