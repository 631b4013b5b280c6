// The BGP timers a cluster's nodes peer with, read from its Cilium resources:
// they bound how long a dead cluster can keep its next hops on the router.
import { CILIUM_PEER_DEFAULTS, type CiliumBgpResources } from './resources.ts';

export interface PeerTimers {
  readonly holdSeconds: number;
  readonly keepAliveSeconds: number;
  /** 0 when graceful restart is off. */
  readonly gracefulRestartSeconds: number;
}

/** The timers of the peer config the cluster's sessions to `peerAddress` use (Cilium's defaults without one). */
export function peerTimersOf(resources: CiliumBgpResources, peerAddress: string): PeerTimers {
  const config = peerConfigOf(resources, peerAddress);
  return {
    holdSeconds: config?.holdTimeSeconds ?? CILIUM_PEER_DEFAULTS.holdTimeSeconds,
    keepAliveSeconds: config?.keepAliveTimeSeconds ?? CILIUM_PEER_DEFAULTS.keepAliveTimeSeconds,
    gracefulRestartSeconds: config?.gracefulRestart.enabled ? config.gracefulRestart.restartTimeSeconds : 0,
  };
}

function peerConfigOf(resources: CiliumBgpResources, peerAddress: string) {
  const peer = resources.clusterConfigs.flatMap((c) => c.instances.flatMap((i) => i.peers)).find((p) => p.peerAddress === peerAddress);
  return peer?.peerConfigRef ? resources.peerConfigs.find((p) => p.name === peer.peerConfigRef) : undefined;
}

/** Where the timers come from, for messages: the peer config's file and name, or Cilium's defaults. */
export function peerTimersSource(resources: CiliumBgpResources, peerAddress: string): string {
  const config = peerConfigOf(resources, peerAddress);
  return config ? `${config.source} (CiliumBGPPeerConfig ${config.name})` : "Cilium's default peer timers";
}

/** Margin on top of the timers: the router's scan intervals and the probe's timeout. */
export const FAILOVER_MARGIN_MS = 3000;

/**
 * The longest an abrupt deletion may keep the dead cluster's next hops: the
 * router notices the dead peer within the hold time (or at once, on a TCP
 * reset), then keeps its paths as stale for the graceful-restart time.
 */
export function abruptFailoverBoundMs(t: PeerTimers): number {
  return (t.gracefulRestartSeconds + t.holdSeconds) * 1000 + FAILOVER_MARGIN_MS;
}
