// How the router's Linux kernel forwards on a route's ECMP next hops, read back
// from the running router (not echoed from the spec): the multipath sysctls and
// whether the route goes through a next-hop object, which decides whether a
// next hop whose neighbour entry failed still gets new flows.

/** The shell command whose output describeKernelForwarding reads. */
export function kernelForwardingCommand(prefix: string): string[] {
  return ['sh', '-c', `cat /proc/sys/net/ipv4/fib_multipath_use_neigh /proc/sys/net/ipv4/fib_multipath_hash_policy && ip -4 route show ${prefix}`];
}

/** Pure: the two sysctl values, then `ip -4 route show PREFIX`. */
export function describeKernelForwarding(output: string): Record<string, string> {
  const [useNeigh = '', hashPolicy = '', ...route] = output.split('\n').map((l) => l.trim());
  if (!/^[01]$/.test(useNeigh) || !/^\d+$/.test(hashPolicy)) {
    throw new Error(`kernel forwarding: expected the two sysctl values, then the route; got ${JSON.stringify(output.slice(0, 200))}`);
  }
  const routeText = route.join('\n');
  const nhid = /\bnhid (\d+)/.exec(routeText)?.[1];
  const paths = (routeText.match(/\bvia \d+\.\d+\.\d+\.\d+/g) ?? []).length;
  // Linux: a next-hop group always checks its members' neighbour state (net/ipv4/nexthop.c);
  // inline next hops only with fib_multipath_use_neigh=1 (net/ipv4/fib_semantics.c).
  const checksNeighbours = nhid !== undefined || useNeigh === '1';
  return {
    'net.ipv4.fib_multipath_use_neigh': useNeigh,
    'net.ipv4.fib_multipath_hash_policy': hashPolicy,
    'vip route': paths === 0 ? 'not installed' : nhid ? `${paths} next hops through next-hop object ${nhid}` : `${paths} inline next hops`,
    'dead next hop': paths === 0 ? 'unknown' : checksNeighbours ? 'skipped once its neighbour entry fails' : 'hashed to until the route drops it',
  };
}
