// Recorded in live labs' routers (FRR 10.3, Linux 6.18): the VIP route through a
// next-hop object (zebra's default) and inline (`no zebra nexthop kernel enable`).
import { describe, expect, it } from 'vitest';
import { describeKernelForwarding } from './kernel-forwarding.ts';

const THROUGH_OBJECT = `0
1
172.30.0.10 nhid 32 proto bgp metric 20 
	nexthop via 172.20.0.3 dev eth2 weight 1 
	nexthop via 10.20.0.3 dev eth1 weight 1 
	nexthop via 10.20.0.2 dev eth1 weight 1 
	nexthop via 172.20.0.2 dev eth2 weight 1 
`;
const INLINE = `0
1
172.30.0.10 proto bgp metric 20 
	nexthop via 10.20.0.2 dev eth1 weight 1 
	nexthop via 10.20.0.3 dev eth1 weight 1 
	nexthop via 172.20.0.2 dev eth2 weight 1 
	nexthop via 172.20.0.3 dev eth2 weight 1 
`;

describe('describeKernelForwarding', () => {
  it('a route through a next-hop object skips a dead next hop, whatever the sysctl', () => {
    expect(describeKernelForwarding(THROUGH_OBJECT)).toStrictEqual({
      'net.ipv4.fib_multipath_use_neigh': '0',
      'net.ipv4.fib_multipath_hash_policy': '1',
      'vip route': '4 next hops through next-hop object 32',
      'dead next hop': 'skipped once its neighbour entry fails',
    });
  });

  it('inline next hops keep getting flows until the route drops them, unless fib_multipath_use_neigh=1', () => {
    expect(describeKernelForwarding(INLINE)['dead next hop']).toBe('hashed to until the route drops it');
    expect(describeKernelForwarding(INLINE)['vip route']).toBe('4 inline next hops');
    expect(describeKernelForwarding(INLINE.replace(/^0/, '1'))['dead next hop']).toBe('skipped once its neighbour entry fails');
  });

  it('says so when the route is not installed', () => {
    expect(describeKernelForwarding('0\n1\n')).toMatchObject({ 'vip route': 'not installed', 'dead next hop': 'unknown' });
  });

  it('rejects output that does not start with the two sysctl values', () => {
    expect(() => describeKernelForwarding('cat: /proc/sys/net/ipv4/fib_multipath_use_neigh: No such file')).toThrow(/expected the two sysctl values/);
  });
});
