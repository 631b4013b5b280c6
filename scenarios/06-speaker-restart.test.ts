// A BGP speaker restarts (in kind: the node's Cilium agent) with graceful
// restart enabled: the router keeps the node's path as stale instead of
// dropping it, the datapath keeps serving, and no request fails.
import { beforeAll, describe, expect, it } from 'vitest';
import { useLab } from './use-lab.ts';
import { objectivesOf } from '../helpers/model/objectives.ts';
import { failuresBeyond, formatDisruption } from '../helpers/report/format.ts';
import { assertStartingState } from '../helpers/lab/starting-state.ts';
import { clusterStateOf } from '../helpers/model/state.ts';
import { pollUntil, waitUntilDeadline } from '../helpers/model/budgets.ts';
import { activeNextHops, groupByCluster, sameGroups } from '../helpers/model/expectations.ts';
import { measureDisruption, NO_DEAD_HOP_MEASUREMENT } from '../helpers/measure/disruption.ts';
import { speakerRestart } from '../helpers/lab/disruption-plans.ts';
import { recordMeasurement } from '../helpers/report/measurements.ts';

const lab = useLab();
const cluster = lab.clusterNames[0]!;

describe('a BGP speaker restart with graceful restart', () => {
  beforeAll(() => assertStartingState(lab));

  it('keeps the VIP on every next hop, marks the path stale, and fails no request', async ({ annotate }) => {
    const expected = await lab.expectations();
    const all = expected.vipGroups;
    const ready = await pollUntil('ecmpConvergence', () => lab.vipKernelRoute(), (r) => sameGroups(groupByCluster(lab.state, activeNextHops(r)), all));
    expect(groupByCluster(lab.state, activeNextHops(ready.value)), 'every cluster up before the restart').toEqual(all);

    const node = clusterStateOf(lab.state, cluster).nodes[0]!;
    const seen = { stale: false, minPaths: Number.POSITIVE_INFINITY, refreshed: false };
    // While the speaker is away: the router's BGP table, sampled until the path is fresh again.
    const watchTable = () => waitUntilDeadline('speakerRestart', async () => {
      const route = await lab.vipBgpRoute();
      const path = route.paths.find((p) => p.nextHop === node.address);
      seen.minPaths = Math.min(seen.minPaths, route.paths.length);
      if (path?.stale) seen.stale = true;
      seen.refreshed = seen.stale && path !== undefined && !path.stale;
      return seen.refreshed;
    });
    const report = await measureDisruption(lab, await speakerRestart(lab, cluster, node.name, watchTable), NO_DEAD_HOP_MEASUREMENT);
    await recordMeasurement('speaker-restart', report, annotate);
    console.log(`[lab] ${formatDisruption(report)}; stale seen ${seen.stale}, fewest paths ${seen.minPaths}, refreshed ${seen.refreshed}`);

    expect(seen.stale, `the router marked ${node.address}'s path stale while its speaker restarted`).toBe(true);
    expect(seen.minPaths, 'paths of the VIP at any time during the restart').toBe(expected.vipPaths.length);
    expect(seen.refreshed, 'the restarted speaker refreshed its path (End-of-RIB cleared the stale flag)').toBe(true);
    expect(report.nextHopChanges.map((c) => c.nextHops.length), 'kernel next-hop counts seen').toEqual([expected.vipNextHops.length]);
    const allowed = objectivesOf(lab.spec).failedRequests.speakerRestart;
    expect(failuresBeyond(allowed, report, report.samples.filter((s) => !s.ok)), `failed requests beyond objectives.failedRequests.speakerRestart (${allowed})`).toEqual([]);
  });
});
