// Addresses derived from a spec, in one place so the router config, the
// providers and the scenarios agree on them.
import type { ClusterSpec, LabSpec, NetworkSpec } from './spec.ts';
import { nthAddress, parseCidr } from '../net/ipv4.ts';

export function networkOf(spec: LabSpec, name: string): NetworkSpec {
  const net = spec.networks.find((n) => n.name === name);
  if (!net) throw new Error(`lab spec "${spec.name}" has no network "${name}"`);
  return net;
}

export function gatewayOf(net: NetworkSpec): string {
  if (net.gateway) return net.gateway;
  const cidr = parseCidr(net.subnet);
  if (!cidr) throw new Error(`network "${net.name}": subnet "${net.subnet}" is not a CIDR`);
  return nthAddress(cidr, 1);
}

/**
 * Node addresses of a cluster, in node order (control plane first). Docker's
 * IPAM gives kind's nodes the subnet's hosts after the gateway, so that is the
 * default; the order between nodes is not fixed on kind, only the set is.
 */
export function clusterNodeAddresses(cluster: ClusterSpec, spec: LabSpec): string[] {
  if (cluster.nodeAddresses) return [...cluster.nodeAddresses];
  const net = spec.networks.find((n) => n.name === cluster.network);
  const cidr = net && parseCidr(net.subnet);
  if (!cidr) return [];
  return Array.from({ length: Math.max(0, cluster.nodes) }, (_, i) => nthAddress(cidr, i + 2));
}

/** kind's node names: <cluster>-control-plane, <cluster>-worker, <cluster>-worker2, ... */
export function clusterNodeNames(cluster: ClusterSpec): string[] {
  return Array.from({ length: cluster.nodes }, (_, i) =>
    i === 0 ? `${cluster.name}-control-plane` : i === 1 ? `${cluster.name}-worker` : `${cluster.name}-worker${i}`,
  );
}

export function routerAddressOn(spec: LabSpec, network: string): string {
  const itf = spec.router.interfaces.find((i) => i.network === network);
  if (!itf) throw new Error(`router "${spec.router.name}" has no interface on network "${network}"`);
  return itf.address;
}
