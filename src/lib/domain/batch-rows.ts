/**
 * Batch inspection's rows: the worker scores each image once; the verdicts at any threshold are derived
 * here, on the main thread, so moving the threshold never runs the model again.
 */
import { isUncertain, verdictOf } from '../../../workers/lib/station/verdict.ts';
import type { FrameResult, Verdict } from '../../../workers/lib/station/station-types.ts';

/** One inspected image as the worker answered it. */
export interface BatchItem {
  /** folder-relative path or file name */
  name: string;
  result: FrameResult;
}

/** One image's verdict at the threshold on screen. */
export interface BatchRow {
  name: string;
  /** P(bad) 0..1; null when no part was found */
  score: number | null;
  verdict: Verdict;
  /** the score lies in the band around the threshold where a person should look */
  uncertain: boolean;
  /** why the model did not run (unreadable file, no part found), when the worker said */
  note: string | null;
}

/** Which rows the grid shows. */
export type BatchFilter = 'all' | 'ng' | 'uncertain';

/** The filters, in the order the screen offers them. */
export const BATCH_FILTERS: ReadonlyArray<{ value: BatchFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'ng', label: 'NG only' },
  { value: 'uncertain', label: 'Uncertain' },
];

/** Every item's verdict at `threshold` (0..1), with the same rule the worker applies. */
export function classify(items: readonly BatchItem[], threshold: number): BatchRow[] {
  return items.map(({ name, result }) => ({
    name,
    score: result.score,
    verdict: verdictOf(result.score, threshold, result.part),
    uncertain: result.part.found && isUncertain(result.score, threshold),
    note: result.note ?? null,
  }));
}

/** The rows a filter keeps. */
export function filterRows(rows: readonly BatchRow[], filter: BatchFilter): BatchRow[] {
  if (filter === 'ng') return rows.filter((r) => r.verdict === 'ng');
  if (filter === 'uncertain') return rows.filter((r) => r.uncertain);
  return [...rows];
}

/** Verdict counts of a batch, for the summary line. */
export function countRows(rows: readonly BatchRow[]): Record<Verdict | 'uncertain', number> {
  const counts = { ok: 0, ng: 0, 'no-part': 0, 'out-of-domain': 0, uncertain: 0 };
  for (const row of rows) {
    counts[row.verdict]++;
    if (row.uncertain) counts.uncertain++;
  }
  return counts;
}

/** A score as the grid shows it: three decimals, or a dash when the model did not run. */
export function formatScore(score: number | null): string {
  return score === null ? '—' : score.toFixed(3);
}

/** A verdict as people read it. */
export const VERDICT_TEXT: Record<Verdict, string> = {
  ok: 'OK',
  ng: 'NG',
  'no-part': 'No part',
  'out-of-domain': 'Out of domain',
};

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The rows on screen as CSV: the same verdicts, the score as shown plus its exact value (6 decimals),
 * the threshold they were judged at and the model that scored them.
 */
export function batchCsv(rows: readonly BatchRow[], threshold: number, modelLabel: string): string {
  const lines = ['file,verdict,score,score_exact,threshold,uncertain,model'];
  for (const row of rows)
    lines.push(
      [
        csvField(row.name),
        VERDICT_TEXT[row.verdict],
        row.score === null ? '' : formatScore(row.score),
        row.score === null ? '' : row.score.toFixed(6),
        threshold.toFixed(3),
        row.uncertain ? 'yes' : 'no',
        csvField(modelLabel),
      ].join(','),
    );
  return lines.join('\n') + '\n';
}
