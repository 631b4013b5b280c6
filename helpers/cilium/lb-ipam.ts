// What Kubernetes and Cilium's LB-IPAM would give each Service: a ClusterIP from
// the service CIDR and LoadBalancer IPs from the first matching pool. Pure, so
// the emulated cluster assigns addresses the way a real one would.
import { BGP_LB_CLASS, type CiliumBgpResources, type LoadBalancerPool, type ServiceObject } from './resources.ts';
import { selectorMatches } from './selector.ts';
import { whyNotShared } from './lb-sharing.ts';
import { formatAddress, isAddress, lastAddress, parseAddress, parseCidr } from '../net/ipv4.ts';

export interface ServiceAddresses {
  readonly service: ServiceObject;
  /** Undefined for headless and ExternalName Services, which have none. */
  readonly clusterIP?: string;
  readonly loadBalancerIPs: readonly string[];
  /** Why no LoadBalancer IP was given, as `kubectl describe` would hint. */
  readonly pending?: string;
}

/**
 * The labels Cilium matches a Service against (LB-IPAM serviceSelector, BGP
 * advertisement selector): the Service's own labels plus the implicit
 * io.kubernetes.service.name and io.kubernetes.service.namespace.
 */
export function serviceSelectorLabels(service: ServiceObject): Record<string, string> {
  return { ...service.labels, 'io.kubernetes.service.name': service.name, 'io.kubernetes.service.namespace': service.namespace };
}

function* poolAddresses(pool: LoadBalancerPool): Generator<string> {
  for (const block of pool.blocks) {
    let first: number | undefined;
    let last: number | undefined;
    if ('cidr' in block) {
      const cidr = parseCidr(block.cidr);
      if (!cidr) continue; // IPv6 blocks and malformed ones give no IPv4 address
      first = cidr.network;
      last = lastAddress(cidr);
      // Since Cilium 1.16 a cidr block gives out its first and last address unless allowFirstLastIPs is
      // "No", which keeps them back in blocks of four addresses and more (operator/pkg/lbipam/lbipam.go;
      // corpus lb-ipam/first-last.yaml, from TestAllowFirstLastIPs).
      if (pool.allowFirstLastIPs === 'No' && cidr.prefixLength <= 30) { first += 1; last -= 1; }
    } else {
      first = parseAddress(block.start);
      last = parseAddress(block.stop);
    }
    if (first === undefined || last === undefined) continue;
    for (let a = first; a <= last; a++) yield formatAddress(a);
  }
}

/** A block's IPv4 addresses as a range (IPv6 and malformed blocks give none). */
function blockRange(block: LoadBalancerPool['blocks'][number]): [number, number] | undefined {
  if ('cidr' in block) {
    const cidr = parseCidr(block.cidr);
    return cidr ? [cidr.network, lastAddress(cidr)] : undefined;
  }
  const [first, last] = [parseAddress(block.start), parseAddress(block.stop)];
  return first !== undefined && last !== undefined ? [first, last] : undefined;
}

const overlap = (a: [number, number], b: [number, number]) => a[0] <= b[1] && b[0] <= a[1];

/**
 * The pools Cilium marks conflicting, and why: two of a pool's own blocks overlap, or one of its
 * blocks overlaps a block of an older pool that does not conflict (creation time, then the order the
 * objects are written in). A conflicting pool gives nothing, from any of its blocks
 * (operator/pkg/lbipam/lbipam.go, markPoolConflicting; corpus lb-ipam/conflict.yaml, from
 * TestPoolInternalConflict and TestConflictResolution).
 */
export function conflictingPools(pools: readonly LoadBalancerPool[]): Map<string, string> {
  const out = new Map<string, string>();
  const older: LoadBalancerPool[] = [];
  const byAge = pools.map((p, i) => ({ p, i })).sort((a, b) => (a.p.createdAt ?? '').localeCompare(b.p.createdAt ?? '') || a.i - b.i).map(({ p }) => p);
  for (const pool of byAge) {
    const ranges = pool.blocks.map(blockRange).filter((r): r is [number, number] => r !== undefined);
    const inner = ranges.some((a, i) => ranges.some((b, j) => j > i && overlap(a, b)));
    const other = older.find((o) => o.blocks.map(blockRange).some((b) => b !== undefined && ranges.some((a) => overlap(a, b))));
    if (inner) out.set(pool.name, 'two of its own blocks overlap');
    else if (other) out.set(pool.name, `its blocks overlap those of the older pool ${other.name}`);
    else older.push(pool);
  }
  return out;
}

/** Whether the pool would give `ip` (its blocks, with the first and last address rule). */
function poolHas(pool: LoadBalancerPool, ip: string): boolean {
  const address = parseAddress(ip);
  if (address === undefined) return false;
  return pool.blocks.some((block) => {
    if ('cidr' in block) {
      const cidr = parseCidr(block.cidr);
      if (!cidr) return false;
      const reserved = pool.allowFirstLastIPs === 'No' && cidr.prefixLength <= 30;
      return address >= cidr.network + (reserved ? 1 : 0) && address <= lastAddress(cidr) - (reserved ? 1 : 0);
    }
    const [first, last] = [parseAddress(block.start), parseAddress(block.stop)];
    return first !== undefined && last !== undefined && address >= first && address <= last;
  });
}

/**
 * A stable pseudo-random ClusterIP per cluster and service (FNV-1a of
 * cluster/namespace/name): like real clusters, two clusters give the same
 * Service different ClusterIPs.
 */
function clusterIpFor(service: ServiceObject, serviceSubnet: string, cluster: string): string {
  const cidr = parseCidr(serviceSubnet);
  if (!cidr) throw new Error(`serviceSubnet "${serviceSubnet}" is not a CIDR`);
  let hash = 0x811c9dc5;
  for (const ch of `${cluster}/${service.namespace}/${service.name}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const size = lastAddress(cidr) - cidr.network + 1;
  const reserved = 16; // .1 is the kubernetes Service, .10 kube-dns
  return formatAddress(cidr.network + reserved + (hash % Math.max(1, size - reserved - 1)));
}

/**
 * The load-balancer classes Cilium's LB-IPAM serves with the BGP control plane and L2 announcements
 * on, as the lab's Cilium runs (helm values bgpControlPlane and l2announcements): a Service without a
 * class is served too, LB-IPAM being the default, and one of any other class is left to its
 * controller (operator/pkg/lbipam/cell.go and lbipam.go; corpus lb-ipam/lb-class.yaml, from
 * TestNonMatchingLBClass and TestRequiredLBClass).
 */
export const LB_IPAM_CLASSES: readonly string[] = [BGP_LB_CLASS, 'io.cilium/l2-announcer'];

export function assignServiceAddresses(resources: CiliumBgpResources, serviceSubnet: string, cluster: string): ServiceAddresses[] {
  // Who holds each address given so far, in the order given: Services with compatible sharing keys hold one together.
  const holders = new Map<string, ServiceObject[]>();
  const take = (ip: string, service: ServiceObject) => holders.set(ip, [...(holders.get(ip) ?? []), service]);
  const whyNotJoined = (ip: string, service: ServiceObject): string | undefined => {
    for (const holder of holders.get(ip) ?? []) {
      const why = whyNotShared(service, holder);
      if (why) return `${holder.namespace}/${holder.name} holds it (${why})`;
    }
    return undefined;
  };
  const allPools = [...resources.pools].sort((a, b) => a.name.localeCompare(b.name));
  const conflicts = conflictingPools(resources.pools);
  const pools = allPools.filter((p) => !p.disabled && !conflicts.has(p.name));
  const services = [...resources.services].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  return services.map((service): ServiceAddresses => {
    const clusterIP = service.headless || service.type === 'ExternalName' ? undefined : (service.clusterIP ?? clusterIpFor(service, serviceSubnet, cluster));
    if (service.type !== 'LoadBalancer') return { service, clusterIP, loadBalancerIPs: [] };
    const cls = service.loadBalancerClass;
    if (cls !== undefined && !LB_IPAM_CLASSES.includes(cls)) {
      return { service, clusterIP, loadBalancerIPs: [], pending: `spec.loadBalancerClass "${cls}" is another controller's: Cilium's LB-IPAM serves Services without a class and of ${LB_IPAM_CLASSES.join(', ')}` };
    }
    const selects = (p: LoadBalancerPool) => selectorMatches(p.serviceSelector, serviceSelectorLabels(service));
    const matching = pools.filter(selects);
    if (matching.length === 0) {
      const disabled = allPools.filter((p) => p.disabled && selects(p)).map((p) => p.name);
      const conflicting = allPools.filter((p) => !p.disabled && conflicts.has(p.name) && selects(p)).map((p) => `${p.name} (${conflicts.get(p.name)})`);
      const pending = disabled.length > 0 ? `the CiliumLoadBalancerIPPool selecting this Service is disabled (spec.disabled: true): ${disabled.join(', ')}`
        : conflicting.length > 0 ? `the CiliumLoadBalancerIPPool selecting this Service conflicts, and Cilium gives nothing from it: ${conflicting.join('; ')}`
          : 'no CiliumLoadBalancerIPPool selects this Service';
      return { service, clusterIP, loadBalancerIPs: [], pending };
    }
    const inMatchingPool = (ip: string) => matching.some((p) => poolHas(p, ip));
    if (service.requestedIPs.length > 0) {
      const ips = service.requestedIPs.filter((ip) => isAddress(ip));
      // The model allocates IPv4 only (fixtures/cilium-conformance/deviations.yaml: IPv6): a request with
      // no IPv4 address in it is named, not silently left without one.
      if (ips.length === 0) return { service, clusterIP, loadBalancerIPs: [], pending: `requested addresses the model cannot give (it allocates IPv4 only): ${service.requestedIPs.join(', ')}` };
      const unavailable = ips.filter((ip) => !inMatchingPool(ip));
      if (unavailable.length > 0) return { service, clusterIP, loadBalancerIPs: [], pending: `requested IPs not available in a matching pool: ${unavailable.join(', ')}` };
      const refused = ips.map((ip) => [ip, whyNotJoined(ip, service)] as const).filter(([, why]) => why !== undefined);
      if (refused.length > 0) return { service, clusterIP, loadBalancerIPs: [], pending: refused.map(([ip, why]) => `requested IP ${ip} is already allocated: ${why}`).join('; ') };
      ips.forEach((ip) => take(ip, service));
      return { service, clusterIP, loadBalancerIPs: ips };
    }
    // A Service with a sharing key joins the first address whose holders it may share with (lb-sharing.ts).
    const shared = service.sharing ? [...holders.keys()].find((ip) => inMatchingPool(ip) && whyNotJoined(ip, service) === undefined) : undefined;
    if (shared) {
      take(shared, service);
      return { service, clusterIP, loadBalancerIPs: [shared] };
    }
    for (const pool of matching) {
      for (const ip of poolAddresses(pool)) {
        if (!holders.has(ip)) {
          take(ip, service);
          return { service, clusterIP, loadBalancerIPs: [ip] };
        }
      }
    }
    return { service, clusterIP, loadBalancerIPs: [], pending: 'every matching pool is exhausted' };
  });
}
