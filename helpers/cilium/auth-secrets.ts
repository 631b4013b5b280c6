// What a cluster gets applied: the golden manifests plus the BGP auth Secret
// every referenced peer config needs, holding the lab's password. Both
// providers use this, so the router, the emulated speakers and real Cilium
// agree on the password instead of relying on Cilium's empty-password fallback.
import type { LabSpec } from '../spec/spec.ts';
import { loadClusterManifests, type KubeObject } from './manifests.ts';
import { BGP_SECRETS_NAMESPACE } from '../providers/emulated/translate.ts';

/** One Secret per distinct authSecretRef of the manifests' CiliumBGPPeerConfigs (none without a lab password). */
export function bgpAuthSecrets(objects: readonly KubeObject[], password: string | undefined): KubeObject[] {
  if (!password) return [];
  const refs = new Set(
    objects
      .filter((o) => o.kind === 'CiliumBGPPeerConfig')
      .map((o) => (o.spec as { authSecretRef?: unknown } | undefined)?.authSecretRef)
      .filter((r): r is string => typeof r === 'string' && r !== ''),
  );
  const given = new Set(objects.filter((o) => o.kind === 'Secret' && o.metadata.namespace === BGP_SECRETS_NAMESPACE).map((o) => o.metadata.name));
  return [...refs].filter((name) => !given.has(name)).map((name) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: BGP_SECRETS_NAMESPACE, labels: { 'app.kubernetes.io/managed-by': 'anycast-lab' } },
    type: 'Opaque',
    stringData: { password },
    source: '(lab spec bgpPassword)',
  }));
}

export async function labClusterManifests(spec: LabSpec, cluster: string): Promise<KubeObject[]> {
  const objects = await loadClusterManifests(spec.manifestsDir, cluster);
  return [...bgpAuthSecrets(objects, spec.bgpPassword), ...objects];
}
