// What LB-IPAM says when it gives a Service no address: the addresses themselves
// are judged against Cilium's tests by the conformance corpus
// (fixtures/cilium-conformance/lb-ipam/); these pin the reasons a user reads.
import { describe, expect, it } from 'vitest';
import { parseManifests } from './manifests.ts';
import { readCiliumBgpResources } from './resources.ts';
import { assignServiceAddresses } from './lb-ipam.ts';

function assigned(yaml: string) {
  return assignServiceAddresses(readCiliumBgpResources(parseManifests(yaml, 'test.yaml')), '10.96.0.0/16', 'kind01');
}

const pool = (extra = '', metadata = '{ name: vips }', blocks = '{ start: 172.30.0.10, stop: 172.30.0.20 }') => `apiVersion: cilium.io/v2
kind: CiliumLoadBalancerIPPool
metadata: ${metadata}
spec:
  blocks: [${blocks}]
${extra}`;
const service = (spec = '') => `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  type: LoadBalancer
  selector: { app: web }
  ports: [{ port: 80 }]
${spec}`;

/** The first Service of the objects gets no address, and this reason. */
function expectRefused(yaml: string, pending: string): void {
  const [first] = assigned(yaml);
  expect(first!.loadBalancerIPs).toEqual([]);
  expect(first!.pending).toBe(pending);
}

describe('assignServiceAddresses', () => {
  it('leaves a Service of another controller\'s class alone, saying so', () => {
    expectRefused(`${pool()}\n---\n${service('  loadBalancerClass: example.com/other-lb')}`, 'spec.loadBalancerClass "example.com/other-lb" is another controller\'s: Cilium\'s LB-IPAM serves Services without a class and of io.cilium/bgp-control-plane, io.cilium/l2-announcer');
  });

  it('serves the BGP control plane\'s class', () => {
    const [web] = assigned(`${pool()}\n---\n${service('  loadBalancerClass: io.cilium/bgp-control-plane')}`);
    expect(web!.loadBalancerIPs).toEqual(['172.30.0.10']);
  });

  it('names a disabled pool as disabled, not as no pool at all', () => {
    expectRefused(`${pool('  disabled: true')}\n---\n${service()}`, 'the CiliumLoadBalancerIPPool selecting this Service is disabled (spec.disabled: true): vips');
  });

  it('gives spec.loadBalancerIP when the pool has it, and says why not when it does not', () => {
    expect(assigned(`${pool()}\n---\n${service('  loadBalancerIP: 172.30.0.15')}`)[0]!.loadBalancerIPs).toEqual(['172.30.0.15']);
    const [outside] = assigned(`${pool()}\n---\n${service('  loadBalancerIP: 172.31.0.1')}`);
    expect(outside!.loadBalancerIPs).toEqual([]);
    expect(outside!.pending).toBe('requested IPs not available in a matching pool: 172.31.0.1');
  });
});

describe('sharing an address', () => {
  const keyed = (name: string, port: number, extra = '') => `apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: shop, annotations: { lbipam.cilium.io/sharing-key: front${extra} } }
spec:
  type: LoadBalancer
  selector: { app: web }
  ports: [{ port: ${port} }]
`;

  it('gives Services with one key and different ports one address, and one clashing on a port another', () => {
    const [a, b, c] = assigned(`${pool()}\n---\n${keyed('a-http', 80)}\n---\n${keyed('b-https', 443)}\n---\n${keyed('c-http', 80)}`);
    expect([a!.loadBalancerIPs, b!.loadBalancerIPs, c!.loadBalancerIPs]).toEqual([['172.30.0.10'], ['172.30.0.10'], ['172.30.0.11']]);
  });

  it('says who holds a requested address and why it cannot be shared', () => {
    const [, second] = assigned(`${pool()}\n---\n${keyed('a-http', 80, ', lbipam.cilium.io/ips: 172.30.0.12')}\n---\n${keyed('b-http', 80, ', lbipam.cilium.io/ips: 172.30.0.12')}`);
    expect(second!.loadBalancerIPs).toEqual([]);
    expect(second!.pending).toBe('requested IP 172.30.0.12 is already allocated: shop/a-http holds it (both use port 80/TCP)');
  });
});

describe('a requested address the model cannot give', () => {
  it('is named, not left without a word', () => {
    expectRefused(`${pool()}\n---\n${service('  loadBalancerIP: fd00::1')}`, 'requested addresses the model cannot give (it allocates IPv4 only): fd00::1');
  });
});

describe('conflicting pools', () => {
  const twoPools = (second: string) => `${pool('  serviceSelector: { matchLabels: { pool: older } }')}\n---\n${pool('  serviceSelector: { matchLabels: { pool: newer } }', "{ name: zzz-newer, creationTimestamp: '2099-01-01T00:00:00Z' }", second)}`;
  it('gives nothing from the newer of two overlapping pools, and says why', () => {
    expectRefused(`${twoPools('{ cidr: 172.30.0.16/28 }')}\n---\n${service().replace('metadata: { name: web, namespace: shop }', 'metadata: { name: web, namespace: shop, labels: { pool: newer } }')}`, 'the CiliumLoadBalancerIPPool selecting this Service conflicts, and Cilium gives nothing from it: zzz-newer (its blocks overlap those of the older pool vips)');
  });

  it('lets pools whose blocks only touch each other give addresses', () => {
    const [web] = assigned(`${twoPools('{ cidr: 172.30.0.32/28 }')}\n---\n${service().replace('metadata: { name: web, namespace: shop }', 'metadata: { name: web, namespace: shop, labels: { pool: newer } }')}`);
    expect(web!.loadBalancerIPs).toEqual(['172.30.0.32']);
  });
});
