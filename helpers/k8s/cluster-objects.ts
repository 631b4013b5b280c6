// A real cluster's objects as Cilium's BGP control plane sees them: nodes
// (labels, address, pod CIDR), Services with the addresses they really got,
// and where each Service has ready endpoints (EndpointSlices). Read once,
// mapped to the same types the emulation predicts from, so the prediction for
// real clusters runs on real objects.
import { CoreV1Api, DiscoveryV1Api, type KubeConfig, type V1EndpointSlice, type V1Node, type V1Service } from '@kubernetes/client-node';
import type { ClusterNode } from '../cilium/advertisements.ts';
import type { ServiceAddresses } from '../cilium/lb-ipam.ts';
import type { ServiceObject } from '../cilium/resources.ts';
import { describeApiError } from './api-error.ts';

export interface ClusterObjects {
  readonly nodes: readonly ClusterNode[];
  readonly services: readonly ServiceAddresses[];
  /** Nodes with a ready endpoint, per Service ("namespace/name"). */
  readonly endpoints: ReadonlyMap<string, ReadonlySet<string>>;
}

export function nodeFromApi(node: V1Node): ClusterNode {
  const address = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
  return { name: node.metadata?.name ?? '?', address, labels: { ...node.metadata?.labels }, ...(node.spec?.podCIDR ? { podCidr: node.spec.podCIDR } : {}) };
}

export function serviceFromApi(s: V1Service): ServiceAddresses {
  const spec = s.spec ?? {};
  const headless = spec.clusterIP === 'None' || spec.type === 'ExternalName';
  const service: ServiceObject = {
    name: s.metadata?.name ?? '?',
    namespace: s.metadata?.namespace ?? 'default',
    source: 'the cluster API',
    labels: { ...s.metadata?.labels },
    type: (spec.type ?? 'ClusterIP') as ServiceObject['type'],
    externalTrafficPolicy: spec.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
    internalTrafficPolicy: spec.internalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
    selector: { ...spec.selector },
    servicePorts: (spec.ports ?? []).map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP' })),
    ...(spec.clusterIP && !headless ? { clusterIP: spec.clusterIP } : {}),
    headless,
    externalIPs: spec.externalIPs ?? [],
    requestedIPs: [],
    ...(spec.loadBalancerClass ? { loadBalancerClass: spec.loadBalancerClass } : {}),
  };
  const loadBalancerIPs = (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter((ip): ip is string => typeof ip === 'string');
  return { service, ...(service.clusterIP ? { clusterIP: service.clusterIP } : {}), loadBalancerIPs };
}

/** The nodes of each Service's ready endpoints (an endpoint without conditions counts as ready, as the API says). */
export function endpointNodes(slices: readonly V1EndpointSlice[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const slice of slices) {
    const service = slice.metadata?.labels?.['kubernetes.io/service-name'];
    if (!service) continue;
    const key = `${slice.metadata?.namespace ?? 'default'}/${service}`;
    const nodes = out.get(key) ?? new Set<string>();
    for (const e of slice.endpoints ?? []) if (e.nodeName && e.conditions?.ready !== false) nodes.add(e.nodeName);
    out.set(key, nodes);
  }
  return out;
}

export async function readClusterObjects(kc: KubeConfig): Promise<ClusterObjects> {
  const core = kc.makeApiClient(CoreV1Api);
  const discovery = kc.makeApiClient(DiscoveryV1Api);
  try {
    const [nodes, services, slices] = await Promise.all([core.listNode(), core.listServiceForAllNamespaces(), discovery.listEndpointSliceForAllNamespaces()]);
    return { nodes: nodes.items.map(nodeFromApi), services: services.items.map(serviceFromApi), endpoints: endpointNodes(slices.items) };
  } catch (error) {
    throw new Error(`reading nodes, Services and EndpointSlices: ${describeApiError(error)}`, { cause: error });
  }
}
