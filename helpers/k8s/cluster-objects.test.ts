// Reading a cluster's nodes, Services and EndpointSlices into the prediction's
// types, against lists in the API's shape (kind01 with Cilium: the LoadBalancer
// Service has its VIP in status.loadBalancer.ingress).
import { describe, expect, it } from 'vitest';
import { endpointNodes, readClusterObjects } from './cluster-objects.ts';
import { loadKubeConfig } from './kubeconfig.ts';
import { recorded, recordedApiPerTest } from './recorded-api-server.ts';
import type { V1EndpointSlice } from '@kubernetes/client-node';

const ROUTES = {
  'GET /api/v1/nodes': [{ file: 'nodes-kind01.json' }],
  'GET /api/v1/services': [{ file: 'services-kind01.json' }],
  'GET /apis/discovery.k8s.io/v1/endpointslices': [{ file: 'endpointslices-kind01.json' }],
};

describe('readClusterObjects', () => {
  const startApi = recordedApiPerTest();

  it('maps nodes, Services (with their real addresses) and ready endpoints', async () => {
    const api = await startApi(ROUTES);
    const objects = await readClusterObjects(loadKubeConfig(api.kubeconfigPath));
    expect(objects.nodes.map((n) => [n.name, n.address, n.podCidr, 'node-role.kubernetes.io/control-plane' in n.labels])).toEqual([
      ['kind01-control-plane', '10.20.0.3', '10.244.0.0/24', true],
      ['kind01-worker', '10.20.0.2', '10.244.1.0/24', false],
    ]);
    const nginx = objects.services.find((s) => s.service.name === 'nginxhello')!;
    expect(nginx).toMatchObject({ clusterIP: '10.96.201.17', loadBalancerIPs: ['172.30.0.10'], service: { namespace: 'default', type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', labels: { lbmode: 'bgp' } } });
    expect([...objects.endpoints.get('default/nginxhello')!].sort()).toEqual(['kind01-control-plane', 'kind01-worker']);
    // A not-ready endpoint does not count.
    expect([...objects.endpoints.get('kube-system/kube-dns')!]).toEqual(['kind01-control-plane']);
  });

  it('names what it was reading when the API refuses', async () => {
    const api = await startApi({ ...ROUTES, 'GET /api/v1/nodes': [{ status: 403, json: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'nodes is forbidden', reason: 'Forbidden', code: 403 } }] });
    await expect(readClusterObjects(loadKubeConfig(api.kubeconfigPath))).rejects.toThrow(/reading nodes, Services and EndpointSlices: .*forbidden/);
  });
});

describe('endpointNodes', () => {
  it('merges the slices of one Service and skips slices of no Service', () => {
    const slices = recorded('endpointslices-kind01.json') as { items: V1EndpointSlice[] };
    const extra: V1EndpointSlice = { addressType: 'IPv4', metadata: { namespace: 'default', labels: { 'kubernetes.io/service-name': 'nginxhello' } }, endpoints: [{ addresses: ['10.244.1.99'], nodeName: 'kind01-extra' }] };
    const orphan: V1EndpointSlice = { addressType: 'IPv4', metadata: { namespace: 'default' }, endpoints: [{ addresses: ['10.244.1.98'], nodeName: 'x' }] };
    const nodes = endpointNodes([...slices.items, extra, orphan]);
    expect([...nodes.get('default/nginxhello')!].sort()).toEqual(['kind01-control-plane', 'kind01-extra', 'kind01-worker']);
    expect(nodes.size).toBe(2);
  });
});
