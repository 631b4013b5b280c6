// Where a copy of a lab lives on a docker host. Several labs of one spec run
// side by side (the suite gives each destructive scenario a lab of its own,
// and two suite runs may share a host), but docker refuses two bridges with
// overlapping subnets and two containers with one name. Copy 0 is the spec as
// written; copy n > 0 has the name "<spec>-<n>" and each lab network moved to
// a /16 block of its own in PLACEMENT_RANGE, every address on it keeping its
// host part (10.20.0.101 -> 10.129.0.101). Addresses that never sit on a
// docker bridge (pool, VIP, service and pod CIDRs, router id) stay as written:
// they live inside the lab's own containers, where copies cannot meet.
import type { LabSpec } from './spec.ts';
import type { KubeObject } from '../cilium/manifests.ts';
import { cidrContains, cidrsOverlap, formatAddress, parseAddress, parseCidr, type Cidr } from '../net/ipv4.ts';

/** The blocks copies n > 0 are placed in; docker's own default pools are 172.17-31 and 192.168. */
export const PLACEMENT_RANGE = '10.128.0.0/9';
const BLOCK_PREFIX = 16;

export interface Placement {
  /** 0: the spec's own names and addresses; n > 0: the n-th copy beside it. */
  readonly index: number;
  /** The spec's own name (baselines and results are the spec's, whichever copy ran). */
  readonly specName: string;
  /** Prefix of every docker resource of this copy: the spec's name, or "<name>-<index>". */
  readonly name: string;
  /** The spec's subnet of each lab network -> the subnet this copy uses. */
  readonly subnets: Readonly<Record<string, string>>;
}

/** Copy `index` of the spec: its name and the block each network moves to. Pure. */
export function placementOf(spec: LabSpec, index: number): Placement {
  if (!Number.isInteger(index) || index < 0) throw new Error(`lab placement: index ${index} is not a whole number >= 0`);
  if (index === 0) return { index, specName: spec.name, name: spec.name, subnets: Object.fromEntries(spec.networks.map((n) => [n.subnet, n.subnet])) };
  const blocks = freeBlocks(spec);
  const perCopy = spec.networks.length;
  const subnets: Record<string, string> = {};
  spec.networks.forEach((net, i) => {
    const cidr = parseCidr(net.subnet);
    if (!cidr) throw new Error(`lab placement: networks[${i}].subnet "${net.subnet}" is not a CIDR`);
    if (cidr.prefixLength < BLOCK_PREFIX) throw new Error(`lab placement: networks[${i}].subnet ${net.subnet} is larger than a /${BLOCK_PREFIX}, so no copy of lab "${spec.name}" can run beside it; use a /${BLOCK_PREFIX} or smaller`);
    const block = blocks[(index - 1) * perCopy + i];
    if (block === undefined) throw new Error(`lab placement: ${PLACEMENT_RANGE} has room for ${Math.floor(blocks.length / perCopy)} copies of lab "${spec.name}", not ${index}`);
    subnets[net.subnet] = `${formatAddress(block)}/${cidr.prefixLength}`;
  });
  return { index, specName: spec.name, name: `${spec.name}-${index}`, subnets };
}

/** The /16 blocks of PLACEMENT_RANGE that overlap none of the spec's own prefixes, in order. */
function freeBlocks(spec: LabSpec): number[] {
  const range = parseCidr(PLACEMENT_RANGE)!;
  const own = ownPrefixes(spec);
  const out: number[] = [];
  for (let at = range.network; cidrContains(range, at); at += 2 ** (32 - BLOCK_PREFIX)) {
    const block: Cidr = { text: '', network: at, prefixLength: BLOCK_PREFIX };
    if (!own.some((p) => cidrsOverlap(block, p))) out.push(at);
  }
  return out;
}

/** Every prefix and address the spec names, so a moved network never lands on one of them. */
function ownPrefixes(spec: LabSpec): Cidr[] {
  const texts = [
    ...spec.networks.map((n) => n.subnet),
    ...spec.client.routes,
    ...spec.clusters.flatMap((c) => [c.serviceSubnet, c.podSubnet]),
    spec.router.routerId, spec.loadBalancer.poolStart, spec.loadBalancer.poolStop, spec.loadBalancer.vip,
    ...(spec.router.policy?.allow ?? []).map((entry) => entry.split(/\s+/)[0]!),
  ];
  return texts.flatMap((t) => {
    const cidr = parseCidr(t) ?? (parseAddress(t) !== undefined ? parseCidr(`${t}/32`) : undefined);
    return cidr ? [cidr] : [];
  });
}

/** An address or CIDR on one of the spec's networks, as the copy has it; anything else unchanged. */
export function placeAddress(text: string, placement: Placement): string {
  if (placement.index === 0) return text;
  const [address, length, extra] = text.split('/');
  const value = parseAddress(address ?? '');
  if (value === undefined || extra !== undefined || (length !== undefined && !(/^\d{1,2}$/.test(length) && Number(length) <= 32))) return text;
  for (const [from, to] of Object.entries(placement.subnets)) {
    const source = parseCidr(from)!;
    if (!cidrContains(source, value) || (length !== undefined && Number(length) < source.prefixLength)) continue;
    const moved = formatAddress(parseCidr(to)!.network + (value - source.network));
    return length === undefined ? moved : `${moved}/${length}`;
  }
  return text;
}

/** The spec as the copy runs it: its name and every address on a lab network moved. */
export function placeSpec(spec: LabSpec, placement: Placement): LabSpec {
  if (placement.index === 0) return spec;
  const at = (text: string) => placeAddress(text, placement);
  return {
    ...spec,
    name: placement.name,
    networks: spec.networks.map((n) => ({ ...n, subnet: at(n.subnet), ...(n.gateway ? { gateway: at(n.gateway) } : {}) })),
    router: { ...spec.router, interfaces: spec.router.interfaces.map((i) => ({ ...i, address: at(i.address) })) },
    client: { ...spec.client, address: at(spec.client.address), routes: spec.client.routes.map(at) },
    clusters: spec.clusters.map((c) => ({ ...c, peerAddress: at(c.peerAddress), ...(c.nodeAddresses ? { nodeAddresses: c.nodeAddresses.map(at) } : {}) })),
  };
}

/** The manifests as the copy applies them: every string that is an address or CIDR on a lab network moved (a peer's peerAddress). */
export function placeObjects(objects: readonly KubeObject[], placement: Placement): KubeObject[] {
  if (placement.index === 0) return [...objects];
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return placeAddress(value, placement);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return objects.map((o) => walk(o) as KubeObject);
}
