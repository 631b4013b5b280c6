import { describe, expect, it } from 'vitest';
import type { ReceivedRoute } from '../bgp/model.ts';
import reference from '../../fixtures/reference-lab.ts';
import defaultPolicy from '../../fixtures/labs/default-policy.ts';
import acceptAll from '../../fixtures/labs/accept-all.ts';
import { applyRouterPolicy, clusterPolicies, formatFilteredRoute, formatPrefixRule, judgeRoute, parseAllowRule, prefixRuleMatches } from './router-policy.ts';
import type { LabSpec } from './spec.ts';

// What the reference manifests make each node announce: the VIP (LoadBalancerIP) and the Service's ClusterIP.
const VIP = '172.30.0.10/32';
const CLUSTER_IP_01 = '10.96.113.191/32';
const CLUSTER_IP_02 = '10.96.146.154/32';
const route = (neighbor: string, prefix: string, asn: number, asPath: number[] = [asn]): ReceivedRoute => ({ prefix, neighbor, asPath, origin: 'igp', nextHop: neighbor });
const announced: ReceivedRoute[] = [
  ...['10.20.0.2', '10.20.0.3'].flatMap((n) => [route(n, VIP, 65101), route(n, CLUSTER_IP_01, 65101)]),
  ...['172.20.0.2', '172.20.0.3'].flatMap((n) => [route(n, VIP, 65102), route(n, CLUSTER_IP_02, 65102)]),
];
const keys = (rs: readonly { route: ReceivedRoute }[]) => rs.map(({ route: r }) => `${r.neighbor} ${r.prefix}`);

describe('prefix rules', () => {
  it('read and print in the spec\'s notation, both ways', () => {
    for (const text of ['10.96.0.0/16 ge 32', '10.96.0.0/16 le 32', '10.96.0.0/16 ge 24 le 28', '172.30.0.20/32', '10.0.0.0/8']) {
      expect(formatPrefixRule(parseAllowRule(text)!)).toBe(text);
    }
  });

  it('match a prefix inside the block whose length is within the bounds', () => {
    const rule = parseAllowRule('172.30.0.10/31 ge 32')!;
    expect(prefixRuleMatches(rule, '172.30.0.11/32')).toBe(true);
    expect(prefixRuleMatches(rule, '172.30.0.10/31')).toBe(false);
    expect(prefixRuleMatches(rule, '172.30.0.12/32')).toBe(false);
    expect(prefixRuleMatches(parseAllowRule('172.30.0.20/32')!, '172.30.0.20/32')).toBe(true);
    expect(prefixRuleMatches(parseAllowRule('10.96.0.0/16 le 32')!, '10.96.0.0/16')).toBe(true);
    expect(prefixRuleMatches(parseAllowRule('10.96.0.0/16 le 32')!, '10.0.0.0/8')).toBe(false);
  });
});

describe('the router policy applied to what the reference manifests announce', () => {
  it('reference lab (allow "10.96.0.0/16 ge 32"): the VIP by the pool rule, the ClusterIPs by the allow entry, nothing filtered', () => {
    const p = applyRouterPolicy(reference, announced);
    expect(p.filtered).toEqual([]);
    expect(p.overLimit).toEqual([]);
    expect(keys(p.accepted)).toEqual(announced.map((r) => `${r.neighbor} ${r.prefix}`));
    expect(judgeRoute(reference, route('10.20.0.2', VIP, 65101))).toEqual({ accepted: true, cluster: 'kind01', rule: 'loadBalancer pool 172.30.0.10-172.30.0.20 172.30.0.10/31 ge 32' });
    expect(judgeRoute(reference, route('172.20.0.3', CLUSTER_IP_02, 65102))).toEqual({ accepted: true, cluster: 'kind02', rule: 'router.policy.allow[0] 10.96.0.0/16 ge 32' });
  });

  it('default policy (pool host routes only): the VIP passes, every ClusterIP is filtered by the accepted-prefix rules', () => {
    const p = applyRouterPolicy(defaultPolicy, announced);
    expect(keys(p.accepted)).toEqual(['10.20.0.2 172.30.0.10/32', '10.20.0.3 172.30.0.10/32', '172.20.0.2 172.30.0.10/32', '172.20.0.3 172.30.0.10/32']);
    expect(keys(p.filtered)).toEqual([`10.20.0.2 ${CLUSTER_IP_01}`, `10.20.0.3 ${CLUSTER_IP_01}`, `172.20.0.2 ${CLUSTER_IP_02}`, `172.20.0.3 ${CLUSTER_IP_02}`]);
    expect(p.filtered.map((f) => f.cluster)).toEqual(['kind01', 'kind01', 'kind02', 'kind02']);
    expect(formatFilteredRoute(p.filtered[0]!)).toBe(
      '10.96.113.191/32 from 10.20.0.2: refused by the router policy (no accepted prefix matches it (host routes in the loadBalancer pool 172.30.0.10-172.30.0.20: '
      + '172.30.0.10/31 ge 32, 172.30.0.12/30 ge 32, 172.30.0.16/30 ge 32, 172.30.0.20/32; router.policy.allow: none)); '
      + 'to accept it: add "10.96.0.0/16 ge 32" (the service CIDR\'s /32 routes) to router.policy.allow, or stop announcing it (the cluster\'s CiliumBGPAdvertisement)',
    );
    expect(p.overLimit).toEqual([]);
  });

  it('refuses a pool route whose AS path is not the cluster\'s ASN alone, naming the AS-path rule', () => {
    const v = judgeRoute(reference, route('10.20.0.2', VIP, 65101, [65101, 64666]));
    expect(v).toMatchObject({ accepted: false, cluster: 'kind01', rule: 'AS path 65101 64666 is not kind01\'s ASN 65101 alone' });
    // Another cluster's ASN from kind01's network: the policy is the peer group's, by network.
    expect(judgeRoute(reference, route('10.20.0.3', VIP, 65102)).accepted).toBe(false);
  });

  it('names both conditions when a route fails both', () => {
    const v = judgeRoute(defaultPolicy, route('10.20.0.2', '0.0.0.0/0', 64666));
    expect(v.accepted).toBe(false);
    expect(v.rule).toMatch(/^no accepted prefix matches it .*; AS path 64666 is not kind01's ASN 65101 alone$/);
    expect(!v.accepted && v.change).toMatch(/^add "0.0.0.0\/0" to router.policy.allow, .*; originate it from kind01's own ASN/);
  });

  it('refuses a neighbour in no cluster\'s network', () => {
    expect(judgeRoute(reference, route('192.168.20.9', VIP, 65101))).toMatchObject({ accepted: false, rule: expect.stringContaining('no cluster\'s network (10.20.0.0/16, 172.20.0.0/16) holds neighbour 192.168.20.9') });
  });

  it('accept-all keeps everything, whatever the prefix or AS path', () => {
    const hostile = [...announced, route('10.20.0.2', '0.0.0.0/0', 65101, [65101, 64666])];
    const p = applyRouterPolicy(acceptAll, hostile);
    expect(p.filtered).toEqual([]);
    expect(p.accepted).toHaveLength(hostile.length);
    expect(new Set(p.accepted.map((a) => a.rule))).toEqual(new Set(['router.policy.mode accept-all']));
  });

  it('says when a neighbour\'s kept routes exceed maximumPrefixes: the router would end its session', () => {
    const tight: LabSpec = { ...reference, router: { ...reference.router, policy: { mode: 'reference', maximumPrefixes: 1 } } };
    const p = applyRouterPolicy(tight, [route('10.20.0.2', VIP, 65101), route('10.20.0.2', '172.30.0.11/32', 65101), route('10.20.0.3', VIP, 65101)]);
    expect(p.overLimit).toEqual(['10.20.0.2: 2 announced routes pass the router policy (172.30.0.10/32, 172.30.0.11/32), above router.policy.maximumPrefixes 1: the router ends this session; raise router.policy.maximumPrefixes or announce fewer']);
  });

  it('the rules it judges by are the ones the router renders', () => {
    const rules = clusterPolicies(defaultPolicy)[0]!.accept!.map(formatPrefixRule);
    expect(rules).toEqual(['172.30.0.10/31 ge 32', '172.30.0.12/30 ge 32', '172.30.0.16/30 ge 32', '172.30.0.20/32']);
  });
});
