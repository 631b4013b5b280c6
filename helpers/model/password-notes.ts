// What the lab tells before it starts about TCP MD5: a spec without a password
// (or an empty one) and a CiliumBGPPeerConfig whose authSecretRef names a
// Secret nobody provides make Cilium peer with an empty password, as the
// router then does: sessions come up, without authentication. Said plainly,
// not refused. Pure.
import type { ResolvedLab } from './resolve.ts';
import { BGP_SECRETS_NAMESPACE } from '../cilium/auth-secrets.ts';

export function passwordNotes(lab: ResolvedLab): string[] {
  if (lab.spec.bgpPassword) return [];
  const notes = lab.clusters.flatMap((c) => c.resources.peerConfigs
    .filter((pc) => pc.authSecretRef && !c.resources.secrets.some((s) => s.name === pc.authSecretRef && s.namespace === BGP_SECRETS_NAMESPACE))
    .map((pc) => `cluster ${c.spec.name}: CiliumBGPPeerConfig ${pc.name} (${pc.source}) names Secret ${BGP_SECRETS_NAMESPACE}/${pc.authSecretRef}, which neither its manifests nor the spec's bgpPassword provide: Cilium peers with an empty password, and so does the router`));
  const said = lab.spec.bgpPassword === '' ? 'bgpPassword is empty' : 'the spec has no bgpPassword';
  return [`${said}: the BGP sessions have no TCP MD5 authentication`, ...notes];
}
