// What each node of a cluster advertises to each of its BGP peers, with the
// Cilium BGP control plane's semantics (v2 API): which CiliumBGPClusterConfig
// selects the node, which advertisements each peer's CiliumBGPPeerConfig
// selects, and which prefixes those give for the cluster's Services, given
// their addresses and where their endpoints are. Pure. The emulated provider
// turns this into speaker configs; on real clusters the same prediction, fed
// with the objects read from the API, is checked against what the router
// received (spec-level fidelity of the emulation).
import { BGP_LB_CLASS, CILIUM_PEER_DEFAULTS, type Advertisement, type BgpClusterConfig, type BgpInstance, type BgpPeer, type BgpPeerConfig, type CiliumBgpResources } from './resources.ts';
import { selectorMatches } from './selector.ts';
import { serviceSelectorLabels, type ServiceAddresses } from './lb-ipam.ts';

export interface ClusterNode {
  readonly name: string;
  readonly address: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The node's pod CIDR (Node spec.podCIDR), for PodCIDR advertisements. */
  readonly podCidr?: string;
}

export interface Announcement {
  readonly prefix: string;
  readonly communities: readonly string[];
  /** Which advertisement produced it, for plans and error messages. */
  readonly reason: string;
}

export interface PeerAdvertisements {
  readonly peer: BgpPeer;
  /** The referenced CiliumBGPPeerConfig, or Cilium's defaults without a reference. */
  readonly peerConfig: BgpPeerConfig;
  /** Where the peer is declared, for error messages. */
  readonly where: string;
  readonly announcements: readonly Announcement[];
}

export interface NodeBgp {
  readonly node: ClusterNode;
  /** Undefined when no CiliumBGPClusterConfig selects the node: it does not speak BGP. */
  readonly config?: BgpClusterConfig;
  readonly instance?: BgpInstance;
  readonly peers: readonly PeerAdvertisements[];
}

export class TranslationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TranslationError';
  }
}

/** A peer without peerConfigRef gets Cilium's defaults. */
export const DEFAULT_PEER_CONFIG: BgpPeerConfig = {
  name: '(defaults)',
  source: '(Cilium defaults)',
  peerPort: CILIUM_PEER_DEFAULTS.peerPort,
  connectRetryTimeSeconds: CILIUM_PEER_DEFAULTS.connectRetryTimeSeconds,
  holdTimeSeconds: CILIUM_PEER_DEFAULTS.holdTimeSeconds,
  keepAliveTimeSeconds: CILIUM_PEER_DEFAULTS.keepAliveTimeSeconds,
  ebgpMultihop: CILIUM_PEER_DEFAULTS.ebgpMultihop,
  gracefulRestart: { enabled: false, restartTimeSeconds: CILIUM_PEER_DEFAULTS.gracefulRestartTimeSeconds },
  families: [{ afi: 'ipv4', safi: 'unicast' }, { afi: 'ipv6', safi: 'unicast' }],
};

export interface NodeBgpInput {
  readonly resources: CiliumBgpResources;
  readonly nodes: readonly ClusterNode[];
  readonly services: readonly ServiceAddresses[];
  /** Nodes with a ready endpoint, per Service ("namespace/name"). */
  readonly endpoints: ReadonlyMap<string, ReadonlySet<string>>;
}

export const serviceKey = (s: { namespace: string; name: string }) => `${s.namespace}/${s.name}`;

/** Every node's BGP instance, peers and what it announces to each. */
export function nodeBgp({ resources, nodes, services, endpoints }: NodeBgpInput): NodeBgp[] {
  return nodes.map((node): NodeBgp => {
    const selecting = resources.clusterConfigs.filter((c) => selectorMatches(c.nodeSelector, node.labels));
    if (selecting.length > 1) {
      throw new TranslationError(
        `node ${node.name} is selected by ${selecting.length} CiliumBGPClusterConfigs (${selecting.map((c) => `${c.name} in ${c.source}`).join(', ')}); Cilium rejects this as a conflict`,
      );
    }
    const config = selecting[0];
    if (!config) return { node, peers: [] };
    if (config.instances.length !== 1) {
      throw new TranslationError(`${config.source} spec.bgpInstances: one BGP instance per node is supported, got ${config.instances.length}`);
    }
    const instance = config.instances[0]!;
    const peers = instance.peers.map((peer, p): PeerAdvertisements => {
      const where = `${config.source} spec.bgpInstances[0].peers[${p}]`;
      const referenced = peer.peerConfigRef ? resources.peerConfigs.find((pc) => pc.name === peer.peerConfigRef) : undefined;
      if (peer.peerConfigRef && !referenced) {
        throw new TranslationError(`${where}.peerConfigRef.name: no CiliumBGPPeerConfig named "${peer.peerConfigRef}" (known: ${resources.peerConfigs.map((pc) => pc.name).join(', ') || 'none'})`);
      }
      const peerConfig = referenced ?? DEFAULT_PEER_CONFIG;
      return { peer, peerConfig, where, announcements: announce(selectedAdvertisements(peerConfig, resources), services, node, endpoints) };
    });
    return { node, config, instance, peers };
  });
}

/** Advertisements a peer gets: those whose CiliumBGPAdvertisement labels match the ipv4/unicast family's selector. */
function selectedAdvertisements(peerConfig: BgpPeerConfig, resources: CiliumBgpResources): Advertisement[] {
  const ipv4 = peerConfig.families.find((f) => f.afi === 'ipv4' && f.safi === 'unicast');
  // A family without an advertisements selector advertises nothing (Cilium v2 semantics).
  if (!ipv4?.advertisements) return [];
  return resources.advertisements.filter((a) => selectorMatches(ipv4.advertisements, a.labels)).flatMap((a) => a.advertisements);
}

function announce(
  ads: readonly Advertisement[], services: readonly ServiceAddresses[], node: ClusterNode, endpoints: ReadonlyMap<string, ReadonlySet<string>>,
): Announcement[] {
  const out = new Map<string, Announcement>();
  const add = (prefix: string, ad: Advertisement, reason: string) => {
    const previous = out.get(prefix);
    const communities = [...new Set([...(previous?.communities ?? []), ...ad.communities])];
    out.set(prefix, { prefix, communities, reason: previous ? `${previous.reason}; ${reason}` : reason });
  };
  for (const ad of ads) {
    if (ad.type === 'PodCIDR') {
      if (node.podCidr) add(node.podCidr, ad, `PodCIDR of ${node.name}`);
      continue;
    }
    if (ad.type !== 'Service') {
      throw new TranslationError(`advertisementType ${ad.type} is not emulated (Service and PodCIDR are)`);
    }
    // Cilium: a Service advertisement without a selector selects no Service (unlike an absent nodeSelector).
    if (!ad.selector) continue;
    for (const s of services) {
      if (!selectorMatches(ad.selector, serviceSelectorLabels(s.service))) continue;
      const name = serviceKey(s.service);
      // externalTrafficPolicy Local: only nodes with a ready local endpoint of this Service advertise external addresses.
      const local = endpoints.get(name)?.has(node.name) ?? false;
      const externalOk = s.service.externalTrafficPolicy === 'Cluster' || local;
      // internalTrafficPolicy Local: likewise for the ClusterIP (pkg/bgpv1/manager/reconcilerv2/service.go;
      // corpus bgp/itp-local.yaml, from svc-traffic-policy.txtar).
      const internalOk = s.service.internalTrafficPolicy === 'Cluster' || local;
      if (ad.serviceAddresses.includes('ClusterIP') && s.clusterIP && internalOk) add(`${s.clusterIP}/32`, ad, `ClusterIP of ${name}`);
      if (ad.serviceAddresses.includes('ExternalIP') && externalOk) s.service.externalIPs.forEach((ip) => add(`${ip}/32`, ad, `ExternalIP of ${name}`));
      // Only a Service without a class or of the BGP control plane's has its LoadBalancer IP announced
      // (pkg/bgpv1/manager/reconcilerv2/service.go; corpus bgp/lb-class.yaml, from svc-modifications.txtar).
      const bgpClass = s.service.loadBalancerClass === undefined || s.service.loadBalancerClass === BGP_LB_CLASS;
      if (ad.serviceAddresses.includes('LoadBalancerIP') && externalOk && bgpClass) s.loadBalancerIPs.forEach((ip) => add(`${ip}/32`, ad, `LoadBalancerIP of ${name}`));
    }
  }
  return [...out.values()];
}
