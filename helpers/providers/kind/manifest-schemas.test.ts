// The manifests each supported Cilium gets (versioned-manifests.ts) against
// that minor's own CRD schemas: the apiVersion rewrite and the fields dropped
// for 1.16 and 1.17 are judged by those releases' CRDs, not by our reading
// (cilium/cilium pkg/k8s/apis/cilium.io/client/crds/ at v1.16.15, v1.17.14,
// v1.18.10, v1.19.4 and v1.20.0-pre.4; each fixtures/cilium-schemas file names
// its commit).
import { describe, expect, it } from 'vitest';
import reference from '../../../fixtures/reference-lab.ts';
import { resolveLab } from '../../model/resolve.ts';
import { versionedSchemaProblems } from './manifest-schemas.ts';
import { parseCiliumVersion } from './versions.ts';

const lab = await resolveLab(reference);

describe('versionedSchemaProblems', () => {
  it.each(['1.16.15', '1.17.14', '1.18.10', '1.19.4', '1.20.0'])('finds none in the reference lab as Cilium %s gets it', (version) => {
    expect(versionedSchemaProblems(lab, parseCiliumVersion(version))).toEqual([]);
  });

  it('names what a minor refuses, with the release its schemas come from', () => {
    const misspelt = { clusters: lab.clusters.map((c) => ({ ...c, manifests: c.manifests.map((o) => (o.kind === 'CiliumBGPPeerConfig' ? { ...o, spec: { ...(o.spec as object), gracefulRestar: {} } } : o)) })) };
    expect(versionedSchemaProblems(misspelt, parseCiliumVersion('1.16.15'))).toEqual([
      'Cilium 1.16 (CRD schemas at v1.16.15): fixtures/cilium/common/bgp-peer-config.yaml#0 CiliumBGPPeerConfig/kind-bgp-peer spec.gracefulRestar: unknown field; did you mean gracefulRestart?',
    ]);
  });
});
