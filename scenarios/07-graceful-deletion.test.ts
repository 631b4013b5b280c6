// Graceful deletion: withdraw a cluster's advertisements, wait until the router
// dropped its next hops, then delete the cluster. Clients see no failure.
import { beforeAll, describe, expect, it } from 'vitest';
import { useOwnLab } from './use-lab.ts';
import { objectivesOf } from '../helpers/model/objectives.ts';
import { failuresBeyond, formatDisruption } from '../helpers/report/format.ts';
import { assertStartingState } from '../helpers/lab/starting-state.ts';
import { activeNextHops, groupByCluster } from '../helpers/model/expectations.ts';
import { measureDisruption, NO_DEAD_HOP_MEASUREMENT } from '../helpers/measure/disruption.ts';
import { gracefulDeletion } from '../helpers/lab/disruption-plans.ts';
import { recordMeasurement } from '../helpers/report/measurements.ts';

const lab = await useOwnLab();
// The other cluster than the abrupt deletion's, so both clusters' teardown paths are exercised.
const victim = lab.clusterNames.at(-1)!;
const survivors = lab.clusterNames.filter((c) => c !== victim);

describe(`deleting cluster ${victim} gracefully`, () => {
  beforeAll(() => assertStartingState(lab));

  it('moves every client to the survivors with zero failed requests', async ({ annotate }) => {
    const after = await lab.expectations(survivors);
    const report = await measureDisruption(lab, await gracefulDeletion(lab, victim), NO_DEAD_HOP_MEASUREMENT);
    await recordMeasurement('graceful-deletion', report, annotate);
    console.log(`[lab] ${formatDisruption(report)}`);

    expect(report.convergenceMs, `the router never dropped ${victim}'s next hops; changes seen: ${JSON.stringify(report.nextHopChanges)}`).toBeTypeOf('number');
    expect(groupByCluster(lab.state, activeNextHops(await lab.vipKernelRoute())), 'kernel next hops by cluster').toEqual(after.vipGroups);
    // Connections in flight while the next hops change may be rehashed to another node and reset (counted, see DisruptionReport.rehashed).
    const allowed = objectivesOf(lab.spec).failedRequests.gracefulDeletion;
    expect(failuresBeyond(allowed, report), `failed requests beyond objectives.failedRequests.gracefulDeletion (${allowed}; besides ${report.rehashed} rehashed in flight)`).toEqual([]);
    expect(Object.keys(report.after.byCluster).sort(), 'clusters answering afterwards').toEqual(survivors);
  });
});
