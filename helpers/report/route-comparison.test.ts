import { describe, expect, it } from 'vitest';
import type { ReceivedRoute } from '../bgp/model.ts';
import { compareReceivedRoutes } from '../model/advertised-routes.ts';
import { renderRouteComparison } from './route-comparison.ts';

const route = (neighbor: string, prefix: string, asPath = [65101]): ReceivedRoute => ({ prefix, neighbor, asPath, origin: 'igp', nextHop: neighbor });

describe('renderRouteComparison', () => {
  it('puts predicted and received side by side, one row per neighbour and prefix, with the fields that differ', () => {
    const predicted = [route('10.20.0.2', '172.30.0.10/32'), route('10.20.0.2', '10.96.0.7/32')];
    const received = [route('10.20.0.2', '172.30.0.10/32', [65101, 65101])];
    const text = renderRouteComparison(predicted, received, compareReceivedRoutes(predicted, received));
    expect(text).toContain('2 difference(s).');
    expect(text).toContain('| 10.20.0.2 | 10.96.0.7/32 | as-path 65101, origin igp, next hop 10.20.0.2 | — | differs: route |');
    expect(text).toContain('| 10.20.0.2 | 172.30.0.10/32 | as-path 65101, origin igp, next hop 10.20.0.2 | as-path 65101 65101, origin igp, next hop 10.20.0.2 | differs: asPath |');
  });

  it('shows a route the router policy refuses as filtered, with the rule, or as a difference when the router holds it', () => {
    const vip = route('10.20.0.2', '172.30.0.10/32');
    const clusterIp = route('10.20.0.2', '10.96.113.191/32');
    const filtered = [{ route: clusterIp, cluster: 'kind01', rule: 'no accepted prefix matches it', change: 'add "10.96.0.0/16 ge 32" to router.policy.allow' }];
    const clean = renderRouteComparison([vip], [vip], compareReceivedRoutes([vip], [vip], filtered), filtered);
    expect(clean).toContain('Every route is as predicted.');
    expect(clean).toContain('| 10.20.0.2 | 10.96.113.191/32 | announced (as-path 65101, origin igp, next hop 10.20.0.2), refused by the router policy: no accepted prefix matches it | — | filtered, as predicted |');
    const held = renderRouteComparison([vip], [vip, clusterIp], compareReceivedRoutes([vip], [vip, clusterIp], filtered), filtered);
    expect(held).toContain('| 10.20.0.2 | 10.96.113.191/32 | announced (as-path 65101, origin igp, next hop 10.20.0.2), refused by the router policy: no accepted prefix matches it | as-path 65101, origin igp, next hop 10.20.0.2 | differs: route |');
  });
});
