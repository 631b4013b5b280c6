// Translates a cluster's Cilium manifests into what each emulated node runs:
// a GoBGP configuration and the prefixes it originates, following the Cilium
// BGP control plane's semantics (v2 API). Pure: objects in, plan out.
import { CILIUM_PEER_DEFAULTS, type Advertisement, type BgpPeerConfig, type CiliumBgpResources } from '../../cilium/resources.ts';
import { selectorMatches } from '../../cilium/selector.ts';
import { parseCidr, nthAddress } from '../../net/ipv4.ts';
import { assignServiceAddresses, serviceSelectorLabels, type ServiceAddresses } from '../../cilium/lb-ipam.ts';
import { BGP_SECRETS_NAMESPACE } from '../../cilium/auth-secrets.ts';

export interface EmulatedNode {
  readonly name: string;
  readonly address: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface GobgpNeighbor {
  readonly config: { 'neighbor-address': string; 'peer-as': number; 'auth-password'?: string; description: string };
  readonly timers: { config: { 'hold-time': number; 'keepalive-interval': number; 'connect-retry': number } };
  readonly transport: { config: { 'remote-port': number; 'local-address': string; 'passive-mode': boolean } };
  readonly 'ebgp-multihop': { config: { enabled: boolean; 'multihop-ttl': number } };
  readonly 'graceful-restart': { config: { enabled: boolean; 'restart-time': number } };
  readonly 'afi-safis': readonly {
    config: { 'afi-safi-name': string; enabled: boolean };
    'mp-graceful-restart': { config: { enabled: boolean } };
  }[];
}

export interface GobgpConfig {
  readonly global: { config: { as: number; 'router-id': string; port: number; 'local-address-list': string[] } };
  readonly neighbors: readonly GobgpNeighbor[];
}

export interface Announcement {
  readonly prefix: string;
  readonly communities: readonly string[];
  /** Which advertisement produced it, for plans and error messages. */
  readonly reason: string;
}

export interface NodePlan {
  readonly node: EmulatedNode;
  /** The BGP instance's name, or undefined when no CiliumBGPClusterConfig selects the node. */
  readonly instance?: string;
  readonly gobgp?: GobgpConfig;
  readonly announcements: readonly Announcement[];
  /** Service addresses the node answers on (its datapath would, in Cilium). */
  readonly servedAddresses: readonly string[];
  /** Whether a workload replica runs on this node. */
  readonly hasLocalEndpoint: boolean;
  /** What Cilium would log or report about this node (missing Secret, and so on). */
  readonly notes: readonly string[];
}

export interface EmulatedClusterPlan {
  readonly services: readonly ServiceAddresses[];
  readonly nodes: readonly NodePlan[];
}




export class TranslationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TranslationError';
  }
}

export interface TranslateInput {
  readonly cluster: string;
  readonly resources: CiliumBgpResources;
  readonly nodes: readonly EmulatedNode[];
  readonly serviceSubnet: string;
  readonly podSubnet: string;
}

export function translateCluster({ cluster, resources, nodes, serviceSubnet, podSubnet }: TranslateInput): EmulatedClusterPlan {
  const services = assignServiceAddresses(resources, serviceSubnet, cluster);
  const endpoints = placeEndpoints(resources, nodes);
  const plans = nodes.map((node, index) => {
    const selecting = resources.clusterConfigs.filter((c) => selectorMatches(c.nodeSelector, node.labels));
    if (selecting.length > 1) {
      throw new TranslationError(
        `node ${node.name} is selected by ${selecting.length} CiliumBGPClusterConfigs (${selecting.map((c) => `${c.name} in ${c.source}`).join(', ')}); Cilium rejects this as a conflict`,
      );
    }
    const hasLocalEndpoint = [...endpoints.values()].some((onNodes) => onNodes.has(node.name));
    const servedAddresses = services.flatMap((s) => [...(s.clusterIP ? [s.clusterIP] : []), ...s.loadBalancerIPs, ...s.service.externalIPs]);
    const config = selecting[0];
    if (!config) return { node, announcements: [], servedAddresses, hasLocalEndpoint, notes: ['no CiliumBGPClusterConfig selects this node: it does not speak BGP'] };
    if (config.instances.length !== 1) {
      throw new TranslationError(`${config.source} spec.bgpInstances: the emulated provider runs one BGP instance per node, got ${config.instances.length}`);
    }
    const instance = config.instances[0]!;
    const notes: string[] = [];
    let family: { peerConfig: BgpPeerConfig; selected: Advertisement[] } | undefined;
    const neighbors = instance.peers.map((peer, p): GobgpNeighbor => {
      const where = `${config.source} spec.bgpInstances[0].peers[${p}]`;
      const peerConfig = peer.peerConfigRef ? resources.peerConfigs.find((pc) => pc.name === peer.peerConfigRef) : undefined;
      if (peer.peerConfigRef && !peerConfig) {
        throw new TranslationError(`${where}.peerConfigRef.name: no CiliumBGPPeerConfig named "${peer.peerConfigRef}" (known: ${resources.peerConfigs.map((pc) => pc.name).join(', ') || 'none'})`);
      }
      const effective = peerConfig ?? DEFAULT_PEER_CONFIG;
      const selected = selectedAdvertisements(effective, resources);
      if (family && advertisementKey(family.selected) !== advertisementKey(selected)) {
        throw new TranslationError(`${where}: peers of one instance advertise different sets; the emulated provider announces one set to every peer`);
      }
      family = { peerConfig: effective, selected };
      const password = authPassword(effective, resources, notes);
      return gobgpNeighbor(peer.peerAddress, peer.peerASN, peer.name, node.address, effective, password);
    });
    const gobgp: GobgpConfig = {
      global: { config: { as: instance.localASN, 'router-id': node.address, port: instance.localPort ?? -1, 'local-address-list': [node.address] } },
      neighbors,
    };
    const announcements = family ? announce(family.selected, services, node, index, podSubnet, endpoints) : [];
    return { node, instance: instance.name, gobgp, announcements, servedAddresses, hasLocalEndpoint, notes };
  });
  return { services, nodes: plans };
}

/** A peer without peerConfigRef gets Cilium's defaults. */
const DEFAULT_PEER_CONFIG: BgpPeerConfig = {
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

/** Advertisements a peer gets: those whose CiliumBGPAdvertisement labels match the ipv4/unicast family's selector. */
function selectedAdvertisements(peerConfig: BgpPeerConfig, resources: CiliumBgpResources): Advertisement[] {
  const ipv4 = peerConfig.families.find((f) => f.afi === 'ipv4' && f.safi === 'unicast');
  // A family without an advertisements selector advertises nothing (Cilium v2 semantics).
  if (!ipv4?.advertisements) return [];
  return resources.advertisements.filter((a) => selectorMatches(ipv4.advertisements, a.labels)).flatMap((a) => a.advertisements);
}

function advertisementKey(ads: readonly Advertisement[]): string {
  return JSON.stringify(ads);
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
    'graceful-restart': { config: { enabled: pc.gracefulRestart.enabled, 'restart-time': pc.gracefulRestart.restartTimeSeconds } },
    'afi-safis': families.map((name) => ({
      config: { 'afi-safi-name': name, enabled: true },
      'mp-graceful-restart': { config: { enabled: pc.gracefulRestart.enabled } },
    })),
  };
}

const serviceKey = (s: { namespace: string; name: string }) => `${s.namespace}/${s.name}`;

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

function announce(
  ads: readonly Advertisement[], services: readonly ServiceAddresses[], node: EmulatedNode, nodeIndex: number, podSubnet: string,
  endpoints: ReadonlyMap<string, ReadonlySet<string>>,
): Announcement[] {
  const out = new Map<string, Announcement>();
  const add = (prefix: string, ad: Advertisement, reason: string) => {
    const previous = out.get(prefix);
    const communities = [...new Set([...(previous?.communities ?? []), ...ad.communities])];
    out.set(prefix, { prefix, communities, reason: previous ? `${previous.reason}; ${reason}` : reason });
  };
  for (const ad of ads) {
    if (ad.type === 'PodCIDR') {
      const pods = parseCidr(podSubnet);
      if (pods) add(`${nthAddress(pods, nodeIndex * 256)}/24`, ad, `PodCIDR of ${node.name}`);
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
      const externalOk = s.service.externalTrafficPolicy === 'Cluster' || (endpoints.get(name)?.has(node.name) ?? false);
      if (ad.serviceAddresses.includes('ClusterIP') && s.clusterIP) add(`${s.clusterIP}/32`, ad, `ClusterIP of ${name}`);
      if (ad.serviceAddresses.includes('ExternalIP') && externalOk) s.service.externalIPs.forEach((ip) => add(`${ip}/32`, ad, `ExternalIP of ${name}`));
      if (ad.serviceAddresses.includes('LoadBalancerIP') && externalOk) s.loadBalancerIPs.forEach((ip) => add(`${ip}/32`, ad, `LoadBalancerIP of ${name}`));
    }
  }
  return [...out.values()];
}
