// The router policy (model/router-policy.ts) in FRR's terms: one prefix-list of
// what clusters may announce, an AS-path list and an inbound route-map per
// cluster, an outbound route-map, and maximum-prefix per peer group. Pure.
import type { ClusterPolicy, PrefixRule } from '../../model/router-policy.ts';

const PREFIX_LIST = 'LAB-FROM-CLUSTERS';

function prefixListEntry(rule: PrefixRule, seq: number): string {
  const length = Number(rule.prefix.split('/')[1]);
  const ge = rule.minLength > length ? ` ge ${rule.minLength}` : '';
  const le = rule.maxLength > Math.max(length, rule.minLength) && !(ge && rule.maxLength === 32) ? ` le ${rule.maxLength}` : '';
  return `ip prefix-list ${PREFIX_LIST} seq ${seq} permit ${rule.prefix}${ge}${le}`;
}

/** Global definitions: prefix-list, AS-path lists, route-maps. */
export function renderPolicyDefinitions(policies: readonly ClusterPolicy[]): string {
  if (policies.every((p) => p.accept === undefined)) {
    return [
      '! Route policy towards cluster peers: accept-all (router.policy.mode), as in the write-up.',
      '! FRR refuses eBGP routes without an explicit policy (peerState "Policy").',
      'route-map ACCEPT-ALL permit 10',
      'exit',
    ].join('\n');
  }
  const rules = policies.find((p) => p.accept)!.accept!;
  return [
    '! Route policy towards cluster peers (router.policy: reference): from a cluster only host routes',
    '! inside the LoadBalancer pool (and what router.policy.allow adds), with its own ASN as the whole',
    '! AS path; nothing is sent to the clusters (their nodes reach the client by static routes).',
    ...rules.map((r, i) => prefixListEntry(r, (i + 1) * 5)),
    ...policies.map((p) => `bgp as-path access-list FROM-${p.cluster} permit ${p.asPath}`),
    ...policies.flatMap((p) => [
      `route-map FROM-${p.cluster} permit 10`,
      ` match ip address prefix-list ${PREFIX_LIST}`,
      ` match as-path FROM-${p.cluster}`,
      'exit',
    ]),
    'route-map TO-CLUSTERS deny 10',
    'exit',
  ].join('\n');
}

/** Per peer group, inside `address-family ipv4 unicast`. */
export function renderPeerGroupPolicy(p: ClusterPolicy): string[] {
  return [
    `  neighbor ${p.cluster} route-map ${p.accept ? `FROM-${p.cluster}` : 'ACCEPT-ALL'} in`,
    `  neighbor ${p.cluster} route-map ${p.sendNothing ? 'TO-CLUSTERS' : 'ACCEPT-ALL'} out`,
    // Counts the prefixes the route-map accepted: seen on FRR 10.3, a flood of 20 refused prefixes did
    // not trip a limit of 16, with `force` or with soft-reconfiguration inbound; the route-map refuses those.
    ...(p.maximumPrefixes ? [`  neighbor ${p.cluster} maximum-prefix ${p.maximumPrefixes}`] : []),
  ];
}
