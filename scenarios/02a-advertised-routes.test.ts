// Every node announces to the router exactly what Cilium's BGP semantics
// predict for its cluster's objects (on kind: the Services, nodes and
// endpoints read from the cluster's API; emulated: the translation the
// speakers were configured from): prefix, AS path, origin and next hop, per
// neighbour. On kind a difference means Cilium changed or the emulation is
// wrong; both are worth knowing. The comparison is written to
// reports/advertised-routes.md.
import { describe, expect, it } from 'vitest';
import { useLab } from './use-lab.ts';
import { pollUntil } from '../helpers/model/budgets.ts';
import { compareReceivedRoutes, formatRouteDifference } from '../helpers/model/advertised-routes.ts';
import { saveRouteComparison } from '../helpers/report/route-comparison.ts';

const lab = useLab();

describe('what each cluster node announces to the router', () => {
  it('is what Cilium\'s semantics predict for the cluster objects, route for route', async () => {
    const read = async () => {
      const [{ routes: predicted }, received] = await Promise.all([lab.predictedBgp(), lab.receivedRoutes()]);
      return { predicted, received, differences: compareReceivedRoutes(predicted, received) };
    };
    const seen = await pollUntil('ecmpConvergence', read, (c) => c.differences.length === 0);
    const last = seen.value ?? (await read());
    const file = await saveRouteComparison(last.predicted, last.received, last.differences);
    expect(last.predicted.length, 'routes predicted (a lab whose nodes announce nothing checks nothing)').toBeGreaterThan(0);
    expect(last.differences.map(formatRouteDifference), `routes the router received vs the prediction, per neighbour and prefix (table in ${file})`).toEqual([]);
  });
});
