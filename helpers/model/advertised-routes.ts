// What the router should have received from each cluster node, and how that
// differs from what it did receive: the check that a cluster's speakers (real
// Cilium, or the emulation) announce exactly what Cilium's semantics say for
// the cluster's objects. Pure.
import type { FibRoute, ReceivedRoute } from '../bgp/model.ts';
import type { NodeBgp } from '../cilium/advertisements.ts';
import type { FilteredRoute } from './router-policy.ts';

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
  /** `route` when the route itself is missing, unexpected or held though the policy refuses it, otherwise the field that differs. */
  readonly field: 'route' | 'asPath' | 'origin' | 'nextHop';
  readonly expected: string;
  /** What the router holds. */
  readonly actual: string;
  /** The setting to change (or to look at, when the speaker itself differs from Cilium's semantics). */
  readonly change: string;
}

const key = (r: { neighbor: string; prefix: string }) => `${r.neighbor} ${r.prefix}`;

function sortRoutes(routes: ReceivedRoute[]): ReceivedRoute[] {
  return routes.sort((a, b) => a.neighbor.localeCompare(b.neighbor) || a.prefix.localeCompare(b.prefix));
}

const describeHeld = (r: ReceivedRoute) => `it in its BGP table (as-path ${r.asPath.join(' ') || '(empty)'}, next hop ${r.nextHop})`;

/**
 * Every difference, per neighbour and prefix, naming the field; empty when the router holds exactly
 * the routes the policy keeps and none it refuses. `expected` are the announced routes the router's
 * policy keeps; `filtered` those it refuses: a refused route must be in neither the router's BGP table
 * (`actual`) nor its kernel (`kernel`, by prefix: a route via the refused route's neighbour).
 */
export function compareReceivedRoutes(
  expected: readonly ReceivedRoute[], actual: readonly ReceivedRoute[],
  filtered: readonly FilteredRoute[] = [], kernel: Readonly<Record<string, FibRoute | undefined>> = {},
): RouteDifference[] {
  const got = new Map(actual.map((r) => [key(r), r]));
  const wanted = new Map(expected.map((r) => [key(r), r]));
  const refused = new Map(filtered.map((f) => [key(f.route), f]));
  const out: RouteDifference[] = [];
  for (const e of sortRoutes([...expected])) {
    const a = got.get(key(e));
    const at = { neighbor: e.neighbor, prefix: e.prefix };
    if (!a) {
      out.push({ ...at, field: 'route', expected: 'announced and kept by the router policy', actual: 'no such route', change: 'the node\'s announcements (the cluster\'s CiliumBGPAdvertisement and Service) or router.policy' });
      continue;
    }
    if (e.asPath.join(' ') !== a.asPath.join(' ')) out.push({ ...at, field: 'asPath', expected: e.asPath.join(' ') || '(empty)', actual: a.asPath.join(' ') || '(empty)', change: 'the node\'s cluster ASN (CiliumBGPClusterConfig localASN, clusters[].localAsn)' });
    if (e.origin !== a.origin) out.push({ ...at, field: 'origin', expected: e.origin, actual: a.origin, change: 'the speaker (Cilium originates service routes with origin IGP)' });
    if (e.nextHop !== a.nextHop) out.push({ ...at, field: 'nextHop', expected: e.nextHop, actual: a.nextHop, change: 'the node\'s session address (CiliumBGPPeerConfig, the router\'s address on the cluster network)' });
  }
  for (const a of sortRoutes([...actual])) {
    if (wanted.has(key(a))) continue;
    const f = refused.get(key(a));
    out.push(f
      ? { neighbor: a.neighbor, prefix: a.prefix, field: 'route', expected: `refused by the router policy (${f.rule})`, actual: describeHeld(a), change: 'the router\'s rendered policy, which does not apply router.policy (a template of LAB_FRR_TEMPLATES?)' }
      : { neighbor: a.neighbor, prefix: a.prefix, field: 'route', expected: 'not announced (Cilium\'s semantics for the cluster\'s objects)', actual: describeHeld(a), change: 'the cluster\'s CiliumBGPAdvertisement (which addresses of which Services) or the Service' });
  }
  for (const f of filtered) {
    const installed = kernel[f.route.prefix]?.nextHops.some((h) => h.address === f.route.neighbor || h.address === f.route.nextHop) ?? false;
    if (installed) {
      out.push({ neighbor: f.route.neighbor, prefix: f.route.prefix, field: 'route', expected: `refused by the router policy (${f.rule})`, actual: `a kernel route via ${f.route.nextHop}`, change: 'the router\'s rendered policy, which does not apply router.policy (a template of LAB_FRR_TEMPLATES?)' });
    }
  }
  return out;
}

/** "10.20.0.2 172.30.0.10/32: asPath expected 65101, the router holds 65101 65101; setting to change: ...". */
export function formatRouteDifference(d: RouteDifference): string {
  return `${d.neighbor} ${d.prefix}: ${d.field} expected ${d.expected}, the router holds ${d.actual}; setting to change: ${d.change}`;
}
