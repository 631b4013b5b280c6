// What the lab should look like, derived from its state, and pure judgments
// that compare a reading with it. Shared by the scenarios and the CLI summary.
import type { BgpNeighbor, BgpRoute, FibRoute } from '../bgp/model.ts';
import type { LabState } from './state.ts';
import { clusterOf } from './resolve.ts';

/** Node addresses per cluster: the next hops the VIP should have. */
export function expectedNextHopsByCluster(state: LabState, clusters = state.clusters.map((c) => c.name)): Record<string, string[]> {
  return Object.fromEntries(
    state.clusters.filter((c) => clusters.includes(c.name)).map((c) => [c.name, c.nodes.map((n) => n.address).sort()]),
  );
}

/**
 * Groups next hops by the cluster whose node owns the address; addresses no
 * cluster owns go under "(no cluster)". Every cluster of the lab gets a key, so
 * a cluster with no next hop shows as an empty list in a diff.
 */
export function groupByCluster(state: LabState, addresses: readonly string[]): Record<string, string[]> {
  const owner = new Map(state.clusters.flatMap((c) => c.nodes.map((n) => [n.address, c.name] as const)));
  const groups: Record<string, string[]> = Object.fromEntries(state.clusters.map((c) => [c.name, []]));
  for (const address of addresses) (groups[owner.get(address) ?? '(no cluster)'] ??= []).push(address);
  for (const key of Object.keys(groups)) groups[key]!.sort();
  return groups;
}

/** Expected groups with every lab cluster present (deleted clusters expect none). */
export function expectedGroups(state: LabState, liveClusters: readonly string[]): Record<string, string[]> {
  const expected = expectedNextHopsByCluster(state, [...liveClusters]);
  return Object.fromEntries(state.clusters.map((c) => [c.name, expected[c.name] ?? []]));
}

export function activeNextHops(route: FibRoute | undefined): string[] {
  return (route?.nextHops ?? []).filter((h) => h.active).map((h) => h.address).sort();
}

export function sameGroups(a: Record<string, string[]>, b: Record<string, string[]>): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(o: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, [...o[k]!].sort()]));
}

export function formatGroups(groups: Record<string, string[]>): string {
  return Object.entries(groups).map(([c, hops]) => `${c}: ${hops.length > 0 ? hops.join(', ') : '(none)'}`).join('; ');
}

/** Every neighbour the router should have: one per cluster node. */
export function expectedRouterNeighbors(state: LabState): { address: string; remoteAs: number; cluster: string }[] {
  return state.clusters.flatMap((c) => {
    const asn = clusterOf(state.lab, c.name).spec.localAsn;
    return c.nodes.map((n) => ({ address: n.address, remoteAs: asn, cluster: c.name }));
  });
}

/** neighborLines() of a router whose every session is Established: what scenario a and readiness wait for. */
export function expectedRouterNeighborLines(state: LabState): string[] {
  return expectedRouterNeighbors(state).map((n) => `${n.address} (AS ${n.remoteAs}): Established`).sort();
}

/** "address (AS n): State [detail]" per neighbour, sorted: a readable and diffable view. */
export function neighborLines(neighbors: readonly BgpNeighbor[]): string[] {
  return neighbors
    .map((n) => `${n.address} (AS ${n.remoteAs}): ${n.state}${n.detail && n.state !== 'Established' ? ` [${n.detail}]` : ''}`)
    .sort();
}

/** One line per BGP path: "next hop, AS path, flags", for readable failure diffs. */
export function pathLines(route: BgpRoute): string[] {
  return route.paths
    .map((p) => `${p.nextHop} as-path ${p.asPath.join(' ') || '(empty)'}${p.best ? ' best' : ''}${p.multipath ? ' multipath' : ''}${p.stale ? ' stale' : ''}`)
    .sort();
}

/** The expected paths of a VIP advertised by every node of the given clusters: multipath when there is more than one. */
export interface VipPath {
  readonly nextHop: string;
  readonly asPath: string;
  readonly multipath: boolean;
  /** A path kept by graceful restart is not a healthy one. */
  readonly stale: boolean;
}

export function expectedVipPaths(state: LabState, liveClusters: readonly string[]): VipPath[] {
  const paths = state.clusters
    .filter((c) => liveClusters.includes(c.name))
    .flatMap((c) => {
      const asn = clusterOf(state.lab, c.name).spec.localAsn;
      return c.nodes.map((n) => ({ nextHop: n.address, asPath: String(asn) }));
    });
  // FRR marks a path multipath only when it shares the route with another: a lone path is just best.
  return paths.map((p) => ({ ...p, multipath: paths.length > 1, stale: false })).sort((a, b) => a.nextHop.localeCompare(b.nextHop));
}

export function actualVipPaths(route: BgpRoute): VipPath[] {
  return route.paths
    .map((p) => ({ nextHop: p.nextHop, asPath: p.asPath.join(' '), multipath: p.multipath, stale: p.stale }))
    .sort((a, b) => a.nextHop.localeCompare(b.nextHop));
}
