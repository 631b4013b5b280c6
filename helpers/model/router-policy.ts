// The router's route policy towards cluster peers, as data every router kind
// renders: which prefixes a cluster may announce (host routes inside the
// LoadBalancer pool, plus what the spec allows), with which AS path (the
// cluster's own ASN, nothing else), and how many. Pure.
import { DEFAULT_ROUTER_POLICY, routerPolicyOf, type LabSpec } from './spec.ts';
import type { SpecIssue } from './spec-issue.ts';
import { parseAddress, parseCidr, rangeToCidrs } from '../net/ipv4.ts';

/** One prefix-list entry: a block and the prefix lengths accepted inside it. */
export interface PrefixRule {
  readonly prefix: string;
  /** Inclusive bounds on the announced prefix length. */
  readonly minLength: number;
  readonly maxLength: number;
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
  return rangeToCidrs(first, last).map((prefix) => ({ prefix, minLength: 32, maxLength: 32 }));
}

export function clusterPolicies(spec: LabSpec): ClusterPolicy[] {
  const policy = routerPolicyOf(spec.router);
  return spec.clusters.map((c) => policy.mode === 'accept-all'
    ? { cluster: c.name, asn: c.localAsn, sendNothing: false, ...(policy.maximumPrefixes ? { maximumPrefixes: policy.maximumPrefixes } : {}) }
    : {
      cluster: c.name,
      asn: c.localAsn,
      accept: [...poolRules(spec), ...(policy.allow ?? []).map((a) => parseAllowRule(a)!)],
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
