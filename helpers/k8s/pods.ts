// Which node each pod of a workload runs on: in kind mode a response names the
// pod that served it, and this map, read when a probe starts, turns that into a node.
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { describeApiError } from './api-error.ts';

export async function podNodes(kc: KubeConfig, namespace: string, labelSelector: string): Promise<Record<string, string>> {
  const core = kc.makeApiClient(CoreV1Api);
  try {
    const pods = await core.listNamespacedPod({ namespace, labelSelector });
    return Object.fromEntries(pods.items.map((p) => [p.metadata?.name ?? '?', p.spec?.nodeName ?? '?']));
  } catch (error) {
    throw new Error(`listing pods ${labelSelector} in ${namespace}: ${describeApiError(error)}`, { cause: error });
  }
}
