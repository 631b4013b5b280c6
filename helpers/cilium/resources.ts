// The Cilium BGP control plane resources (and the Kubernetes objects they
// select) as typed values with Cilium's defaults filled in. Used by the
// emulated provider's translation and by checks of the golden manifests.
import { sharingOf, type Sharing } from './lb-sharing.ts';
import type { KubeObject } from './manifests.ts';
import type { LabelSelector, LabelSelectorRequirement } from './selector.ts';
import { FieldReader } from './fields.ts';

/** Cilium's defaults for CiliumBGPPeerConfig (pkg/bgpv1 and the CRD's defaults). */
export const CILIUM_PEER_DEFAULTS = {
  peerPort: 179,
  connectRetryTimeSeconds: 120,
  holdTimeSeconds: 90,
  keepAliveTimeSeconds: 30,
  ebgpMultihop: 1,
  gracefulRestartTimeSeconds: 120,
} as const;

export interface BgpPeer {
  readonly name: string;
  readonly peerASN: number;
  readonly peerAddress: string;
  readonly peerConfigRef?: string;
}

export interface BgpInstance {
  readonly name: string;
  readonly localASN: number;
  readonly localPort?: number;
  readonly peers: readonly BgpPeer[];
}

export interface BgpClusterConfig {
  readonly name: string;
  readonly source: string;
  readonly nodeSelector?: LabelSelector;
  readonly instances: readonly BgpInstance[];
}

export interface BgpFamily {
  readonly afi: 'ipv4' | 'ipv6';
  readonly safi: 'unicast' | 'multicast';
  readonly advertisements?: LabelSelector;
}

export interface BgpPeerConfig {
  readonly name: string;
  readonly source: string;
  readonly peerPort: number;
  readonly connectRetryTimeSeconds: number;
  readonly holdTimeSeconds: number;
  readonly keepAliveTimeSeconds: number;
  readonly authSecretRef?: string;
  readonly ebgpMultihop: number;
  readonly gracefulRestart: { readonly enabled: boolean; readonly restartTimeSeconds: number };
  readonly families: readonly BgpFamily[];
}

export const SERVICE_ADDRESS_TYPES = ['ClusterIP', 'ExternalIP', 'LoadBalancerIP'] as const;
export type ServiceAddressType = (typeof SERVICE_ADDRESS_TYPES)[number];
export const ADVERTISEMENT_TYPES = ['Service', 'PodCIDR', 'CiliumPodIPPool', 'Interface'] as const;

export interface Advertisement {
  readonly type: (typeof ADVERTISEMENT_TYPES)[number];
  readonly serviceAddresses: readonly ServiceAddressType[];
  readonly selector?: LabelSelector;
  readonly communities: readonly string[];
}

export interface BgpAdvertisement {
  readonly name: string;
  readonly source: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly advertisements: readonly Advertisement[];
}

export interface LoadBalancerPool {
  readonly name: string;
  readonly source: string;
  readonly blocks: readonly ({ readonly start: string; readonly stop: string } | { readonly cidr: string })[];
  readonly serviceSelector?: LabelSelector;
  readonly disabled: boolean;
  /** Whether a cidr block's first and last address are given out: unset and "Yes" give them, "No" keeps them back. */
  readonly allowFirstLastIPs?: 'Yes' | 'No';
  /** metadata.creationTimestamp when the object carries one: of two overlapping pools the newer conflicts. */
  readonly createdAt?: string;
}

export interface ServiceObject {
  readonly name: string;
  readonly namespace: string;
  readonly source: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  readonly internalTrafficPolicy: 'Cluster' | 'Local';
  readonly selector: Readonly<Record<string, string>>;
  readonly clusterIP?: string;
  /** `clusterIP: None`: no virtual IP at all (nor for ExternalName Services). */
  readonly headless: boolean;
  readonly externalIPs: readonly string[];
  /** The addresses the Service asks for: spec.loadBalancerIP and Cilium's annotations. */
  readonly requestedIPs: readonly string[];
  /** spec.loadBalancerClass: which controller serves the Service (unset: the cluster's default). */
  readonly loadBalancerClass?: string;
  /** spec.ports with their protocols (Services sharing an address may not use one twice). */
  readonly servicePorts: readonly { readonly port: number; readonly protocol: string }[];
  /** LB-IPAM's sharing annotations (lb-sharing.ts), when the Service has a sharing key. */
  readonly sharing?: Sharing;
}

export interface DeploymentObject {
  readonly name: string;
  readonly namespace: string;
  readonly source: string;
  readonly replicas: number;
  readonly podLabels: Readonly<Record<string, string>>;
}

export interface SecretObject {
  readonly name: string;
  readonly namespace: string;
  readonly data: Readonly<Record<string, string>>;
}

export interface CiliumBgpResources {
  readonly clusterConfigs: readonly BgpClusterConfig[];
  readonly peerConfigs: readonly BgpPeerConfig[];
  readonly advertisements: readonly BgpAdvertisement[];
  readonly pools: readonly LoadBalancerPool[];
  readonly services: readonly ServiceObject[];
  readonly deployments: readonly DeploymentObject[];
  readonly secrets: readonly SecretObject[];
}

const BGP_API_VERSIONS = ['cilium.io/v2', 'cilium.io/v2alpha1'];

/** The load-balancer class of the BGP control plane's Services (LB-IPAM serves it; BGP announces it besides no class). */
export const BGP_LB_CLASS = 'io.cilium/bgp-control-plane';

export class ManifestError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`the Cilium manifests have ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ManifestError';
    this.problems = problems;
  }
}

/** Types every object the BGP control plane cares about; throws a ManifestError listing every problem. */
export function readCiliumBgpResources(objects: readonly KubeObject[]): CiliumBgpResources {
  const r = new FieldReader();
  const out = {
    clusterConfigs: [] as BgpClusterConfig[],
    peerConfigs: [] as BgpPeerConfig[],
    advertisements: [] as BgpAdvertisement[],
    pools: [] as LoadBalancerPool[],
    services: [] as ServiceObject[],
    deployments: [] as DeploymentObject[],
    secrets: [] as SecretObject[],
  };
  for (const obj of objects) {
    const at = `${obj.source} (${obj.kind} ${obj.metadata.name})`;
    if (obj.kind.startsWith('CiliumBGP') && !BGP_API_VERSIONS.includes(obj.apiVersion)) {
      r.problem(`${at} apiVersion`, `expected one of ${BGP_API_VERSIONS.join(', ')}, got "${obj.apiVersion}"`);
    }
    const spec = r.object(obj.spec, `${at} spec`) ?? {};
    switch (obj.kind) {
      case 'CiliumBGPClusterConfig':
        out.clusterConfigs.push(readClusterConfig(r, obj, spec, at));
        break;
      case 'CiliumBGPPeerConfig':
        out.peerConfigs.push(readPeerConfig(r, obj, spec, at));
        break;
      case 'CiliumBGPAdvertisement':
        out.advertisements.push(readAdvertisement(r, obj, spec, at));
        break;
      case 'CiliumLoadBalancerIPPool':
        out.pools.push(readPool(r, obj, spec, at));
        break;
      case 'Service':
        out.services.push(readService(r, obj, spec, at));
        break;
      case 'Deployment':
        out.deployments.push(readDeployment(r, obj, spec, at));
        break;
      case 'Secret':
        out.secrets.push({
          name: obj.metadata.name,
          namespace: obj.metadata.namespace ?? 'default',
          data: { ...decodeData(r, obj.data, `${at} data`), ...r.stringMap(obj.stringData, `${at} stringData`) },
        });
        break;
      case 'CiliumBGPPeeringPolicy':
        r.problem(`${at} kind`, 'CiliumBGPPeeringPolicy is the legacy BGP API (removed in Cilium 1.19); use CiliumBGPClusterConfig, CiliumBGPPeerConfig and CiliumBGPAdvertisement');
        break;
      default:
        break; // other objects are applied to kind as they are and do not affect BGP
    }
  }
  if (r.problems.length > 0) throw new ManifestError(r.problems);
  return out;
}

function decodeData(r: FieldReader, value: unknown, path: string): Record<string, string> {
  const encoded = r.stringMap(value, path);
  return Object.fromEntries(Object.entries(encoded).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

export function readSelector(r: FieldReader, value: unknown, path: string): LabelSelector | undefined {
  const obj = r.object(value, path);
  if (!obj) return undefined;
  const matchExpressions = r.array(obj['matchExpressions'], `${path}.matchExpressions`).map((e, i): LabelSelectorRequirement => {
    const p = `${path}.matchExpressions[${i}]`;
    const expr = r.object(e, p, true) ?? {};
    const values = r.array(expr['values'], `${p}.values`).map((v, j) => r.string(v, `${p}.values[${j}]`, ''));
    return {
      key: r.string(expr['key'], `${p}.key`, ''),
      operator: r.oneOf(expr['operator'], `${p}.operator`, ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const),
      values,
    };
  });
  return { matchLabels: r.stringMap(obj['matchLabels'], `${path}.matchLabels`), matchExpressions };
}

function readClusterConfig(r: FieldReader, obj: KubeObject, spec: Record<string, unknown>, at: string): BgpClusterConfig {
  const instances = r.array(spec['bgpInstances'], `${at} spec.bgpInstances`, true).map((raw, i): BgpInstance => {
    const p = `${at} spec.bgpInstances[${i}]`;
    const inst = r.object(raw, p, true) ?? {};
    const peers = r.array(inst['peers'], `${p}.peers`).map((rawPeer, j): BgpPeer => {
      const pp = `${p}.peers[${j}]`;
      const peer = r.object(rawPeer, pp, true) ?? {};
      const ref = r.object(peer['peerConfigRef'], `${pp}.peerConfigRef`);
      const peerConfigRef = ref ? r.string(ref['name'], `${pp}.peerConfigRef.name`, '') : undefined;
      return {
        name: r.string(peer['name'], `${pp}.name`, ''),
        peerASN: r.integer(peer['peerASN'], `${pp}.peerASN`, undefined, 1, 4294967294),
        peerAddress: r.string(peer['peerAddress'], `${pp}.peerAddress`, ''),
        ...(peerConfigRef ? { peerConfigRef } : {}),
      };
    });
    const localPort = inst['localPort'] === undefined ? undefined : r.integer(inst['localPort'], `${p}.localPort`, undefined, 1, 65535);
    return {
      name: r.string(inst['name'], `${p}.name`, ''),
      localASN: r.integer(inst['localASN'], `${p}.localASN`, undefined, 1, 4294967294),
      ...(localPort === undefined ? {} : { localPort }),
      peers,
    };
  });
  const nodeSelector = readSelector(r, spec['nodeSelector'], `${at} spec.nodeSelector`);
  return { name: obj.metadata.name, source: obj.source, instances, ...(nodeSelector ? { nodeSelector } : {}) };
}

function readPeerConfig(r: FieldReader, obj: KubeObject, spec: Record<string, unknown>, at: string): BgpPeerConfig {
  const d = CILIUM_PEER_DEFAULTS;
  const transport = r.object(spec['transport'], `${at} spec.transport`) ?? {};
  const timers = r.object(spec['timers'], `${at} spec.timers`) ?? {};
  const gr = r.object(spec['gracefulRestart'], `${at} spec.gracefulRestart`) ?? {};
  const families = r.array(spec['families'], `${at} spec.families`).map((raw, i): BgpFamily => {
    const p = `${at} spec.families[${i}]`;
    const fam = r.object(raw, p, true) ?? {};
    const advertisements = readSelector(r, fam['advertisements'], `${p}.advertisements`);
    return {
      afi: r.oneOf(fam['afi'], `${p}.afi`, ['ipv4', 'ipv6'] as const),
      safi: r.oneOf(fam['safi'], `${p}.safi`, ['unicast', 'multicast'] as const),
      ...(advertisements ? { advertisements } : {}),
    };
  });
  const hold = r.integer(timers['holdTimeSeconds'], `${at} spec.timers.holdTimeSeconds`, d.holdTimeSeconds, 3, 65535);
  const keepAlive = r.integer(timers['keepAliveTimeSeconds'], `${at} spec.timers.keepAliveTimeSeconds`, d.keepAliveTimeSeconds, 1, 65535);
  if (keepAlive > hold) r.problem(`${at} spec.timers.keepAliveTimeSeconds`, `${keepAlive} is greater than holdTimeSeconds ${hold}`);
  const authSecretRef = r.optionalString(spec['authSecretRef'], `${at} spec.authSecretRef`);
  return {
    name: obj.metadata.name,
    source: obj.source,
    peerPort: r.integer(transport['peerPort'], `${at} spec.transport.peerPort`, d.peerPort, 1, 65535),
    connectRetryTimeSeconds: r.integer(timers['connectRetryTimeSeconds'], `${at} spec.timers.connectRetryTimeSeconds`, d.connectRetryTimeSeconds, 1, 2147483647),
    holdTimeSeconds: hold,
    keepAliveTimeSeconds: keepAlive,
    ...(authSecretRef ? { authSecretRef } : {}),
    ebgpMultihop: r.integer(spec['ebgpMultihop'], `${at} spec.ebgpMultihop`, d.ebgpMultihop, 1, 255),
    gracefulRestart: {
      enabled: r.boolean(gr['enabled'], `${at} spec.gracefulRestart.enabled`, false),
      restartTimeSeconds: r.integer(gr['restartTimeSeconds'], `${at} spec.gracefulRestart.restartTimeSeconds`, d.gracefulRestartTimeSeconds, 1, 4095),
    },
    // Cilium's CRD default when no family is listed: IPv4 and IPv6 unicast, nothing advertised.
    families: families.length > 0 ? families : [{ afi: 'ipv4', safi: 'unicast' }, { afi: 'ipv6', safi: 'unicast' }],
  };
}

function readAdvertisement(r: FieldReader, obj: KubeObject, spec: Record<string, unknown>, at: string): BgpAdvertisement {
  const advertisements = r.array(spec['advertisements'], `${at} spec.advertisements`, true).map((raw, i): Advertisement => {
    const p = `${at} spec.advertisements[${i}]`;
    const adv = r.object(raw, p, true) ?? {};
    const type = r.oneOf(adv['advertisementType'], `${p}.advertisementType`, ADVERTISEMENT_TYPES);
    const service = r.object(adv['service'], `${p}.service`) ?? {};
    // Only a valid "Service" type needs addresses: a bad type is reported once, not followed by a spurious "required".
    const serviceAddresses = r.array(service['addresses'], `${p}.service.addresses`, adv['advertisementType'] === 'Service')
      .map((a, j) => r.oneOf(a, `${p}.service.addresses[${j}]`, SERVICE_ADDRESS_TYPES));
    const attributes = r.object(adv['attributes'], `${p}.attributes`) ?? {};
    const communities = r.object(attributes['communities'], `${p}.attributes.communities`) ?? {};
    const standard = r.array(communities['standard'], `${p}.attributes.communities.standard`).map((c, j) => {
      const text = r.string(c, `${p}.attributes.communities.standard[${j}]`, '');
      if (!/^\d{1,5}:\d{1,5}$/.test(text) && !['no-export', 'no-advertise', 'no-export-subconfed'].includes(text)) {
        r.problem(`${p}.attributes.communities.standard[${j}]`, `"${text}" is not a community like 65000:100 or no-export`);
      }
      return text;
    });
    const selector = readSelector(r, adv['selector'], `${p}.selector`);
    return { type, serviceAddresses, communities: standard, ...(selector ? { selector } : {}) };
  });
  return { name: obj.metadata.name, source: obj.source, labels: obj.metadata.labels ?? {}, advertisements };
}

function readPool(r: FieldReader, obj: KubeObject, spec: Record<string, unknown>, at: string): LoadBalancerPool {
  const blocks = r.array(spec['blocks'], `${at} spec.blocks`, true).map((raw, i) => {
    const p = `${at} spec.blocks[${i}]`;
    const block = r.object(raw, p, true) ?? {};
    if (block['cidr'] !== undefined) return { cidr: r.string(block['cidr'], `${p}.cidr`, '') };
    return { start: r.string(block['start'], `${p}.start`, ''), stop: r.string(block['stop'], `${p}.stop`, r.string(block['start'], `${p}.start`, '')) };
  });
  const serviceSelector = readSelector(r, spec['serviceSelector'], `${at} spec.serviceSelector`);
  const createdAt: unknown = (obj.metadata as { creationTimestamp?: unknown }).creationTimestamp;
  return {
    name: obj.metadata.name,
    source: obj.source,
    blocks,
    disabled: r.boolean(spec['disabled'], `${at} spec.disabled`, false),
    ...(serviceSelector ? { serviceSelector } : {}),
    ...(spec['allowFirstLastIPs'] === undefined ? {} : { allowFirstLastIPs: r.oneOf(spec['allowFirstLastIPs'], `${at} spec.allowFirstLastIPs`, ['Yes', 'No'] as const) }),
    ...(typeof createdAt === 'string' ? { createdAt } : {}),
  };
}

const LB_IPS_ANNOTATIONS = ['lbipam.cilium.io/ips', 'io.cilium/lb-ipam-ips'];

function readService(r: FieldReader, obj: KubeObject, spec: Record<string, unknown>, at: string): ServiceObject {
  const annotations = (obj.metadata as { annotations?: Record<string, string> }).annotations ?? {};
  // spec.loadBalancerIP and the annotations together (operator/pkg/lbipam/lbipam.go, getSVCRequestedIPs; corpus lb-ipam/requested-ip.yaml).
  const loadBalancerIP = r.optionalString(spec['loadBalancerIP'], `${at} spec.loadBalancerIP`);
  const requested = [...new Set([...(loadBalancerIP ? [loadBalancerIP] : []), ...LB_IPS_ANNOTATIONS.flatMap((a) => (annotations[a] ?? '').split(',').map((s) => s.trim()).filter(Boolean))])];
  const loadBalancerClass = r.optionalString(spec['loadBalancerClass'], `${at} spec.loadBalancerClass`);
  const servicePorts = r.array(spec['ports'], `${at} spec.ports`).map((p, i) => {
    const port = r.object(p, `${at} spec.ports[${i}]`, true);
    return { port: r.integer(port?.['port'], `${at} spec.ports[${i}].port`, undefined, 1, 65535), protocol: r.oneOf(port?.['protocol'], `${at} spec.ports[${i}].protocol`, ['TCP', 'UDP', 'SCTP'] as const, 'TCP') };
  });
  const sharing = sharingOf(annotations);
  const clusterIP = r.optionalString(spec['clusterIP'], `${at} spec.clusterIP`);
  return {
    name: obj.metadata.name,
    namespace: obj.metadata.namespace ?? 'default',
    source: obj.source,
    labels: obj.metadata.labels ?? {},
    type: r.oneOf(spec['type'], `${at} spec.type`, ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const, 'ClusterIP'),
    externalTrafficPolicy: r.oneOf(spec['externalTrafficPolicy'], `${at} spec.externalTrafficPolicy`, ['Cluster', 'Local'] as const, 'Cluster'),
    internalTrafficPolicy: r.oneOf(spec['internalTrafficPolicy'], `${at} spec.internalTrafficPolicy`, ['Cluster', 'Local'] as const, 'Cluster'),
    selector: r.stringMap(spec['selector'], `${at} spec.selector`),
    servicePorts,
    externalIPs: r.array(spec['externalIPs'], `${at} spec.externalIPs`).map((ip, i) => r.string(ip, `${at} spec.externalIPs[${i}]`, '')),
    requestedIPs: requested,
    ...(loadBalancerClass ? { loadBalancerClass } : {}),
    ...(sharing ? { sharing } : {}),
    headless: clusterIP === 'None',
    ...(clusterIP && clusterIP !== 'None' ? { clusterIP } : {}),
  };
}

function readDeployment(r: FieldReader, obj: KubeObject, spec: Record<string, unknown>, at: string): DeploymentObject {
  const template = r.object(spec['template'], `${at} spec.template`, true) ?? {};
  const meta = r.object(template['metadata'], `${at} spec.template.metadata`) ?? {};
  return {
    name: obj.metadata.name,
    namespace: obj.metadata.namespace ?? 'default',
    source: obj.source,
    replicas: r.integer(spec['replicas'], `${at} spec.replicas`, 1, 0, 1000),
    podLabels: r.stringMap(meta['labels'], `${at} spec.template.metadata.labels`),
  };
}
