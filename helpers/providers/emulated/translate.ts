// Translates a cluster's Cilium manifests into what each emulated node runs:
// a GoBGP configuration and the prefixes it originates, following the Cilium
// BGP control plane's semantics (v2 API). Pure: objects in, plan out.
import type { BgpPeerConfig, CiliumBgpResources } from '../../cilium/resources.ts';
import { nodeBgp, serviceKey, TranslationError, type Announcement, type ClusterNode, type NodeBgp } from '../../cilium/advertisements.ts';
import { selectorMatches } from '../../cilium/selector.ts';
import { parseCidr, nthAddress } from '../../net/ipv4.ts';
import { assignServiceAddresses, type ServiceAddresses } from '../../cilium/lb-ipam.ts';
import { BGP_SECRETS_NAMESPACE } from '../../cilium/auth-secrets.ts';

/** An emulated node: a cluster node as Cilium's selectors see it (kind's labels). */
export type EmulatedNode = ClusterNode;

export interface GobgpNeighbor {
  readonly config: { 'neighbor-address': string; 'peer-as': number; 'auth-password'?: string; description: string };
  readonly timers: { config: { 'hold-time': number; 'keepalive-interval': number; 'connect-retry': number } };
  readonly transport: { config: { 'remote-port': number; 'local-address': string; 'passive-mode': boolean } };
  readonly 'ebgp-multihop': { config: { enabled: boolean; 'multihop-ttl': number } };
  readonly 'graceful-restart': {
    config: { enabled: boolean; 'restart-time': number; 'notification-enabled'?: boolean };
    /** GoBGP takes a neighbour's state from its config file too: the only way to set LocalRestarting there. */
    state?: { 'local-restarting': boolean };
  };
  readonly 'afi-safis': readonly {
    config: { 'afi-safi-name': string; enabled: boolean };
    'mp-graceful-restart': { config: { enabled: boolean } };
  }[];
}

export interface GobgpConfig {
  readonly global: { config: { as: number; 'router-id': string; port: number; 'local-address-list': string[] } };
  readonly neighbors: readonly GobgpNeighbor[];
}

export interface NodePlan {
  readonly node: EmulatedNode;
  /** The BGP instance's name, or undefined when no CiliumBGPClusterConfig selects the node. */
  readonly instance?: string;
  readonly gobgp?: GobgpConfig;
  readonly announcements: readonly Announcement[];
  /** Service addresses the node answers on (its datapath would, in Cilium). */
  readonly servedAddresses: readonly string[];
  /** The ports those Services listen on: the node answers HTTP on each, as Cilium's datapath would forward them. */
  readonly servedPorts: readonly number[];
  /** Whether a workload replica runs on this node. */
  readonly hasLocalEndpoint: boolean;
  /** What Cilium would log or report about this node (missing Secret, and so on). */
  readonly notes: readonly string[];
}

export interface EmulatedClusterPlan {
  /** Each node's BGP instance, peers and announcements by Cilium's semantics (what the speakers are configured from). */
  readonly bgp: readonly NodeBgp[];
  readonly services: readonly ServiceAddresses[];
  readonly nodes: readonly NodePlan[];
}




export { TranslationError };

export interface TranslateInput {
  readonly cluster: string;
  readonly resources: CiliumBgpResources;
  readonly nodes: readonly EmulatedNode[];
  readonly serviceSubnet: string;
  readonly podSubnet: string;
}

export function translateCluster({ cluster, resources, nodes, serviceSubnet, podSubnet }: TranslateInput): EmulatedClusterPlan {
  const services = assignServiceAddresses(resources, serviceSubnet, cluster);
  const pods = parseCidr(podSubnet);
  // The /24 a node's pods get: kind's controller manager hands them out in node order.
  const withPods = nodes.map((node, index) => ({ ...node, ...(pods ? { podCidr: `${nthAddress(pods, index * 256)}/24` } : {}) }));
  const endpoints = placeEndpoints(resources, withPods);
  const addressed = services.filter((s) => s.clusterIP || s.loadBalancerIPs.length > 0 || s.service.externalIPs.length > 0);
  const servedAddresses = addressed.flatMap((s) => [...(s.clusterIP ? [s.clusterIP] : []), ...s.loadBalancerIPs, ...s.service.externalIPs]);
  const servedPorts = [...new Set(addressed.flatMap((s) => s.service.servicePorts.map((p) => p.port)))].sort((a, b) => a - b);
  const bgp = nodeBgp({ resources, nodes: withPods, services, endpoints });
  const plans = bgp.map(({ node, config, instance, peers }): NodePlan => {
    const hasLocalEndpoint = [...endpoints.values()].some((onNodes) => onNodes.has(node.name));
    if (!config || !instance) return { node, announcements: [], servedAddresses, servedPorts, hasLocalEndpoint, notes: ['no CiliumBGPClusterConfig selects this node: it does not speak BGP'] };
    const first = peers[0];
    const differing = peers.find((p) => JSON.stringify(p.announcements) !== JSON.stringify(first?.announcements));
    if (differing) {
      throw new TranslationError(`${differing.where}: peers of one instance advertise different sets; the emulated provider announces one set to every peer`);
    }
    const notes: string[] = [];
    const neighbors = peers.map(({ peer, peerConfig }) =>
      gobgpNeighbor(peer.peerAddress, peer.peerASN, peer.name, node.address, peerConfig, authPassword(peerConfig, resources, notes)));
    const gobgp: GobgpConfig = {
      global: { config: { as: instance.localASN, 'router-id': node.address, port: instance.localPort ?? -1, 'local-address-list': [node.address] } },
      neighbors,
    };
    return { node, instance: instance.name, gobgp, announcements: first?.announcements ?? [], servedAddresses, servedPorts, hasLocalEndpoint, notes };
  });
  return { bgp, services, nodes: plans };
}

function authPassword(peerConfig: BgpPeerConfig, resources: CiliumBgpResources, notes: string[]): string | undefined {
  if (!peerConfig.authSecretRef) return undefined;
  const secret = resources.secrets.find((s) => s.name === peerConfig.authSecretRef && s.namespace === BGP_SECRETS_NAMESPACE);
  if (!secret) {
    // Cilium logs the missing Secret and peers without a password.
    notes.push(`auth Secret ${BGP_SECRETS_NAMESPACE}/${peerConfig.authSecretRef} not found: peering with an empty password, as Cilium does`);
    return undefined;
  }
  const password = secret.data['password'];
  if (password === undefined) {
    notes.push(`auth Secret ${BGP_SECRETS_NAMESPACE}/${peerConfig.authSecretRef} has no "password" key: peering with an empty password`);
    return undefined;
  }
  return password === '' ? undefined : password;
}

function gobgpNeighbor(address: string, asn: number, name: string, localAddress: string, pc: BgpPeerConfig, password: string | undefined): GobgpNeighbor {
  const families = pc.families.filter((f) => f.afi === 'ipv4').map((f) => `${f.afi}-${f.safi}`);
  return {
    config: { 'neighbor-address': address, 'peer-as': asn, ...(password ? { 'auth-password': password } : {}), description: name },
    timers: { config: { 'hold-time': pc.holdTimeSeconds, 'keepalive-interval': pc.keepAliveTimeSeconds, 'connect-retry': pc.connectRetryTimeSeconds } },
    transport: { config: { 'remote-port': pc.peerPort, 'local-address': localAddress, 'passive-mode': false } },
    // Cilium enables multihop only above the default TTL of 1.
    'ebgp-multihop': { config: { enabled: pc.ebgpMultihop > 1, 'multihop-ttl': pc.ebgpMultihop } },
    // Cilium adds a graceful-restart peer with NotificationEnabled (RFC 8538's N bit) and LocalRestarting
    // (cilium/cilium pkg/bgpv1/gobgp/peer.go at 0fcda6f7, setPeerGracefulRestart): every OPEN it sends says R=1 and
    // F=1, so a router holding the node's paths as stale keeps them until End-of-RIB. Without them FRR
    // drops the stale paths the moment the new session is up (RFC 4724 4.2; FRR bgp_fsm.c bgp_establish),
    // and only a re-announcement inside bgpd's 50 ms processing hold hid it.
    'graceful-restart': pc.gracefulRestart.enabled
      ? { config: { enabled: true, 'restart-time': pc.gracefulRestart.restartTimeSeconds, 'notification-enabled': true }, state: { 'local-restarting': true } }
      : { config: { enabled: false, 'restart-time': pc.gracefulRestart.restartTimeSeconds } },
    'afi-safis': families.map((name) => ({
      config: { 'afi-safi-name': name, enabled: true },
      'mp-graceful-restart': { config: { enabled: pc.gracefulRestart.enabled } },
    })),
  };
}

/**
 * The nodes holding an endpoint of each Service ("namespace/name" to node
 * names). Replicas are spread round-robin over the nodes (the control-plane
 * taint is removed in the lab).
 */
function placeEndpoints(resources: CiliumBgpResources, nodes: readonly EmulatedNode[]): Map<string, Set<string>> {
  const endpoints = new Map<string, Set<string>>();
  for (const service of resources.services) {
    if (Object.keys(service.selector).length === 0) continue;
    const onNodes = new Set<string>();
    for (const deployment of resources.deployments) {
      if (deployment.namespace !== service.namespace || !selectorMatches({ matchLabels: service.selector }, deployment.podLabels)) continue;
      for (let i = 0; i < deployment.replicas && nodes.length > 0; i++) onNodes.add(nodes[i % nodes.length]!.name);
    }
    endpoints.set(serviceKey(service), onNodes);
  }
  return endpoints;
}
