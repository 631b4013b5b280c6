// The one interface every ToR router kind implements. The lab starts the
// router through it, and scenarios, the measurements and the CLI read the
// router through it, so none of them knows which routing software runs.
import type { BgpNeighbor, BgpRoute, FibRoute, NeighborHistory, NextHopChange, ReceivedRoute, SessionEvent } from '../bgp/model.ts';
import type { ResolvedLab } from '../model/resolve.ts';
import type { ContainerRef, LabNetworkRef } from '../model/state.ts';

/** Container path to content: the router's configuration, rendered from the lab. */
export type RouterFiles = Readonly<Record<string, string>>;

export interface RouterStartContext {
  readonly lab: ResolvedLab;
  readonly session: string;
  readonly image: string;
  /** Docker networks by spec network name. */
  readonly networks: Readonly<Record<string, LabNetworkRef>>;
  readonly files: RouterFiles;
  /** Called once the router's container runs, before its daemons are ready (start() resolves then). */
  readonly onContainerStarted?: () => void;
}

export interface RouteWatch {
  /** Every change seen, once the watch ended (by its duration, its target, or stop()). */
  readonly changes: Promise<NextHopChange[]>;
  stop(): Promise<void>;
}

export interface PacketCapture {
  /** The captured packets as text, once the capture ended. */
  readonly text: Promise<string>;
  stop(): Promise<void>;
}

export interface Router {
  readonly container: ContainerRef;
  /** Every BGP neighbour with its state. */
  neighbors(): Promise<BgpNeighbor[]>;
  /**
   * What the router recorded per neighbour: how often each session came up and dropped, since when it
   * is up, its last reset and why, graceful restart (End-of-RIB received). Evidence of an event that a
   * read of the state can miss; compare a reading before and after.
   */
  neighborHistory(): Promise<NeighborHistory[]>;
  /** The router's own log of session changes (up, down and why, End-of-RIB received) at or after `since` (epoch ms). */
  sessionEvents(since: number): Promise<SessionEvent[]>;
  /**
   * TCP segments the router's kernel dropped for a missing or wrong MD5 signature, since it started: a
   * counter, so a refused connection attempt is seen however briefly it lasted.
   */
  tcpMd5Refusals(): Promise<number>;
  /** Every route the router received, per neighbour (prefix, AS path, origin, next hop). */
  receivedRoutes(): Promise<ReceivedRoute[]>;
  /** The prefix's paths in the BGP table. */
  bgpRoute(prefix: string): Promise<BgpRoute>;
  /** The kernel's forwarding entry for the prefix, in the router's namespace. */
  fibRoute(prefix: string): Promise<FibRoute | undefined>;
  /** The routing software's own record of what it installed for the prefix (FRR: zebra). */
  installedRoute(prefix: string): Promise<FibRoute | undefined>;
  /**
   * Follows the prefix's kernel next hops inside the router, through the kernel's own change
   * notifications (none missed however busy the machine), for at most seconds, ending early once
   * they equal `until` (sorted, comma-separated) when given.
   */
  watchRoute(prefix: string, options: { readonly seconds: number; readonly until?: string }): RouteWatch;
  /** Captures packets matching a tcpdump filter on the interface that holds `address`, for at most seconds. */
  capture(address: string, filter: string, seconds: number): Promise<PacketCapture>;
  /** Why the router did not make `prefix`'s paths one ECMP group of `expected` paths: its own settings, most likely first. */
  whyNotEcmp(prefix: string, expected: number): Promise<string[]>;
  /** Diagnostics of a failed run: file name to text. */
  diagnostics(prefix: string): Promise<Record<string, string>>;
  /** Versions of the routing software, for results ({ frr: '10.3' }). */
  versions(): Promise<Record<string, string>>;
  /** How the router's kernel forwards on `prefix`'s next hops, read back from it (sysctls, how the route is installed). */
  forwarding(prefix: string): Promise<Record<string, string>>;
  /** The router's interactive shell, with a command to run once or none. */
  cliArgv(command?: string): string[];
}

export interface RouterKind {
  readonly name: string;
  /** Renders the router's configuration files from the lab; runs nothing (`npm run lab -- plan` prints them). */
  render(lab: ResolvedLab): Promise<RouterFiles>;
  /** Starts the router container on every network of the spec's router interfaces. */
  start(ctx: RouterStartContext): Promise<ContainerRef>;
  /** A handle on a started router. */
  connect(container: ContainerRef): Router;
}
