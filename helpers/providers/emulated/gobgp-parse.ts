// Parsers for GoBGP's JSON (`gobgp neighbor -j`, `gobgp global rib -j`),
// GoBGP 3.10 and 3.36 alike. Pure: text in, read model out.
import { normalizeState, type BgpNeighbor, type BgpPath, type BgpRoute } from '../../bgp/model.ts';

type Json = Record<string, unknown>;

function parseJsonValue(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${what}: not JSON (${(error as Error).message}): ${text.slice(0, 300)}`);
  }
}

/**
 * IPv4 unicast (AFI 1, SAFI 1) prefixes kept from a neighbour: GoBGP's
 * `accepted` (after loop detection and import policy), which is what FRR's
 * pfxRcd counts; `received` also counts paths dropped for carrying our own AS.
 */
function ipv4Received(neighbor: Json): number {
  const families = (neighbor['afi_safis'] ?? []) as Json[];
  const ipv4 = families.find((f) => {
    const family = (((f['state'] ?? f['config']) as Json | undefined)?.['family'] ?? {}) as Json;
    return family['afi'] === 1 && family['safi'] === 1;
  });
  const state = (ipv4?.['state'] ?? {}) as Json;
  return Number(state['accepted'] ?? state['received'] ?? 0);
}

export function parseGobgpNeighbors(text: string): BgpNeighbor[] {
  const doc = parseJsonValue(text, 'gobgp neighbor -j');
  if (!Array.isArray(doc)) throw new Error(`gobgp neighbor -j: expected a JSON list, got ${text.slice(0, 300)}`);
  return (doc as Json[]).map((n) => {
    const conf = (n['conf'] ?? {}) as Json;
    const state = (n['state'] ?? {}) as Json;
    return {
      address: String(conf['neighbor_address'] ?? state['neighbor_address'] ?? ''),
      remoteAs: Number(conf['peer_asn'] ?? state['peer_asn'] ?? 0),
      // session_state is the FSM state number (6 = established); absent means idle.
      state: normalizeState(state['session_state'] ?? 1),
      prefixesReceived: ipv4Received(n),
    };
  });
}

/** `gobgp global rib -j`: `{ "<prefix>": [path] }` with path attributes by type code. */
export function parseGobgpRib(text: string): BgpRoute[] {
  const doc = parseJsonValue(text, 'gobgp global rib -j');
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error(`gobgp global rib -j: expected a JSON object, got ${text.slice(0, 300)}`);
  return Object.entries(doc as Record<string, Json[]>).map(([prefix, paths]) => ({
    prefix,
    paths: paths.map((p): BgpPath => {
      const attrs = (p['attrs'] ?? []) as Json[];
      const asPathAttr = attrs.find((a) => a['type'] === 2);
      const segments = (asPathAttr?.['as_paths'] ?? []) as Json[];
      return {
        nextHop: String(attrs.find((a) => a['type'] === 3)?.['nexthop'] ?? ''),
        asPath: segments.flatMap((s) => (s['asns'] ?? []) as number[]),
        best: p['best'] === true,
        multipath: false, // GoBGP's RIB listing does not mark multipath
        stale: p['stale'] === true,
      };
    }),
  }));
}
