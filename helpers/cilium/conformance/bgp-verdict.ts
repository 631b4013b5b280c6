// Runs the BGP control plane model (cilium/advertisements.ts) on a conformance
// case and says where it parts from what Cilium's test asserts: which nodes
// speak BGP to which peers, every route each announces to each (the whole
// list), the attributes of the routes a case is about, the session parameters
// it names. Services' addresses come from the objects (spec.clusterIP, the
// ingress in status), as the model takes them on a real cluster; a Cilium
// status condition or an agent setting a case needs is a difference, since
// the model has neither. Pure.
import type { ConformanceCase } from './case.ts';
import type { KubeObject } from '../manifests.ts';
import { readCiliumBgpResources } from '../resources.ts';
import { nodeBgp, type ClusterNode, type NodeBgp } from '../advertisements.ts';
import { isAddress } from '../../net/ipv4.ts';

interface ExpectedRoute {
  readonly prefix: string;
  readonly communities?: readonly string[];
  readonly largeCommunities?: readonly string[];
  readonly localPreference?: number;
}

interface CaseNode {
  readonly name: string;
  readonly address: string;
  readonly labels?: Record<string, string>;
  readonly podCIDR?: string;
  readonly podCIDRs?: readonly string[];
}

/** RFC 1997's well-known communities by the names Cilium takes. */
const WELL_KNOWN: Readonly<Record<string, string>> = { 'no-export': '65535:65281', 'no-advertise': '65535:65282', 'no-export-subconfed': '65535:65283' };
const communitySet = (cs: readonly string[]) => [...new Set(cs.map((c) => WELL_KNOWN[c] ?? c))].sort().join(' ');

/** Agent settings that change no outcome the model predicts. */
const NEUTRAL_AGENT_SETTINGS = new Set(['kubeProxyReplacement', 'bgpSecretsNamespace']);

function modelOf(c: ConformanceCase): NodeBgp[] {
  const objects = c.objects.map((o, i) => ({ ...(o as unknown as Omit<KubeObject, 'source'>), source: `${c.id}#${i}` }));
  const resources = readCiliumBgpResources(objects);
  const services = resources.services.map((service) => {
    const raw = c.objects.find((o) => o['kind'] === 'Service' && (o['metadata'] as { name: string }).name === service.name
      && ((o['metadata'] as { namespace?: string }).namespace ?? 'default') === service.namespace);
    const ingress = ((raw?.['status'] as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip && isAddress(i.ip) ? [i.ip] : []));
    return { service, clusterIP: service.clusterIP, loadBalancerIPs: service.type === 'LoadBalancer' ? ingress : [] };
  });
  const endpoints = new Map(Object.entries((c['endpoints'] ?? {}) as Record<string, string[]>).map(([k, v]) => [k, new Set(v)]));
  const nodes = ((c['nodes'] ?? []) as CaseNode[]).map((n): ClusterNode => {
    const podCidr = (n.podCIDRs ?? (n.podCIDR ? [n.podCIDR] : [])).find((p) => !p.includes(':'));
    return { name: n.name, address: n.address, labels: n.labels ?? {}, ...(podCidr ? { podCidr } : {}) };
  });
  return nodeBgp({ resources, nodes, services, endpoints });
}

/** Where the model parts from the case; [] when it agrees. */
export function bgpDifferences(c: ConformanceCase): string[] {
  const expect = c.expect as { announcements?: Record<string, Record<string, ExpectedRoute[]>>; sessions?: Record<string, Record<string, Record<string, unknown>>>; error?: string; conditions?: unknown };
  const out: string[] = [];
  const agent = Object.keys((c['agent'] ?? {}) as Record<string, unknown>).filter((k) => !NEUTRAL_AGENT_SETTINGS.has(k));
  if (agent.length > 0) out.push(`agent settings the model does not take: ${agent.join(', ')}`);
  if (expect.conditions !== undefined) out.push('Cilium reports a status condition here; the model has none');
  let model: NodeBgp[];
  try {
    model = modelOf(c);
  } catch (error) {
    return expect.error ? out : [...out, `the model refused the objects: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`];
  }
  if (expect.error) out.push(`Cilium refuses this (${expect.error}); the model announced`);
  for (const [nodeName, peers] of Object.entries(expect.announcements ?? {})) {
    const node = model.find((n) => n.node.name === nodeName);
    const got = new Map((node?.peers ?? []).map((p) => [p.peer.peerAddress, p]));
    for (const extra of got.keys()) if (!(extra in peers)) out.push(`${nodeName}: a session to ${extra} Cilium does not open`);
    for (const [peer, routes] of Object.entries(peers)) {
      const session = got.get(peer);
      if (!session) {
        out.push(`${nodeName}: no session to ${peer}`);
        continue;
      }
      const want = routes.map((r) => r.prefix).sort();
      const have = session.announcements.map((a) => a.prefix).sort();
      const missing = want.filter((p) => !have.includes(p));
      const extra = have.filter((p) => !want.includes(p));
      if (missing.length > 0) out.push(`${nodeName} -> ${peer}: does not announce ${missing.join(' ')}`);
      if (extra.length > 0) out.push(`${nodeName} -> ${peer}: announces ${extra.join(' ')} as well`);
      for (const route of routes) {
        const announced = session.announcements.find((a) => a.prefix === route.prefix);
        if (!announced) continue;
        if (route.communities && communitySet(route.communities) !== communitySet(announced.communities)) {
          out.push(`${nodeName} -> ${peer} ${route.prefix}: communities [${communitySet(announced.communities)}], Cilium [${communitySet(route.communities)}]`);
        }
        if (route.largeCommunities && route.largeCommunities.length > 0) out.push(`${nodeName} -> ${peer} ${route.prefix}: large communities ${route.largeCommunities.join(' ')} (the model has none)`);
        if (route.localPreference !== undefined) out.push(`${nodeName} -> ${peer} ${route.prefix}: local preference ${route.localPreference} (the model has none)`);
      }
    }
  }
  for (const [nodeName, peers] of Object.entries(expect.sessions ?? {})) {
    const node = model.find((n) => n.node.name === nodeName);
    for (const [peer, wanted] of Object.entries(peers)) {
      const session = node?.peers.find((p) => p.peer.peerAddress === peer);
      if (!session) {
        out.push(`${nodeName}: no session to ${peer}`);
        continue;
      }
      const have: Record<string, unknown> = {
        keepAliveTimeSeconds: session.peerConfig.keepAliveTimeSeconds,
        holdTimeSeconds: session.peerConfig.holdTimeSeconds,
        gracefulRestartTimeSeconds: session.peerConfig.gracefulRestart.enabled ? session.peerConfig.gracefulRestart.restartTimeSeconds : 0,
        localASN: node?.instance?.localASN,
        localPort: node?.instance?.localPort,
      };
      for (const [field, value] of Object.entries(wanted)) {
        if (!(field in have)) out.push(`${nodeName} -> ${peer}: session ${field} (the model does not give it)`);
        else if (have[field] !== value) out.push(`${nodeName} -> ${peer}: ${field} ${String(have[field])}, Cilium ${String(value)}`);
      }
    }
  }
  return out;
}
