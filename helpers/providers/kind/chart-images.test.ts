import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chartImages, chartValuesArgv } from './chart-images.ts';

const values = readFileSync('fixtures/examples/kind/helm-show-values-cilium-1.19.8.excerpt.yaml', 'utf8');

describe('chartImages', () => {
  it("names the agent, the generic operator and Envoy from the chart's values", () => {
    expect(chartImages(values)).toEqual([
      'quay.io/cilium/cilium:v1.19.8',
      'quay.io/cilium/operator-generic:v1.19.8',
      'quay.io/cilium/cilium-envoy:v1.37.6-1789133542-cbec91f666af0bf742da986d43832932dbb26b82',
    ]);
  });

  it('leaves Envoy out when the chart disables it', () => {
    expect(chartImages(values.replace('  enabled: ~\n  image:', '  enabled: false\n  image:'))).toHaveLength(2);
  });

  it('says which image block it could not read', () => {
    expect(() => chartImages('image:\n  repository: quay.io/cilium/cilium\n')).toThrow(
      'helm show values: no repository/tag for image, operator.image, envoy.image; cannot tell which images to preload',
    );
  });

  it('reads the values of the pinned chart version from the Cilium repository', () => {
    expect(chartValuesArgv('https://helm.cilium.io', '1.19.8')).toEqual(['helm', 'show', 'values', 'cilium', '--repo', 'https://helm.cilium.io', '--version', '1.19.8']);
  });
});
