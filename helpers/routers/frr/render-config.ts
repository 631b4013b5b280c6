// The ToR's frr.conf from the lab spec: one peer group per cluster (remote-as,
// timers, password, policy) that the cluster's network joins by a listen range,
// the lab's subnets announced.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { forwardingOf, type LabSpec } from '../../model/spec.ts';
import { networkOf } from '../../model/addresses.ts';
import { renderTemplate } from './template.ts';
import { clusterPolicies } from '../../model/router-policy.ts';
import { renderPeerGroupPolicy, renderPolicyDefinitions } from './render-policy.ts';

export interface FrrFiles {
  readonly 'frr.conf': string;
  readonly daemons: string;
  readonly 'vtysh.conf': string;
}

export function frrConfigValues(spec: LabSpec): Record<string, string | number> {
  const { router } = spec;
  const policies = clusterPolicies(spec);
  const peerGroups = spec.clusters.flatMap((cluster) => {
    const group = cluster.name;
    return [
      ` neighbor ${group} peer-group`,
      ` neighbor ${group} remote-as ${cluster.localAsn}`,
      ` neighbor ${group} description cluster ${cluster.name}`,
      ` neighbor ${group} timers ${router.timers.keepaliveSeconds} ${router.timers.holdSeconds}`,
      ...(spec.bgpPassword ? [` neighbor ${group} password ${spec.bgpPassword}`] : []),
      // Dynamic neighbours: whichever node of the cluster connects from its network joins the group,
      // so the router needs no node address (docker hands kind nodes theirs, a recreated cluster may
      // get others, a user may change the node count). The nodes open the sessions.
      ` bgp listen range ${networkOf(spec, cluster.network).subnet} peer-group ${group}`,
    ];
  });
  const subnets = [spec.client.network, ...spec.clusters.map((c) => c.network)]
    .map((name) => spec.networks.find((n) => n.name === name)?.subnet)
    .filter((s): s is string => s !== undefined);
  return {
    labName: spec.name,
    routerName: router.name,
    asn: router.asn,
    routerId: router.routerId,
    peerGroups: peerGroups.join('\n'),
    networks: subnets.map((s) => `  network ${s}`).join('\n'),
    maximumPaths: router.maximumPaths,
    // Inline next hops instead of kernel next-hop objects: the kernel then skips a dead next hop only
    // with net.ipv4.fib_multipath_use_neigh=1 (lab-watch-route tells which way a route is installed).
    zebraNexthops: forwardingOf(router).nexthopObjects
      ? '! ECMP routes go through kernel next-hop objects (zebra\'s default).'
      : 'no zebra nexthop kernel enable',
    policyDefinitions: renderPolicyDefinitions(policies),
    peerGroupPolicies: policies.flatMap(renderPeerGroupPolicy).join('\n'),
  };
}

export const DEFAULT_FRR_TEMPLATES = 'frr-configs';

/** Reads the templates (LAB_FRR_TEMPLATES may point elsewhere) and renders them. */
export async function renderFrrFiles(spec: LabSpec, templatesDir = process.env['LAB_FRR_TEMPLATES'] ?? DEFAULT_FRR_TEMPLATES): Promise<FrrFiles> {
  const read = (name: string) => readFile(join(templatesDir, name), 'utf8');
  const [conf, daemons, vtysh] = await Promise.all([read('frr.conf.tmpl'), read('daemons'), read('vtysh.conf')]);
  return { 'frr.conf': renderTemplate(conf, frrConfigValues(spec), join(templatesDir, 'frr.conf.tmpl')), daemons, 'vtysh.conf': vtysh };
}
