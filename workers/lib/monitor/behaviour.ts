/** What the deployed model did over a window (verdict mix, defect rate, scores) and what its evaluation predicted. */
import type { InspectionRecord } from '../db/schema/station.ts';
import type { EvaluationRecord } from '../db/schema/registry.ts';
import type { EvaluationReport } from '../evaluate/report.ts';
import { isUncertain } from '../station/verdict.ts';
import type { BehaviourReport, EvaluationExpectation } from './report-types.ts';

/** Score histogram bins over 0..1, as the Evaluate screen draws them. */
export const SCORE_BINS = 20;

/** The bin of a score in SCORE_BINS equal bins over 0..1; 1 falls in the last. */
function binOf(score: number): number {
  return Math.min(SCORE_BINS - 1, Math.max(0, Math.floor(score * SCORE_BINS)));
}

/** Thrown when an evaluation record holds no scores to read predictions from. */
export class ExpectationError extends Error {
  constructor(id: string) {
    super(
      `Evaluation ${id} holds no scores; evaluate the deployed model again to compare live figures with it.`,
    );
    this.name = 'ExpectationError';
  }
}

/**
 * What an evaluation predicts for the station at the deployed `threshold`: the share flagged NG,
 * the share near the threshold, the accuracy and the score distribution over the evaluated images.
 */
export function expectationOf(record: EvaluationRecord, threshold: number): EvaluationExpectation {
  // Stored reports are plain JSON of any format version: read the scores only when they are there.
  const report = record.report as Partial<EvaluationReport>;
  const good = Array.isArray(report.scores?.good) ? report.scores.good : [];
  const bad = Array.isArray(report.scores?.bad) ? report.scores.bad : [];
  const all = [...good, ...bad];
  if (!all.length) throw new ExpectationError(record.id);
  const shares = new Array<number>(SCORE_BINS).fill(0);
  for (const s of all) shares[binOf(s)]! += 1 / all.length;
  const flagged = all.filter((s) => s >= threshold).length;
  const right = good.filter((s) => s < threshold).length + bad.filter((s) => s >= threshold).length;
  return {
    evaluationId: record.id,
    snapshotId: record.snapshotId,
    split: String(report.split ?? 'unknown'),
    images: all.length,
    threshold,
    defectRate: flagged / all.length,
    uncertainShare: all.filter((s) => isUncertain(s, threshold)).length / all.length,
    accuracy: good.length && bad.length ? right / all.length : null,
    scoreShares: shares,
  };
}

/** Verdict mix, rates and score histogram of the verdict rows, beside the evaluation's prediction. */
export function behaviourOf(
  rows: readonly InspectionRecord[],
  expected: EvaluationExpectation | null,
): BehaviourReport {
  const verdicts = { ok: 0, ng: 0, noPart: 0, outOfDomain: 0 };
  const counts = new Array<number>(SCORE_BINS).fill(0);
  let uncertain = 0;
  let threshold: number | null = null;
  let latestAt = -Infinity;
  for (const row of rows) {
    if (row.kind !== 'verdict' || row.verdict === null) continue;
    if (row.verdict === 'ok') verdicts.ok++;
    else if (row.verdict === 'ng') verdicts.ng++;
    else if (row.verdict === 'out-of-domain') verdicts.outOfDomain++;
    else verdicts.noPart++;
    const judged = row.verdict === 'ok' || row.verdict === 'ng';
    if (judged && row.uncertain) uncertain++;
    if (judged && row.score !== null && Number.isFinite(row.score)) counts[binOf(row.score)]!++;
    if (row.threshold !== null && row.at >= latestAt) {
      latestAt = row.at;
      threshold = row.threshold;
    }
  }
  const judged = verdicts.ok + verdicts.ng;
  const withPart = judged + verdicts.outOfDomain;
  return {
    verdicts,
    withPart,
    defectRate: judged ? verdicts.ng / judged : null,
    uncertainShare: judged ? uncertain / judged : null,
    outOfDomainShare: withPart ? verdicts.outOfDomain / withPart : null,
    histogram: { edges: Array.from({ length: SCORE_BINS + 1 }, (_, i) => i / SCORE_BINS), counts },
    threshold,
    expected,
  };
}
