// Why a cluster's nodes announce no route for a Service's address, in Cilium's
// terms, naming the object, its file and the field to change: the chain a
// Service route needs is CiliumBGPClusterConfig (selects the node) -> peer ->
// CiliumBGPPeerConfig family (selects advertisements by label) ->
// CiliumBGPAdvertisement (type Service, selects the Service, lists the address
// type) -> the Service (has that address; with externalTrafficPolicy Local, a
// ready endpoint on the node). The first broken link is the cause. Pure.
import type { CiliumBgpResources, ServiceAddressType } from './resources.ts';
import { selectorMatches, type LabelSelector } from './selector.ts';
import { serviceSelectorLabels, type ServiceAddresses } from './lb-ipam.ts';
import type { NodeBgp } from './advertisements.ts';

const labels = (l: Readonly<Record<string, string>>) => JSON.stringify(l);
/** A selector as written in a manifest: its non-empty parts only. */
function selector(s: LabelSelector | undefined): string {
  if (!s) return '(none)';
  const labelsPart = s.matchLabels && Object.keys(s.matchLabels).length > 0 ? { matchLabels: s.matchLabels } : {};
  const expressions = s.matchExpressions && s.matchExpressions.length > 0 ? { matchExpressions: s.matchExpressions } : {};
  return JSON.stringify({ ...labelsPart, ...expressions });
}

/**
 * The causes, most likely first, that no node of a cluster announces `address` of `service`
 * (`addressType` says which kind of address it is). Empty when nothing in the chain is broken.
 */
export function whyNotAnnounced(
  resources: CiliumBgpResources, nodes: readonly NodeBgp[], service: ServiceAddresses, address: string, addressType: ServiceAddressType,
): string[] {
  const name = `${service.service.namespace}/${service.service.name}`;
  const speaking = nodes.filter((n) => n.instance);
  if (resources.clusterConfigs.length === 0) return ['no CiliumBGPClusterConfig in the manifests: the nodes do not speak BGP'];
  if (speaking.length === 0) {
    return resources.clusterConfigs.map((c) => `${c.source}: spec.nodeSelector ${selector(c.nodeSelector)} selects none of the nodes (${nodes.map((n) => `${n.node.name} ${labels(n.node.labels)}`).join('; ')})`);
  }
  const causes: string[] = [];
  const peerConfigs = [...new Map(speaking.flatMap((n) => n.peers.map((p) => [p.peerConfig.name, p.peerConfig] as const))).values()];
  for (const pc of peerConfigs) {
    const family = pc.families.find((f) => f.afi === 'ipv4' && f.safi === 'unicast');
    if (!family) {
      causes.push(`${pc.source}: CiliumBGPPeerConfig ${pc.name} has no ipv4/unicast family in spec.families`);
      continue;
    }
    if (!family.advertisements) {
      causes.push(`${pc.source}: CiliumBGPPeerConfig ${pc.name} spec.families[ipv4/unicast].advertisements is not set: it advertises nothing`);
      continue;
    }
    const selected = resources.advertisements.filter((a) => selectorMatches(family.advertisements, a.labels));
    if (selected.length === 0) {
      const known = resources.advertisements.map((a) => `${a.name} ${labels(a.labels)}`).join('; ') || 'none';
      causes.push(`${pc.source}: CiliumBGPPeerConfig ${pc.name} selects advertisements labelled ${selector(family.advertisements)}; no CiliumBGPAdvertisement has those labels (known: ${known})`);
      continue;
    }
    const serviceAds = selected.flatMap((a) => a.advertisements.map((ad, i) => ({ a, ad, i }))).filter(({ ad }) => ad.type === 'Service');
    if (serviceAds.length === 0) {
      causes.push(`${selected.map((a) => a.source).join(', ')}: the advertisements ${pc.name} selects have no advertisementType Service`);
      continue;
    }
    const matching = serviceAds.filter(({ ad }) => ad.selector && selectorMatches(ad.selector, serviceSelectorLabels(service.service)));
    if (matching.length === 0) {
      for (const { a, ad, i } of serviceAds) {
        causes.push(`${a.source}: CiliumBGPAdvertisement ${a.name} spec.advertisements[${i}].selector ${selector(ad.selector)} does not select Service ${name} (labels ${labels(service.service.labels)})`);
      }
      continue;
    }
    const listing = matching.filter(({ ad }) => ad.serviceAddresses.includes(addressType));
    if (listing.length === 0) {
      for (const { a, i } of matching) causes.push(`${a.source}: CiliumBGPAdvertisement ${a.name} spec.advertisements[${i}].service.addresses lacks ${addressType}`);
    }
  }
  if (causes.length > 0) return causes;
  const has = addressType === 'LoadBalancerIP' ? service.loadBalancerIPs.includes(address) : addressType === 'ExternalIP' ? service.service.externalIPs.includes(address) : service.clusterIP === address;
  if (!has) return [`Service ${name} (${service.service.source}) does not have ${address} as its ${addressType}${service.pending ? ` (${service.pending})` : ''}`];
  if (addressType !== 'ClusterIP' && service.service.externalTrafficPolicy === 'Local') {
    return [`Service ${name} (${service.service.source}) has externalTrafficPolicy: Local and no node that speaks BGP has a ready endpoint of it`];
  }
  return [];
}
