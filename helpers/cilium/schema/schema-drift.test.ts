// The drift check on real schemas: between two Cilium releases the CRDs do
// change, and each change is one line naming kind, version and field.
import { describe, expect, it } from 'vitest';
import { schemaDrift } from './schema-drift.ts';
import { schemaSet } from './schema-sets.ts';
import type { KindSchemas } from './compact-schema.ts';

describe('schemaDrift', () => {
  it('finds none between a minor\'s schemas and the same CRDs, their enum and required lists in another order', () => {
    const live = structuredClone(schemaSet('1.20').kinds) as Record<string, KindSchemas>;
    const families = (live['CiliumBGPPeerConfig']!.versions['v2']!.schema as any).properties.spec.properties.families.items;
    families.required = [...families.required].reverse();
    families.properties.afi.enum = [...families.properties.afi.enum].reverse();
    expect(schemaDrift(schemaSet('1.20'), live)).toEqual([]);
    families.properties.afi.enum.pop();
    expect(schemaDrift(schemaSet('1.20'), live)).toHaveLength(1);
  });

  it('names what Cilium 1.19 changed in the BGP CRDs against 1.18 (an interface advertisement, a source interface, auto-discovery modes)', () => {
    expect(schemaDrift(schemaSet('1.18'), schemaSet('1.19').kinds)).toEqual([
      'CiliumBGPAdvertisement v2 spec.advertisements[*].advertisementType: enum ["CiliumPodIPPool","PodCIDR","Service"] here, ["CiliumPodIPPool","Interface","PodCIDR","Service"] on the cluster',
      'CiliumBGPAdvertisement v2 spec.advertisements[*].interface: a field on the cluster, not here',
      'CiliumBGPClusterConfig v2 spec.bgpInstances[*].peers[*].autoDiscovery.mode: enum unset here, ["DefaultGateway"] on the cluster',
      'CiliumBGPClusterConfig v2 spec.bgpInstances[*].peers[*].autoDiscovery.mode: allOf has 2 branch(es) here, 0 on the cluster',
      'CiliumBGPNodeConfig v2 spec.bgpInstances[*].peers[*].autoDiscovery.mode: enum unset here, ["DefaultGateway"] on the cluster',
      'CiliumBGPNodeConfig v2 spec.bgpInstances[*].peers[*].autoDiscovery.mode: allOf has 2 branch(es) here, 0 on the cluster',
      'CiliumBGPPeerConfig v2 spec.transport.sourceInterface: a field on the cluster, not here',
    ]);
  });

  it('names a kind or a version the cluster lacks, and a served flag that changed; other cilium.io kinds are ignored', () => {
    const live = structuredClone(schemaSet('1.20').kinds) as Record<string, KindSchemas>;
    delete live['CiliumBGPNodeConfigOverride'];
    (live['CiliumLoadBalancerIPPool']!.versions['v2alpha1'] as { served: boolean }).served = false;
    delete (live['CiliumBGPAdvertisement']!.versions as Record<string, unknown>)['v2alpha1'];
    live['CiliumNetworkPolicy'] = { group: 'cilium.io', plural: 'ciliumnetworkpolicies', versions: {} };
    expect(schemaDrift(schemaSet('1.20'), live)).toEqual([
      'CiliumBGPAdvertisement v2alpha1: here, not on the cluster',
      'CiliumBGPNodeConfigOverride: in fixtures/cilium-schemas/1.20.json, not on the cluster',
      'CiliumLoadBalancerIPPool v2alpha1: served true here, false on the cluster',
    ]);
  });
});
