// Every node announces to the router exactly what Cilium's BGP semantics
// predict for its cluster's objects (on kind: the Services, nodes and
// endpoints read from the cluster's API; emulated: the translation the
// speakers were configured from): prefix, AS path, origin and next hop, per
// neighbour, once the router policy the lab rendered (router.policy) is
// applied: a route the policy refuses is reported as filtered, naming the rule,
// and must be in neither the router's BGP table nor its kernel. On kind a
// difference means Cilium changed or the emulation is wrong; both are worth
// knowing. The comparison is written to advertised-routes.md in the run's folder.
import { describe, expect, it } from 'vitest';
import { useLab } from './use-lab.ts';
import { pollUntil } from '../helpers/model/budgets.ts';
import { compareReceivedRoutes, formatRouteDifference } from '../helpers/model/advertised-routes.ts';
import { applyRouterPolicy, formatFilteredRoute } from '../helpers/model/router-policy.ts';
import { saveRouteComparison } from '../helpers/report/route-comparison.ts';
import type { FibRoute } from '../helpers/bgp/model.ts';

const lab = await useLab();

describe('what each cluster node announces to the router', () => {
  it('is what Cilium\'s semantics predict for the cluster objects and the router policy keeps, route for route', async () => {
    const read = async () => {
      const [{ routes: announced }, received] = await Promise.all([lab.predictedBgp(), lab.receivedRoutes()]);
      const policy = applyRouterPolicy(lab.spec, announced);
      // A refused route must not reach the router's kernel either (by the neighbour that announced it).
      const prefixes = [...new Set(policy.filtered.map((f) => f.route.prefix))];
      const kernel: Record<string, FibRoute | undefined> = Object.fromEntries(await Promise.all(prefixes.map(async (p) => [p, await lab.router.fibRoute(p)] as const)));
      const predicted = policy.accepted.map((a) => a.route);
      return { announced, predicted, policy, received, differences: compareReceivedRoutes(predicted, received, policy.filtered, kernel) };
    };
    const seen = await pollUntil('ecmpConvergence', read, (c) => c.differences.length === 0);
    const last = seen.value ?? (await read());
    const file = await saveRouteComparison(last.predicted, last.received, last.differences, last.policy.filtered);
    for (const f of last.policy.filtered) console.log(`[lab] filtered, as predicted: ${formatFilteredRoute(f)}`);
    expect(last.announced.length, 'routes the nodes announce (a lab whose nodes announce nothing checks nothing)').toBeGreaterThan(0);
    expect(last.predicted.length, `announced routes the router policy keeps (none: ${last.policy.filtered.map(formatFilteredRoute)[0] ?? ''})`).toBeGreaterThan(0);
    expect(last.policy.overLimit, `neighbours above router.policy.maximumPrefixes: ${last.policy.overLimit[0] ?? ''}`).toEqual([]);
    const differences = last.differences.map(formatRouteDifference);
    expect(differences, `${differences.length} route(s) differ from the prediction, first: ${differences[0] ?? ''} (table in ${file})`).toEqual([]);
  });
});
