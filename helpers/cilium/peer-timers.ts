// The BGP timers a cluster's nodes peer with, read from its Cilium manifests:
// they bound how long a dead cluster can keep its next hops on the router.
import type { LabSpec } from '../spec/spec.ts';
import { labClusterManifests } from './auth-secrets.ts';
import { CILIUM_PEER_DEFAULTS, readCiliumBgpResources } from './resources.ts';

export interface PeerTimers {
  readonly holdSeconds: number;
  readonly keepAliveSeconds: number;
  /** 0 when graceful restart is off. */
  readonly gracefulRestartSeconds: number;
}

export async function peerTimersOf(spec: LabSpec, cluster: string): Promise<PeerTimers> {
  const resources = readCiliumBgpResources(await labClusterManifests(spec, cluster));
  const clusterSpec = spec.clusters.find((c) => c.name === cluster)!;
  const peer = resources.clusterConfigs.flatMap((c) => c.instances.flatMap((i) => i.peers)).find((p) => p.peerAddress === clusterSpec.peerAddress);
  const config = peer?.peerConfigRef ? resources.peerConfigs.find((p) => p.name === peer.peerConfigRef) : undefined;
  return {
    holdSeconds: config?.holdTimeSeconds ?? CILIUM_PEER_DEFAULTS.holdTimeSeconds,
    keepAliveSeconds: config?.keepAliveTimeSeconds ?? CILIUM_PEER_DEFAULTS.keepAliveTimeSeconds,
    gracefulRestartSeconds: config?.gracefulRestart.enabled ? config.gracefulRestart.restartTimeSeconds : 0,
  };
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
