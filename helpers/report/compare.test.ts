import { describe, expect, it } from 'vitest';
import { compareResults, renderComparison } from './compare.ts';
import type { RunResults } from './results.ts';
import type { Figures } from './figures.ts';

const figures = (over: Partial<Figures> = {}): Figures => ({
  action: 'abrupt deletion of kind01', convergenceMs: 15_268, requests: 945, failed: 392, failedPercent: 41.5, disruptionWindowMs: 15_175, recoveryMs: 15_220,
  firstSuccessAfterConvergenceMs: 15_280, failedBeforeAction: 0, rehashed: 0, sharesBefore: { kind01: 55, kind02: 45 }, sharesAfter: { kind02: 100 }, probeRate: 50, probeTimeoutMs: 300, ...over,
});
const run = (cilium: string, measurements: Record<string, Figures>): RunResults => ({
  schema: 'anycast-lab/results/v1',
  meta: { provider: 'kind', spec: 'anycast', session: `s-${cilium}`, startedAt: '2026-11-26T05:00:00Z', versions: { cilium }, phases: {}, host: { cpus: 2, memoryGiB: 24, platform: 'linux x64' } },
  measurements,
});

describe('compareResults', () => {
  it('flags a slower failover and more failed requests, not noise', () => {
    const a = run('1.19.8', { abrupt: figures() });
    const b = run('1.20.1', { abrupt: figures({ convergenceMs: 18_500, failedPercent: 52, disruptionWindowMs: 15_400 }) });
    const flagged = compareResults(a, b).filter((r) => r.regression).map((r) => r.figure);
    expect(flagged).toEqual(['convergenceMs', 'failedPercent']);
  });

  it('flags a run that never converged or never recovered', () => {
    const never = figures();
    delete (never as { convergenceMs?: number }).convergenceMs;
    delete (never as { recoveryMs?: number }).recoveryMs;
    const rows = compareResults(run('1.19.8', { abrupt: figures() }), run('1.20.1', { abrupt: never }));
    expect(rows.filter((r) => r.regression).map((r) => r.figure)).toEqual(['convergenceMs', 'recoveryMs']);
  });

  it('calls a better run no regression', () => {
    const a = run('1.19.8', { abrupt: figures() });
    const b = run('1.20.1', { abrupt: figures({ convergenceMs: 9_000, failedPercent: 20, failed: 150 }) });
    expect(compareResults(a, b).some((r) => r.regression)).toBe(false);
  });

  it('flags failures where the baseline had none, and a measurement missing from b', () => {
    const clean = figures({ failed: 0, failedPercent: 0 });
    delete (clean as { disruptionWindowMs?: number }).disruptionWindowMs;
    const a = run('1.19.8', { graceful: clean, restart: figures() });
    const b = run('1.20.1', { graceful: figures({ disruptionWindowMs: 2500, failed: 40, failedPercent: 8 }) });
    const rows = compareResults(a, b);
    expect(rows.filter((r) => r.regression).map((r) => `${r.measurement}.${r.figure}`)).toEqual([
      'graceful.disruptionWindowMs', 'graceful.failedPercent', 'graceful.failed', 'restart.(all)',
    ]);
    expect(renderComparison(a, b, rows)).toContain('| restart | (all) | - | - |  | REGRESSION missing in b |');
  });
});
