// d. Delete one cluster while the client keeps connecting: the VIP keeps only
// the survivors' next hops, and requests succeed again. Prints when the route
// changed and how many requests failed in between.
import { describe, expect, it } from 'vitest';
import { useLab } from './use-lab.ts';
import { pollUntil } from '../helpers/lab/budgets.ts';
import { activeNextHops, actualVipPaths, expectedGroups, expectedVipPaths, groupByCluster } from '../helpers/lab/expectations.ts';
import { measureFailover } from '../helpers/probe/failover.ts';
import { formatFailover } from '../helpers/report/format.ts';

const lab = useLab();
const victim = process.env['LAB_FAILOVER_CLUSTER'] ?? lab.clusterNames[0]!;
const survivors = lab.clusterNames.filter((c) => c !== victim);

describe(`deleting cluster ${victim}`, () => {
  it(`leaves the VIP with exactly ${survivors.join(', ')}'s next hops, and clients recover`, async () => {
    const report = await measureFailover(lab, victim);
    console.log(`[lab] ${formatFailover(report)}`);

    expect(report.routeConvergenceMs, `the kernel next hops never became the survivors' only; changes seen: ${JSON.stringify(report.nextHopChanges)}`).toBeTypeOf('number');
    const kernel = await lab.vipKernelRoute();
    expect(groupByCluster(lab.state, activeNextHops(kernel)), 'kernel next hops by cluster').toEqual(expectedGroups(lab.state, survivors));

    const expectedPaths = expectedVipPaths(lab.state, survivors);
    const bgp = await pollUntil('failover', () => lab.vipBgpRoute(), (r) => JSON.stringify(actualVipPaths(r)) === JSON.stringify(expectedPaths));
    expect(actualVipPaths(bgp.value ?? { prefix: lab.vipPrefix, paths: [] }), 'BGP paths once graceful restart expired').toEqual(expectedPaths);

    expect(report.after.ok, 'requests after the route converged').toBeGreaterThan(0);
    expect(report.after.failed, 'failed requests after the route converged').toBe(0);
    expect(Object.keys(report.after.byCluster).sort(), 'clusters answering after the deletion').toEqual(survivors);
  });

  it('the client gets every answer from the survivors afterwards', async () => {
    const samples = await lab.probe({ count: 40, intervalSeconds: 0, timeoutSeconds: 1 });
    expect(samples.filter((s) => !s.ok).map((s) => s.error), 'failed requests').toEqual([]);
    expect([...new Set(samples.map((s) => s.answer?.cluster))].sort()).toEqual(survivors);
  });
});
