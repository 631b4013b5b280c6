// b. Every cluster announces the VIP; it is in the router's BGP table once per
// announcing node, all paths multipath, and the kernel forwards it over exactly
// those next hops. A failure starts with its likely cause: the Cilium object
// that keeps a cluster silent, or the router setting that keeps paths apart.
import { describe, expect, it } from 'vitest';
import { useLab } from './use-lab.ts';
import { objectivesOf } from '../helpers/model/objectives.ts';
import { untilEcmpOrExplained } from '../helpers/lab/readiness.ts';
import { activeNextHops, actualVipPaths, groupByCluster, sameGroups } from '../helpers/model/expectations.ts';

const lab = await useLab();
const bringUpObjective = objectivesOf(lab.spec).bringUpMs[lab.state.provider];

/** The router's own reasons the VIP's paths are not one ECMP group, as the first lines of a failure. */
async function ecmpCauses(expected: number): Promise<string> {
  return formatCauses(await lab.router.whyNotEcmp(lab.vipPrefix, expected).catch((error: Error) => [`(could not read the router's config: ${error.message})`]));
}

const formatCauses = (causes: readonly string[]) => causes.map((c) => `cause: ${c}\n`).join('');

describe(`VIP ${lab.spec.loadBalancer.vip} on the router`, () => {
  it('is announced by every cluster: the anycast premise', async () => {
    const expected = await lab.expectations();
    const silent = lab.liveClusters.filter((c) => (expected.vipGroups[c] ?? []).length === 0);
    const causes = await Promise.all(silent.map(async (c) =>
      `cluster ${c} announces no route for ${lab.vipPrefix}: ${(await lab.whyNoVip(c)).join('; ') || 'nothing in its manifests explains it'}`));
    expect(causes, 'clusters whose nodes do not announce the VIP, and why').toEqual([]);
  });

  it('is in the BGP table with one path per announcing node, AS path = the cluster ASN, multipath', async () => {
    const expected = (await lab.expectations()).vipPaths;
    const seen = await untilEcmpOrExplained(lab, expected.length, () => lab.vipBgpRoute(), (r) => JSON.stringify(actualVipPaths(r)) === JSON.stringify(expected));
    const route = seen.value ?? { prefix: lab.vipPrefix, paths: [] };
    const causes = seen.met ? '' : seen.causes.length > 0 ? formatCauses(seen.causes) : await ecmpCauses(expected.length);
    expect(actualVipPaths(route), `${causes}BGP paths of ${lab.vipPrefix} after ${seen.waitedMs} ms`).toEqual(expected);
    expect(route.paths.filter((p) => p.best), 'exactly one best path').toHaveLength(1);
  });

  it('is installed in the kernel FIB with exactly the announcing nodes as next hops', async () => {
    const { vipGroups: expected, vipNextHops } = await lab.expectations();
    const seen = await untilEcmpOrExplained(lab, vipNextHops.length, () => lab.vipKernelRoute(), (r) => sameGroups(groupByCluster(lab.state, activeNextHops(r)), expected));
    const actual = groupByCluster(lab.state, activeNextHops(seen.value));
    const causes = seen.met ? '' : seen.causes.length > 0 ? formatCauses(seen.causes) : await ecmpCauses(vipNextHops.length);
    expect(actual, `${causes}kernel next hops of ${lab.vipPrefix} by cluster (expected vs actual) after ${seen.waitedMs} ms`).toEqual(expected);
    expect(seen.value?.protocol, 'installed by').toBe('bgp');
  });

  it("agrees with the routing software's view of what it installed: every next hop in the FIB", async () => {
    const [installed, { vipGroups, vipNextHops }] = await Promise.all([lab.vipInstalledRoute(), lab.expectations()]);
    expect(installed?.installed, `the router's own entry for ${lab.vipPrefix}: ${JSON.stringify(installed)}`).toBe(true);
    const actual = groupByCluster(lab.state, activeNextHops(installed));
    const causes = sameGroups(actual, vipGroups) ? '' : await ecmpCauses(vipNextHops.length);
    expect(actual, `${causes}next hops the router says it installed`).toEqual(vipGroups);
  });

  // No objective for this provider in the spec: nothing to judge, so no test.
  if (bringUpObjective !== undefined) {
    it(`was on every expected next hop within objectives.bringUpMs.${lab.state.provider} (${bringUpObjective} ms) of the lab's start`, async () => {
      const { vipGroups } = await lab.expectations();
      const readAt = Date.now();
      const installed = await lab.vipInstalledRoute();
      expect(sameGroups(groupByCluster(lab.state, activeNextHops(installed)), vipGroups), 'the VIP is on every expected next hop now (see above)').toBe(true);
      expect(installed?.uptimeSeconds, `the routing software's uptime of ${lab.vipPrefix}: ${JSON.stringify(installed)}`).toBeTypeOf('number');
      // The route last changed when its last next hop came in, `uptime` whole seconds ago: an upper
      // bound of the bring-up time, whatever ran between the start and this test.
      const bringUpMs = readAt - installed!.uptimeSeconds! * 1000 - lab.state.startedAt!;
      console.log(`[lab] lab start to the VIP on every next hop: at most ${bringUpMs} ms (objective ${bringUpObjective} ms)`);
      expect(bringUpMs, 'lab start to the VIP on every next hop, ms (upper bound, 1 s resolution)').toBeLessThanOrEqual(bringUpObjective);
    });
  }
});
