// Waits until a lab is doing its job: every expected session Established and
// the VIP in the kernel FIB over every node expected to announce it. The CLI
// and the bench wait on this; scenarios assert the same conditions themselves.
import type { Lab } from './lab.ts';
import { waitFor } from '../model/budgets.ts';
import { activeNextHops, formatGroups, groupByCluster, neighborLines, sameGroups } from '../model/expectations.ts';

export async function waitUntilConverged(lab: Lab): Promise<{ sessionsMs: number; vipMs: number }> {
  const started = Date.now();
  const expected = await lab.expectations();
  await waitFor('bgpSession', 'every expected router session to be Established', () => lab.routerNeighbors(),
    (ns) => neighborLines(ns).join() === expected.sessionLines.join(), (ns) => neighborLines(ns ?? []).join('; '));
  const sessionsMs = Date.now() - started;
  await waitFor('ecmpConvergence', `the VIP's kernel next hops to be ${formatGroups(expected.vipGroups)}`, () => lab.vipKernelRoute(),
    (r) => sameGroups(groupByCluster(lab.state, activeNextHops(r)), expected.vipGroups), (r) => formatGroups(groupByCluster(lab.state, activeNextHops(r))));
  return { sessionsMs, vipMs: Date.now() - started };
}
