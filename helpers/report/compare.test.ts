import { describe, expect, it } from 'vitest';
import { compareResults, mergeRuns, renderComparison } from './compare.ts';
import type { RunResults } from './results.ts';
import type { Figures } from './figures.ts';
import { regressionSettingsOf } from '../model/regression-settings.ts';

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

  it('calls a convergence that now happens, where the baseline never converged, better', () => {
    const never = figures();
    delete (never as { convergenceMs?: number }).convergenceMs;
    const row = compareResults(run('1.19.8', { abrupt: never }), run('1.20.1', { abrupt: figures() })).find((r) => r.figure === 'convergenceMs')!;
    expect(row).toMatchObject({ verdict: 'better', regression: false });
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
    expect(renderComparison(a, b, rows)).toContain('| restart | (all) | - | - |  | REGRESSION (missing in b) |');
  });
});

describe('a run against its baseline', () => {
  const baseline = { ...run('1.19.8', { abrupt: figures() }), scenarios: { '04 > abrupt > leaves the VIP': 'pass', '05 > recovery': 'pass', '06 > restart': 'fail' } } as RunResults;

  it('passes an unchanged run, noise within tolerance, and says so per figure', () => {
    const now = { ...run('1.19.8', { abrupt: figures({ convergenceMs: 15_301, failedPercent: 40.1 }) }), scenarios: baseline.scenarios } as RunResults;
    const rows = compareResults(baseline, now);
    expect(rows.some((r) => r.regression)).toBe(false);
    const table = renderComparison(baseline, now, rows, ['baseline', 'now']);
    expect(table).toContain('| measurement | figure | baseline | now | delta | verdict |');
    expect(table).toContain('| abrupt | convergenceMs | 15268 | 15301 | +33 | worse within tolerance |');
    expect(table).toContain('| abrupt | failedPercent | 41.5 | 40.1 | -1.4 | better |');
    expect(table).toContain('no regression beyond the tolerances');
  });

  it('fails a results file edited to be worse than tolerance, and a scenario that passed and now fails or did not run', () => {
    const now = { ...run('1.19.8', { abrupt: figures({ convergenceMs: 122_000 }) }), scenarios: { '04 > abrupt > leaves the VIP': 'fail' } } as RunResults;
    const rows = compareResults(baseline, now);
    expect(rows.filter((r) => r.regression).map((r) => `${r.measurement}: ${r.figure} ${r.a} -> ${r.b}`)).toEqual([
      'abrupt: convergenceMs 15268 -> 122000',
      'scenario: 04 > abrupt > leaves the VIP pass -> fail',
      'scenario: 05 > recovery pass -> did not run',
    ]);
    expect(renderComparison(baseline, now, rows, ['baseline', 'now'])).toContain('| abrupt | convergenceMs | 15268 | 122000 | +106732 | REGRESSION |');
  });

  it('accepts a declared deviation for the version it names only, and only within its own tolerance', () => {
    const deviation = {
      name: 'cilium-1.20-slower-gr', reason: 'the agent announces End-of-RIB later', when: { cilium: '1.20' },
      measurement: 'abrupt', figure: 'convergenceMs', tolerance: { relative: 0.5, absolute: 1000 },
    };
    const settings = { tolerances: regressionSettingsOf({}).tolerances, deviations: [deviation] };
    const slower = (cilium: string, convergenceMs: number) => run(cilium, { abrupt: figures({ convergenceMs }) });
    const accepted = compareResults(baseline, slower('1.20.1', 20_000), settings).find((r) => r.figure === 'convergenceMs')!;
    expect(accepted).toMatchObject({ verdict: 'accepted deviation', regression: false, note: 'cilium-1.20-slower-gr: the agent announces End-of-RIB later' });
    // Another version gets no such allowance, and 1.20 none beyond the deviation's tolerance.
    expect(compareResults(baseline, slower('1.21.0', 20_000), settings).find((r) => r.figure === 'convergenceMs')!.regression).toBe(true);
    expect(compareResults(baseline, slower('1.20.1', 40_000), settings).find((r) => r.figure === 'convergenceMs')!.regression).toBe(true);
  });

  it('takes tolerances from the spec over the defaults', () => {
    const now = run('1.19.8', { abrupt: figures({ convergenceMs: 16_000 }) });
    const strict = regressionSettingsOf({ regression: { tolerances: { convergenceMs: { relative: 0.01, absolute: 100 } } } });
    expect(compareResults(baseline, now).find((r) => r.figure === 'convergenceMs')!.regression).toBe(false);
    expect(compareResults(baseline, now, strict).find((r) => r.figure === 'convergenceMs')!.regression).toBe(true);
  });
});

describe('mergeRuns: several runs per side', () => {
  it('takes each figure\'s median, so one noisy run is not a regression', () => {
    const base = mergeRuns([run('1.19.8', { recovery: figures({ convergenceMs: 1900 }) }), run('1.19.8', { recovery: figures({ convergenceMs: 3000 }) }), run('1.19.8', { recovery: figures({ convergenceMs: 3100 }) })]);
    const now = mergeRuns([run('1.19.8', { recovery: figures({ convergenceMs: 3000 }) }), run('1.19.8', { recovery: figures({ convergenceMs: 1950 }) }), run('1.19.8', { recovery: figures({ convergenceMs: 3050 }) })]);
    expect((base.measurements['recovery'] as { convergenceMs: number }).convergenceMs).toBe(3000);
    expect(compareResults(base, now).filter((r) => r.regression)).toEqual([]);
    // One run against one run of the same lab can look like a regression (1.9 s -> 3.1 s).
    expect(compareResults(run('1.19.8', { recovery: figures({ convergenceMs: 1900 }) }), run('1.19.8', { recovery: figures({ convergenceMs: 3100 }) })).some((r) => r.regression)).toBe(true);
  });

  it('counts a scenario as passed only where it passed in every run', () => {
    const a = { ...run('1.19.8', {}), scenarios: { t1: 'pass', t2: 'pass' } } as RunResults;
    const b = { ...run('1.19.8', {}), scenarios: { t1: 'pass', t2: 'fail' } } as RunResults;
    expect(mergeRuns([a, b]).scenarios).toEqual({ t1: 'pass', t2: 'fail' });
    expect(mergeRuns([a, b]).meta.session).toBe('median of s-1.19.8, s-1.19.8');
  });
});
