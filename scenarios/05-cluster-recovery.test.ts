// Recovery: the deleted cluster is created again; the VIP regains its next hops
// and traffic reaches every cluster again, without failed requests.
import { describe, expect, it } from 'vitest';
import { useOwnLab } from './use-lab.ts';
import { objectivesOf } from '../helpers/model/objectives.ts';
import { failuresBeyond, formatDisruption } from '../helpers/report/format.ts';
import { assertStartingState } from '../helpers/lab/starting-state.ts';
import { waitFor } from '../helpers/model/budgets.ts';
import { activeNextHops, groupByCluster } from '../helpers/model/expectations.ts';
import { measureDisruption, NO_DEAD_HOP_MEASUREMENT } from '../helpers/measure/disruption.ts';
import { recovery } from '../helpers/lab/disruption-plans.ts';
import { recordMeasurement } from '../helpers/report/measurements.ts';

const lab = await useOwnLab();
const victim = process.env['LAB_FAILOVER_CLUSTER'] ?? lab.clusterNames[0]!;
const survivors = lab.clusterNames.filter((c) => c !== victim);

describe(`recreating cluster ${victim}`, () => {
  it('brings its next hops back and traffic to every cluster, with no failed request', async ({ annotate }) => {
    // The abrupt-deletion scenario left it deleted; run on its own, this file deletes it first, from a converged lab.
    if (lab.liveClusters.includes(victim)) {
      await assertStartingState(lab);
      await lab.deleteCluster(victim);
    }
    const survivorsOnly = (await lab.expectations(survivors)).vipNextHops;
    await waitFor('failover', `the VIP to have only ${survivors.join(', ')}'s next hops`, () => lab.vipKernelRoute(),
      (r) => activeNextHops(r).join() === survivorsOnly.join(), (r) => activeNextHops(r).join(', '));

    const report = await measureDisruption(lab, recovery(lab, victim, (l) => console.log(`[lab] ${l}`)), NO_DEAD_HOP_MEASUREMENT);
    await recordMeasurement('recovery', report, annotate);
    console.log(`[lab] ${formatDisruption(report)}`);

    expect(report.convergenceMs, `the next hops never came back; changes seen: ${JSON.stringify(report.nextHopChanges)}`).toBeTypeOf('number');
    expect(groupByCluster(lab.state, activeNextHops(await lab.vipKernelRoute())), 'kernel next hops by cluster').toEqual((await lab.expectations()).vipGroups);
    // Connections in flight while the next hops change may be rehashed to another node and reset (counted, see DisruptionReport.rehashed).
    const allowed = objectivesOf(lab.spec).failedRequests.recovery;
    expect(failuresBeyond(allowed, report), `failed requests beyond objectives.failedRequests.recovery (${allowed}; besides ${report.rehashed} rehashed in flight)`).toEqual([]);
    expect(Object.keys(report.after.byCluster).sort(), 'clusters answering after the recovery').toEqual([...lab.clusterNames].sort());
  });
});
