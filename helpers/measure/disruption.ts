// Measures what clients see while something happens to the lab (a cluster is
// deleted, recreated, withdrawn, a speaker restarts): the client probes the VIP
// at a fixed rate, the router records every change of the VIP's kernel next
// hops, both on the host clock, and the action's start is stamped on it too.
// Convergence is when new flows stop going anywhere but the target: the kernel
// may stop using a dead next hop (its neighbour entry failed) long before the
// route drops it (graceful restart expired); the route's own change is a
// figure of its own.
import { budgetMs, pollUntil, type BudgetName } from '../model/budgets.ts';
import { positiveNumberSetting } from '../model/settings.ts';
import { activeNextHops } from '../model/expectations.ts';
import { forwardedNextHops, routeChanges, type NextHopChange } from '../bgp/model.ts';
import { spreadOf, type ProbeSample, type Spread } from './probe-output.ts';
import type { OpenEndedProbe } from './probe.ts';
import { captureFigures, type CaptureFigures } from './capture.ts';
import { compareWitnesses, judgeFailures, type WitnessComparison } from './witnesses.ts';
import { startConnectionCapture, type ConnectionCapture, type MeasuredLab } from './router-capture.ts';

export type { MeasuredLab } from './router-capture.ts';

/** How a disruption is measured: the probe's rate and timeout, and the windows around the action. */
export interface MeasurementSettings {
  /** New connections per second. */
  readonly rate: number;
  /** Per-request timeout, ms: a request to a dead next hop fails after this. */
  readonly timeoutMs: number;
  /** Probing before the action, ms: the "before" spread. */
  readonly leadInMs: number;
  /** Probing after convergence, ms: the "after" spread. */
  readonly tailMs: number;
  /** The router's sampling interval of the VIP's next hops, ms. */
  readonly sampleMs: number;
}

/** A mistyped value is reported before anything starts (model/settings.ts); here it falls back. */
function envNumber(name: string, fallback: number): number {
  return positiveNumberSetting(process.env, name) || fallback;
}

/**
 * The reference measurement: 50 new connections/s, a request to a dead next hop
 * given up after 300 ms (LAB_PROBE_RATE, LAB_PROBE_TIMEOUT_MS change them).
 */
export const REFERENCE_MEASUREMENT: MeasurementSettings = {
  rate: envNumber('LAB_PROBE_RATE', 50),
  timeoutMs: envNumber('LAB_PROBE_TIMEOUT_MS', 300),
  leadInMs: 2000,
  tailMs: 2000,
  sampleMs: 20,
};

/**
 * How long a request may take where no request may fail (no next hop dies): long enough for TCP to
 * resend a lost SYN once. Its initial retransmission timeout is 1 s (RFC 6298 2.1; Linux
 * TCP_TIMEOUT_INIT), and a server with a full accept queue drops a SYN (seen under full CPU load on 2
 * cores: one connect-timeout at 1 s in a speaker restart whose route never changed). A request
 * answered after a resend is slow, not lost; one the lab really drops (no route, a dead or
 * unanswering next hop) is never answered, whatever the wait, and the route watcher records any
 * gap in the next hops on its own. 3 s: the first resend at 1 s and the second at 3 s.
 */
export const NO_LOSS_TIMEOUT_MS = 3000;

/** Where no next hop dies (recovery, graceful deletion, speaker restart, rolling upgrade): NO_LOSS_TIMEOUT_MS per request, and a tail as long. */
export const NO_DEAD_HOP_MEASUREMENT: MeasurementSettings = { ...REFERENCE_MEASUREMENT, timeoutMs: NO_LOSS_TIMEOUT_MS, tailMs: NO_LOSS_TIMEOUT_MS };

export interface DisruptionReport {
  /** What was done, e.g. "abrupt deletion of kind01". */
  readonly action: string;
  readonly settings: MeasurementSettings;
  /** Epoch ms when the action started. */
  readonly actionAt: number;
  /** The kernel next hops the VIP should end with. */
  readonly targetNextHops: readonly string[];
  /** Epoch ms when the kernel forwarded new flows to the target only (undefined: never within the budget). */
  readonly convergedAt?: number;
  /** convergedAt - actionAt (0 when the next hops never changed away from the target): what clients see. */
  readonly convergenceMs?: number;
  /** Action to the route's own next hops being the target, ms (the control plane; later than convergenceMs when the kernel skipped dead next hops first). */
  readonly routeConvergenceMs?: number;
  readonly total: number;
  readonly failed: number;
  /** failed / total. */
  readonly failedShare: number;
  /** Failed requests started before the action (not part of the figures above; should be 0). */
  readonly failedBeforeAction: number;
  /** First to last failed request start, ms (undefined with no failure). */
  readonly disruptionWindowMs?: number;
  /** From the action to the first success after the last failure, ms (0 with no failure). */
  readonly recoveryMs?: number;
  /** From the action to the first successful request after convergence, ms. */
  readonly firstSuccessAfterConvergenceMs?: number;
  readonly before: Spread;
  readonly after: Spread;
  readonly nextHopChanges: readonly NextHopChange[];
  /** How the router's kernel forwarded on the VIP just before the action (sysctls, how the route is installed). */
  readonly forwarding?: Readonly<Record<string, string>>;
  readonly samples: readonly ProbeSample[];
  /** The router's own record of the same connections (when captured). */
  readonly capture?: CaptureFigures;
  /** The probe and the router's capture side by side: how far their windows differ and how far this run can resolve (when captured). */
  readonly witnesses?: WitnessComparison;
  /**
   * Failed requests that were in flight while the router changed the VIP's next
   * hops: hash-threshold ECMP maps a live connection's next packets to another
   * next hop, whose kernel resets it. A property of the router's ECMP (FRR does
   * not program resilient next-hop groups), reported apart from the others.
   */
  readonly rehashed: number;
  /** Failed requests not explained by a rehash, nor cleared by the router's capture (below). */
  readonly unexplainedFailures: readonly ProbeSample[];
  /**
   * Every failed request but those the router's capture clears (measure/witnesses.ts judgeFailures):
   * the ones that count where no request may fail.
   */
  readonly confirmedFailures: readonly ProbeSample[];
  /** Requests the probe gave up on though the router saw their server answer and close them: a busy client. */
  readonly lateAnswers: number;
  /** Requests the probe gave up on before they opened a connection. */
  readonly neverOpened: number;
}

export interface DisruptionPlan {
  readonly action: string;
  readonly act: () => Promise<void>;
  /**
   * Node addresses the VIP's next hops must end up as: known before the action, or only after it
   * (a recreated cluster's nodes may get other addresses), then asked once the action is done.
   */
  readonly targetNextHops: readonly string[] | (() => Promise<readonly string[]>);
  /**
   * Stop watching once the next hops equal the target (a change is expected),
   * or watch for the whole budget (nothing should change, e.g. a graceful restart).
   */
  readonly expectChange: boolean;
  readonly budget: BudgetName;
  /** Called while the probe runs, after the action (e.g. to sample the BGP table). */
  readonly during?: () => Promise<unknown>;
  /**
   * Nothing should change (expectChange false) and the action itself waits until it is done (a
   * rolling upgrade): the watch ends this long after the action instead of running out its budget.
   */
  readonly settleMs?: number;
}

export async function measureDisruption(lab: MeasuredLab, plan: DisruptionPlan, settings: MeasurementSettings = REFERENCE_MEASUREMENT): Promise<DisruptionReport> {
  const known = typeof plan.targetNextHops === 'function' ? undefined : [...plan.targetNextHops].sort();
  const watchSeconds = Math.ceil((settings.leadInMs + budgetMs(plan.budget)) / 1000);
  // With the target known the watcher stops by itself once it is reached; otherwise it is stopped below.
  const watch = lab.router.watchRoute(lab.vipPrefix, { seconds: watchSeconds, ...(plan.expectChange && known ? { until: known.join(',') } : {}) });
  let capture: ConnectionCapture | undefined;
  let probe: OpenEndedProbe | undefined;
  try {
    // The router's record of every connection: the second witness of each failed request.
    capture = await startConnectionCapture(lab, watchSeconds + Math.ceil(settings.tailMs / 1000) + 5);
    // A hard limit besides stop(): the probe ends even if this process dies.
    const durationMs = settings.leadInMs + budgetMs(plan.budget) + settings.tailMs + 10_000;
    probe = await lab.client.start({ rate: settings.rate, timeoutMs: settings.timeoutMs, durationMs });
    // Read during the lead-in, when the route is whole: it says whether dead next hops will be skipped.
    const forwarding = await lab.router.forwarding(lab.vipPrefix).catch(() => undefined);
    await sleep(settings.leadInMs);
    const actionAt = Date.now();
    await plan.act();
    const targetNextHops = known ?? [...(await (plan.targetNextHops as () => Promise<readonly string[]>)())].sort();
    const target = targetNextHops.join(',');
    await plan.during?.();
    if (!plan.expectChange && plan.settleMs !== undefined) {
      await sleep(plan.settleMs);
      await watch.stop();
    }
    if (!known) {
      // Wait for the target (or the budget), then end the watch: its samples cover the whole change.
      await pollUntil(plan.budget, () => lab.router.fibRoute(lab.vipPrefix), (r) => activeNextHops(r).join(',') === target);
      // A few more samples: a new next hop's neighbour entry may still be resolving when the route is in.
      await sleep(5 * settings.sampleMs);
      await watch.stop();
    }
    const changes = await watch.changes;
    const converged = whenConverged(changes, actionAt, target, plan.expectChange, forwardedNextHops);
    const routeConverged = whenConverged(changes, actionAt, target, plan.expectChange, (c) => c.nextHops);
    await sleep(settings.tailMs);
    await probe.stop();
    const samples = await probe.samples;
    const report = { ...summarize(plan.action, settings, actionAt, targetNextHops, converged, changes, samples, routeConverged), ...(forwarding ? { forwarding } : {}) };
    const conns = await capture.stop();
    capture = undefined;
    const verdicts = judgeFailures(samples, conns);
    const cleared = new Set([...verdicts.lateAnswers, ...verdicts.neverOpened]);
    // Judged: connections from the start to a second after convergence (the disruption and its end;
    // the probe's own checks cover the healthy tail), and never ones opened in the probe's last timeout.
    const end = (samples.at(-1)?.at ?? Date.now()) - settings.timeoutMs;
    const until = converged !== undefined ? Math.min(end, converged + 1000) : end;
    const from = samples.find((s) => affectedBy(actionAt, s))?.at ?? actionAt;
    return {
      ...report,
      unexplainedFailures: report.unexplainedFailures.filter((s) => !cleared.has(s)),
      confirmedFailures: verdicts.confirmed,
      lateAnswers: verdicts.lateAnswers.length,
      neverOpened: verdicts.neverOpened.length,
      capture: captureFigures(conns, until),
      witnesses: compareWitnesses(samples, conns, { from, until }, settings),
    };
  } finally {
    await probe?.stop();
    // On an error the watcher would otherwise run out its whole budget.
    await watch.stop();
    await Promise.allSettled([watch.changes, probe?.samples, capture?.stop()]);
  }
}

/**
 * When `hops` of the watched changes became the target for good: the change after the action from
 * which they stay at it, or (nothing should change) the action itself when the last change seen
 * restored it. Forwarding can reach the target and leave it again before the route does: a dead
 * node's failed neighbour entry is removed (neighbour garbage collection), a next hop without one
 * counts as usable (Linux nexthop.c, nexthop_is_good_nh), and flows hash to it until it fails again.
 */
export function whenConverged(
  changes: readonly NextHopChange[], actionAt: number, target: string, expectChange: boolean, hops: (c: NextHopChange) => readonly string[],
): number | undefined {
  const real = routeChanges(changes);
  if (expectChange) {
    let reached: number | undefined;
    for (const c of real.filter((c) => c.at >= actionAt)) reached = hops(c).join(',') === target ? (reached ?? c.at) : undefined;
    return reached;
  }
  const last = real.at(-1);
  return last && hops(last).join(',') === target ? Math.max(last.at, actionAt) : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A request that had not ended when the action started. */
export function affectedBy(actionAt: number, s: ProbeSample): boolean {
  return s.at + s.latencyMs >= actionAt;
}

/** The failed requests the figures count: those the action could have caused. */
export function failuresOf(r: DisruptionReport): ProbeSample[] {
  return r.samples.filter((s) => !s.ok && affectedBy(r.actionAt, s));
}

/** The figures of a measurement, from its raw samples and next-hop changes. Pure. */
export function summarize(
  action: string, settings: MeasurementSettings, actionAt: number, targetNextHops: readonly string[], convergedAt: number | undefined,
  nextHopChanges: readonly NextHopChange[], samples: readonly ProbeSample[], routeConvergedAt: number | undefined = convergedAt,
): DisruptionReport {
  // The disruption's figures count the failures of requests still running at the action or started
  // after it (a request in flight when a cluster dies is its casualty); earlier ones are reported apart.
  const failures = samples.filter((s) => !s.ok && affectedBy(actionAt, s));
  const failedBeforeAction = samples.filter((s) => !s.ok && !affectedBy(actionAt, s)).length;
  const before = samples.filter((s) => s.at < actionAt);
  const after = convergedAt === undefined ? [] : samples.filter((s) => s.at >= convergedAt);
  const lastFailure = failures.at(-1);
  const recovered = lastFailure ? samples.find((s) => s.ok && s.at > lastFailure.at) : undefined;
  const firstOk = after.find((s) => s.ok);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  // A change was seen at `at` and happened after `since`, the last read of the old state; a neighbour's
  // resolution (NextHopChange.resolved) moves flows as a change of next hops does.
  const changeWindows = nextHopChanges.slice(1).map((c) => [c.since ?? c.at - 2 * settings.sampleMs, c.at] as const);
  const inFlightAtChange = (s: ProbeSample) => changeWindows.some(([from, to]) => s.at <= to && s.at + s.latencyMs >= from);
  // Only a connection that was answered and then reset can have been moved to another node.
  const rehashed = failures.filter((s) => s.outcome === 'reset' && inFlightAtChange(s));
  return {
    action,
    settings,
    actionAt,
    targetNextHops: [...targetNextHops].sort(),
    ...(convergedAt === undefined ? {} : { convergedAt, convergenceMs: round(Math.max(0, convergedAt - actionAt)) }),
    ...(routeConvergedAt === undefined ? {} : { routeConvergenceMs: round(Math.max(0, routeConvergedAt - actionAt)) }),
    total: samples.length,
    failed: failures.length,
    failedShare: samples.length > 0 ? failures.length / samples.length : 0,
    failedBeforeAction,
    ...(failures.length > 0 ? { disruptionWindowMs: round(lastFailure!.at - failures[0]!.at) } : {}),
    ...(failures.length === 0 ? { recoveryMs: 0 } : recovered ? { recoveryMs: round(recovered.at - actionAt) } : {}),
    ...(firstOk ? { firstSuccessAfterConvergenceMs: round(firstOk.at - actionAt) } : {}),
    before: spreadOf(before),
    after: spreadOf(after),
    nextHopChanges,
    samples,
    rehashed: rehashed.length,
    unexplainedFailures: samples.filter((s) => !s.ok && !rehashed.includes(s)),
    // Without the router's capture (measureDisruption adds it) every failure counts.
    confirmedFailures: samples.filter((s) => !s.ok),
    lateAnswers: 0,
    neverOpened: 0,
  };
}
