// Human-readable one-liners of lab measurements, for scenario logs and the CLI summary.
import type { DisruptionReport } from '../measure/disruption.ts';
import type { ProbeSample, Spread } from '../measure/probe-output.ts';
import { formatClearedFailures } from '../measure/witnesses.ts';

/** Failed requests as "<outcome> at +<ms since the action> ms", for assertion messages. */
export function formatFailures(r: DisruptionReport, samples: readonly ProbeSample[] = r.unexplainedFailures): string[] {
  return samples.map((s) => `${s.outcome} at +${Math.round(s.at - r.actionAt)} ms`);
}

/** The failures beyond what an objective allows: none when within it, so an assertion on [] shows them all otherwise. */
export function failuresBeyond(allowed: number, r: DisruptionReport, samples: readonly ProbeSample[] = r.unexplainedFailures): string[] {
  return samples.length <= allowed ? [] : formatFailures(r, samples);
}

export function formatSeconds(ms: number | undefined): string {
  return ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`;
}

export function formatSpread(spread: Spread): string {
  const parts = Object.entries(spread.byCluster).sort().map(([c, n]) => `${c} ${n} (${Math.round((100 * n) / Math.max(1, spread.ok))}%)`);
  const failures = Object.entries(spread.failures).map(([o, n]) => `${n} ${o}`).join(', ');
  return `${spread.ok}/${spread.total} ok${parts.length > 0 ? `: ${parts.join(', ')}` : ''}${failures ? `; failed: ${failures}` : ''}`;
}

/** The route's own change, when it came later than the forwarding's (the kernel skipped dead next hops first). */
function routeLag(r: DisruptionReport): string {
  if (r.routeConvergenceMs === undefined) return ' (the route itself still held other next hops)';
  if (r.convergenceMs === undefined || r.routeConvergenceMs - r.convergenceMs <= r.settings.sampleMs) return '';
  return ` (the route itself only after ${formatSeconds(r.routeConvergenceMs)}: the kernel skipped next hops whose neighbour entry failed)`;
}

export function formatDisruption(r: DisruptionReport): string {
  return [
    `${r.action}:`,
    r.convergenceMs === undefined
      ? `next hops never became ${r.targetNextHops.join(', ') || '(none)'};`
      : `new flows went only to ${r.targetNextHops.join(', ') || '(none)'} after ${formatSeconds(r.convergenceMs)}${routeLag(r)};`,
    `${r.failed} of ${r.total} requests failed (${(100 * r.failedShare).toFixed(1)}%${r.rehashed > 0 ? `, ${r.rehashed} of them in flight while the next hops changed` : ''})`,
    r.disruptionWindowMs === undefined ? 'with no disruption window;' : `over a ${formatSeconds(r.disruptionWindowMs)} window;`,
    `clients recovered at +${formatSeconds(r.recoveryMs)};`,
    `before: ${formatSpread(r.before)}; after: ${formatSpread(r.after)}`,
    ...(formatClearedFailures(r) ? [`; ${formatClearedFailures(r)}`] : []),
  ].join(' ');
}
