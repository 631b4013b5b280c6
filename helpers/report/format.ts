// Human-readable one-liners and tables of lab measurements, for scenario logs and the CLI summary.
import type { FailoverReport } from '../probe/failover.ts';
import type { Spread } from '../probe/probe-output.ts';

export function formatSeconds(ms: number | undefined): string {
  return ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`;
}

export function formatSpread(spread: Spread): string {
  const parts = Object.entries(spread.byCluster).sort().map(([c, n]) => `${c} ${n} (${Math.round((100 * n) / Math.max(1, spread.ok))}%)`);
  return `${spread.ok}/${spread.total} ok${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

export function formatFailover(r: FailoverReport): string {
  const share = r.total > 0 ? ` (${((100 * r.failed) / r.total).toFixed(1)}%)` : '';
  return [
    `deleted ${r.deletedCluster}:`,
    `route had survivors only after ${formatSeconds(r.routeConvergenceMs)};`,
    `${r.failed} of ${r.total} requests failed${share}`,
    r.disruptionWindowMs === undefined ? 'with no disruption window;' : `over a ${formatSeconds(r.disruptionWindowMs)} window;`,
    `first success after convergence at +${formatSeconds(r.firstSuccessAfterConvergenceMs)};`,
    `before: ${formatSpread(r.before)}; after: ${formatSpread(r.after)}`,
  ].join(' ');
}
