// Cilium's Helm values for one kind cluster: the reference write-up's values,
// plus the API server address kube-proxy-less Cilium needs on kind.
import { stringify } from 'yaml';
import type { ClusterSpec } from '../../model/spec.ts';

/** A kind node's only interface: kind attaches each node to one docker network (the lab's). */
export const KIND_NODE_DEVICE = 'eth0';

export interface CiliumValuesOptions {
  /**
   * For `helm upgrade`: the Cilium minor the cluster was first installed with. Cilium's upgrade guide
   * (Documentation/operations/upgrade.rst, "Use Helm to Upgrade your Cilium deployment"): "To minimize
   * datapath disruption during the upgrade, the upgradeCompatibility option should be set to the
   * initial Cilium version which was installed in this cluster."
   */
  readonly upgradeCompatibility?: string;
}

export function ciliumValues(cluster: ClusterSpec, options: CiliumValuesOptions = {}): Record<string, unknown> {
  return {
    ...(options.upgradeCompatibility ? { upgradeCompatibility: options.upgradeCompatibility } : {}),
    kubeProxyReplacement: true,
    // No kube-proxy: Cilium reaches the API server directly, at the control-plane node.
    k8sServiceHost: `${cluster.name}-control-plane`,
    k8sServicePort: 6443,
    // The node's lab interface, named: Cilium's device detection skips a veth that has no default
    // route of its own, unless the device is given (cilium/cilium pkg/datapath/linux/devices_controller.go,
    // "workaround for kubernetes-in-docker"; a user-given filter is matched before that check). A kind
    // node has one network, the lab's, as eth0; it also gets a default route via the router (model/node-routes.ts).
    devices: KIND_NODE_DEVICE,
    routingMode: 'native',
    ipv4NativeRoutingCIDR: cluster.podSubnet,
    autoDirectNodeRoutes: true,
    bgpControlPlane: { enabled: true },
    // The write-up's L2 options, but two of its values: `externalIPs.enabled` is in no chart from
    // 1.17 on (Helm would ignore it), and `l2podAnnouncements.enabled` needs an interface pattern from
    // 1.19 on or the agent does not start; BGP needs neither (chart-keys.test.ts checks every value
    // against each minor's chart).
    l2announcements: { enabled: true },
    l2NeighDiscovery: { enabled: true },
    // Images are loaded into the nodes with `kind load`, by tag: a digest reference would make kubelet pull.
    // The write-up's 2 replicas, but never more than nodes: the chart's required pod anti-affinity
    // puts one operator per node, so a second replica on a one-node cluster stays Pending and the
    // operator never reports ready.
    operator: { replicas: Math.min(2, cluster.nodes), image: { useDigest: false, pullPolicy: 'IfNotPresent' } },
    image: { useDigest: false, pullPolicy: 'IfNotPresent' },
    envoy: { image: { useDigest: false, pullPolicy: 'IfNotPresent' } },
    // Pod CIDRs from the cluster's podSubnet, so native routing over ipv4NativeRoutingCIDR matches them.
    ipam: { mode: 'kubernetes' },
    // One agent restarted at a time when the DaemonSet rolls (a Cilium upgrade): the chart's default
    // lets two go at once (Helm reference, updateStrategy: {"rollingUpdate":{"maxUnavailable":2},
    // "type":"RollingUpdate"}), which on a two-node cluster is every speaker of the cluster at once.
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
  };
}

export function renderCiliumValues(cluster: ClusterSpec, options: CiliumValuesOptions = {}): string {
  return `# Cilium Helm values of cluster ${cluster.name}, rendered by the lab\n${stringify(ciliumValues(cluster, options))}`;
}
