// What the kind provider asks of a cluster's Kubernetes API, each operation on
// one cluster's kubeconfig file: kube-ops.ts (loaded lazily) and the provider
// tests' stand-ins implement it.
import type { KubeObject } from '../../cilium/manifests.ts';
import type { BgpNeighbor } from '../../bgp/model.ts';
import type { CiliumBgpApiVersion, RolloutKind } from '../../k8s/waits.ts';
import type { RunningContainer } from '../../k8s/pods.ts';
import type { ClusterObjects } from '../../k8s/cluster-objects.ts';
import type { KindSchemas } from '../../cilium/schema/compact-schema.ts';

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
  /** The cilium.io CRDs the cluster serves, as compact schemas (for the schema-drift check). */
  ciliumSchemas(kubeconfig: string): Promise<Record<string, KindSchemas>>;
}
