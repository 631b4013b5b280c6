// A BGP speaker restarts (in kind: the node's Cilium agent) with graceful
// restart enabled: the router keeps the node's path as stale instead of
// dropping it, the datapath keeps serving, and no request fails. Judged from
// what records it: the router's counters and log (the session dropped and came
// back, held by graceful restart, End-of-RIB received), the speaker's own start
// time, and the VIP's kernel next-hop change log (never a next hop lost).
import { beforeAll, describe, expect, it } from 'vitest';
import { useOwnLab } from './use-lab.ts';
import { objectivesOf } from '../helpers/model/objectives.ts';
import { failuresBeyond, formatDisruption } from '../helpers/report/format.ts';
import { assertStartingState } from '../helpers/lab/starting-state.ts';
import { clusterStateOf } from '../helpers/model/state.ts';
import { pollUntil } from '../helpers/model/budgets.ts';
import { activeNextHops, groupByCluster, pathLines, sameGroups } from '../helpers/model/expectations.ts';
import { formatNodeRestarts, restartProblems } from '../helpers/measure/node-restarts.ts';
import { judgeRestarts, readRestartRecord, restartedNodes, waitForRestarts } from '../helpers/lab/restart-evidence.ts';
import { measureDisruption, NO_DEAD_HOP_MEASUREMENT } from '../helpers/measure/disruption.ts';
import { speakerRestart } from '../helpers/lab/disruption-plans.ts';
import { recordMeasurement } from '../helpers/report/measurements.ts';

const lab = await useOwnLab();
const cluster = lab.clusterNames[0]!;

describe('a BGP speaker restart with graceful restart', () => {
  beforeAll(() => assertStartingState(lab));

  it('keeps the VIP on every next hop, marks the path stale, and fails no request', async ({ annotate }) => {
    const expected = await lab.expectations();
    const all = expected.vipGroups;
    const ready = await pollUntil('ecmpConvergence', () => lab.vipKernelRoute(), (r) => sameGroups(groupByCluster(lab.state, activeNextHops(r)), all));
    expect(groupByCluster(lab.state, activeNextHops(ready.value)), 'every cluster up before the restart').toEqual(all);

    // A node the provider predicts announces the VIP: its path is the one graceful restart must keep.
    const clusterNodes = clusterStateOf(lab.state, cluster).nodes;
    const node = clusterNodes.find((n) => expected.vipNextHops.includes(n.address)) ?? clusterNodes[0]!;
    const targets = restartedNodes(lab, expected, { cluster, node: node.name });
    expect(targets.map((t) => t.node), `${node.name} peers with the router (the provider's prediction)`).toEqual([node.name]);
    const before = await readRestartRecord(lab, targets);
    // The watch ends a little after the router recorded the session back with its End-of-RIB (or the budget ran out).
    const report = await measureDisruption(lab, await speakerRestart(lab, cluster, node.name, () => waitForRestarts(lab, targets, before, 'speakerRestart')), NO_DEAD_HOP_MEASUREMENT);
    const restarts = await judgeRestarts(lab, targets, before, report, 'speakerRestart');
    await recordMeasurement('speaker-restart', report, annotate);
    console.log(`[lab] ${formatDisruption(report)}; ${formatNodeRestarts(restarts).join('; ')}`);

    const problems = restartProblems(restarts);
    expect(problems, `${problems.join('\n')}\n(the restart as the router's counters and log, the speaker's start time and the VIP's kernel route changes recorded it)`).toEqual([]);
    if (targets[0]!.announcesVip) {
      // End-of-RIB ended graceful restart: the path is a fresh one now (a state, read until it holds).
      const fresh = await pollUntil('speakerRestart', () => lab.vipBgpRoute(), (r) => r.paths.some((p) => p.nextHop === node.address && !p.stale));
      expect(fresh.met, `${node.name}'s VIP path is not stale after End-of-RIB; paths: ${pathLines(fresh.value ?? { prefix: lab.vipPrefix, paths: [] }).join('; ')}`).toBe(true);
    }
    expect(report.nextHopChanges.map((c) => c.nextHops.length), 'kernel next-hop counts seen').toEqual([expected.vipNextHops.length]);
    const allowed = objectivesOf(lab.spec).failedRequests.speakerRestart;
    expect(failuresBeyond(allowed, report, report.confirmedFailures), `failed requests beyond objectives.failedRequests.speakerRestart (${allowed})`).toEqual([]);
  });
});
