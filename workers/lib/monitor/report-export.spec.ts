import { describe, expect, it } from 'vitest';
import { DEFAULT_MONITOR_THRESHOLDS } from '../domain/scope.ts';
import { monitorReport } from './report.ts';
import { driftedLog, fixtureReference } from './report-fixtures.ts';
import { alertsCsv, driftCsv, inspectionsJson, reportJson, timeSeriesCsv } from './report-export.ts';

const T0 = Date.UTC(2026, 10, 30, 9, 0);
const rows = driftedLog(T0, 120, 60);
const report = monitorReport({
  projectId: 'p1',
  rows,
  reference: fixtureReference(),
  limits: DEFAULT_MONITOR_THRESHOLDS,
  evaluation: null,
  window: 'all',
  now: T0 + 181_000,
});

const table = (text: string) =>
  text
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));

describe('monitoring exports', () => {
  it('writes one time-series row per bucket with each statistic measured', () => {
    const [header, ...body] = table(timeSeriesCsv(report));
    expect(header).toContain('brightness_median');
    expect(header).toContain('contrast_psi');
    expect(header).not.toContain('embedding_median');
    expect(body).toHaveLength(report.buckets.length);
    const ok = header!.indexOf('ok');
    const ood = header!.indexOf('out_of_domain');
    const total = body.reduce((s, r) => s + Number(r[ok]) + Number(r[ood]), 0);
    expect(total).toBe(180);
    expect(body[0]![0]).toBe(new Date(report.buckets[0]!.start).toISOString());
  });

  it('writes the drift tests per statistic with their limits and the flag', () => {
    const [header, ...body] = table(driftCsv(report));
    const byStat = Object.fromEntries(body.map((r) => [r[0], r]));
    const flagged = header!.indexOf('flagged');
    expect(byStat['brightness']![flagged]).toBe('true');
    expect(byStat['contrast']![flagged]).toBe('false');
    // The PSI a flag needs is the limit plus the chance level of 120+60 frames against 300 (about 0.08).
    const needed = Number(byStat['brightness']![header!.indexOf('psi_needed')]);
    expect(needed).toBeGreaterThan(0.25);
    expect(needed).toBeLessThan(0.4);
    // Two statistics tested share the 0.01 KS limit.
    expect(byStat['brightness']![header!.indexOf('ks_p_limit')]).toBe('0.005');
    expect(byStat['brightness']![header!.indexOf('since')]).toMatch(/^2026-11-30T09:0[12]:\d\d\.000Z$/);
  });

  it('writes alerts with their evidence quoted and example frames', () => {
    const text = alertsCsv(report.alerts);
    expect(text.split('\r\n')[0]).toBe('severity,kind,title,since,detail,evidence,example_seqs');
    expect(text).toContain('critical,retrain,Retraining recommended');
    // The detail holds commas and semicolons: it is quoted, so a spreadsheet keeps it in one cell.
    expect(text).toMatch(/,"[^"]*; [^"]*",/);
  });

  it('writes JSON that reads back, with no NaN', () => {
    const back = JSON.parse(reportJson(report)) as typeof report;
    expect(back.alerts[0]?.title).toBe('Retraining recommended');
    const log = JSON.parse(inspectionsJson(rows)) as Array<{ time: string; seq: number }>;
    expect(log).toHaveLength(rows.length);
    expect(log[0]!.time).toBe(new Date(rows[0]!.at).toISOString());
    expect(reportJson({ median: Number.NaN })).toContain('"median": null');
  });
});
