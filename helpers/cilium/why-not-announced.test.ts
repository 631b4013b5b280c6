// The first broken link between a node and the VIP's route, named with its
// object, file and field, on the golden manifests with one thing changed.
import { describe, expect, it } from 'vitest';
import reference from '../../fixtures/reference-lab.ts';
import { resolveLab } from '../model/resolve.ts';
import { assignServiceAddresses } from './lb-ipam.ts';
import { nodeBgp, type ClusterNode } from './advertisements.ts';
import type { CiliumBgpResources } from './resources.ts';
import { whyNotAnnounced } from './why-not-announced.ts';

const golden = (await resolveLab(reference)).clusters[0]!.resources;
const NODES: ClusterNode[] = [
  { name: 'kind01-control-plane', address: '10.20.0.2', labels: { 'kubernetes.io/hostname': 'kind01-control-plane', 'node-role.kubernetes.io/control-plane': '' } },
  { name: 'kind01-worker', address: '10.20.0.3', labels: { 'kubernetes.io/hostname': 'kind01-worker' } },
];
const VIP = '172.30.0.10';

function why(resources: CiliumBgpResources, endpoints = new Map<string, Set<string>>([['default/nginxhello', new Set(['kind01-worker'])]])): string[] {
  const services = assignServiceAddresses(resources, '10.96.0.0/16', 'kind01');
  const service = services.find((s) => s.service.name === 'nginxhello')!;
  return whyNotAnnounced(resources, nodeBgp({ resources, nodes: NODES, services, endpoints }), service, VIP, 'LoadBalancerIP');
}

describe('whyNotAnnounced', () => {
  it('finds nothing wrong with the golden manifests', () => {
    expect(why(golden)).toEqual([]);
  });

  it('names the advertisement whose Service selector misses the Service', () => {
    const ads = golden.advertisements.map((a) => ({ ...a, advertisements: a.advertisements.map((ad) => ({ ...ad, selector: { matchLabels: { lbmode: 'l2' } } })) }));
    expect(why({ ...golden, advertisements: ads })).toEqual([
      'fixtures/cilium/common/bgp-advertisement.yaml#0: CiliumBGPAdvertisement kind-bgp-advertisements spec.advertisements[0].selector {"matchLabels":{"lbmode":"l2"}} does not select Service default/nginxhello (labels {"lbmode":"bgp"})',
    ]);
  });

  it('names the peer config whose family selects no advertisement by label', () => {
    const ads = golden.advertisements.map((a) => ({ ...a, labels: { advertise: 'other' } }));
    expect(why({ ...golden, advertisements: ads })[0]).toBe(
      'fixtures/cilium/common/bgp-peer-config.yaml#0: CiliumBGPPeerConfig kind-bgp-peer selects advertisements labelled {"matchLabels":{"advertise":"bgp"}}; no CiliumBGPAdvertisement has those labels (known: kind-bgp-advertisements {"advertise":"other"})',
    );
  });

  it('names a missing address type', () => {
    const ads = golden.advertisements.map((a) => ({ ...a, advertisements: a.advertisements.map((ad) => ({ ...ad, serviceAddresses: ['ClusterIP' as const] })) }));
    expect(why({ ...golden, advertisements: ads })).toEqual([
      'fixtures/cilium/common/bgp-advertisement.yaml#0: CiliumBGPAdvertisement kind-bgp-advertisements spec.advertisements[0].service.addresses lacks LoadBalancerIP',
    ]);
  });

  it('names a cluster config whose nodeSelector selects no node', () => {
    const configs = golden.clusterConfigs.map((c) => ({ ...c, nodeSelector: { matchLabels: { bgp: 'on' } } }));
    expect(why({ ...golden, clusterConfigs: configs })[0]).toMatch(/^fixtures\/cilium\/kind01\/bgp-cluster-config.yaml#0: spec.nodeSelector \{"matchLabels":\{"bgp":"on"\}\} selects none of the nodes/);
  });

  it('names externalTrafficPolicy Local with no ready endpoint on a BGP node', () => {
    const services = golden.services.map((s) => ({ ...s, externalTrafficPolicy: 'Local' as const }));
    expect(why({ ...golden, services }, new Map([['default/nginxhello', new Set<string>()]]))).toEqual([
      'Service default/nginxhello (fixtures/cilium/common/workload.yaml#1) has externalTrafficPolicy: Local and no node that speaks BGP has a ready endpoint of it',
    ]);
  });
});
