import { describe, expect, it } from 'vitest';
import { DEFAULT_MONITOR_THRESHOLDS, type MonitorThresholds } from '../domain/scope.ts';
import { MIN_ALERT_FRAMES, monitorAlerts, type AlertInput } from './alerts.ts';
import { behaviourOf } from './behaviour.ts';
import { infrastructureOf } from './infrastructure.ts';
import { verdictRow } from './report-fixtures.ts';
import type { InspectionRecord } from '../db/schema/station.ts';

/** `ok` OK rows, `ng` NG rows, `ood` out-of-domain rows, `uncertain` of the OK rows near the threshold. */
function rows(ok: number, ng: number, ood = 0, uncertain = 0): InspectionRecord[] {
  return [
    ...Array.from({ length: ok }, (_, i) => verdictRow(i, { verdict: 'ok', uncertain: i < uncertain })),
    ...Array.from({ length: ng }, (_, i) => verdictRow(1000 + i, { verdict: 'ng', score: 0.9 })),
    ...Array.from({ length: ood }, (_, i) =>
      verdictRow(2000 + i, { verdict: 'out-of-domain', outOfDomain: true, hasThumb: true }),
    ),
  ];
}

function alertsOf(list: InspectionRecord[], limits: Partial<MonitorThresholds> = {}) {
  const input: AlertInput = {
    drift: { reference: null, stats: [], drifted: false, ksPValueEach: 0.01, since: null },
    behaviour: behaviourOf(list, null),
    infrastructure: infrastructureOf(list),
    limits: { ...DEFAULT_MONITOR_THRESHOLDS, ...limits },
    examples: { drift: [], review: [7] },
  };
  return monitorAlerts(input);
}

const kinds = (list: ReturnType<typeof alertsOf>) => list.map((a) => a.kind);

describe('monitorAlerts', () => {
  it('warns of the defect rate from the scope card limit on, not below it', () => {
    expect(kinds(alertsOf(rows(70, 30)))).toEqual(['defect-rate']);
    expect(kinds(alertsOf(rows(71, 29)))).toEqual([]);
    expect(kinds(alertsOf(rows(71, 29), { defectRate: 0.2 }))).toEqual(['defect-rate']);
  });

  it('says nothing about rates over too few frames', () => {
    const few = MIN_ALERT_FRAMES - 1;
    expect(kinds(alertsOf(rows(0, few)))).toEqual([]);
    expect(kinds(alertsOf(rows(0, few + 1)))).toEqual(['defect-rate']);
  });

  it('recommends retraining, critically, when the out-of-domain share reaches its limit', () => {
    const [alert] = alertsOf(rows(90, 0, 10));
    expect(alert?.title).toBe('Retraining recommended');
    expect(alert?.severity).toBe('critical');
    expect(alert?.evidence.figures).toEqual(['out of domain 10% of frames ≥ 10%']);
    expect(alert?.evidence.exampleSeqs).toEqual([7]);
    expect(kinds(alertsOf(rows(91, 0, 9)))).toEqual([]);
  });

  it('recommends retraining as a warning when too many verdicts sit near the threshold', () => {
    const [alert] = alertsOf(rows(100, 0, 0, 15));
    expect(alert?.kind).toBe('retrain');
    expect(alert?.severity).toBe('warning');
    expect(kinds(alertsOf(rows(100, 0, 0, 14)))).toEqual([]);
    expect(kinds(alertsOf(rows(100, 0, 0, 14), { uncertainShare: 0.1 }))).toEqual(['retrain']);
  });

  it('puts critical alerts first', () => {
    expect(kinds(alertsOf(rows(50, 40, 10)))).toEqual(['retrain', 'defect-rate']);
  });
});
