// Deletes a cluster while the client probes the VIP and the router watches the
// VIP's kernel next hops, all on the host clock, and reports what clients saw.
import type { Lab } from '../lab/lab.ts';
import { budgetMs } from '../lab/budgets.ts';
import { expectedNextHopsByCluster } from '../lab/expectations.ts';
import { execOk } from '../exec/container.ts';
import { spreadOf, type ProbeSample, type Spread } from './probe-output.ts';
import { parseRouteWatchOutput, type NextHopChange } from './route-watch-output.ts';

export interface FailoverOptions {
  /** Pause between probe requests, seconds. */
  readonly intervalSeconds: number;
  /** Per-request timeout, seconds: a request to a dead next hop fails after this. */
  readonly timeoutSeconds: number;
  /** Probing before the deletion, ms: the "before" spread. */
  readonly leadInMs: number;
  /** Probing after the route converged, ms: the "after" spread. */
  readonly tailMs: number;
}

export const DEFAULT_FAILOVER: FailoverOptions = { intervalSeconds: 0.02, timeoutSeconds: 0.3, leadInMs: 2000, tailMs: 2000 };

export interface FailoverReport {
  readonly deletedCluster: string;
  /** Epoch ms when the deletion command was issued. */
  readonly deletedAt: number;
  /** Epoch ms when the router's kernel next hops became exactly the survivors', or undefined if never. */
  readonly survivorsOnlyAt?: number;
  /** survivorsOnlyAt - deletedAt. */
  readonly routeConvergenceMs?: number;
  readonly failed: number;
  readonly total: number;
  /** First to last failed request start, ms (0 with one failure, undefined with none). */
  readonly disruptionWindowMs?: number;
  /** Start of the first successful request after the route converged, relative to deletion. */
  readonly firstSuccessAfterConvergenceMs?: number;
  readonly before: Spread;
  readonly after: Spread;
  readonly nextHopChanges: readonly NextHopChange[];
  readonly samples: readonly ProbeSample[];
}

const STOP_FILE = '/tmp/lab-probe.stop';

export async function measureFailover(lab: Lab, cluster: string, options: FailoverOptions = DEFAULT_FAILOVER): Promise<FailoverReport> {
  const survivors = lab.liveClusters.filter((c) => c !== cluster);
  const target = Object.values(expectedNextHopsByCluster(lab.state, survivors)).flat().sort().join(',');
  const { client, router } = lab.state;
  await execOk(client.id, client.name, ['rm', '-f', STOP_FILE]);

  const watchSeconds = Math.ceil((options.leadInMs + budgetMs('failover')) / 1000);
  const watching = execOk(router.id, router.name, ['lab-watch-route', lab.vipPrefix, String(watchSeconds), '0.02', target]);
  const probing = lab.probe({ count: 1_000_000, intervalSeconds: options.intervalSeconds, timeoutSeconds: options.timeoutSeconds, stopFile: STOP_FILE });
  try {
    await new Promise((r) => setTimeout(r, options.leadInMs));
    const deletedAt = Date.now();
    await lab.deleteCluster(cluster);
    const changes = parseRouteWatchOutput(await watching);
    const converged = changes.find((c) => c.nextHops.join(',') === target);
    await new Promise((r) => setTimeout(r, options.tailMs));
    await execOk(client.id, client.name, ['touch', STOP_FILE]);
    const samples = await probing;
    return summarize(cluster, deletedAt, converged?.at, changes, samples);
  } finally {
    await execOk(client.id, client.name, ['touch', STOP_FILE]).catch(() => {});
    await Promise.allSettled([watching, probing]);
  }
}

export function summarize(
  cluster: string, deletedAt: number, survivorsOnlyAt: number | undefined, nextHopChanges: readonly NextHopChange[], samples: readonly ProbeSample[],
): FailoverReport {
  const failures = samples.filter((s) => !s.ok);
  const before = samples.filter((s) => s.at < deletedAt);
  const after = survivorsOnlyAt === undefined ? [] : samples.filter((s) => s.at >= survivorsOnlyAt);
  const firstOk = after.find((s) => s.ok);
  return {
    deletedCluster: cluster,
    deletedAt,
    ...(survivorsOnlyAt === undefined ? {} : { survivorsOnlyAt, routeConvergenceMs: survivorsOnlyAt - deletedAt }),
    failed: failures.length,
    total: samples.length,
    ...(failures.length > 0 ? { disruptionWindowMs: failures.at(-1)!.at - failures[0]!.at } : {}),
    ...(firstOk ? { firstSuccessAfterConvergenceMs: firstOk.at - deletedAt } : {}),
    before: spreadOf(before),
    after: spreadOf(after),
    nextHopChanges,
    samples,
  };
}
