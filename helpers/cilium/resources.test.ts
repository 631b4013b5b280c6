import { describe, expect, it } from 'vitest';
import { parseManifests } from './manifests.ts';
import { CILIUM_PEER_DEFAULTS, ManifestError, readCiliumBgpResources } from './resources.ts';

const read = (yaml: string) => readCiliumBgpResources(parseManifests(yaml, 'test.yaml'));

/** The ManifestError's problems, or a failure when the text reads cleanly. */
function problems(yaml: string): readonly string[] {
  try {
    read(yaml);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return (error as ManifestError).problems;
  }
  throw new Error('expected a ManifestError');
}

const peerConfig = (spec: string, apiVersion = 'cilium.io/v2') => `
apiVersion: ${apiVersion}
kind: CiliumBGPPeerConfig
metadata:
  name: peer
spec:
${spec}
`;

const advertisement = (advertisements: string) => `
apiVersion: cilium.io/v2
kind: CiliumBGPAdvertisement
metadata:
  name: adverts
  labels:
    advertise: bgp
spec:
  advertisements:
${advertisements}
`;

describe('parseManifests', () => {
  it('names each object by file and document index, skipping empty documents', () => {
    const objects = parseManifests(`${peerConfig('  {}')}\n---\n---\n${advertisement('    - advertisementType: PodCIDR')}`, 'm.yaml');
    expect(objects.map((o) => [o.kind, o.source])).toEqual([['CiliumBGPPeerConfig', 'm.yaml#0'], ['CiliumBGPAdvertisement', 'm.yaml#2']]);
  });

  it('rejects a document without metadata.name', () => {
    expect(() => parseManifests('apiVersion: v1\nkind: Service\nmetadata: {}\n', 'm.yaml')).toThrow(/m\.yaml#0: metadata\.name is missing/);
  });
});

describe('CiliumBGPPeerConfig defaults (Cilium fills these in when a field is absent)', () => {
  const [pc] = read(peerConfig('  {}')).peerConfigs;

  it('timers: hold 90, keepalive 30, connect retry 120; peer port 179', () => {
    expect(pc).toMatchObject({ holdTimeSeconds: 90, keepAliveTimeSeconds: 30, connectRetryTimeSeconds: 120, peerPort: 179 });
    expect(CILIUM_PEER_DEFAULTS).toMatchObject({ holdTimeSeconds: 90, keepAliveTimeSeconds: 30, connectRetryTimeSeconds: 120 });
  });

  it('ebgpMultihop 1 (multihop off)', () => {
    expect(pc?.ebgpMultihop).toBe(1);
  });

  it('graceful restart off, restart time 120', () => {
    expect(pc?.gracefulRestart).toEqual({ enabled: false, restartTimeSeconds: 120 });
  });

  it('no authSecretRef', () => {
    expect(pc?.authSecretRef).toBeUndefined();
  });

  it('families: ipv4 and ipv6 unicast, with no advertisements selector (nothing advertised)', () => {
    expect(pc?.families).toEqual([{ afi: 'ipv4', safi: 'unicast' }, { afi: 'ipv6', safi: 'unicast' }]);
  });

  it('given fields override the defaults', () => {
    const [given] = read(peerConfig(`
  transport: { peerPort: 1179 }
  timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 3, connectRetryTimeSeconds: 5 }
  ebgpMultihop: 4
  authSecretRef: bgp-auth
  gracefulRestart: { enabled: true, restartTimeSeconds: 15 }
  families:
    - afi: ipv4
      safi: unicast
      advertisements: { matchLabels: { advertise: bgp } }`)).peerConfigs;
    expect(given).toMatchObject({
      peerPort: 1179, holdTimeSeconds: 9, keepAliveTimeSeconds: 3, connectRetryTimeSeconds: 5, ebgpMultihop: 4, authSecretRef: 'bgp-auth',
      gracefulRestart: { enabled: true, restartTimeSeconds: 15 },
      families: [{ afi: 'ipv4', safi: 'unicast', advertisements: { matchLabels: { advertise: 'bgp' } } }],
    });
  });
});

describe('API versions and kinds', () => {
  it('accepts cilium.io/v2alpha1 for the BGP resources', () => {
    const r = read(`${peerConfig('  {}', 'cilium.io/v2alpha1')}
---
apiVersion: cilium.io/v2alpha1
kind: CiliumBGPClusterConfig
metadata: { name: cc }
spec:
  bgpInstances:
    - name: i
      localASN: 65101
      peers: [{ name: p, peerASN: 65001, peerAddress: 10.0.0.1, peerConfigRef: { name: peer } }]
`);
    expect(r.peerConfigs).toHaveLength(1);
    expect(r.clusterConfigs[0]?.instances[0]).toMatchObject({ localASN: 65101, peers: [{ peerConfigRef: 'peer', peerAddress: '10.0.0.1' }] });
  });

  it('rejects another apiVersion, naming file#doc, the field and the value', () => {
    const [p] = problems(`---\n${peerConfig('  {}', 'cilium.io/v1')}`);
    expect(p).toContain('test.yaml#0');
    expect(p).toContain('apiVersion');
    expect(p).toContain('"cilium.io/v1"');
  });

  it('rejects the legacy CiliumBGPPeeringPolicy, pointing at the v2 resources', () => {
    const [p] = problems('apiVersion: cilium.io/v2alpha1\nkind: CiliumBGPPeeringPolicy\nmetadata: { name: legacy }\nspec: {}\n');
    expect(p).toMatch(/^test\.yaml#0 \(CiliumBGPPeeringPolicy legacy\) kind: .*CiliumBGPClusterConfig/);
  });
});

describe('validation problems (ManifestError)', () => {
  it('keepAliveTimeSeconds greater than holdTimeSeconds', () => {
    const [p] = problems(peerConfig('  timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 10 }'));
    expect(p).toBe('test.yaml#0 (CiliumBGPPeerConfig peer) spec.timers.keepAliveTimeSeconds: 10 is greater than holdTimeSeconds 9');
  });

  it('keepalive above the default hold time of 90', () => {
    expect(problems(peerConfig('  timers: { keepAliveTimeSeconds: 91 }'))).toEqual([
      'test.yaml#0 (CiliumBGPPeerConfig peer) spec.timers.keepAliveTimeSeconds: 91 is greater than holdTimeSeconds 90',
    ]);
  });

  it('an unknown advertisementType (one problem, no follow-on "service.addresses is required")', () => {
    const all = problems(advertisement('    - advertisementType: Services'));
    expect(all).toHaveLength(1);
    const [p] = all;
    expect(p).toContain('test.yaml#0 (CiliumBGPAdvertisement adverts) spec.advertisements[0].advertisementType');
    expect(p).toContain('"Services"');
  });

  it('a standard community that is not ASN:value', () => {
    const [p] = problems(advertisement(`    - advertisementType: PodCIDR
      attributes: { communities: { standard: ["65000-100"] } }`));
    expect(p).toContain('test.yaml#0 (CiliumBGPAdvertisement adverts) spec.advertisements[0].attributes.communities.standard[0]');
    expect(p).toContain('"65000-100"');
  });

  it('a Service advertisement without service.addresses', () => {
    const [p] = problems(advertisement('    - advertisementType: Service\n      selector: {}'));
    expect(p).toBe('test.yaml#0 (CiliumBGPAdvertisement adverts) spec.advertisements[0].service.addresses: is required');
  });

  it('reports every problem at once, across documents', () => {
    const all = problems(`${peerConfig('  timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 10 }\n  ebgpMultihop: 0')}
---
${advertisement(`    - advertisementType: Bogus
      attributes: { communities: { standard: ["x:1"] } }`)}`);
    expect(all).toHaveLength(4);
    expect(all.filter((p) => p.startsWith('test.yaml#0 '))).toHaveLength(2);
    expect(all.filter((p) => p.startsWith('test.yaml#1 '))).toHaveLength(2);
    expect(all.join('\n')).toMatch(/spec\.ebgpMultihop: expected a whole number from 1 to 255, got 0/);
  });

  it('the error message lists the problems', () => {
    expect(() => read(peerConfig('  timers: { holdTimeSeconds: 2 }'))).toThrow(/1 problem\(s\):\n {2}- .*spec\.timers\.holdTimeSeconds: expected a whole number from 3 to 65535, got 2/);
  });
});

describe('Secrets', () => {
  it('base64-decodes data and reads stringData (stringData wins, as in Kubernetes)', () => {
    const [secret] = read(`
apiVersion: v1
kind: Secret
metadata: { name: bgp-auth, namespace: kube-system }
data:
  password: ${Buffer.from('s3cret').toString('base64')}
  other: ${Buffer.from('from-data').toString('base64')}
stringData:
  other: from-stringData
`).secrets;
    expect(secret).toEqual({ name: 'bgp-auth', namespace: 'kube-system', data: { password: 's3cret', other: 'from-stringData' } });
  });

  it('a Secret without a namespace is in default', () => {
    expect(read('apiVersion: v1\nkind: Secret\nmetadata: { name: s }\nstringData: { password: p }\n').secrets[0]?.namespace).toBe('default');
  });
});

describe('Services and pools', () => {
  it('reads type, externalTrafficPolicy, labels, externalIPs and the lbipam.cilium.io/ips annotation', () => {
    const [svc] = read(`
apiVersion: v1
kind: Service
metadata:
  name: web
  labels: { lbmode: bgp }
  annotations: { lbipam.cilium.io/ips: "172.30.0.15, 172.30.0.16" }
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  externalIPs: [198.51.100.7]
  selector: { app: web }
  ports: [{ port: 80 }]
`).services;
    expect(svc).toMatchObject({
      name: 'web', namespace: 'default', type: 'LoadBalancer', externalTrafficPolicy: 'Local', labels: { lbmode: 'bgp' },
      externalIPs: ['198.51.100.7'], requestedIPs: ['172.30.0.15', '172.30.0.16'], selector: { app: 'web' }, servicePorts: [{ port: 80, protocol: 'TCP' }],
    });
  });

  it('a Service defaults to type ClusterIP and externalTrafficPolicy Cluster', () => {
    expect(read('apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec: {}\n').services[0]).toMatchObject({ type: 'ClusterIP', externalTrafficPolicy: 'Cluster' });
  });

  it('a pool reads start/stop and cidr blocks; disabled defaults to false', () => {
    const [pool] = read(`
apiVersion: cilium.io/v2
kind: CiliumLoadBalancerIPPool
metadata: { name: pool }
spec:
  blocks: [{ start: 172.30.0.10, stop: 172.30.0.20 }, { cidr: 172.30.1.0/24 }]
`).pools;
    expect(pool).toMatchObject({ blocks: [{ start: '172.30.0.10', stop: '172.30.0.20' }, { cidr: '172.30.1.0/24' }], disabled: false });
    expect(pool?.serviceSelector).toBeUndefined();
  });
});
