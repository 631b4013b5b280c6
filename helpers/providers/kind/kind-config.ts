// The kind cluster config for one lab cluster: its name, one control plane plus
// workers, no default CNI and no kube-proxy (Cilium replaces both), the
// cluster's pod and service CIDRs, and a pinned node image.
import { stringify } from 'yaml';
import type { ClusterSpec } from '../../model/spec.ts';

export function kindConfig(cluster: ClusterSpec, nodeImage: string): Record<string, unknown> {
  return {
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    name: cluster.name,
    networking: {
      disableDefaultCNI: true,
      kubeProxyMode: 'none',
      podSubnet: cluster.podSubnet,
      serviceSubnet: cluster.serviceSubnet,
    },
    nodes: Array.from({ length: cluster.nodes }, (_, i) => ({ role: i === 0 ? 'control-plane' : 'worker', image: nodeImage })),
  };
}

export function renderKindConfig(cluster: ClusterSpec, nodeImage: string): string {
  return `# kind config of cluster ${cluster.name}, rendered by the lab\n${stringify(kindConfig(cluster, nodeImage))}`;
}
