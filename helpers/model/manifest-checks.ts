// Cross-checks the lab spec against each cluster's Cilium manifests, for both
// providers: the spec says what the router expects (ASNs, peer addresses, the
// VIP), the manifests say what Cilium will do. A mismatch would only show up
// later as a session stuck in Active or a VIP on the wrong address.
import type { LabSpec } from './spec.ts';
import type { SpecIssue } from './spec-issue.ts';
import type { CiliumBgpResources } from '../cilium/resources.ts';
import { assignServiceAddresses } from '../cilium/lb-ipam.ts';

export function checkManifestsAgainstSpec(spec: LabSpec, cluster: string, resources: CiliumBgpResources): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const index = spec.clusters.findIndex((c) => c.name === cluster);
  const clusterSpec = spec.clusters[index]!;
  const field = `clusters[${index}]`;
  const where = `${spec.manifestsDir}/{common,${cluster}}`;

  if (resources.clusterConfigs.length === 0) {
    issues.push({ field: `${field} manifests`, message: `no CiliumBGPClusterConfig in ${where}: cluster ${cluster} would not speak BGP` });
  }
  for (const config of resources.clusterConfigs) {
    for (const instance of config.instances) {
      if (instance.localASN !== clusterSpec.localAsn) {
        issues.push({ field: `${field}.localAsn`, message: `${clusterSpec.localAsn} differs from ${config.source} instance ${instance.name} localASN ${instance.localASN}` });
      }
      const toRouter = instance.peers.filter((p) => p.peerAddress === clusterSpec.peerAddress);
      if (toRouter.length === 0) {
        issues.push({ field: `${field}.peerAddress`, message: `${clusterSpec.peerAddress} is not a peerAddress of ${config.source} instance ${instance.name} (peers: ${instance.peers.map((p) => p.peerAddress).join(', ') || 'none'})` });
      }
      for (const peer of toRouter) {
        if (peer.peerASN !== spec.router.asn) {
          issues.push({ field: 'router.asn', message: `${spec.router.asn} differs from ${config.source} peer ${peer.name} peerASN ${peer.peerASN}` });
        }
      }
    }
  }

  const { namespace, name } = spec.workload;
  const assigned = assignServiceAddresses(resources, clusterSpec.serviceSubnet, cluster).find(
    (s) => s.service.namespace === namespace && s.service.name === name,
  );
  if (!assigned) {
    issues.push({ field: 'workload', message: `Service ${namespace}/${name} is not in ${where}` });
  } else if (assigned.service.type !== 'LoadBalancer') {
    issues.push({ field: 'workload', message: `Service ${namespace}/${name} in ${assigned.service.source} is type ${assigned.service.type}, not LoadBalancer` });
  } else if (!assigned.loadBalancerIPs.includes(spec.loadBalancer.vip)) {
    const got = assigned.loadBalancerIPs.join(', ') || `nothing (${assigned.pending})`;
    issues.push({ field: 'loadBalancer.vip', message: `${spec.loadBalancer.vip} is not what cluster ${cluster} gives Service ${namespace}/${name}: it gets ${got}` });
  }
  return issues;
}
