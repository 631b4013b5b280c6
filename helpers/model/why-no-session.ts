// Why a cluster's nodes have no BGP session with the router, from what the lab
// knows before anything runs: the password each side uses (the spec's
// bgpPassword on the router; the Secret a CiliumBGPPeerConfig's authSecretRef
// names on the nodes), and how long a node waits before it tries again.
// A TCP MD5 mismatch is silent: the router drops the node's SYNs, so nothing
// on either side says "password". Pure.
import type { ResolvedLab } from './resolve.ts';
import { clusterOf } from './resolve.ts';
import { budgetMs } from './budgets.ts';
import { BGP_SECRETS_NAMESPACE } from '../cilium/auth-secrets.ts';
import { CILIUM_PEER_DEFAULTS } from '../cilium/resources.ts';

export function whyNoSession(lab: ResolvedLab, cluster: string): string[] {
  const c = clusterOf(lab, cluster);
  const { resources } = c;
  const causes: string[] = [];
  const routerPassword = lab.spec.bgpPassword ?? '';
  const peers = resources.clusterConfigs.flatMap((cc) => cc.instances.flatMap((i) => i.peers.map((p) => ({ cc, p })))).filter(({ p }) => p.peerAddress === c.routerAddress);
  for (const { cc, p } of peers) {
    const pc = p.peerConfigRef ? resources.peerConfigs.find((x) => x.name === p.peerConfigRef) : undefined;
    const where = pc ? `CiliumBGPPeerConfig ${pc.name} (${pc.source})` : `${cc.source} peer ${p.name} (no peerConfigRef: Cilium's defaults)`;
    const ref = pc?.authSecretRef;
    const secret = ref ? resources.secrets.find((s) => s.name === ref && s.namespace === BGP_SECRETS_NAMESPACE) : undefined;
    const nodePassword = secret?.data['password'] ?? '';
    if (nodePassword !== routerPassword) {
      const router = routerPassword ? "the spec's bgpPassword" : 'no password (the spec has no bgpPassword)';
      const nodes = !ref ? 'no password (no authSecretRef)'
        : !secret ? `no password (Secret ${BGP_SECRETS_NAMESPACE}/${ref} is absent: Cilium then peers with an empty password)`
        : nodePassword ? `a different password (Secret ${BGP_SECRETS_NAMESPACE}/${ref}, key password)` : `an empty password (Secret ${BGP_SECRETS_NAMESPACE}/${ref} has no password key)`;
      causes.push(`TCP MD5 passwords differ: the router uses ${router}, cluster ${cluster}'s nodes use ${nodes} via ${where}; the router drops their connections without a word`);
    }
    const retry = pc?.connectRetryTimeSeconds ?? CILIUM_PEER_DEFAULTS.connectRetryTimeSeconds;
    if (retry * 1000 >= budgetMs('bgpSession')) {
      causes.push(`${where} spec.timers.connectRetryTimeSeconds is ${retry}: a node whose first connection fails tries again only after ${retry}-${2 * retry} s, longer than the lab waits`);
    }
  }
  if (peers.length === 0) causes.push(`no CiliumBGPClusterConfig in cluster ${cluster}'s manifests has a peer at ${c.routerAddress}, the router's address on its network`);
  return causes;
}
