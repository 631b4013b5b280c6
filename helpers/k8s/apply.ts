// Server-side apply of the golden manifests, one object after the other, as
// `kubectl apply --server-side --force-conflicts --field-manager=anycast-lab`.
import { KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import type { KubeObject } from '../cilium/manifests.ts';
import { describeApiError } from './api-error.ts';

export const FIELD_MANAGER = 'anycast-lab';

/** "Service default/nginxhello", "CiliumBGPClusterConfig cilium-bgp". */
export function objectRef(obj: Pick<KubeObject, 'kind' | 'metadata'>): string {
  const ns = obj.metadata.namespace;
  return `${obj.kind} ${ns ? `${ns}/` : ''}${obj.metadata.name}`;
}

/** The object as the API server takes it: no `source`, and a metadata copy the client may fill in (default namespace). */
function body(obj: KubeObject): KubernetesObject {
  const { source: _source, ...rest } = obj;
  return { ...rest, metadata: { ...rest.metadata } } as KubernetesObject;
}

/** Applies the objects in order; the first failure stops the run with an error naming the object and its file. */
export async function applyObjects(kc: KubeConfig, objects: readonly KubeObject[], fieldManager = FIELD_MANAGER): Promise<KubernetesObject[]> {
  const client = KubernetesObjectApi.makeApiClient(kc);
  const applied: KubernetesObject[] = [];
  for (const obj of objects) {
    try {
      applied.push(await client.patch(body(obj), undefined, undefined, fieldManager, true, PatchStrategy.ServerSideApply));
    } catch (error) {
      throw new Error(`server-side apply of ${objectRef(obj)} (${obj.apiVersion}, from ${obj.source}) failed: ${describeApiError(error)}`, { cause: error });
    }
  }
  return applied;
}
