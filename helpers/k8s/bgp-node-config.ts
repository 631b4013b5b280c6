// Cilium's CiliumBGPNodeConfig (one per node, named after it, written by the
// operator; its status by the node's agent) into the BGP read model. Pure:
// the object as the API returns it in, neighbours out.
import { normalizeState, type BgpNeighbor } from '../bgp/model.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${where} is not a list: ${JSON.stringify(value)}`);
  return value;
}

/** IPv4 unicast routes received from the peer, per status.…peers[].routeCount; 0 when Cilium reports none. */
function ipv4UnicastReceived(routeCount: unknown, where: string): number {
  return list(routeCount, where)
    .filter((c): c is Json => isObject(c) && c['afi'] === 'ipv4' && c['safi'] === 'unicast')
    .reduce((sum, c) => sum + (typeof c['received'] === 'number' ? c['received'] : 0), 0);
}

/**
 * Every peer of every BGP instance in status.bgpInstances[].peers[], in the
 * order Cilium lists them. No status yet (the agent has not reported) gives [].
 */
export function bgpNodeConfigToNeighbors(obj: unknown): BgpNeighbor[] {
  if (!isObject(obj)) throw new Error(`CiliumBGPNodeConfig: expected an object, got ${JSON.stringify(obj)?.slice(0, 200)}`);
  const name = isObject(obj['metadata']) ? String(obj['metadata']['name'] ?? '?') : '?';
  const status = obj['status'];
  if (status !== undefined && !isObject(status)) throw new Error(`CiliumBGPNodeConfig ${name}: status is not an object`);
  const instances = list(status?.['bgpInstances'], `CiliumBGPNodeConfig ${name}: status.bgpInstances`);
  return instances.flatMap((instance, i) => {
    const where = `CiliumBGPNodeConfig ${name}: status.bgpInstances[${i}]`;
    if (!isObject(instance)) throw new Error(`${where} is not an object`);
    return list(instance['peers'], `${where}.peers`).map((peer, j): BgpNeighbor => {
      const at = `${where}.peers[${j}]`;
      if (!isObject(peer)) throw new Error(`${at} is not an object`);
      const address = peer['peerAddress'];
      if (typeof address !== 'string' || address === '') throw new Error(`${at}.peerAddress is missing (got ${JSON.stringify(address)})`);
      return {
        address,
        remoteAs: typeof peer['peerASN'] === 'number' ? peer['peerASN'] : 0,
        // "established", "active", "open_sent"…; absent until the agent has reported the session.
        state: normalizeState(peer['peeringState']),
        prefixesReceived: ipv4UnicastReceived(peer['routeCount'], `${at}.routeCount`),
      };
    });
  });
}
