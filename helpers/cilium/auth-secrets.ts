// The BGP auth Secrets a cluster needs: one per distinct authSecretRef of its
// CiliumBGPPeerConfigs, holding the lab's password, so the router, the emulated
// speakers and real Cilium agree on it instead of relying on Cilium's
// empty-password fallback for a missing Secret.
import type { KubeObject } from './manifests.ts';

/** Where Cilium looks up BGP auth Secrets (bgpControlPlane.secretsNamespace, default kube-system). */
export const BGP_SECRETS_NAMESPACE = 'kube-system';

/** Secrets the manifests reference but do not define (none without a lab password). */
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
