// Parsers for FRR's JSON (`vtysh -c '... json'`), FRR 8.4 and 10.x alike.
// Pure: text in, read model out; a malformed document is an error that quotes it.
import {
  normalizeState, type BgpNeighbor, type BgpPath, type BgpRoute, type FibRoute, type NeighborHistory, type ReceivedRoute, type SessionEvent, type SessionReset,
} from '../../bgp/model.ts';

type Json = Record<string, unknown>;

function parseJson(text: string, what: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${what}: not JSON (${(error as Error).message}): ${text.slice(0, 300)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what}: expected a JSON object, got ${text.slice(0, 300)}`);
  return value as Json;
}

/**
 * `show bgp ipv4 unicast summary json` (flat) or `show bgp summary json`
 * (wrapped per family in "ipv4Unicast"). Sessions not Established keep FRR's
 * reason in `detail` (peerState: "Policy", "NSF passive", ...).
 */
export function parseFrrBgpSummary(text: string): BgpNeighbor[] {
  const doc = parseJson(text, 'FRR bgp summary');
  const family = (doc['ipv4Unicast'] as Json | undefined) ?? doc;
  const peers = (family['peers'] ?? {}) as Record<string, Json>;
  return Object.entries(peers).map(([address, peer]) => {
    const detail = typeof peer['peerState'] === 'string' && peer['peerState'] !== 'OK' ? peer['peerState'] : undefined;
    return {
      address,
      remoteAs: Number(peer['remoteAs']),
      state: normalizeState(peer['state']),
      ...(detail ? { detail } : {}),
      prefixesReceived: Number(peer['pfxRcd'] ?? 0),
    };
  });
}

/**
 * `show bgp ipv4 unicast json`: every path of every prefix, each with the neighbour it came from
 * (`peerId`), its AS path (`path`), origin and next hop. The router's own `network` routes
 * (peerId "(unspec)") are not received from anyone and are left out.
 */
export function parseFrrBgpTable(text: string): ReceivedRoute[] {
  const doc = parseJson(text, 'FRR bgp table');
  const routes = (doc['routes'] ?? {}) as Record<string, Json[]>;
  return Object.entries(routes).flatMap(([prefix, paths]) => paths
    .filter((p) => typeof p['peerId'] === 'string' && p['peerId'] !== '(unspec)')
    .map((p): ReceivedRoute => {
      const origin = String(p['origin'] ?? '').toLowerCase();
      return {
        prefix: typeof p['network'] === 'string' ? p['network'] : prefix,
        neighbor: String(p['peerId']),
        asPath: String(p['path'] ?? '').split(/\s+/).filter((s) => /^\d+$/.test(s)).map(Number),
        origin: origin === 'egp' ? 'egp' : origin === 'igp' ? 'igp' : 'incomplete',
        nextHop: String(((p['nexthops'] ?? []) as Json[])[0]?.['ip'] ?? ''),
      };
    }));
}

/** `show bgp ipv4 unicast <prefix> json`; a missing prefix is `{}` and gives no paths. */
export function parseFrrBgpRoute(text: string, prefix: string): BgpRoute {
  const doc = parseJson(text, `FRR bgp route ${prefix}`);
  const paths = ((doc['paths'] ?? []) as Json[]).map((p): BgpPath => {
    const aspath = (p['aspath'] ?? {}) as Json;
    const asPath = String(aspath['string'] ?? '').split(/\s+/).filter((s) => /^\d+$/.test(s)).map(Number);
    const nexthops = (p['nexthops'] ?? []) as Json[];
    return {
      nextHop: String(nexthops[0]?.['ip'] ?? ''),
      asPath,
      best: ((p['bestpath'] ?? {}) as Json)['overall'] === true,
      multipath: p['multipath'] === true,
      stale: p['stale'] === true,
    };
  });
  return { prefix: typeof doc['prefix'] === 'string' ? doc['prefix'] : prefix, paths };
}

/** `show ip route <prefix> json`: `{ "<prefix>": [route] }`; flags appear only when true. */
export function parseFrrFibRoute(text: string, prefix: string): FibRoute | undefined {
  const doc = parseJson(text, `FRR route ${prefix}`);
  const entries = doc[prefix] as Json[] | undefined;
  if (!entries || entries.length === 0) return undefined;
  const route = entries.find((r) => r['selected'] === true) ?? entries[0]!;
  const nextHops = ((route['nexthops'] ?? []) as Json[])
    .filter((n) => typeof n['ip'] === 'string')
    .map((n) => ({
      address: n['ip'] as string,
      ...(typeof n['interfaceName'] === 'string' ? { interface: n['interfaceName'] } : {}),
      active: n['active'] === true && n['fib'] === true,
    }));
  const uptime = typeof route['uptime'] === 'string' ? parseFrrUptime(route['uptime']) : undefined;
  return { prefix, protocol: String(route['protocol'] ?? ''), installed: route['installed'] === true, nextHops, ...(uptime === undefined ? {} : { uptimeSeconds: uptime }) };
}

/**
 * FRR's route uptime: "hh:mm:ss" within a day, then "XdYYhZZm" and "XXwYdZZh" (lib/frrtime /
 * zebra's route display), whole seconds at best. Undefined for anything else.
 */
export function parseFrrUptime(text: string): number | undefined {
  const hms = /^(\d+):(\d{2}):(\d{2})$/.exec(text);
  if (hms) return Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]);
  const dhm = /^(\d+)d(\d{2})h(\d{2})m$/.exec(text);
  if (dhm) return Number(dhm[1]) * 86400 + Number(dhm[2]) * 3600 + Number(dhm[3]) * 60;
  const wdh = /^(\d+)w(\d)d(\d{2})h$/.exec(text);
  if (wdh) return Number(wdh[1]) * 604800 + Number(wdh[2]) * 86400 + Number(wdh[3]) * 3600;
  return undefined;
}

/**
 * FRR's reason for a reset that left the peer's paths in place as stale: the session closed while
 * FRR was its graceful-restart helper (bgpd PEER_DOWN_NSF_CLOSE_SESSION, code 22; 8.4 and 10.x alike).
 */
export const FRR_GRACEFUL_RESET = 'NSF peer closed the session';

/**
 * `show bgp neighbors json`: per neighbour the session counters (connectionsEstablished,
 * connectionsDropped), the UPDATEs received (messageStats.updatesRecv), when the current session began (bgpTimerUpEstablishedEpoch, epoch s), the
 * last reset (lastResetDueTo, lastResetTimerMsecs ago, or lastReset "never") and graceful restart
 * (gracefulRestartInfo: End-of-RIB received, the peer's restart time, a restart timer running).
 * FRR's relative timers are whole seconds; `readAt` (epoch ms) is when the output was read.
 */
export function parseFrrNeighborHistory(text: string, readAt: number): NeighborHistory[] {
  const doc = parseJson(text, 'FRR bgp neighbors');
  return Object.entries(doc)
    .filter(([, n]) => typeof n === 'object' && n !== null && 'bgpState' in (n as Json))
    .map(([address, raw]) => {
      const n = raw as Json;
      const state = normalizeState(n['bgpState']);
      const gr = (n['gracefulRestartInfo'] ?? {}) as Json;
      const grTimers = (gr['timers'] ?? {}) as Json;
      const eor = (gr['endOfRibRecv'] ?? {}) as Json;
      const epoch = n['bgpTimerUpEstablishedEpoch'];
      const reason = n['lastResetDueTo'];
      const ago = n['lastResetTimerMsecs'];
      const lastReset: SessionReset | undefined = typeof reason === 'string' && typeof ago === 'number'
        ? { at: readAt - ago, reason, pathsKept: reason === FRR_GRACEFUL_RESET }
        : undefined;
      const peerRestart = grTimers['receivedRestartTimer'];
      return {
        address,
        remoteAs: Number(n['remoteAs']),
        state,
        ...(typeof n['hostname'] === 'string' ? { hostname: n['hostname'] } : {}),
        establishedCount: Number(n['connectionsEstablished'] ?? 0),
        droppedCount: Number(n['connectionsDropped'] ?? 0),
        updatesReceived: Number(((n['messageStats'] ?? {}) as Json)['updatesRecv'] ?? 0),
        ...(state === 'Established' && typeof epoch === 'number' ? { establishedAt: epoch * 1000 } : {}),
        ...(lastReset ? { lastReset } : {}),
        gracefulRestart: {
          ...(typeof peerRestart === 'number' ? { peerRestartSeconds: peerRestart } : {}),
          endOfRibReceived: eor['ipv4Unicast'] === true,
          holdingPaths: typeof gr['gracefulRestartTimerMsecs'] === 'number',
          ...(typeof gr['rBit'] === 'boolean' ? { restartBit: gr['rBit'] } : {}),
          ...(typeof ((gr['ipv4Unicast'] ?? {}) as Json)['fBit'] === 'boolean' ? { forwardingPreserved: ((gr['ipv4Unicast'] ?? {}) as Json)['fBit'] as boolean } : {}),
        },
      };
    });
}

const LOG_STAMP = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? /;
const ADJCHANGE = /%ADJCHANGE: neighbor ([0-9a-fA-F.:]+)(?:\([^)]*\))? in vrf \S+ (Up|Down)(?: (.*?))?\s*$/;
const END_OF_RIB = /rcvd End-of-RIB for IPv4 Unicast from ([0-9a-fA-F.:]+)/;

/**
 * bgpd's log lines of session changes (`bgp log-neighbor-changes`): "%ADJCHANGE: neighbor A(host) in
 * vrf default Up", "... Down <reason>", and "rcvd End-of-RIB for IPv4 Unicast from A". FRR stamps
 * them in the router's local time (UTC in the lab's images), to the millisecond with `log timestamp
 * precision 3`. Other lines are skipped.
 */
export function parseFrrSessionLog(text: string): SessionEvent[] {
  return text.split('\n').flatMap((line): SessionEvent[] => {
    const stamp = LOG_STAMP.exec(line);
    if (!stamp) return [];
    const [, y, mo, d, h, mi, s, frac] = stamp;
    const at = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + (frac ? Math.round(Number(`0.${frac}`) * 1000) : 0);
    const adj = ADJCHANGE.exec(line);
    if (adj) {
      const [, neighbor, change, reason] = adj;
      if (change === 'Up') return [{ at, neighbor: neighbor!, kind: 'up' }];
      return [{ at, neighbor: neighbor!, kind: 'down', ...(reason ? { reason } : {}), pathsKept: reason === FRR_GRACEFUL_RESET }];
    }
    const eor = END_OF_RIB.exec(line);
    return eor ? [{ at, neighbor: eor[1]!, kind: 'end-of-rib' }] : [];
  });
}
