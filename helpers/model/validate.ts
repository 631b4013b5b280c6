// Checks a lab spec before anything is created. Every problem is collected (not
// just the first) and each one names the field and the offending value.
import { DEFAULT_FORWARDING, type LabSpec } from './spec.ts';
import { cidrContains, cidrsOverlap, isHostAddress, parseAddress, parseCidr, type Cidr } from '../net/ipv4.ts';
import { clusterNodeAddresses, gatewayOf } from './addresses.ts';
import { checkObjectives } from './objectives.ts';
import { checkRegressionSettings } from './regression-settings.ts';
import { checkRouterPolicy } from './router-policy.ts';
import type { SpecIssue } from './spec-issue.ts';

export type { SpecIssue } from './spec-issue.ts';

const NAME = /^[a-z][a-z0-9-]{0,30}$/;
const MIN_ASN = 1;
const MAX_ASN = 4294967294; // 4-byte ASNs; 0 and 4294967295 are reserved (RFC 7607, RFC 7300)

export function validateLab(spec: LabSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const report = (field: string, message: string) => issues.push({ field, message });
  const subnets = new Map<string, Cidr>();

  // Every address handed to a container, to catch duplicates across the lab.
  const taken = new Map<string, string>();
  const claim = (field: string, address: string) => {
    const previous = taken.get(address);
    if (previous !== undefined) report(field, `address ${address} is already used by ${previous}`);
    else taken.set(address, field);
  };
  checkName(report, 'name', spec.name);
  const networkNames = new Set<string>();
  spec.networks.forEach((net, i) => {
    const field = `networks[${i}]`;
    checkName(report, `${field}.name`, net.name);
    const duplicate = networkNames.has(net.name);
    if (duplicate) report(`${field}.name`, `network name "${net.name}" is used twice`);
    networkNames.add(net.name);
    const cidr = parseCidr(net.subnet);
    if (!cidr) {
      report(`${field}.subnet`, `"${net.subnet}" is not an IPv4 CIDR with a clean network address (like 10.20.0.0/16)`);
      return;
    }
    for (const [other, otherCidr] of subnets) {
      if (cidrsOverlap(cidr, otherCidr)) report(`${field}.subnet`, `${net.subnet} overlaps network "${other}" (${otherCidr.text})`);
    }
    // Addresses are checked against the first network of a name, as networkOf() resolves it.
    if (!duplicate) subnets.set(net.name, cidr);
    if (net.gateway !== undefined) checkHost(report, `${field}.gateway`, net.gateway, net.name, cidr);
  });
  // The docker bridge holds each network's gateway address.
  spec.networks.forEach((net, i) => {
    if (parseCidr(net.subnet)) claim(`networks[${i}].gateway`, gatewayOf(net));
  });

  const checkOnNetwork = (field: string, network: string, address: string): boolean => {
    const cidr = subnets.get(network);
    if (!spec.networks.some((n) => n.name === network)) {
      report(field.replace(/address$/, 'network'), `unknown network "${network}" (known: ${knownNetworks(spec)})`);
      return false;
    }
    if (!cidr) return false; // the subnet itself was already reported
    if (!checkHost(report, field, address, network, cidr)) return false;
    claim(field, address);
    return true;
  };

  // Router
  checkName(report, 'router.name', spec.router.name);
  checkAsn(report, 'router.asn', spec.router.asn);
  if (!parseAddress(spec.router.routerId)) report('router.routerId', `"${spec.router.routerId}" is not an IPv4 address`);
  if (!Number.isInteger(spec.router.maximumPaths) || spec.router.maximumPaths < 1 || spec.router.maximumPaths > 64) {
    report('router.maximumPaths', `${spec.router.maximumPaths} is not a whole number from 1 to 64`);
  }
  const { keepaliveSeconds, holdSeconds } = spec.router.timers;
  if (!(holdSeconds === 0 || (holdSeconds >= 3 && holdSeconds <= 65535 && Number.isInteger(holdSeconds)))) {
    report('router.timers.holdSeconds', `${holdSeconds} must be 0 or a whole number from 3 to 65535`);
  }
  if (!Number.isInteger(keepaliveSeconds) || keepaliveSeconds < 0 || (holdSeconds > 0 && keepaliveSeconds >= holdSeconds)) {
    report('router.timers.keepaliveSeconds', `${keepaliveSeconds} must be a whole number below the hold time (${holdSeconds})`);
  }
  for (const [key, value] of Object.entries(spec.router.forwarding ?? {})) {
    if (!(key in DEFAULT_FORWARDING)) report(`router.forwarding.${key}`, `is not a setting (settings: ${Object.keys(DEFAULT_FORWARDING).join(', ')})`);
    else if (typeof value !== 'boolean') report(`router.forwarding.${key}`, `${JSON.stringify(value)} is not true or false`);
  }
  const routerNetworks = new Set<string>();
  spec.router.interfaces.forEach((itf, i) => {
    const field = `router.interfaces[${i}]`;
    if (routerNetworks.has(itf.network)) report(`${field}.network`, `the router has two interfaces on network "${itf.network}"`);
    routerNetworks.add(itf.network);
    checkOnNetwork(`${field}.address`, itf.network, itf.address);
  });
  const routerAddressOn = (network: string) => spec.router.interfaces.find((i) => i.network === network)?.address;

  // Client
  checkName(report, 'client.name', spec.client.name);
  checkOnNetwork('client.address', spec.client.network, spec.client.address);
  if (spec.networks.some((n) => n.name === spec.client.network) && !routerAddressOn(spec.client.network)) {
    report('client.network', `the router has no interface on the client's network "${spec.client.network}"`);
  }
  spec.client.routes.forEach((route, i) => {
    if (!parseCidr(route)) report(`client.routes[${i}]`, `"${route}" is not an IPv4 CIDR with a clean network address`);
  });

  // Clusters
  const clusterNames = new Set<string>();
  const usedNetworks = new Map<string, string>();
  spec.clusters.forEach((cluster, i) => {
    const field = `clusters[${i}]`;
    checkName(report, `${field}.name`, cluster.name);
    if (clusterNames.has(cluster.name)) report(`${field}.name`, `cluster name "${cluster.name}" is used twice`);
    clusterNames.add(cluster.name);
    checkAsn(report, `${field}.localAsn`, cluster.localAsn);
    if (cluster.localAsn === spec.router.asn) {
      report(`${field}.localAsn`, `${cluster.localAsn} equals the router's ASN; the lab models eBGP peering`);
    }
    if (!Number.isInteger(cluster.nodes) || cluster.nodes < 1 || cluster.nodes > 16) {
      report(`${field}.nodes`, `${cluster.nodes} is not a whole number from 1 to 16`);
    }
    for (const key of ['serviceSubnet', 'podSubnet'] as const) {
      if (!parseCidr(cluster[key])) report(`${field}.${key}`, `"${cluster[key]}" is not an IPv4 CIDR with a clean network address`);
    }
    const cidr = subnets.get(cluster.network);
    if (!spec.networks.some((n) => n.name === cluster.network)) {
      report(`${field}.network`, `unknown network "${cluster.network}" (known: ${knownNetworks(spec)})`);
      return;
    }
    const sharing = usedNetworks.get(cluster.network);
    if (sharing) report(`${field}.network`, `network "${cluster.network}" is already used by cluster "${sharing}"`);
    usedNetworks.set(cluster.network, cluster.name);
    if (cluster.network === spec.client.network) report(`${field}.network`, `"${cluster.network}" is the client's network`);
    const routerAddress = routerAddressOn(cluster.network);
    if (!routerAddress) {
      report(`${field}.network`, `the router has no interface on network "${cluster.network}"`);
    } else if (cluster.peerAddress !== routerAddress) {
      report(`${field}.peerAddress`, `${cluster.peerAddress} is not the router's address on network "${cluster.network}" (${routerAddress})`);
    }
    if (!cidr) return;
    if (cluster.nodeAddresses && cluster.nodeAddresses.length !== cluster.nodes) {
      report(`${field}.nodeAddresses`, `${cluster.nodeAddresses.length} addresses given for ${cluster.nodes} nodes`);
    }
    clusterNodeAddresses(cluster, spec).forEach((address, n) => {
      const nodeField = cluster.nodeAddresses ? `${field}.nodeAddresses[${n}]` : `${field}.nodes (derived node address ${n})`;
      if (checkHost(report, nodeField, address, cluster.network, cidr)) claim(nodeField, address);
    });
  });

  // Load balancer pool and VIP
  const { poolStart, poolStop, vip } = spec.loadBalancer;
  const start = parseAddress(poolStart);
  const stop = parseAddress(poolStop);
  const vipValue = parseAddress(vip);
  if (start === undefined) report('loadBalancer.poolStart', `"${poolStart}" is not an IPv4 address`);
  if (stop === undefined) report('loadBalancer.poolStop', `"${poolStop}" is not an IPv4 address`);
  if (start !== undefined && stop !== undefined && start > stop) {
    report('loadBalancer.poolStop', `${poolStop} comes before poolStart ${poolStart}`);
  }
  if (vipValue === undefined) {
    report('loadBalancer.vip', `"${vip}" is not an IPv4 address`);
  } else {
    if (start !== undefined && stop !== undefined && (vipValue < start || vipValue > stop)) {
      report('loadBalancer.vip', `${vip} is outside the pool ${poolStart}-${poolStop}`);
    }
    for (const [name, cidr] of subnets) {
      if (cidrContains(cidr, vipValue)) report('loadBalancer.vip', `${vip} lies inside network "${name}" (${cidr.text}); a VIP must be routed, not on a link`);
    }
    if (!spec.client.routes.some((r) => { const c = parseCidr(r); return c && cidrContains(c, vipValue); })) {
      report('client.routes', `no route covers the VIP ${vip}, so the client would have no path to it`);
    }
  }

  // Workload
  // '' is no password, as Cilium reads an empty one (the lab says so before it starts: model/password-notes.ts).
  if (spec.bgpPassword !== undefined && spec.bgpPassword !== '' && !/^[\x21-\x7e]{1,80}$/.test(spec.bgpPassword)) {
    // It lands in an FRR config line and in TCP MD5: printable, no spaces, at most 80 characters (TCP_MD5SIG_MAXKEYLEN).
    report('bgpPassword', 'must be 1 to 80 printable characters without spaces (or empty: no password)');
  }
  checkName(report, 'workload.name', spec.workload.name);
  if (!Number.isInteger(spec.workload.port) || spec.workload.port < 1 || spec.workload.port > 65535) {
    report('workload.port', `${spec.workload.port} is not a TCP port (1-65535)`);
  }
  if (spec.manifestsDir.trim() === '') report('manifestsDir', 'is empty');
  issues.push(...checkObjectives(spec.objectives), ...checkRegressionSettings(spec.regression), ...checkRouterPolicy(spec));
  return issues;
}

type Report = (field: string, message: string) => void;

function checkName(report: Report, field: string, value: string): void {
  if (!NAME.test(value)) report(field, `"${value}" must be lowercase letters, digits and dashes, starting with a letter, at most 31 characters`);
}

function checkAsn(report: Report, field: string, value: number): void {
  if (!Number.isInteger(value) || value < MIN_ASN || value > MAX_ASN) {
    report(field, `${value} is not a valid ASN (${MIN_ASN}-${MAX_ASN})`);
  }
}

function checkHost(report: Report, field: string, address: string, network: string, cidr: Cidr): boolean {
  const value = parseAddress(address);
  if (value === undefined) {
    report(field, `"${address}" is not an IPv4 address`);
    return false;
  }
  if (!isHostAddress(cidr, value)) {
    report(field, `${address} is outside network "${network}" (${cidr.text}) or is its network/broadcast address`);
    return false;
  }
  return true;
}

function knownNetworks(spec: LabSpec): string {
  return spec.networks.map((n) => n.name).join(', ');
}

export class SpecError extends Error {
  readonly issues: readonly SpecIssue[];
  constructor(issues: readonly SpecIssue[], specName: string) {
    super(`lab spec "${specName}" has ${issues.length} problem(s):\n${issues.map((i) => `  - ${i.field}: ${i.message}`).join('\n')}`);
    this.name = 'SpecError';
    this.issues = issues;
  }
}

/** Throws a SpecError listing every problem, or returns the spec unchanged. */
export function assertValidLab(spec: LabSpec): LabSpec {
  const issues = validateLab(spec);
  if (issues.length > 0) throw new SpecError(issues, spec.name);
  return spec;
}
