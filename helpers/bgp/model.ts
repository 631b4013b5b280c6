// One read model of BGP state, filled from FRR's JSON (the router) or GoBGP's
// JSON (emulated speakers) or Cilium's CiliumBGPNodeConfig status (kind), so
// scenarios compare like with like whatever produced the data.

/** RFC 4271 session states, spelt as FRR and Cilium print them. */
export type SessionState = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established' | 'Unknown';

export interface BgpNeighbor {
  readonly address: string;
  readonly remoteAs: number;
  readonly state: SessionState;
  /** Why FRR holds a session back ("Policy", "Shutdown"...), when it says. */
  readonly detail?: string;
  readonly prefixesReceived: number;
}

export interface BgpPath {
  readonly nextHop: string;
  readonly asPath: readonly number[];
  readonly best: boolean;
  readonly multipath: boolean;
  /** Kept by graceful restart after the peer went away. */
  readonly stale: boolean;
}

export interface BgpRoute {
  readonly prefix: string;
  readonly paths: readonly BgpPath[];
}

export interface FibNextHop {
  readonly address: string;
  readonly interface?: string;
  readonly active: boolean;
}

export interface FibRoute {
  readonly prefix: string;
  /** Who installed it: "bgp", "connected", "static"... */
  readonly protocol: string;
  readonly installed: boolean;
  readonly nextHops: readonly FibNextHop[];
  /** Seconds since the routing software last changed the route (FRR's zebra; whole seconds). */
  readonly uptimeSeconds?: number;
}

/** A route as one neighbour announced it: what a router received, or what a speaker is expected to send. */
export interface ReceivedRoute {
  readonly prefix: string;
  /** The session's remote address: the node that announced it. */
  readonly neighbor: string;
  readonly asPath: readonly number[];
  readonly origin: 'igp' | 'egp' | 'incomplete';
  readonly nextHop: string;
}

/** One change of a prefix's kernel next hops, seen by a route watch. */
export interface NextHopChange {
  /** Epoch ms when the new next hops were first seen. */
  readonly at: number;
  /** Next-hop addresses, sorted; empty when the route is gone. */
  readonly nextHops: readonly string[];
  /** Epoch ms when the previous next hops were last seen: the change lies in (since, at]. */
  readonly since?: number;
  /**
   * The next hops the kernel hashes new flows over: nextHops without those whose neighbour entry
   * failed, when the kernel looks at neighbour state (absent: nextHops, sorted).
   */
  readonly forwarded?: readonly string[];
  /**
   * Next hops already in the route whose neighbour entry became valid at this change. The kernel skips
   * a next hop whose entry is unresolved, so a flow hashed to it that opened meanwhile went elsewhere
   * and moves to it now (Linux net/ipv4/nexthop.c, nexthop_is_good_nh): a change of forwarding with
   * the same route and forwarded next hops as the change before.
   */
  readonly resolved?: readonly string[];
}

/** The changes of the route or of its forwarded next hops, without lines that only tell a neighbour's resolution. */
export function routeChanges(changes: readonly NextHopChange[]): NextHopChange[] {
  const key = (c: NextHopChange) => `${c.nextHops.join(',')} ${forwardedNextHops(c).join(',')}`;
  return changes.filter((c, i) => i === 0 || c.resolved === undefined || key(c) !== key(changes[i - 1]!));
}

/** The next hops new flows really go to at a change. */
export function forwardedNextHops(change: NextHopChange): readonly string[] {
  return change.forwarded ?? change.nextHops;
}

const STATES: readonly SessionState[] = ['Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established'];

/** Maps any spelling (FRR "Established", GoBGP "established" or 6, Cilium "established") to the model's. */
export function normalizeState(raw: unknown): SessionState {
  if (typeof raw === 'number') return STATES[raw - 1] ?? 'Unknown';
  if (typeof raw !== 'string') return 'Unknown';
  const key = raw.toLowerCase().replace(/^bgp_fsm_/, '').replace(/[^a-z]/g, '');
  return STATES.find((s) => s.toLowerCase() === key) ?? 'Unknown';
}

/**
 * What the router recorded about one neighbour's sessions (FRR: `show bgp neighbors json`): counters
 * and timestamps that keep an event however briefly it lasted, unlike a state read that has to catch it.
 */
export interface NeighborHistory {
  readonly address: string;
  readonly remoteAs: number;
  readonly state: SessionState;
  /** The peer's own name, when it sent one (FRR: the hostname capability). */
  readonly hostname?: string;
  /** Times the session reached Established since the router made this neighbour (a listen-range neighbour is made anew when a session without graceful restart drops). */
  readonly establishedCount: number;
  /** Times an Established session dropped, since the same moment. */
  readonly droppedCount: number;
  /**
   * UPDATE messages received from the peer since the same moment (End-of-RIB markers included): once
   * it reaches what the peer says it sent, the router has read, and judged, every announcement.
   */
  readonly updatesReceived: number;
  /** Epoch ms the current Established session began; absent when not Established. The router's resolution (FRR: whole seconds). */
  readonly establishedAt?: number;
  /** The last reset of the session, as the router recorded it; absent when none was. */
  readonly lastReset?: SessionReset;
  readonly gracefulRestart: GracefulRestartRecord;
}

export interface SessionReset {
  /** Epoch ms, to the router's resolution (FRR: whole seconds). */
  readonly at: number;
  /** The router's own words, e.g. "NSF peer closed the session". */
  readonly reason: string;
  /** The router kept the peer's paths (as stale) when this reset dropped the session: it was the peer's graceful-restart helper. */
  readonly pathsKept: boolean;
}

export interface GracefulRestartRecord {
  /** The restart time the peer advertised, s (0 or absent: it advertised no graceful restart). */
  readonly peerRestartSeconds?: number;
  /** End-of-RIB for IPv4 unicast was received on the current session. */
  readonly endOfRibReceived: boolean;
  /** The router holds the peer's paths now, waiting for it to come back (its restart timer runs). */
  readonly holdingPaths: boolean;
  /**
   * What the peer's OPEN on the current session said (absent where the router does not tell): restarting
   * (R bit), and its forwarding state for IPv4 unicast preserved (F bit). With F=0 a router holding the
   * peer's paths as stale drops them the moment the session is up (RFC 4724 4.2).
   */
  readonly restartBit?: boolean;
  readonly forwardingPreserved?: boolean;
}

/** One session event from the router's own log, stamped when the router wrote it. */
export interface SessionEvent {
  /** Epoch ms. */
  readonly at: number;
  readonly neighbor: string;
  readonly kind: 'up' | 'down' | 'end-of-rib';
  /** Why a session went down, in the router's words. */
  readonly reason?: string;
  /** A down that kept the peer's paths as stale (the router is its graceful-restart helper). */
  readonly pathsKept?: boolean;
}
