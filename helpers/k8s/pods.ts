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

/** One container of a pod as its status says it runs now. */
export interface RunningContainer {
  readonly pod: string;
  /** RFC 3339, to the second (Kubernetes' `state.running.startedAt`). */
  readonly startedAt: string;
  readonly image: string;
}

interface PodLike {
  readonly metadata?: { readonly name?: string; readonly deletionTimestamp?: unknown };
  readonly status?: { readonly containerStatuses?: readonly { readonly name?: string; readonly image?: string; readonly state?: { readonly running?: { readonly startedAt?: unknown } } }[] };
}

/** Pure: the newest running `container` among pods (a pod being deleted is left out: a DaemonSet's old pod while its new one starts). */
export function newestRunningContainer(pods: readonly PodLike[], container: string): RunningContainer | undefined {
  const running = pods.filter((p) => !p.metadata?.deletionTimestamp).flatMap((p) => (p.status?.containerStatuses ?? [])
    .filter((c) => c.name === container && c.state?.running?.startedAt !== undefined)
    .map((c) => {
      const started = c.state!.running!.startedAt;
      return { pod: p.metadata?.name ?? '?', startedAt: started instanceof Date ? started.toISOString() : String(started), image: c.image ?? '' };
    }));
  return running.sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0];
}

/** The newest running `container` of the pods matching `labelSelector` on `node`. */
export async function runningContainerOnNode(kc: KubeConfig, namespace: string, labelSelector: string, node: string, container: string): Promise<RunningContainer | undefined> {
  const core = kc.makeApiClient(CoreV1Api);
  try {
    const pods = await core.listNamespacedPod({ namespace, labelSelector, fieldSelector: `spec.nodeName=${node}` });
    return newestRunningContainer(pods.items as PodLike[], container);
  } catch (error) {
    throw new Error(`reading pods ${labelSelector} on node ${node}: ${describeApiError(error)}`, { cause: error });
  }
}
