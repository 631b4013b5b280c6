// `npm run lab -- plan`: everything the lab would create and configure for a
// spec on the chosen provider and router kind, rendered without creating anything.
import type { LabChoice } from '../lab/session.ts';
import { networkCreateOptions } from '../docker/networks.ts';

export async function renderPlan({ lab, provider, router }: LabChoice): Promise<string> {
  const { spec } = lab;
  await provider.check(lab);
  const out: string[] = [`# plan for lab "${spec.name}" on provider ${provider.name}, router kind ${router.name}`, '', '## docker networks (created through the Docker API)'];
  for (const net of spec.networks) out.push(JSON.stringify(networkCreateOptions(spec.name, '<session>', net)));
  for (const [path, content] of Object.entries(await router.render(lab))) out.push('', `## router ${spec.router.name}: ${path}`, content.trimEnd());
  out.push('', await provider.describePlan(lab));
  return out.join('\n');
}
