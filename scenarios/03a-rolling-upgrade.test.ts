// c'. A rolling upgrade of every node's BGP speaker while the client probes
// (emulated: each node's GoBGP replaced by the other build and back; kind: Helm
// upgrades Cilium from CILIUM_FROM to CILIUM_VERSION and the agent DaemonSet
// rolls). Every session comes back, the VIP never loses a next hop (graceful
// restart keeps the restarting node's path as stale), no request fails beyond
// objectives.failedRequests.upgrade. Each node's restart is judged from what
// records it, never from samples that must catch it: the router's per-neighbour
// counters before and after and its log of session changes, the speaker's own
// start time and version, the VIP's kernel next-hop change log; only nodes the
// provider predicts announce the VIP are expected to keep a VIP path.
import { beforeAll, describe, expect, it } from 'vitest';
import { useOwnLab } from './use-lab.ts';
import { objectivesOf } from '../helpers/model/objectives.ts';
import { assertStartingState } from '../helpers/lab/starting-state.ts';
import { pollUntil } from '../helpers/model/budgets.ts';
import { activeNextHops, groupByCluster, neighborLines } from '../helpers/model/expectations.ts';
import { measureDisruption, NO_DEAD_HOP_MEASUREMENT } from '../helpers/measure/disruption.ts';
import { formatNodeRestarts, restartEvents, restartProblems } from '../helpers/measure/node-restarts.ts';
import { judgeRestarts, readRestartRecord, restartedNodes } from '../helpers/lab/restart-evidence.ts';
import { rollingUpgrade } from '../helpers/lab/disruption-plans.ts';
import { recordMeasurement } from '../helpers/report/measurements.ts';
import { failuresBeyond, formatDisruption } from '../helpers/report/format.ts';

const lab = await useOwnLab();
const steps = await lab.upgradeSteps();
const log = (line: string) => console.log(`[lab] ${line}`);

describe('a rolling upgrade under traffic', () => {
  beforeAll(() => assertStartingState(lab));

  // vitest.config.ts runs this file only when the provider has an upgrade configured: none is a failure.
  it('has an upgrade to roll', () => {
    expect(steps.map((s) => s.label), `the provider's rolling upgrades (kind: CILIUM_FROM=${process.env['CILIUM_FROM'] ?? ''})`).not.toEqual([]);
  });

  steps.forEach((step, i) => {
    it(`${step.label}: every session back, the VIP on every next hop throughout, no failed request`, async ({ annotate }) => {
      const expected = await lab.expectations();
      // Every node that peers is rolled; whether it announces the VIP is the provider's prediction.
      const nodes = restartedNodes(lab, expected);
      const before = await readRestartRecord(lab, nodes);
      const report = await measureDisruption(lab, await rollingUpgrade(lab, step, () => {}, log), NO_DEAD_HOP_MEASUREMENT);
      const restarts = await judgeRestarts(lab, nodes, before, report);
      await recordMeasurement(`rolling-upgrade-${i + 1}`, report, annotate, { events: restartEvents(restarts), nodes: formatNodeRestarts(restarts) });
      log(formatDisruption(report));
      for (const line of formatNodeRestarts(restarts)) log(`  ${line}`);

      const problems = restartProblems(restarts, { version: step.to });
      expect(problems, `${problems.join('\n')}\n(each node's restart as the router's counters and log, its speaker's start time and the VIP's kernel route changes recorded it)`).toEqual([]);
      const sessions = await pollUntil('bgpSession', () => lab.routerNeighbors(), (ns) => neighborLines(ns).join() === expected.sessionLines.join());
      expect(neighborLines(sessions.value ?? []), 'router neighbours after the roll').toEqual(expected.sessionLines);
      expect(groupByCluster(lab.state, activeNextHops(await lab.vipKernelRoute())), 'kernel next hops by cluster after the roll').toEqual(expected.vipGroups);
      expect(report.nextHopChanges.map((c) => c.nextHops.length), 'kernel next-hop counts seen during the roll').toEqual([expected.vipNextHops.length]);
      const allowed = objectivesOf(lab.spec).failedRequests.upgrade;
      expect(failuresBeyond(allowed, report, report.confirmedFailures), `failed requests beyond objectives.failedRequests.upgrade (${allowed})`).toEqual([]);
      expect(Object.values(await lab.provider.versions(lab.state)), `versions after the roll: ${step.to} running`).toContain(step.to);
    });
  });
});
