// Renders the files an emulated node container reads at start (see
// images/node/lab-node-start): network setup, GoBGP config, announcements, HTTP answer.
import { stringify } from 'smol-toml';
import type { GobgpConfig, NodePlan } from './translate.ts';
import type { Announcement } from '../../cilium/advertisements.ts';
import { routeReplaceArgv, type NodeRoute } from '../../model/node-routes.ts';

/** Container path to content: what lab-node-start reads. */
export type NodeFiles = Readonly<Record<'/etc/lab/network.sh' | '/etc/lab/gobgpd.toml' | '/etc/lab/announce' | '/etc/lab/ports' | '/www/index.html', string>>;

export function renderGobgpConfig(config: GobgpConfig): string {
  return stringify(config as unknown as Record<string, unknown>) + '\n';
}

/** One `gobgp global rib add` argument line per prefix: origin IGP as Cilium sets it. */
export function renderAnnouncements(announcements: readonly Announcement[]): string {
  return announcements
    .map((a) => ['-a ipv4', a.prefix, 'origin igp', ...(a.communities.length > 0 ? [`community ${a.communities.join(',')}`] : [])].join(' ') + '\n')
    .join('');
}

/** The body every request to the node returns; parsed back by parseEmulatedAnswer. */
export function renderAnswer(cluster: string, node: string): string {
  return `cluster=${cluster} node=${node}\n`;
}

export function parseEmulatedAnswer(body: string): { cluster: string; node: string } | undefined {
  const m = /cluster=(\S+) node=(\S+)/.exec(body);
  return m ? { cluster: m[1]!, node: m[2]! } : undefined;
}

export function renderNodeNetwork(plan: NodePlan, routes: readonly NodeRoute[]): string {
  const lines = [
    '# Rendered by the lab: the node routes every provider installs (model/node-routes.ts), service addresses on lo.',
    'set -eu',
    ...routes.map((r) => routeReplaceArgv(r).join(' ')),
    ...[...new Set(plan.servedAddresses)].map((a) => `ip addr add ${a}/32 dev lo`),
  ];
  return lines.join('\n') + '\n';
}

export function renderNodeFiles(plan: NodePlan, cluster: string, routes: readonly NodeRoute[]): NodeFiles {
  return {
    '/etc/lab/network.sh': renderNodeNetwork(plan, routes),
    // A node no cluster config selects runs a speaker with no neighbours, as a Cilium agent would.
    '/etc/lab/gobgpd.toml': plan.gobgp ? renderGobgpConfig(plan.gobgp) : '',
    '/etc/lab/announce': renderAnnouncements(plan.announcements),
    // One TCP port per line: the Service ports the node answers HTTP on.
    '/etc/lab/ports': plan.servedPorts.map((p) => `${p}\n`).join(''),
    '/www/index.html': renderAnswer(cluster, plan.node.name),
  };
}
