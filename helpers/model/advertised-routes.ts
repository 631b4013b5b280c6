// What the router should have received from each cluster node, and how that
// differs from what it did receive: the check that a cluster's speakers (real
// Cilium, or the emulation) announce exactly what Cilium's semantics say for
// the cluster's objects. Pure.
import type { ReceivedRoute } from '../bgp/model.ts';
import type { NodeBgp } from '../cilium/advertisements.ts';

/** A session the router should have: one per node that peers with one of its addresses. */
export interface ExpectedSession {
  readonly neighbor: string;
  readonly remoteAs: number;
}

/** What the router should see of the clusters: its sessions, and every route each node announces on them. */
export interface PredictedBgp {
  readonly sessions: readonly ExpectedSession[];
  readonly routes: readonly ReceivedRoute[];
}

/**
 * The router's view predicted from each node's BGP (one session per node): Cilium originates
 * service routes with origin IGP, its own ASN as the AS path and its session address as the next hop.
 */
export function bgpFromNodeBgp(nodes: readonly NodeBgp[], routerAddresses: readonly string[]): PredictedBgp {
  const routes = new Map<string, ReceivedRoute>();
  const sessions = new Map<string, ExpectedSession>();
  for (const { node, instance, peers } of nodes) {
    if (!instance) continue;
    for (const peer of peers.filter((p) => routerAddresses.includes(p.peer.peerAddress))) {
      sessions.set(node.address, { neighbor: node.address, remoteAs: instance.localASN });
      for (const a of peer.announcements) {
        routes.set(`${node.address} ${a.prefix}`, { prefix: a.prefix, neighbor: node.address, asPath: [instance.localASN], origin: 'igp', nextHop: node.address });
      }
    }
  }
  return { sessions: [...sessions.values()].sort((a, b) => a.neighbor.localeCompare(b.neighbor)), routes: sortRoutes([...routes.values()]) };
}

/** Predictions of several clusters as one. */
export function mergePredictions(parts: readonly PredictedBgp[]): PredictedBgp {
  return { sessions: parts.flatMap((p) => p.sessions), routes: sortRoutes(parts.flatMap((p) => [...p.routes])) };
}

export interface RouteDifference {
  readonly neighbor: string;
  readonly prefix: string;
  /** `route` when the route itself is missing or unexpected, otherwise the field that differs. */
  readonly field: 'route' | 'asPath' | 'origin' | 'nextHop';
  readonly expected: string;
  readonly actual: string;
}

const key = (r: ReceivedRoute) => `${r.neighbor} ${r.prefix}`;

function sortRoutes(routes: ReceivedRoute[]): ReceivedRoute[] {
  return routes.sort((a, b) => a.neighbor.localeCompare(b.neighbor) || a.prefix.localeCompare(b.prefix));
}

/** Every difference, per neighbour and prefix, naming the field; empty when the router got exactly what was expected. */
export function compareReceivedRoutes(expected: readonly ReceivedRoute[], actual: readonly ReceivedRoute[]): RouteDifference[] {
  const got = new Map(actual.map((r) => [key(r), r]));
  const wanted = new Map(expected.map((r) => [key(r), r]));
  const out: RouteDifference[] = [];
  for (const e of sortRoutes([...expected])) {
    const a = got.get(key(e));
    if (!a) {
      out.push({ neighbor: e.neighbor, prefix: e.prefix, field: 'route', expected: 'announced', actual: 'not received' });
      continue;
    }
    if (e.asPath.join(' ') !== a.asPath.join(' ')) out.push({ neighbor: e.neighbor, prefix: e.prefix, field: 'asPath', expected: e.asPath.join(' ') || '(empty)', actual: a.asPath.join(' ') || '(empty)' });
    if (e.origin !== a.origin) out.push({ neighbor: e.neighbor, prefix: e.prefix, field: 'origin', expected: e.origin, actual: a.origin });
    if (e.nextHop !== a.nextHop) out.push({ neighbor: e.neighbor, prefix: e.prefix, field: 'nextHop', expected: e.nextHop, actual: a.nextHop });
  }
  for (const a of sortRoutes([...actual])) {
    if (!wanted.has(key(a))) out.push({ neighbor: a.neighbor, prefix: a.prefix, field: 'route', expected: 'not announced', actual: 'received' });
  }
  return out;
}

/** "10.20.0.2 172.30.0.10/32: asPath expected 65101, got 65101 65101". */
export function formatRouteDifference(d: RouteDifference): string {
  return `${d.neighbor} ${d.prefix}: ${d.field} expected ${d.expected}, got ${d.actual}`;
}
