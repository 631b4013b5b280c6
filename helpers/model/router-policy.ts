// The router's route policy towards cluster peers, as data every router kind
// renders: which prefixes a cluster may announce (host routes inside the
// LoadBalancer pool, plus what the spec allows), with which AS path (the
// cluster's own ASN, nothing else), and how many. Pure.
import { DEFAULT_ROUTER_POLICY, routerPolicyOf, type LabSpec } from './spec.ts';
import type { SpecIssue } from './spec-issue.ts';
import { cidrContains, parseAddress, parseCidr, rangeToCidrs } from '../net/ipv4.ts';
import type { ReceivedRoute } from '../bgp/model.ts';

/** One prefix-list entry: a block and the prefix lengths accepted inside it. */
export interface PrefixRule {
  readonly prefix: string;
  /** Inclusive bounds on the announced prefix length. */
  readonly minLength: number;
  readonly maxLength: number;
  /** Where the rule comes from, in the spec's words ("loadBalancer pool", "router.policy.allow[0]"). */
  readonly from?: string;
}

export interface ClusterPolicy {
  readonly cluster: string;
  readonly asn: number;
  /** undefined: accept anything (accept-all). */
  readonly accept?: readonly PrefixRule[];
  /** The only AS path accepted: the cluster's ASN alone (undefined: any). */
  readonly asPath?: string;
  readonly maximumPrefixes?: number;
  /** Send the cluster nothing (reference) or everything (accept-all). */
  readonly sendNothing: boolean;
}

const ALLOW = /^(\d+\.\d+\.\d+\.\d+\/\d+)(?: ge (\d+))?(?: le (\d+))?$/;

/** "10.96.0.0/16 le 32" -> a rule; undefined when it does not parse. */
export function parseAllowRule(text: string): PrefixRule | undefined {
  const m = ALLOW.exec(text.trim());
  const cidr = m ? parseCidr(m[1]!) : undefined;
  if (!m || !cidr) return undefined;
  const minLength = m[2] ? Number(m[2]) : cidr.prefixLength;
  const maxLength = m[3] ? Number(m[3]) : m[2] ? 32 : cidr.prefixLength;
  if (minLength < cidr.prefixLength || maxLength > 32 || minLength > maxLength) return undefined;
  return { prefix: cidr.text, minLength, maxLength };
}

/** Host routes inside the pool: the pool's blocks, /32 only. */
export function poolRules(spec: LabSpec): PrefixRule[] {
  const first = parseAddress(spec.loadBalancer.poolStart)!;
  const last = parseAddress(spec.loadBalancer.poolStop)!;
  const from = `loadBalancer pool ${spec.loadBalancer.poolStart}-${spec.loadBalancer.poolStop}`;
  return rangeToCidrs(first, last).map((prefix) => ({ prefix, minLength: 32, maxLength: 32, from }));
}

export function clusterPolicies(spec: LabSpec): ClusterPolicy[] {
  const policy = routerPolicyOf(spec.router);
  return spec.clusters.map((c) => policy.mode === 'accept-all'
    ? { cluster: c.name, asn: c.localAsn, sendNothing: false, ...(policy.maximumPrefixes ? { maximumPrefixes: policy.maximumPrefixes } : {}) }
    : {
      cluster: c.name,
      asn: c.localAsn,
      accept: [...poolRules(spec), ...(policy.allow ?? []).map((a, i) => ({ ...parseAllowRule(a)!, from: `router.policy.allow[${i}]` }))],
      asPath: `^${c.localAsn}$`,
      maximumPrefixes: policy.maximumPrefixes ?? DEFAULT_ROUTER_POLICY.maximumPrefixes!,
      sendNothing: true,
    });
}

/** Shape of the spec's router policy. Pure. */
export function checkRouterPolicy(spec: LabSpec): SpecIssue[] {
  const policy = spec.router.policy;
  if (policy === undefined) return [];
  const issues: SpecIssue[] = [];
  if (policy.mode !== 'reference' && policy.mode !== 'accept-all') {
    issues.push({ field: 'router.policy.mode', message: `${JSON.stringify(policy.mode)} is not "reference" or "accept-all"` });
  }
  (policy.allow ?? []).forEach((a, i) => {
    if (typeof a !== 'string' || !parseAllowRule(a)) issues.push({ field: `router.policy.allow[${i}]`, message: `${JSON.stringify(a)} is not a prefix-list entry like "10.96.0.0/16 le 32"` });
  });
  const max = policy.maximumPrefixes;
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 4294967295)) {
    issues.push({ field: 'router.policy.maximumPrefixes', message: `${JSON.stringify(max)} is not a whole number from 1` });
  }
  return issues;
}

/** Said before the lab starts, not refused: a user may need to test exactly that. */
export function routerPolicyWarnings(spec: LabSpec): string[] {
  return routerPolicyOf(spec.router).mode === 'accept-all'
    ? ['router.policy.mode is "accept-all": the router installs any prefix a cluster peer announces (a default route, the client subnet, another team\'s VIP); the reference policy accepts only host routes in the LoadBalancer pool']
    : [];
}

/** A rule in the spec's own notation ("10.96.0.0/16 ge 32", "172.30.0.20/32"): what parseAllowRule reads. */
export function formatPrefixRule(rule: PrefixRule): string {
  const length = Number(rule.prefix.split('/')[1]);
  const ge = rule.minLength > length;
  return `${rule.prefix}${ge ? ` ge ${rule.minLength}` : ''}${rule.maxLength !== (ge ? 32 : length) ? ` le ${rule.maxLength}` : ''}`;
}

/** A prefix-list entry's match: the prefix lies in the rule's block and its length is within the rule's bounds. */
export function prefixRuleMatches(rule: PrefixRule, prefix: string): boolean {
  const p = parseCidr(prefix);
  const block = parseCidr(rule.prefix);
  if (!p || !block) return false;
  return p.prefixLength >= block.prefixLength && cidrContains(block, p.network)
    && p.prefixLength >= rule.minLength && p.prefixLength <= rule.maxLength;
}

/** What the router's policy does with one announced route: kept, with the rule that let it in, or refused, with why. */
export type PolicyVerdict =
  | { readonly accepted: true; readonly cluster: string; readonly rule: string }
  | {
    readonly accepted: false;
    /** The cluster whose peer group the neighbour joins (undefined: no cluster's network holds it). */
    readonly cluster?: string;
    /** Every condition of the policy the route fails, in words. */
    readonly rule: string;
    /** The setting to change for the router to take it. */
    readonly change: string;
  };

export interface FilteredRoute {
  readonly route: ReceivedRoute;
  readonly cluster?: string;
  readonly rule: string;
  readonly change: string;
}

export interface AcceptedRoute {
  readonly route: ReceivedRoute;
  readonly cluster: string;
  readonly rule: string;
}

/** What the router should hold of the routes the nodes announce, once its policy applied. */
export interface PolicyPrediction {
  readonly accepted: readonly AcceptedRoute[];
  readonly filtered: readonly FilteredRoute[];
  /** A neighbour whose accepted routes exceed maximumPrefixes (the router ends its session), one line each. */
  readonly overLimit: readonly string[];
}

/** The cluster whose peer group a neighbour joins: the one whose network holds its address (the router's listen range). */
function clusterOfNeighbor(spec: LabSpec, neighbor: string): LabSpec['clusters'][number] | undefined {
  const address = parseAddress(neighbor);
  if (address === undefined) return undefined;
  return spec.clusters.find((c) => {
    const subnet = spec.networks.find((n) => n.name === c.network)?.subnet;
    const cidr = subnet ? parseCidr(subnet) : undefined;
    return cidr !== undefined && cidrContains(cidr, address);
  });
}

/** The allow entry that would let `prefix` in: its cluster's service or pod CIDR when it lies there, else the prefix itself. */
function suggestedAllow(cluster: LabSpec['clusters'][number], prefix: string): string {
  const p = parseCidr(prefix);
  for (const [subnet, what] of [[cluster.serviceSubnet, 'the service CIDR'], [cluster.podSubnet, 'the pod CIDR']] as const) {
    const cidr = parseCidr(subnet);
    if (p && cidr && p.prefixLength > cidr.prefixLength && cidrContains(cidr, p.network)) {
      return `"${subnet} ge ${p.prefixLength}" (${what}'s /${p.prefixLength} routes)`;
    }
  }
  return `"${prefix}"`;
}

const routeName = (r: ReceivedRoute) => `${r.prefix} from ${r.neighbor}`;

/**
 * The router policy the lab renders (clusterPolicies), applied to one route as every router kind
 * must: a route from a cluster's peer passes when an accepted-prefix rule matches it (the pool's host
 * routes, then router.policy.allow) and its AS path is the cluster's ASN alone; anything else is
 * refused (accept-all takes everything). Pure.
 */
export function judgeRoute(spec: LabSpec, route: ReceivedRoute): PolicyVerdict {
  const cluster = clusterOfNeighbor(spec, route.neighbor);
  if (!cluster) {
    const subnets = spec.clusters.map((c) => spec.networks.find((n) => n.name === c.network)?.subnet ?? c.network).join(', ');
    return { accepted: false, rule: `no cluster's network (${subnets}) holds neighbour ${route.neighbor}: the router has no peer group for it`, change: 'the clusters\' networks (clusters[].network) or the node\'s address' };
  }
  const policy = clusterPolicies(spec).find((p) => p.cluster === cluster.name)!;
  if (policy.accept === undefined) return { accepted: true, cluster: cluster.name, rule: 'router.policy.mode accept-all' };
  const matching = policy.accept.find((r) => prefixRuleMatches(r, route.prefix));
  const path = route.asPath.join(' ');
  const asPathOk = policy.asPath === undefined || new RegExp(policy.asPath).test(path);
  if (matching && asPathOk) return { accepted: true, cluster: cluster.name, rule: `${matching.from ?? 'accepted prefixes'} ${formatPrefixRule(matching)}` };
  const reasons: string[] = [];
  const changes: string[] = [];
  if (!matching) {
    const pool = policy.accept.filter((r) => !r.from?.startsWith('router.policy.allow'));
    const allow = policy.accept.filter((r) => r.from?.startsWith('router.policy.allow'));
    reasons.push(`no accepted prefix matches it (host routes in the ${pool[0]?.from ?? 'loadBalancer pool'}: ${pool.map(formatPrefixRule).join(', ')}; router.policy.allow: ${allow.length > 0 ? allow.map(formatPrefixRule).join(', ') : 'none'})`);
    changes.push(`add ${suggestedAllow(cluster, route.prefix)} to router.policy.allow, or stop announcing it (the cluster's CiliumBGPAdvertisement)`);
  }
  if (!asPathOk) {
    reasons.push(`AS path ${path || '(empty)'} is not ${cluster.name}'s ASN ${cluster.localAsn} alone`);
    changes.push(`originate it from ${cluster.name}'s own ASN (its CiliumBGPClusterConfig localASN, clusters[].localAsn ${cluster.localAsn})`);
  }
  return { accepted: false, cluster: cluster.name, rule: reasons.join('; '), change: changes.join('; ') };
}

/**
 * What the router should hold of the announced routes under the policy the lab rendered: the routes
 * it keeps, those it refuses (with the rule and the setting that would change that), and the
 * neighbours whose kept routes exceed router.policy.maximumPrefixes (the router ends those sessions;
 * FRR counts kept routes only). Pure.
 */
export function applyRouterPolicy(spec: LabSpec, routes: readonly ReceivedRoute[]): PolicyPrediction {
  const accepted: AcceptedRoute[] = [];
  const filtered: FilteredRoute[] = [];
  for (const route of routes) {
    const v = judgeRoute(spec, route);
    if (v.accepted) accepted.push({ route, cluster: v.cluster, rule: v.rule });
    else filtered.push({ route, ...(v.cluster ? { cluster: v.cluster } : {}), rule: v.rule, change: v.change });
  }
  const policies = clusterPolicies(spec);
  const perNeighbor = new Map<string, AcceptedRoute[]>();
  for (const a of accepted) perNeighbor.set(a.route.neighbor, [...(perNeighbor.get(a.route.neighbor) ?? []), a]);
  const overLimit = [...perNeighbor.entries()].sort(([a], [b]) => a.localeCompare(b)).flatMap(([neighbor, kept]) => {
    const max = policies.find((p) => p.cluster === kept[0]!.cluster)?.maximumPrefixes;
    return max !== undefined && kept.length > max
      ? [`${neighbor}: ${kept.length} announced routes pass the router policy (${kept.map((k) => k.route.prefix).join(', ')}), above router.policy.maximumPrefixes ${max}: the router ends this session; raise router.policy.maximumPrefixes or announce fewer`]
      : [];
  });
  return { accepted, filtered, overLimit };
}

/** "10.96.0.10/32 from 10.20.0.2: refused by the router policy (...)". */
export function formatFilteredRoute(f: FilteredRoute): string {
  return `${routeName(f.route)}: refused by the router policy (${f.rule}); to accept it: ${f.change}`;
}
