// Compares two runs' results (e.g. before and after a Cilium upgrade) figure
// by figure and flags what got worse beyond a threshold. Pure.
import type { RunResults } from './results.ts';

export interface Threshold {
  /** Worse by more than this fraction of the baseline... */
  readonly relative: number;
  /** ...and by more than this absolute amount, counts as a regression. */
  readonly absolute: number;
}

/** Figures where higher is worse, with how much worse is tolerated. */
export const DEFAULT_THRESHOLDS: Readonly<Record<string, Threshold>> = {
  convergenceMs: { relative: 0.1, absolute: 1000 },
  routeConvergenceMs: { relative: 0.1, absolute: 1000 },
  disruptionWindowMs: { relative: 0.1, absolute: 1000 },
  recoveryMs: { relative: 0.1, absolute: 1000 },
  firstSuccessAfterConvergenceMs: { relative: 0.1, absolute: 1000 },
  failedPercent: { relative: 0.1, absolute: 5 },
  failed: { relative: 0.1, absolute: 10 },
};

export interface ComparisonRow {
  readonly measurement: string;
  readonly figure: string;
  readonly a?: number;
  readonly b?: number;
  readonly regression: boolean;
  readonly note?: string;
}

export function compareResults(a: RunResults, b: RunResults, thresholds = DEFAULT_THRESHOLDS): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const names = [...new Set([...Object.keys(a.measurements), ...Object.keys(b.measurements)])];
  for (const name of names) {
    const fa = a.measurements[name] as unknown as Record<string, unknown> | undefined;
    const fb = b.measurements[name] as unknown as Record<string, unknown> | undefined;
    if (!fa || !fb) {
      rows.push({ measurement: name, figure: '(all)', regression: !fb, note: fb ? 'new in b' : 'missing in b' });
      continue;
    }
    for (const [figure, t] of Object.entries(thresholds)) {
      const va = typeof fa[figure] === 'number' ? (fa[figure] as number) : undefined;
      const vb = typeof fb[figure] === 'number' ? (fb[figure] as number) : undefined;
      if (va === undefined && vb === undefined) continue;
      // Gone in b: for a time to converge or recover, it never happened (worse); a disruption window that vanished is better.
      const vanishedIsWorse = figure !== 'disruptionWindowMs';
      const worse = vb === undefined
        ? va !== undefined && vanishedIsWorse
        : va === undefined ? vb > t.absolute : vb - va > t.absolute && vb - va > va * t.relative;
      rows.push({ measurement: name, figure, ...(va === undefined ? {} : { a: va }), ...(vb === undefined ? {} : { b: vb }), regression: worse });
    }
  }
  return rows;
}

export function renderComparison(a: RunResults, b: RunResults, rows: readonly ComparisonRow[], labels = ['a', 'b']): string {
  const v = (r: RunResults) => Object.entries(r.meta.versions).map(([k, x]) => `${k} ${x}`).join(', ');
  const fmt = (n: number | undefined) => (n === undefined ? '-' : String(n));
  const delta = (r: ComparisonRow) => (r.a !== undefined && r.b !== undefined ? `${r.b - r.a >= 0 ? '+' : ''}${Math.round((r.b - r.a) * 10) / 10}` : '');
  const regressions = rows.filter((r) => r.regression);
  return [
    `${labels[0]}: ${a.meta.provider}, ${v(a)} (${a.meta.session})`,
    `${labels[1]}: ${b.meta.provider}, ${v(b)} (${b.meta.session})`,
    '',
    `| measurement | figure | ${labels[0]} | ${labels[1]} | change | |`,
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.measurement} | ${r.figure} | ${fmt(r.a)} | ${fmt(r.b)} | ${delta(r)} | ${r.regression ? 'REGRESSION' : ''}${r.note ? ` ${r.note}` : ''} |`),
    '',
    regressions.length === 0 ? 'no regression beyond the thresholds' : `${regressions.length} regression(s) beyond the thresholds`,
  ].join('\n');
}
