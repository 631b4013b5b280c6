// The figures of a disruption measurement, as plain numbers that reports,
// JUnit properties and `npm run compare` share.
import type { DisruptionReport } from '../measure/disruption.ts';
import type { Spread } from '../measure/probe-output.ts';

export interface Figures {
  readonly action: string;
  /** Action to the kernel forwarding new flows to the target next hops only, ms: what clients see. */
  readonly convergenceMs?: number;
  /** Action to the route's next hops being the target, ms (later when the kernel skipped dead next hops first). */
  readonly routeConvergenceMs?: number;
  readonly requests: number;
  readonly failed: number;
  readonly failedPercent: number;
  /** Failed requests before the action: the lab was not healthy to begin with. */
  readonly failedBeforeAction: number;
  /** First to last failed request, ms. */
  readonly disruptionWindowMs?: number;
  /** Action to the first success after the last failure, ms. */
  readonly recoveryMs?: number;
  /** Action to the first success once the next hops were the target, ms. */
  readonly firstSuccessAfterConvergenceMs?: number;
  /** Percent of successful answers per cluster, before the action and after convergence. */
  readonly sharesBefore: Readonly<Record<string, number>>;
  readonly sharesAfter: Readonly<Record<string, number>>;
  /** Failed requests that were in flight while the next hops changed (ECMP rehash). */
  readonly rehashed: number;
  readonly probeRate: number;
  readonly probeTimeoutMs: number;
  /**
   * The router's capture against the probe (when captured), router minus probe, ms: first failure,
   * last failure, window; and how far the edges may differ in this run (measure/witnesses.ts).
   * Reported, not compared with a baseline: the check is the scenario's.
   */
  readonly captureFirstDiffMs?: number;
  readonly captureLastDiffMs?: number;
  readonly captureWindowDiffMs?: number;
  readonly captureResolvableMs?: number;
  /** Largest stamp-to-SYN delay of one connection between the two witnesses, ms (when paired). */
  readonly captureDelayMaxMs?: number;
}

function shares(spread: Spread): Record<string, number> {
  return Object.fromEntries(Object.entries(spread.byCluster).sort().map(([c, n]) => [c, Math.round((1000 * n) / Math.max(1, spread.ok)) / 10]));
}

export function figuresOf(r: DisruptionReport): Figures {
  return {
    action: r.action,
    ...(r.convergenceMs === undefined ? {} : { convergenceMs: r.convergenceMs }),
    ...(r.routeConvergenceMs === undefined ? {} : { routeConvergenceMs: r.routeConvergenceMs }),
    requests: r.total,
    failed: r.failed,
    failedPercent: Math.round(r.failedShare * 1000) / 10,
    failedBeforeAction: r.failedBeforeAction,
    ...(r.disruptionWindowMs === undefined ? {} : { disruptionWindowMs: r.disruptionWindowMs }),
    ...(r.recoveryMs === undefined ? {} : { recoveryMs: r.recoveryMs }),
    ...(r.firstSuccessAfterConvergenceMs === undefined ? {} : { firstSuccessAfterConvergenceMs: r.firstSuccessAfterConvergenceMs }),
    sharesBefore: shares(r.before),
    sharesAfter: shares(r.after),
    rehashed: r.rehashed,
    probeRate: r.settings.rate,
    probeTimeoutMs: r.settings.timeoutMs,
    ...(r.witnesses?.firstDiffMs === undefined ? {} : { captureFirstDiffMs: r.witnesses.firstDiffMs }),
    ...(r.witnesses?.lastDiffMs === undefined ? {} : { captureLastDiffMs: r.witnesses.lastDiffMs }),
    ...(r.witnesses?.windowDiffMs === undefined ? {} : { captureWindowDiffMs: r.witnesses.windowDiffMs }),
    ...(r.witnesses ? { captureResolvableMs: r.witnesses.resolvableMs } : {}),
    ...(r.witnesses?.delayMaxMs === undefined ? {} : { captureDelayMaxMs: r.witnesses.delayMaxMs }),
  };
}

/** Figures flattened to name/value pairs, e.g. for JUnit properties ("abrupt.convergenceMs" = "15220"). */
export function figureProperties(name: string, f: Figures): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(f)) {
    if (key === 'action') continue;
    if (typeof value === 'object') for (const [c, v] of Object.entries(value as Record<string, number>)) out.push([`${name}.${key}.${c}`, String(v)]);
    else out.push([`${name}.${key}`, String(value)]);
  }
  return out;
}
