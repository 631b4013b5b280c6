// `npm run lab -- plan`: everything the lab would create and configure for a
// spec on the chosen provider, rendered without creating anything.
import type { LabSpec } from '../spec/spec.ts';
import type { ClusterProvider } from '../providers/types.ts';
import { assertValidLab } from '../spec/validate.ts';
import { assertManifestsMatchSpec } from '../lab/start.ts';
import { renderFrrFiles } from '../routers/frr/render-config.ts';
import { networkCreateOptions } from '../docker/networks.ts';

export async function renderPlan(spec: LabSpec, provider: ClusterProvider): Promise<string> {
  assertValidLab(spec);
  await assertManifestsMatchSpec(spec);
  await provider.check(spec);
  const out: string[] = [`# plan for lab "${spec.name}" on provider ${provider.name}`, '', '## docker networks (created through the Docker API)'];
  for (const net of spec.networks) out.push(JSON.stringify(networkCreateOptions(spec.name, '<session>', net)));
  out.push('', `## router ${spec.router.name}: /etc/frr/frr.conf`, (await renderFrrFiles(spec))['frr.conf']);
  out.push(await provider.describePlan(spec));
  return out.join('\n');
}
