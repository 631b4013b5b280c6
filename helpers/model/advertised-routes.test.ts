import { describe, expect, it } from 'vitest';
import type { FibRoute, ReceivedRoute } from '../bgp/model.ts';
import type { FilteredRoute } from './router-policy.ts';
import { compareReceivedRoutes, formatRouteDifference } from './advertised-routes.ts';

const VIP = '172.30.0.10/32';
const route = (neighbor: string, prefix = VIP, more: Partial<ReceivedRoute> = {}): ReceivedRoute =>
  ({ prefix, neighbor, asPath: [65101], origin: 'igp', nextHop: neighbor, ...more });

describe('compareReceivedRoutes', () => {
  it('finds nothing when the router got exactly what each node should announce', () => {
    expect(compareReceivedRoutes([route('10.20.0.2'), route('10.20.0.3')], [route('10.20.0.3'), route('10.20.0.2')])).toEqual([]);
  });

  it('names the neighbour, the prefix and the field of every difference', () => {
    const expected = [route('10.20.0.2'), route('10.20.0.3'), route('10.20.0.3', '10.96.0.7/32')];
    const actual = [
      route('10.20.0.2', VIP, { asPath: [65101, 65101], origin: 'incomplete' }),
      route('10.20.0.3', VIP, { nextHop: '10.20.0.9' }),
      route('10.20.0.3', '10.244.1.0/24'),
    ];
    expect(compareReceivedRoutes(expected, actual).map(formatRouteDifference)).toEqual([
      '10.20.0.2 172.30.0.10/32: asPath expected 65101, the router holds 65101 65101; setting to change: the node\'s cluster ASN (CiliumBGPClusterConfig localASN, clusters[].localAsn)',
      '10.20.0.2 172.30.0.10/32: origin expected igp, the router holds incomplete; setting to change: the speaker (Cilium originates service routes with origin IGP)',
      '10.20.0.3 10.96.0.7/32: route expected announced and kept by the router policy, the router holds no such route; setting to change: the node\'s announcements (the cluster\'s CiliumBGPAdvertisement and Service) or router.policy',
      '10.20.0.3 172.30.0.10/32: nextHop expected 10.20.0.3, the router holds 10.20.0.9; setting to change: the node\'s session address (CiliumBGPPeerConfig, the router\'s address on the cluster network)',
      '10.20.0.3 10.244.1.0/24: route expected not announced (Cilium\'s semantics for the cluster\'s objects), the router holds it in its BGP table (as-path 65101, next hop 10.20.0.3); setting to change: the cluster\'s CiliumBGPAdvertisement (which addresses of which Services) or the Service',
    ]);
  });

  const CLUSTER_IP = '10.96.113.191/32';
  const refused: FilteredRoute = { route: route('10.20.0.2', CLUSTER_IP), cluster: 'kind01', rule: 'no accepted prefix matches it', change: 'add "10.96.0.0/16 ge 32" to router.policy.allow' };

  it('a route the router policy refuses and the router does not hold is no difference', () => {
    expect(compareReceivedRoutes([route('10.20.0.2')], [route('10.20.0.2')], [refused], { [CLUSTER_IP]: undefined })).toEqual([]);
  });

  it('a refused route in the BGP table or in the kernel via its neighbour is one, naming the rule', () => {
    const kernel: Record<string, FibRoute> = { [CLUSTER_IP]: { prefix: CLUSTER_IP, protocol: 'bgp', installed: true, nextHops: [{ address: '10.20.0.2', active: true }] } };
    const lines = compareReceivedRoutes([route('10.20.0.2')], [route('10.20.0.2'), route('10.20.0.2', CLUSTER_IP)], [refused], kernel).map(formatRouteDifference);
    expect(lines).toEqual([
      '10.20.0.2 10.96.113.191/32: route expected refused by the router policy (no accepted prefix matches it), the router holds it in its BGP table (as-path 65101, next hop 10.20.0.2); setting to change: the router\'s rendered policy, which does not apply router.policy (a template of LAB_FRR_TEMPLATES?)',
      '10.20.0.2 10.96.113.191/32: route expected refused by the router policy (no accepted prefix matches it), the router holds a kernel route via 10.20.0.2; setting to change: the router\'s rendered policy, which does not apply router.policy (a template of LAB_FRR_TEMPLATES?)',
    ]);
  });

  it('a kernel route for a refused prefix via another neighbour is not the refused route', () => {
    const kernel: Record<string, FibRoute> = { [CLUSTER_IP]: { prefix: CLUSTER_IP, protocol: 'bgp', installed: true, nextHops: [{ address: '10.20.0.3', active: true }] } };
    expect(compareReceivedRoutes([], [], [refused], kernel)).toEqual([]);
  });
});
