// Waits until a lab is doing its job: every session Established and the VIP in
// the kernel FIB over every cluster node. The CLI waits on this; scenarios
// assert the same conditions themselves.
import type { Lab } from './lab.ts';
import { waitFor } from '../spec/budgets.ts';
import { activeNextHops, expectedGroups, expectedRouterNeighborLines, formatGroups, groupByCluster, neighborLines, sameGroups } from '../spec/expectations.ts';

export async function waitUntilConverged(lab: Lab): Promise<{ sessionsMs: number; vipMs: number }> {
  const started = Date.now();
  const expected = expectedRouterNeighborLines(lab.state);
  await waitFor('bgpSession', 'every router session to be Established', () => lab.routerNeighbors(),
    (ns) => neighborLines(ns).join() === expected.join(), (ns) => neighborLines(ns ?? []).join('; '));
  const sessionsMs = Date.now() - started;
  const groups = expectedGroups(lab.state, lab.liveClusters);
  await waitFor('ecmpConvergence', `the VIP's kernel next hops to be ${formatGroups(groups)}`, () => lab.vipKernelRoute(),
    (r) => sameGroups(groupByCluster(lab.state, activeNextHops(r)), groups), (r) => formatGroups(groupByCluster(lab.state, activeNextHops(r))));
  return { sessionsMs, vipMs: Date.now() - started };
}
