// Compares a run with a baseline (or any two runs, e.g. before and after a
// Cilium upgrade) figure by figure and scenario by scenario, and flags what got
// worse beyond its tolerance; a deviation the spec declares for the run's
// versions replaces the tolerance of its one figure. Pure.
import type { RunResults } from './results.ts';
import { stat } from './stats.ts';
import type { DeviationSpec, ToleranceSpec } from '../model/spec.ts';
import { DEFAULT_TOLERANCES, deviationApplies, type RegressionSettings } from '../model/regression-settings.ts';

export type Verdict = 'same' | 'better' | 'worse within tolerance' | 'REGRESSION' | 'accepted deviation' | 'new';

export interface ComparisonRow {
  readonly measurement: string;
  readonly figure: string;
  readonly a?: number | string;
  readonly b?: number | string;
  readonly verdict: Verdict;
  readonly regression: boolean;
  readonly note?: string;
}

const DEFAULT_SETTINGS: RegressionSettings = { tolerances: DEFAULT_TOLERANCES, deviations: [] };

/** Figures that are a time until something happened: absent means it never did. */
const TIMES_TO_HAPPEN = new Set(['convergenceMs', 'routeConvergenceMs', 'recoveryMs', 'firstSuccessAfterConvergenceMs']);

function judge(va: number | undefined, vb: number | undefined, figure: string, t: ToleranceSpec): Verdict {
  // Gone in b: for a time to converge or recover, it never happened (worse); a disruption window that vanished is better.
  if (vb === undefined) return va !== undefined && figure !== 'disruptionWindowMs' ? 'REGRESSION' : 'better';
  // None in a: a time that never happened before happens now (better); failures or a window where there were none are worse.
  if (va === undefined) return TIMES_TO_HAPPEN.has(figure) ? 'better' : vb > t.absolute ? 'REGRESSION' : 'worse within tolerance';
  if (vb === va) return 'same';
  if (vb < va) return 'better';
  return vb - va > t.absolute && vb - va > va * t.relative ? 'REGRESSION' : 'worse within tolerance';
}

export function compareResults(a: RunResults, b: RunResults, settings: RegressionSettings = DEFAULT_SETTINGS): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const deviations = settings.deviations.filter((d) => deviationApplies(d, b.meta.versions));
  const names = [...new Set([...Object.keys(a.measurements), ...Object.keys(b.measurements)])];
  for (const name of names) {
    const fa = a.measurements[name] as unknown as Record<string, unknown> | undefined;
    const fb = b.measurements[name] as unknown as Record<string, unknown> | undefined;
    if (!fa || !fb) {
      rows.push({ measurement: name, figure: '(all)', verdict: fb ? 'new' : 'REGRESSION', regression: !fb, note: fb ? 'new in b' : 'missing in b' });
      continue;
    }
    for (const [figure, tolerance] of Object.entries(settings.tolerances)) {
      const va = typeof fa[figure] === 'number' ? (fa[figure] as number) : undefined;
      const vb = typeof fb[figure] === 'number' ? (fb[figure] as number) : undefined;
      if (va === undefined && vb === undefined) continue;
      const values = { ...(va === undefined ? {} : { a: va }), ...(vb === undefined ? {} : { b: vb }) };
      const verdict = judge(va, vb, figure, tolerance);
      const deviation: DeviationSpec | undefined = deviations.find((d) => d.measurement === name && d.figure === figure);
      if (verdict === 'REGRESSION' && deviation && judge(va, vb, figure, deviation.tolerance) !== 'REGRESSION') {
        rows.push({ measurement: name, figure, ...values, verdict: 'accepted deviation', regression: false, note: `${deviation.name}: ${deviation.reason}` });
        continue;
      }
      rows.push({ measurement: name, figure, ...values, verdict, regression: verdict === 'REGRESSION' });
    }
  }
  // Scenarios: one that passed in a and does not pass in b (failed, skipped, or never ran) is a regression.
  if (a.scenarios && b.scenarios) {
    for (const [test, outcome] of Object.entries(a.scenarios)) {
      const now = b.scenarios[test];
      if (outcome !== 'pass' || now === 'pass') continue;
      rows.push({ measurement: 'scenario', figure: test, a: outcome, b: now ?? 'did not run', verdict: 'REGRESSION', regression: true });
    }
  }
  return rows;
}

/** The side-by-side table (markdown, readable in a terminal too): figure, a, b, delta, verdict. */
export function renderComparison(a: RunResults, b: RunResults, rows: readonly ComparisonRow[], labels = ['a', 'b']): string {
  const v = (r: RunResults) => Object.entries(r.meta.versions).map(([k, x]) => `${k} ${x}`).join(', ');
  const fmt = (x: number | string | undefined) => (x === undefined ? '-' : String(x));
  const delta = (r: ComparisonRow) => (typeof r.a === 'number' && typeof r.b === 'number' ? `${r.b - r.a >= 0 ? '+' : ''}${Math.round((r.b - r.a) * 10) / 10}` : '');
  const regressions = rows.filter((r) => r.regression);
  return [
    `${labels[0]}: ${a.meta.provider}, ${v(a)} (${a.meta.session})`,
    `${labels[1]}: ${b.meta.provider}, ${v(b)} (${b.meta.session})`,
    '',
    `| measurement | figure | ${labels[0]} | ${labels[1]} | delta | verdict |`,
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.measurement} | ${r.figure} | ${fmt(r.a)} | ${fmt(r.b)} | ${delta(r)} | ${r.verdict}${r.note ? ` (${r.note})` : ''} |`),
    '',
    regressions.length === 0 ? 'no regression beyond the tolerances' : `${regressions.length} regression(s) beyond the tolerances`,
  ].join('\n');
}

/**
 * Several runs of one side as one: each figure's median over the runs that have it (noise of a single
 * run is not a regression), a scenario passing only if it passed in every run.
 */
export function mergeRuns(runs: readonly RunResults[]): RunResults {
  if (runs.length === 0) throw new Error('mergeRuns: no runs');
  if (runs.length === 1) return runs[0]!;
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.measurements)))];
  const measurements = Object.fromEntries(names.map((name) => {
    const all = runs.map((r) => r.measurements[name]).filter((f) => f !== undefined) as unknown as Record<string, unknown>[];
    const merged: Record<string, unknown> = { ...all[0] };
    for (const key of Object.keys(merged)) {
      const values = all.map((f) => f[key]).filter((v): v is number => typeof v === 'number');
      if (typeof merged[key] === 'number') merged[key] = stat(values)!.median;
    }
    return [name, merged];
  }));
  const tests = [...new Set(runs.flatMap((r) => Object.keys(r.scenarios ?? {})))];
  const scenarios = Object.fromEntries(tests.map((t) => [t, runs.every((r) => r.scenarios?.[t] === 'pass') ? 'pass' : 'fail']));
  const first = runs[0]!;
  return {
    ...first,
    meta: { ...first.meta, session: `median of ${runs.map((r) => r.meta.session).join(', ')}` },
    measurements: measurements as unknown as RunResults['measurements'],
    ...(tests.length > 0 ? { scenarios: scenarios as RunResults['scenarios'] } : {}),
  };
}
