// `npm run lab -- plan`: everything the lab would configure for a spec,
// rendered without creating anything.
import type { LabSpec } from '../lab/spec.ts';
import type { ClusterProvider } from '../providers/types.ts';
import { assertValidLab } from '../lab/validate.ts';
import { assertManifestsMatchSpec } from '../lab/up.ts';
import { renderFrrFiles } from '../frr/render-frr-config.ts';
import { planCluster } from '../providers/emulated.ts';
import { renderNodeFiles } from '../emulated/node-files.ts';
import { networkOf, routerAddressOn } from '../lab/addresses.ts';
import { networkCreateOptions } from '../docker/networks.ts';

export async function renderPlan(spec: LabSpec, provider: ClusterProvider): Promise<string> {
  assertValidLab(spec);
  await assertManifestsMatchSpec(spec);
  await provider.check(spec);
  const out: string[] = [`# plan for lab "${spec.name}" on provider ${provider.name}`, '', '## networks'];
  for (const net of spec.networks) out.push(JSON.stringify(networkCreateOptions(spec.name, '<session>', net)));
  out.push('', `## router ${spec.router.name}: /etc/frr/frr.conf`, (await renderFrrFiles(spec))['frr.conf']);
  for (const cluster of spec.clusters) {
    const plan = await planCluster(spec, cluster);
    const returnRoutes = [{ prefix: networkOf(spec, spec.client.network).subnet, via: routerAddressOn(spec, cluster.network) }];
    out.push(`## cluster ${cluster.name}`);
    for (const s of plan.services) {
      out.push(`service ${s.service.namespace}/${s.service.name}: clusterIP ${s.clusterIP ?? 'none'}, loadBalancer ${s.loadBalancerIPs.join(', ') || `(pending: ${s.pending ?? 'not a LoadBalancer'})`}`);
    }
    for (const node of plan.nodes) {
      out.push('', `### node ${node.node.name} (${node.node.address})`, ...node.notes.map((n) => `note: ${n}`));
      for (const [path, content] of Object.entries(renderNodeFiles(node, cluster.name, returnRoutes))) out.push(`--- ${path}`, content.trimEnd());
    }
    out.push('');
  }
  return out.join('\n');
}
