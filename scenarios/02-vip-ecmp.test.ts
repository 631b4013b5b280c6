// b. The VIP is in the router's BGP table once per cluster node, all paths
// multipath, and the kernel forwards it over exactly those next hops.
import { describe, expect, it } from 'vitest';
import { useLab } from './use-lab.ts';
import { pollUntil } from '../helpers/spec/budgets.ts';
import { activeNextHops, actualVipPaths, groupByCluster, sameGroups } from '../helpers/spec/expectations.ts';

const lab = useLab();

describe(`VIP ${lab.spec.loadBalancer.vip} on the router`, () => {
  it('is in the BGP table with one path per announcing node, AS path = the cluster ASN, multipath', async () => {
    const expected = (await lab.expectations()).vipPaths;
    const seen = await pollUntil('ecmpConvergence', () => lab.vipBgpRoute(), (r) => JSON.stringify(actualVipPaths(r)) === JSON.stringify(expected));
    const route = seen.value ?? { prefix: lab.vipPrefix, paths: [] };
    expect(actualVipPaths(route), `BGP paths of ${lab.vipPrefix} after ${seen.waitedMs} ms`).toEqual(expected);
    expect(route.paths.filter((p) => p.best), 'exactly one best path').toHaveLength(1);
  });

  it('is installed in the kernel FIB with exactly the announcing nodes as next hops', async () => {
    const expected = (await lab.expectations()).vipGroups;
    const seen = await pollUntil('ecmpConvergence', () => lab.vipKernelRoute(), (r) => sameGroups(groupByCluster(lab.state, activeNextHops(r)), expected));
    const actual = groupByCluster(lab.state, activeNextHops(seen.value));
    expect(actual, `kernel next hops of ${lab.vipPrefix} by cluster (expected vs actual) after ${seen.waitedMs} ms`).toEqual(expected);
    expect(seen.value?.protocol, 'installed by').toBe('bgp');
  });

  it("agrees with the routing software's view of what it installed: every next hop in the FIB", async () => {
    const installed = await lab.vipInstalledRoute();
    expect(installed?.installed, `the router's own entry for ${lab.vipPrefix}: ${JSON.stringify(installed)}`).toBe(true);
    expect(groupByCluster(lab.state, activeNextHops(installed))).toEqual((await lab.expectations()).vipGroups);
  });
});
