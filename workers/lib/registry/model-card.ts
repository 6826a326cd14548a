/**
 * A model card per registered version, built without the DOM from the version record, its evaluation
 * report and the project's scope: what the model is for, what it was trained and evaluated on, its
 * metrics with their intervals, the threshold rule, its known limits and every override behind it.
 */
import type { Scope } from '../domain/scope.ts';
import type { ImageSource } from '../db/schema/images.ts';
import type { AliasEventRecord, ModelVersionRecord } from '../db/schema/registry.ts';
import type { EvaluationReport } from '../evaluate/report.ts';
import type { Proportion } from '../evaluate/intervals.ts';

/** How many images of each source a snapshot holds; null when the snapshot is unknown or gone. */
export type SourceCounts = Partial<Record<ImageSource, number>> | null;

/** Everything a card is built from. */
export interface ModelCardInput {
  version: ModelVersionRecord;
  /** the report of the version's evaluation, or null when it was never evaluated */
  report: EvaluationReport | null;
  /** name of the snapshot the report scored, when known */
  evaluatedOn?: string | null;
  scope: Scope;
  /** image sources of the snapshot the version was trained on */
  trainingSources: SourceCounts;
  /** image sources of the snapshot the report scored */
  evaluationSources: SourceCounts;
  /** the registered model's alias history (any order) */
  history: readonly AliasEventRecord[];
}

/** A metric on the card: value and 95 % interval, 0..1, with the count behind it. */
export interface CardMetric {
  name: string;
  value: number | null;
  lower: number;
  upper: number;
  /** images the value rests on; null for AUROC, whose sample is two classes */
  n: number | null;
}

/** The structured model card. */
export interface VersionCard {
  title: string;
  intendedUse: string[];
  data: string[];
  /** empty when the version was never evaluated */
  metrics: CardMetric[];
  perDefectRecall: Array<{ defectType: string } & CardMetric>;
  threshold: { value: number; rule: string };
  gate: string;
  knownLimits: string[];
  overrides: Array<{ at: number; alias: string; from: number | null; to: number | null; reason: string }>;
}

/** Below this many test images, or defective ones, the card warns that the intervals are wide. */
export const SMALL_TEST_SET = 100;
/** Below this many defective images of one type, that type's recall is called out as thin. */
export const THIN_DEFECT_TYPE = 10;

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)} %`);

function fromProportion(name: string, p: Proportion): CardMetric {
  return { name, value: p.value, lower: p.lower, upper: p.upper, n: p.n };
}

function total(counts: SourceCounts): number {
  return counts ? Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0) : 0;
}

function onlyDemo(counts: SourceCounts): boolean {
  return !!counts && total(counts) > 0 && (counts.demo ?? 0) === total(counts);
}

function describeSources(counts: SourceCounts): string {
  if (!counts || !total(counts)) return 'unknown images';
  return Object.entries(counts)
    .filter(([, n]) => n)
    .map(([source, n]) => `${n} ${source === 'demo' ? 'generated demo' : source}`)
    .join(', ')
    .concat(' images');
}

function metricsOf(report: EvaluationReport): CardMetric[] {
  const m = report.metrics;
  return [
    fromProportion('Accuracy', m.accuracy),
    fromProportion('Precision', m.precision),
    fromProportion('Defect recall', m.recall),
    { name: 'F1', value: m.f1.value, lower: m.f1.lower, upper: m.f1.upper, n: null },
    fromProportion('Specificity', m.specificity),
    fromProportion('False-reject rate', m.falseRejectRate),
    {
      name: 'AUROC',
      value: report.auroc.value,
      lower: report.auroc.lower,
      upper: report.auroc.upper,
      n: null,
    },
  ];
}

function limitsOf(input: ModelCardInput): string[] {
  const { version, report, trainingSources, evaluationSources } = input;
  const limits: string[] = [];
  if (version.source === 'default')
    limits.push(
      'The shipped default model was trained on the demo generator’s screws, not on this station’s images.',
    );
  else if (onlyDemo(trainingSources)) limits.push('Trained only on the demo generator’s images.');
  if (!report) {
    limits.push(
      version.gatePassed === null
        ? 'Not evaluated against the gate: evaluate this version before relying on it.'
        : 'No evaluation of it is stored in this project, only its recorded gate verdict: evaluate it on this project’s images.',
    );
    return limits;
  }
  if (onlyDemo(evaluationSources))
    limits.push('Evaluated only on the demo generator’s images; real station images may score differently.');
  if (!report.gate.passed) limits.push('Did not pass the promotion gate on its evaluation.');
  const { total: n, bad } = report.images;
  if (n < SMALL_TEST_SET || bad < SMALL_TEST_SET / 2)
    limits.push(
      `Small evaluation set: ${n} images, ${bad} defective, so the intervals are wide (defect recall ${pct(report.metrics.recall.lower)} to ${pct(report.metrics.recall.upper)}).`,
    );
  for (const [type, p] of Object.entries(report.recallByDefect))
    if (p.n < THIN_DEFECT_TYPE)
      limits.push(
        `Only ${p.n} ${type} image${p.n === 1 ? '' : 's'} evaluated: its recall is barely measured.`,
      );
  const support = report.threshold.support;
  if (support && !support.supported)
    limits.push(`The threshold is poorly supported by the validation data: ${support.reasons.join(' ')}`);
  return limits;
}

/** Builds the card of one version. */
export function buildModelCard(input: ModelCardInput): VersionCard {
  const { version, report, scope } = input;
  const label = `${version.name}@${version.version}`;
  const bad = scope.classes.slice(1).join(', ') || 'defective';
  const flagged = report?.threshold.value ?? version.threshold;
  const overrides = input.history
    .filter((e) => e.override && e.to === version.version)
    .sort((a, b) => a.at - b.at)
    .map(({ at, alias, from, to, reason }) => ({ at, alias, from, to, reason }));
  return {
    title: `Model card: ${label}`,
    intendedUse: [
      scope.goal,
      `Input: one ${scope.inputSize}×${scope.inputSize} grayscale image of a screw. Output: P(${bad}), flagged at or above ${flagged.toFixed(3)}.`,
      'Not for other parts, cameras or lighting than the project’s images without a new evaluation.',
    ],
    data: [
      version.source === 'default'
        ? 'Trained when the app was built, on the demo generator’s screws.'
        : `Trained on snapshot ${version.lineage.snapshotHash?.slice(0, 12) ?? 'unknown'} (${describeSources(input.trainingSources)}), run ${version.lineage.runId ?? 'unknown'}.`,
      report
        ? `Evaluated on ${input.evaluatedOn ? `snapshot “${input.evaluatedOn}”, ` : ''}${report.split === 'test' ? 'its test split' : `the ${report.split} split`}: ${report.images.total} images (${report.images.bad} defective, ${report.images.good} good; ${describeSources(input.evaluationSources)}).`
        : 'Not evaluated yet.',
    ],
    metrics: report ? metricsOf(report) : [],
    perDefectRecall: report
      ? Object.entries(report.recallByDefect).map(([defectType, p]) => ({
          defectType,
          ...fromProportion(defectType, p),
        }))
      : [],
    threshold: { value: flagged, rule: version.thresholdRule },
    gate: report
      ? `${report.gate.passed ? 'Passed' : 'Failed'} the gate: ${report.gate.criteria.map((c) => c.message).join(' ')}`
      : version.gatePassed === null
        ? 'Not evaluated against the gate.'
        : `Recorded gate verdict: ${version.gatePassed ? 'passed' : 'failed'}.`,
    knownLimits: limitsOf(input),
    overrides,
  };
}

function metricLine(m: CardMetric): string {
  return `| ${m.name} | ${pct(m.value)} | ${pct(m.lower)} – ${pct(m.upper)} | ${m.n ?? '–'} |`;
}

/** The card as markdown, for copying next to an exported model. */
export function modelCardMarkdown(card: VersionCard): string {
  const list = (items: readonly string[]) => items.map((i) => `- ${i}`);
  const table = (rows: CardMetric[], first: string) =>
    rows.length
      ? [`| ${first} | Value | 95 % interval | n |`, '| --- | --- | --- | --- |', ...rows.map(metricLine)]
      : ['Not evaluated.'];
  return [
    `# ${card.title}`,
    '',
    '## Intended use',
    ...list(card.intendedUse),
    '',
    '## Data',
    ...list(card.data),
    '',
    '## Metrics',
    ...table(card.metrics, 'Metric'),
    '',
    '## Defect recall per type',
    ...table(card.perDefectRecall, 'Defect type'),
    '',
    '## Threshold',
    `P(bad) ≥ ${card.threshold.value.toFixed(3)}: ${card.threshold.rule}.`,
    '',
    card.gate,
    '',
    '## Known limits',
    ...(card.knownLimits.length ? list(card.knownLimits) : ['None recorded.']),
    '',
    '## Overrides',
    ...(card.overrides.length
      ? list(
          card.overrides.map(
            (o) =>
              `${new Date(o.at).toISOString()}: ${o.alias} ${o.from ?? '–'} → ${o.to ?? '–'}, reason: ${o.reason}`,
          ),
        )
      : ['None.']),
    '',
  ].join('\n');
}
