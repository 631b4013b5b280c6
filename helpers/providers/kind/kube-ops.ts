// The Kubernetes API operations the kind provider needs, each on one cluster's
// kubeconfig file. An interface, so provider tests can stand in for a cluster.
// The live ones (kube-ops-live.ts) are loaded on first use: the Kubernetes
// client takes about a second and a half of CPU to import, and every scenario
// file's worker loads the provider registry, in emulated runs too.
import type { KubeObject } from '../../cilium/manifests.ts';
import type { BgpNeighbor } from '../../bgp/model.ts';
import type { CiliumBgpApiVersion, RolloutKind } from '../../k8s/waits.ts';
import type { RunningContainer } from '../../k8s/pods.ts';
import type { ClusterObjects } from '../../k8s/cluster-objects.ts';

export interface KubeOps {
  untaintControlPlane(kubeconfig: string, node: string): Promise<void>;
  apply(kubeconfig: string, objects: readonly KubeObject[]): Promise<void>;
  waitRollout(kubeconfig: string, kind: RolloutKind, namespace: string, name: string): Promise<void>;
  waitServiceIp(kubeconfig: string, namespace: string, name: string, ip: string): Promise<void>;
  waitBgpEstablished(kubeconfig: string, nodes: readonly string[], apiVersion: CiliumBgpApiVersion): Promise<void>;
  bgpNeighbors(kubeconfig: string, node: string, apiVersion: CiliumBgpApiVersion): Promise<BgpNeighbor[]>;
  podNodes(kubeconfig: string, namespace: string, labelSelector: string): Promise<Record<string, string>>;
  /** Deletes every CiliumBGPAdvertisement: the cluster's speakers withdraw what they advertised. */
  deleteAdvertisements(kubeconfig: string, apiVersion: CiliumBgpApiVersion): Promise<void>;
  /** Deletes the Cilium agent pod on a node; its DaemonSet starts a new one. */
  restartAgent(kubeconfig: string, node: string): Promise<void>;
  /** The Cilium agent container running on a node now: when it started and its image. */
  agentContainer(kubeconfig: string, node: string): Promise<RunningContainer | undefined>;
  /** Nodes, Services and where their endpoints are, as the cluster has them now. */
  clusterObjects(kubeconfig: string): Promise<ClusterObjects>;
}

let live: Promise<KubeOps> | undefined;
const liveOps = (): Promise<KubeOps> => (live ??= import('./kube-ops-live.ts').then((m) => m.liveKubeOps));

const OPERATIONS = [
  'untaintControlPlane', 'apply', 'waitRollout', 'waitServiceIp', 'waitBgpEstablished', 'bgpNeighbors', 'podNodes',
  'deleteAdvertisements', 'restartAgent', 'agentContainer', 'clusterObjects',
] as const satisfies readonly (keyof KubeOps)[];
// Every operation of the interface is in the list (a new one not listed fails to compile here).
const everyOperation: Exclude<keyof KubeOps, (typeof OPERATIONS)[number]> extends never ? true : never = true;
void everyOperation;

/** Each operation loads the live ones on its first call, then runs. */
export const defaultKubeOps = Object.fromEntries(OPERATIONS.map((op) => [
  op,
  async (...args: unknown[]) => ((await liveOps())[op] as (...a: unknown[]) => Promise<unknown>)(...args),
])) as unknown as KubeOps;
