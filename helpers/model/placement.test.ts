import { describe, expect, it } from 'vitest';
import reference from '../../fixtures/reference-lab.ts';
import { placeAddress, placementOf, placeObjects, placeSpec } from './placement.ts';
import { resolveLab } from './resolve.ts';
import { validateLab } from './validate.ts';

describe('placing copies of a lab side by side', () => {
  it('copy 0 is the spec as written', () => {
    const p = placementOf(reference, 0);
    expect(p.name).toBe('anycast');
    expect(placeSpec(reference, p)).toBe(reference);
    expect(placeAddress('10.20.0.101', p)).toBe('10.20.0.101');
  });

  it('copy n moves each network to a /16 of its own, keeping every host part and the prefix length', () => {
    const one = placementOf(reference, 1);
    const two = placementOf(reference, 2);
    expect(one).toEqual({ index: 1, specName: 'anycast', name: 'anycast-1', subnets: { '192.168.20.0/24': '10.128.0.0/24', '10.20.0.0/16': '10.129.0.0/16', '172.20.0.0/16': '10.130.0.0/16' } });
    expect(Object.values(two.subnets)).toEqual(['10.131.0.0/24', '10.132.0.0/16', '10.133.0.0/16']);
    expect(placeAddress('10.20.0.101', one)).toBe('10.129.0.101');
    expect(placeAddress('192.168.20.2', one)).toBe('10.128.0.2');
    expect(placeAddress('10.20.0.0/16', one)).toBe('10.129.0.0/16');
    expect(placeAddress('10.20.3.0/24', one), 'a smaller block inside a network moves with it').toBe('10.129.3.0/24');
  });

  it('leaves what never sits on a docker bridge as written: pool, VIP, service and pod CIDRs, router id, non-addresses', () => {
    const one = placementOf(reference, 1);
    for (const text of ['172.30.0.10', '172.30.0.0/16', '10.96.0.0/16', '10.244.0.0/16', '10.0.255.11', 'kind-bgp-peer', '10.20.0.0/8', '10.20.0.1/99']) {
      expect(placeAddress(text, one), text).toBe(text);
    }
  });

  it('the moved spec is valid and its client still routes to every cluster network and the pool', () => {
    const spec = placeSpec(reference, placementOf(reference, 3));
    expect(validateLab(spec)).toEqual([]);
    expect(spec.name).toBe('anycast-3');
    expect(spec.client.routes).toEqual(['10.135.0.0/16', '10.136.0.0/16', '172.30.0.0/16']);
    expect(spec.clusters.map((c) => c.peerAddress)).toEqual(['10.135.0.101', '10.136.0.101']);
  });

  it('moves the peer addresses inside the manifests, nothing else', async () => {
    const lab = await resolveLab(reference, placementOf(reference, 1));
    const written = await resolveLab(reference);
    const peers = (l: typeof lab) => l.clusters.map((c) => c.resources.clusterConfigs.flatMap((cc) => cc.instances.flatMap((i) => i.peers.map((p) => p.peerAddress))));
    expect(peers(written)).toEqual([['10.20.0.101'], ['172.20.0.101']]);
    expect(peers(lab)).toEqual([['10.129.0.101'], ['10.130.0.101']]);
    expect(lab.clusters.map((c) => c.nodes.map((n) => n.address))).toEqual([['10.129.0.2', '10.129.0.3'], ['10.130.0.2', '10.130.0.3']]);
    expect(lab.clientSubnet).toBe('10.128.0.0/24');
    expect(lab.placement.specName).toBe('anycast');
    const strip = (o: unknown) => JSON.stringify(o).replaceAll('10.129.0.101', 'P').replaceAll('10.130.0.101', 'P').replaceAll('10.20.0.101', 'P').replaceAll('172.20.0.101', 'P');
    expect(strip(lab.clusters.map((c) => c.manifests))).toBe(strip(written.clusters.map((c) => c.manifests)));
    expect(placeObjects([{ apiVersion: 'v1', kind: 'X', metadata: { name: 'a' }, spec: { list: ['10.20.0.5', 7, null] } }] as never, placementOf(reference, 1))).toEqual([{ apiVersion: 'v1', kind: 'X', metadata: { name: 'a' }, spec: { list: ['10.129.0.5', 7, null] } }]);
  });

  it('never lands a network on one of the lab own prefixes, and says when a network is too large to move', () => {
    const crowded = { ...reference, client: { ...reference.client, routes: [...reference.client.routes, '10.128.0.0/15'] } };
    expect(Object.values(placementOf(crowded, 1).subnets)).toEqual(['10.130.0.0/24', '10.131.0.0/16', '10.132.0.0/16']);
    const wide = { ...reference, networks: reference.networks.map((n, i) => (i === 1 ? { ...n, subnet: '10.16.0.0/12' } : n)) };
    expect(() => placementOf(wide, 1)).toThrow('networks[1].subnet 10.16.0.0/12 is larger than a /16');
    expect(() => placementOf(reference, 43)).toThrow('room for 42 copies');
    expect(() => placementOf(reference, -1)).toThrow('index -1');
  });
});
