// Deletions the failover scenarios need on a real cluster: withdraw every
// CiliumBGPAdvertisement (Cilium then withdraws the routes), and restart the
// Cilium agent of one node by deleting its pod (the DaemonSet recreates it).
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { describeApiError } from './api-error.ts';

export async function deleteAllClusterObjects(kc: KubeConfig, apiVersion: string, plural: string): Promise<string[]> {
  const [group = '', version = ''] = apiVersion.split('/');
  const api = kc.makeApiClient(CustomObjectsApi);
  try {
    const list = (await api.listClusterCustomObject({ group, version, plural })) as { items?: { metadata?: { name?: string } }[] };
    const names = (list.items ?? []).map((i) => i.metadata?.name).filter((n): n is string => !!n);
    for (const name of names) await api.deleteClusterCustomObject({ group, version, plural, name });
    return names;
  } catch (error) {
    throw new Error(`deleting every ${plural} (${apiVersion}): ${describeApiError(error)}`, { cause: error });
  }
}

export async function deletePodsOnNode(kc: KubeConfig, namespace: string, labelSelector: string, node: string): Promise<string[]> {
  const core = kc.makeApiClient(CoreV1Api);
  try {
    const pods = await core.listNamespacedPod({ namespace, labelSelector, fieldSelector: `spec.nodeName=${node}` });
    const names = pods.items.map((p) => p.metadata?.name).filter((n): n is string => !!n);
    if (names.length === 0) throw new Error(`no pod ${labelSelector} runs on ${node}`);
    for (const name of names) await core.deleteNamespacedPod({ namespace, name });
    return names;
  } catch (error) {
    throw new Error(`deleting pods ${labelSelector} on node ${node}: ${describeApiError(error)}`, { cause: error });
  }
}
