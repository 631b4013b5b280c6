// The images a Cilium chart version deploys by default, read from its values
// (`helm show values cilium --repo ... --version X`): the agent, the generic
// operator and, from 1.16, the standalone Envoy proxy. The nodes have no way
// out of the lab, so these are pulled on the host and `kind load`ed.
import { parse } from 'yaml';

interface ImageValues {
  readonly repository?: string;
  readonly tag?: string;
  readonly suffix?: string;
}

function ref(image: ImageValues | undefined, suffix = ''): string | undefined {
  if (!image?.repository || !image.tag) return undefined;
  return `${image.repository}${suffix}${image.suffix ?? ''}:${image.tag}`;
}

export function chartImages(valuesYaml: string): string[] {
  const values = parse(valuesYaml) as {
    image?: ImageValues;
    operator?: { image?: ImageValues };
    envoy?: { enabled?: boolean | null; image?: ImageValues };
  };
  const images = [
    ref(values.image),
    // The chart deploys <repository>-generic<suffix> on clusters outside AWS, Azure and Alibaba Cloud.
    ref(values.operator?.image, '-generic'),
    // envoy.enabled is null in the chart and defaults to on for new installs.
    values.envoy?.enabled === false ? undefined : ref(values.envoy?.image),
  ];
  const missing = ['image', 'operator.image', 'envoy.image'].filter((_, i) => images[i] === undefined && !(i === 2 && values.envoy?.enabled === false));
  if (missing.length > 0) throw new Error(`helm show values: no repository/tag for ${missing.join(', ')}; cannot tell which images to preload`);
  return images.filter((i): i is string => i !== undefined);
}

export function chartValuesArgv(repo: string, version: string): string[] {
  return ['helm', 'show', 'values', 'cilium', '--repo', repo, '--version', version];
}
