// The Kubernetes API operations the kind provider needs, each on one cluster's
// kubeconfig file. An interface, so provider tests can stand in for a cluster.
import type { KubeObject } from '../../cilium/manifests.ts';
import type { BgpNeighbor } from '../../bgp/model.ts';
import { loadKubeConfig } from '../../k8s/kubeconfig.ts';
import { applyObjects } from '../../k8s/apply.ts';
import { readBgpNodeConfigNeighbors, waitForBgpPeersEstablished, waitForRollout, waitForServiceIngressIp, type CiliumBgpApiVersion, type RolloutKind } from '../../k8s/waits.ts';
import { removeControlPlaneTaints } from '../../k8s/taints.ts';
import { podNodes, runningContainerOnNode, type RunningContainer } from '../../k8s/pods.ts';
import { deleteAllClusterObjects, deletePodsOnNode } from '../../k8s/deletes.ts';
import { readClusterObjects, type ClusterObjects } from '../../k8s/cluster-objects.ts';

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

export const defaultKubeOps: KubeOps = {
  untaintControlPlane: (kubeconfig, node) => removeControlPlaneTaints(loadKubeConfig(kubeconfig), node),
  apply: async (kubeconfig, objects) => {
    await applyObjects(loadKubeConfig(kubeconfig), objects);
  },
  waitRollout: async (kubeconfig, kind, namespace, name) => {
    await waitForRollout(loadKubeConfig(kubeconfig), kind, namespace, name);
  },
  waitServiceIp: (kubeconfig, namespace, name, ip) => waitForServiceIngressIp(loadKubeConfig(kubeconfig), namespace, name, ip),
  waitBgpEstablished: async (kubeconfig, nodes, apiVersion) => {
    await waitForBgpPeersEstablished(loadKubeConfig(kubeconfig), [...nodes], apiVersion);
  },
  bgpNeighbors: (kubeconfig, node, apiVersion) => readBgpNodeConfigNeighbors(loadKubeConfig(kubeconfig), node, apiVersion),
  podNodes: (kubeconfig, namespace, labelSelector) => podNodes(loadKubeConfig(kubeconfig), namespace, labelSelector),
  deleteAdvertisements: async (kubeconfig, apiVersion) => {
    await deleteAllClusterObjects(loadKubeConfig(kubeconfig), apiVersion, 'ciliumbgpadvertisements');
  },
  restartAgent: async (kubeconfig, node) => {
    await deletePodsOnNode(loadKubeConfig(kubeconfig), 'kube-system', 'k8s-app=cilium', node);
  },
  agentContainer: (kubeconfig, node) => runningContainerOnNode(loadKubeConfig(kubeconfig), 'kube-system', 'k8s-app=cilium', node, 'cilium-agent'),
  clusterObjects: (kubeconfig) => readClusterObjects(loadKubeConfig(kubeconfig)),
};
