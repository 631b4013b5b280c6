// c'. A rolling upgrade of every node's BGP speaker while the client probes
// (emulated: each node's GoBGP replaced by the other build and back; kind: Helm
// upgrades Cilium from CILIUM_FROM to CILIUM_VERSION and the agent DaemonSet
// rolls). Every session comes back, the VIP never loses a next hop (graceful
// restart keeps the restarting node's path as stale), no request fails beyond
// objectives.failedRequests.upgrade, and each node's restart is measured from
// the router: session down time, path kept or withdrawn, failed requests.
import { beforeAll, describe, expect, it } from 'vitest';
import { useLab } from './use-lab.ts';
import { objectivesOf } from '../helpers/model/objectives.ts';
import { assertStartingState } from '../helpers/lab/starting-state.ts';
import { pollUntil } from '../helpers/model/budgets.ts';
import { activeNextHops, groupByCluster, neighborLines } from '../helpers/model/expectations.ts';
import { measureDisruption, NO_DEAD_HOP_MEASUREMENT } from '../helpers/measure/disruption.ts';
import { formatNodeRestarts, nodeRestarts, sampleRouter, type RouterSample } from '../helpers/measure/node-restarts.ts';
import { rollingUpgrade } from '../helpers/lab/disruption-plans.ts';
import { recordMeasurement } from '../helpers/report/measurements.ts';
import { failuresBeyond, formatDisruption } from '../helpers/report/format.ts';

const lab = useLab();
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
      const peering = new Set(expected.sessionLines.map((l) => l.split(' ')[0]!));
      const nodes = lab.state.clusters.filter((c) => !c.deleted).flatMap((c) => c.nodes.filter((n) => peering.has(n.address)).map((n) => ({ cluster: c.name, node: n.name, address: n.address })));

      const sampler = sampleRouter(lab.router, lab.vipPrefix);
      let samples: RouterSample[] = [];
      let report;
      try {
        report = await measureDisruption(lab, await rollingUpgrade(lab, step, () => {}, log), NO_DEAD_HOP_MEASUREMENT);
      } finally {
        samples = await sampler.stop();
      }
      const restarts = nodeRestarts(samples, nodes, report.samples, report.settings.timeoutMs);
      const events = restarts.flatMap((r) => [
        ...(r.downAt ? [{ at: r.downAt, label: `${r.node} down` }] : []),
        ...(r.upAt ? [{ at: r.upAt, label: `${r.node} up` }] : []),
      ]);
      await recordMeasurement(`rolling-upgrade-${i + 1}`, report, annotate, { events, nodes: formatNodeRestarts(restarts) });
      log(formatDisruption(report));
      for (const line of formatNodeRestarts(restarts)) log(`  ${line}`);

      const sessions = await pollUntil('bgpSession', () => lab.routerNeighbors(), (ns) => neighborLines(ns).join() === expected.sessionLines.join());
      expect(neighborLines(sessions.value ?? []), 'router neighbours after the roll').toEqual(expected.sessionLines);
      expect(groupByCluster(lab.state, activeNextHops(await lab.vipKernelRoute())), 'kernel next hops by cluster after the roll').toEqual(expected.vipGroups);
      expect(report.nextHopChanges.map((c) => c.nextHops.length), 'kernel next-hop counts seen during the roll').toEqual([expected.vipNextHops.length]);
      expect(restarts.filter((r) => r.sessionDownMs === undefined).map((r) => r.node), 'nodes whose session the router never saw drop and come back (did the speaker restart?)').toEqual([]);
      expect(restarts.filter((r) => r.path === 'withdrawn').map((r) => r.node), 'nodes whose path the router withdrew while they restarted (graceful restart should keep it)').toEqual([]);
      const allowed = objectivesOf(lab.spec).failedRequests.upgrade;
      expect(failuresBeyond(allowed, report, report.samples.filter((s) => !s.ok)), `failed requests beyond objectives.failedRequests.upgrade (${allowed})`).toEqual([]);
      expect(Object.values(await lab.provider.versions(lab.state)), `versions after the roll: ${step.to} running`).toContain(step.to);
    });
  });
});
