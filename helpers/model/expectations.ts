// What the lab should look like, derived in one place from what the cluster
// provider predicts the router sees (which nodes peer, which announce the VIP:
// selectors, node selectors, externalTrafficPolicy and where the endpoints
// are), and pure judgments that compare a reading with it. Shared by the
// scenarios, the readiness wait and the CLI summary.
import type { BgpNeighbor, BgpRoute, FibRoute } from '../bgp/model.ts';
import type { LabState } from './state.ts';
import type { PredictedBgp } from './advertised-routes.ts';

/** The expected picture of a lab, for the clusters the prediction covers. */
export interface LabExpectations {
  /** neighborLines() of a router whose expected sessions are all Established. */
  readonly sessionLines: readonly string[];
  /** The VIP's next hops by cluster; every cluster of the lab has a key (none expected: []). */
  readonly vipGroups: Record<string, string[]>;
  /** The same next hops, flat and sorted. */
  readonly vipNextHops: readonly string[];
  /** The VIP's BGP paths: one per announcing node, multipath when there is more than one. */
  readonly vipPaths: readonly VipPath[];
}

export function expectationsOf(state: LabState, predicted: PredictedBgp): LabExpectations {
  const vip = predicted.routes.filter((r) => r.prefix === state.lab.vipPrefix);
  const vipNextHops = [...new Set(vip.map((r) => r.nextHop))].sort();
  // FRR marks a path multipath only when it shares the route with another: a lone path is just best.
  const vipPaths = vip
    .map((r) => ({ nextHop: r.nextHop, asPath: r.asPath.join(' '), multipath: vip.length > 1, stale: false }))
    .sort((a, b) => a.nextHop.localeCompare(b.nextHop));
  return {
    sessionLines: predicted.sessions.map((s) => `${s.neighbor} (AS ${s.remoteAs}): Established`).sort(),
    vipGroups: groupByCluster(state, vipNextHops),
    vipNextHops,
    vipPaths,
  };
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

export interface VipPath {
  readonly nextHop: string;
  readonly asPath: string;
  readonly multipath: boolean;
  /** A path kept by graceful restart is not a healthy one. */
  readonly stale: boolean;
}

export function actualVipPaths(route: BgpRoute): VipPath[] {
  return route.paths
    .map((p) => ({ nextHop: p.nextHop, asPath: p.asPath.join(' '), multipath: p.multipath, stale: p.stale }))
    .sort((a, b) => a.nextHop.localeCompare(b.nextHop));
}
