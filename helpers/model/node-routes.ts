// The routes every cluster node gets, whichever provider made it: back to the
// client network via the router, and the default via the router too. The
// router's own default is `unreachable`, so a packet for anywhere outside the
// lab dies there instead of leaving through the docker gateway. A default of
// the node's own (rather than `unreachable`) matters on kind: Cilium's device
// detection skips a veth without a default route (kind nodes' eth0 is one).
import type { ResolvedCluster, ResolvedLab } from './resolve.ts';

export interface NodeRoute {
  /** A CIDR, or `default`. */
  readonly prefix: string;
  readonly via: string;
  /** Why the node has it, for printed plans. */
  readonly why: string;
}

export function nodeRoutes(lab: ResolvedLab, cluster: ResolvedCluster): NodeRoute[] {
  return [
    { prefix: lab.clientSubnet, via: cluster.routerAddress, why: 'return route to the client subnet via the router' },
    { prefix: 'default', via: cluster.routerAddress, why: "default route via the router (whose own default is unreachable: nothing leaves the lab)" },
  ];
}

/** The command that installs a route, the same on an emulated node and a kind node. */
export function routeReplaceArgv(route: NodeRoute): string[] {
  return ['ip', 'route', 'replace', route.prefix, 'via', route.via];
}
