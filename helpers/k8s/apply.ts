// Server-side apply of the golden manifests, one object after the other, as
// `kubectl apply --server-side --force-conflicts --field-manager=anycast-lab
// --validate=strict`. Strict field validation (KEP-2885, kubernetes/enhancements
// keps/sig-api-machinery/2885-server-side-unknown-field-validation, GA in
// Kubernetes 1.27): a field the object's schema does not declare, or a field
// given twice, fails the request with BadRequest naming every such field. Left
// to the server's default (Warn), the field would be dropped with only a
// Warning response header, and a misspelt Cilium field would go unnoticed. Any
// Warning the server still sends (a deprecated API version, say) fails the
// step too, with its text.
import { createConfiguration, KubernetesObjectApi, PatchStrategy, ServerConfiguration, type Configuration, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
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

/**
 * The texts of a Warning response header (RFC 7234 5.5, as the API server writes it: `299 - "text"`,
 * several joined by commas when the client merged them). Pure.
 */
export function warningTexts(header: string): string[] {
  const texts = [...header.matchAll(/\d{3} \S+ "((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
  return texts.length > 0 ? texts : [header.trim()];
}

/** The client's own API class, built on a configuration of ours: the protected default-namespace setup is reachable from here. */
class ObjectApi extends KubernetesObjectApi {
  static on(configuration: Configuration, kc: KubeConfig): ObjectApi {
    const api = new ObjectApi(configuration);
    api.setDefaultNamespace(kc);
    return api;
  }
}

/**
 * An object API that asks for strict field validation on every request and collects the Warning
 * headers of the answers into `warnings`. The client's patch() has no fieldValidation parameter, so
 * a request middleware adds it, as kc.makeApiClient() builds its configuration otherwise.
 */
function strictObjectApi(kc: KubeConfig, warnings: string[]): ObjectApi {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('server-side apply: the kubeconfig has no current cluster');
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    promiseMiddleware: [{
      pre: async (context) => {
        context.setQueryParam('fieldValidation', 'Strict');
        return context;
      },
      post: async (response) => {
        const header = response.headers['warning'];
        if (header) warnings.push(...warningTexts(header));
        return response;
      },
    }],
  });
  return ObjectApi.on(configuration, kc);
}

/**
 * Applies the objects in order; the first failure stops the run with an error naming the object and
 * its file: a rejection (an undeclared field among them) or a warning from the API server.
 */
export async function applyObjects(kc: KubeConfig, objects: readonly KubeObject[], fieldManager = FIELD_MANAGER): Promise<KubernetesObject[]> {
  const warnings: string[] = [];
  const client = strictObjectApi(kc, warnings);
  const applied: KubernetesObject[] = [];
  for (const obj of objects) {
    const what = `server-side apply of ${objectRef(obj)} (${obj.apiVersion}, from ${obj.source})`;
    warnings.length = 0;
    try {
      applied.push(await client.patch(body(obj), undefined, undefined, fieldManager, true, PatchStrategy.ServerSideApply));
    } catch (error) {
      throw new Error(`${what} failed: ${describeApiError(error)}`, { cause: error });
    }
    if (warnings.length > 0) {
      throw new Error(`${what}: the API server warned, and a warning fails the step (fix the manifest): ${warnings.join('; ')}`);
    }
  }
  return applied;
}
