// Which Cilium and which node image a kind run uses.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chartVersionArgv, ciliumApiVersion, CILIUM_HELM_REPO, DEFAULT_CILIUM_VERSION, KIND_NODE_IMAGES, kindNodeImage, parseCiliumVersion, resolvedCiliumVersion } from './versions.ts';

// `helm show chart cilium` prints the chart's Chart.yaml (its top-level fields, as in cilium/cilium
// install/kubernetes/cilium/Chart.yaml; the version fields as published for 1.20.2).
const CHART = readFileSync('fixtures/examples/kind/helm-show-chart-cilium-1.20.excerpt.yaml', 'utf8');

describe('CILIUM_VERSION', () => {
  it('takes a release, or a minor to be resolved to its newest patch', () => {
    expect(parseCiliumVersion('1.19.8')).toEqual({ major: 1, minor: 19, patch: 8, text: '1.19.8' });
    expect(parseCiliumVersion('v1.20')).toEqual({ major: 1, minor: 20, text: '1.20.x' });
    expect(parseCiliumVersion(DEFAULT_CILIUM_VERSION).text).toBe('1.20.2');
  });

  it('resolves a minor with one read-only chart query, and checks the answer is of that minor', () => {
    const asked = parseCiliumVersion('1.20');
    // helm's --version takes a constraint, e.g. a range (helm cmd/helm/flags.go addChartPathOptionsFlags).
    expect(chartVersionArgv(CILIUM_HELM_REPO, asked)).toEqual(['helm', 'show', 'chart', 'cilium', '--repo', 'https://helm.cilium.io', '--version', '~1.20.0']);
    expect(resolvedCiliumVersion(CHART, asked)).toEqual({ major: 1, minor: 20, patch: 2, text: '1.20.2' });
    expect(() => resolvedCiliumVersion(CHART, parseCiliumVersion('1.19'))).toThrow('CILIUM_VERSION="1.19.x": helm show chart answered 1.20.2, not a 1.19 release');
    expect(() => resolvedCiliumVersion('name: cilium\n', asked)).toThrow('helm show chart cilium: no version in its Chart.yaml');
  });

  it('uses cilium.io/v2 for the BGP kinds from 1.18, v2alpha1 before', () => {
    expect(ciliumApiVersion(parseCiliumVersion('1.17'))).toBe('cilium.io/v2alpha1');
    expect(ciliumApiVersion(parseCiliumVersion('1.18.14'))).toBe('cilium.io/v2');
  });
});

describe('the kind node image', () => {
  // Cilium's "Kubernetes Compatibility" page lists the e2e-tested Kubernetes minors:
  // 1.18: 1.30, 1.31, 1.32, 1.33 (Documentation/network/kubernetes/compatibility.rst at v1.18.14);
  // 1.19: 1.32, 1.33, 1.34, 1.35. kind v0.32.0's release images: 1.36.1 (its default,
  // pkg/apis/config/defaults/image.go at v0.32.0), 1.35.5, 1.34.8, 1.33.12; no 1.32.
  it('is the newest Kubernetes the Cilium minor is tested with, among kind v0.32\'s images (the oldest one for minors older than them all)', () => {
    expect(kindNodeImage(parseCiliumVersion('1.18.14'), {})).toBe(KIND_NODE_IMAGES['1.33']);
    expect(kindNodeImage(parseCiliumVersion('1.19.8'), {})).toBe(KIND_NODE_IMAGES['1.35']);
    expect(kindNodeImage(parseCiliumVersion('1.20'), {})).toBe(KIND_NODE_IMAGES['1.35']);
    expect(kindNodeImage(parseCiliumVersion('1.17.10'), {})).toBe(KIND_NODE_IMAGES['1.33']);
    expect(kindNodeImage(parseCiliumVersion('1.21.0'), {})).toBe(KIND_NODE_IMAGES['1.36']);
    expect(KIND_NODE_IMAGES['1.36']).toBe('kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5');
  });

  it('is pinned by digest, and LAB_KIND_NODE_IMAGE overrides it', () => {
    for (const image of Object.values(KIND_NODE_IMAGES)) expect(image).toMatch(/^kindest\/node:v1\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    expect(kindNodeImage(parseCiliumVersion('1.18.14'), { LAB_KIND_NODE_IMAGE: 'kindest/node:v1.31.14' })).toBe('kindest/node:v1.31.14');
  });
});
