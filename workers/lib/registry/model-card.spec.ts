import { describe, expect, it } from 'vitest';
import { buildEvaluationReport, type EvaluationReport } from '../evaluate/report.ts';
import { defaultScope } from '../domain/scope.ts';
import type { AliasEventRecord, ModelVersionRecord } from '../db/schema/registry.ts';
import { createRng } from '../rng.ts';
import { buildModelCard, modelCardMarkdown, type ModelCardInput } from './model-card.ts';

const scope = defaultScope();

function version(over: Partial<ModelVersionRecord> = {}): ModelVersionRecord {
  return {
    id: 'p/screws@2',
    projectId: 'p',
    name: 'screws',
    version: 2,
    source: 'run',
    classes: ['good', 'bad'],
    outputs: { names: ['good', 'bad'], classOf: [0, 1] },
    threshold: 0.42,
    thresholdRule: 'best balanced accuracy on the validation split',
    tfjsVersion: '4.22.0',
    appVersion: '0.1.0',
    lineage: { runId: 'run_1', snapshotId: 'snp_1', snapshotHash: 'abcdef0123456789', profileId: null },
    evaluationId: 'evl_1',
    gatePassed: false,
    sizeBytes: 1000,
    archived: false,
    createdAt: 0,
    ...over,
  };
}

/** A report of `good` + `bad` seeded scores, bad ones higher on average. */
function report(good: number, bad: number, seed = 3): EvaluationReport {
  const rng = createRng(seed);
  const isBad = [...Array<boolean>(good).fill(false), ...Array<boolean>(bad).fill(true)];
  const scores = isBad.map((b) => Math.min(1, Math.max(0, (b ? 0.65 : 0.35) + (rng.next() - 0.5) * 0.6)));
  return buildEvaluationReport({
    scores,
    isBad,
    defectTypes: isBad.map((b, i) => (b ? (i % 2 ? 'scratch' : 'thread_side') : null)),
    threshold: { value: 0.5, method: 'manual', target: null, chosenOn: null, support: null },
    gate: scope.gate,
    assertions: [],
  });
}

function input(over: Partial<ModelCardInput> = {}): ModelCardInput {
  return {
    version: version(),
    report: report(40, 40),
    scope,
    trainingSources: { demo: 200 },
    evaluationSources: { demo: 80 },
    history: [],
    ...over,
  };
}

describe('buildModelCard', () => {
  it('carries every metric with the interval of the report it was built from', () => {
    const r = report(40, 40);
    const card = buildModelCard(input({ report: r }));
    const recall = card.metrics.find((m) => m.name === 'Defect recall')!;
    expect(recall).toMatchObject({ value: r.metrics.recall.value, lower: r.metrics.recall.lower, n: 40 });
    expect(card.metrics.map((m) => m.name)).toEqual([
      'Accuracy',
      'Precision',
      'Defect recall',
      'F1',
      'Specificity',
      'False-reject rate',
      'AUROC',
    ]);
    expect(card.perDefectRecall.map((d) => d.defectType).sort()).toEqual(['scratch', 'thread_side']);
    expect(card.threshold).toEqual({ value: 0.5, rule: version().thresholdRule });
  });

  it('names demo-only data, a failed gate and a small evaluation set as limits', () => {
    const r = report(30, 30);
    const limits = buildModelCard(input({ report: r })).knownLimits.join('\n');
    expect(limits).toContain('Trained only on the demo generator');
    expect(limits).toContain('Evaluated only on the demo generator');
    expect(limits).toContain('Small evaluation set: 60 images, 30 defective');
    expect(limits.includes('Did not pass the promotion gate')).toBe(!r.gate.passed);
  });

  it('says nothing about demo data when the images came from the station camera', () => {
    const card = buildModelCard(
      input({
        report: report(120, 120),
        trainingSources: { camera: 300 },
        evaluationSources: { camera: 240 },
      }),
    );
    expect(card.knownLimits.join('\n')).not.toContain('demo');
    expect(card.knownLimits.join('\n')).not.toContain('Small evaluation set');
  });

  it('flags a version never evaluated against the gate and lists no metrics', () => {
    const card = buildModelCard(input({ report: null, version: version({ gatePassed: null }) }));
    expect(card.metrics).toEqual([]);
    expect(card.gate).toBe('Not evaluated against the gate.');
    expect(card.knownLimits).toContain(
      'Not evaluated against the gate: evaluate this version before relying on it.',
    );
  });

  it('asks for an evaluation in this project when only a recorded verdict exists', () => {
    const card = buildModelCard(
      input({
        report: null,
        version: version({ source: 'default', gatePassed: true }),
        trainingSources: null,
      }),
    );
    expect(card.gate).toBe('Recorded gate verdict: passed.');
    expect(card.knownLimits.join('\n')).toContain('No evaluation of it is stored in this project');
    expect(card.knownLimits.join('\n')).not.toContain('Not evaluated against the gate');
    expect(card.knownLimits[0]).toContain('shipped default model');
  });

  it('lists only the overrides that moved an alias onto this version, oldest first', () => {
    const event = (over: Partial<AliasEventRecord>): AliasEventRecord => ({
      projectId: 'p',
      modelId: 'p/screws',
      alias: 'champion',
      from: 1,
      to: 2,
      reason: 'line stop',
      override: true,
      kind: 'promote',
      at: 10,
      ...over,
    });
    const card = buildModelCard(
      input({
        history: [
          event({ at: 30, reason: 'second' }),
          event({ at: 20, reason: 'first' }),
          event({ at: 40, override: false, reason: 'passed' }),
          event({ at: 50, to: 3, reason: 'other version' }),
        ],
      }),
    );
    expect(card.overrides.map((o) => o.reason)).toEqual(['first', 'second']);
  });

  it('renders markdown with every section and the interval of each metric', () => {
    const r = report(40, 40);
    const md = modelCardMarkdown(buildModelCard(input({ report: r })));
    for (const heading of [
      '# Model card: screws@2',
      '## Intended use',
      '## Metrics',
      '## Known limits',
      '## Overrides',
    ])
      expect(md).toContain(heading);
    const lower = `${(r.metrics.recall.lower * 100).toFixed(1)} %`;
    expect(md).toMatch(new RegExp(`\\| Defect recall \\| [\\d.]+ % \\| ${lower.replace('.', '\\.')} – `));
  });
});
