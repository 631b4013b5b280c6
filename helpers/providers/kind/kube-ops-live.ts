// The kind provider's Kubernetes API operations against a real cluster (kube-ops.ts
// loads this module on first use).
import type { KubeOps } from './kube-ops-types.ts';
import { loadKubeConfig } from '../../k8s/kubeconfig.ts';
import { applyObjects } from '../../k8s/apply.ts';
import { readBgpNodeConfigNeighbors, waitForBgpPeersEstablished, waitForRollout, waitForServiceIngressIp } from '../../k8s/waits.ts';
import { removeControlPlaneTaints } from '../../k8s/taints.ts';
import { podNodes, runningContainerOnNode } from '../../k8s/pods.ts';
import { deleteAllClusterObjects, deletePodsOnNode } from '../../k8s/deletes.ts';
import { readClusterObjects } from '../../k8s/cluster-objects.ts';
import { liveCiliumSchemas } from '../../k8s/crds.ts';

export const liveKubeOps: KubeOps = {
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
  ciliumSchemas: (kubeconfig) => liveCiliumSchemas(loadKubeConfig(kubeconfig)),
};
