import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../cilium/manifests.ts';
import { readCiliumBgpResources } from '../../cilium/resources.ts';
import { renderAnnouncements } from './node-files.ts';
import { TranslationError, translateCluster, type EmulatedClusterPlan, type EmulatedNode } from './translate.ts';

// Small builders for the objects of one cluster. Each returns a plain object;
// `lab()` serialises them as YAML documents (JSON is YAML) and reads them back
// the way the provider does, so the tests go through the real reader.
type Obj = Record<string, unknown>;

const clusterConfig = (instance: Obj = {}, spec: Obj = {}): Obj => ({
  apiVersion: 'cilium.io/v2', kind: 'CiliumBGPClusterConfig', metadata: { name: 'bgp' },
  spec: {
    ...spec,
    bgpInstances: [{
      name: 'instance-65101', localASN: 65101,
      peers: [{ name: 'tor', peerASN: 65001, peerAddress: '10.0.0.1', peerConfigRef: { name: 'peer' } }],
      ...instance,
    }],
  },
});
const ADVERTISE_BGP = [{ afi: 'ipv4', safi: 'unicast', advertisements: { matchLabels: { advertise: 'bgp' } } }];
const peerConfig = (spec: Obj = {}, name = 'peer'): Obj => ({
  apiVersion: 'cilium.io/v2', kind: 'CiliumBGPPeerConfig', metadata: { name }, spec: { families: ADVERTISE_BGP, ...spec },
});
const serviceAd = (addresses: string[] = ['LoadBalancerIP'], extra: Obj = {}): Obj => ({
  advertisementType: 'Service', service: { addresses }, selector: { matchLabels: { lbmode: 'bgp' } }, ...extra,
});
const advertisement = (advertisements: Obj[] = [serviceAd()], labels: Obj = { advertise: 'bgp' }): Obj => ({
  apiVersion: 'cilium.io/v2', kind: 'CiliumBGPAdvertisement', metadata: { name: 'adverts', labels }, spec: { advertisements },
});
const pool = (spec: Obj = {}, name = 'pool'): Obj => ({
  apiVersion: 'cilium.io/v2', kind: 'CiliumLoadBalancerIPPool', metadata: { name },
  spec: { blocks: [{ start: '172.30.0.10', stop: '172.30.0.20' }], serviceSelector: { matchLabels: { lbmode: 'bgp' } }, ...spec },
});
const service = (name = 'web', spec: Obj = {}, metadata: Obj = {}): Obj => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', labels: { lbmode: 'bgp' }, ...metadata },
  spec: { type: 'LoadBalancer', selector: { app: name }, ports: [{ port: 80 }], ...spec },
});
const deployment = (name = 'web', replicas = 2): Obj => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } } } },
});
const secret = (namespace: string, stringData: Obj = { password: 's3cret' }): Obj => ({
  apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bgp-auth', namespace }, stringData,
});

const NODES: EmulatedNode[] = [
  { name: 'n1', address: '10.0.0.2', labels: { 'kubernetes.io/hostname': 'n1', 'node-role.kubernetes.io/control-plane': '' } },
  { name: 'n2', address: '10.0.0.3', labels: { 'kubernetes.io/hostname': 'n2', rack: 'r2' } },
];

type Part = 'clusterConfig' | 'peerConfig' | 'advertisement' | 'pool' | 'service' | 'deployment';

/** The default lab (one LoadBalancer Service "web" with 2 replicas, advertised by LoadBalancerIP), with parts replaced or dropped (null) and extra objects added. */
function lab(parts: Partial<Record<Part, Obj | null>> = {}, ...extra: Obj[]): Obj[] {
  const defaults: Record<Part, Obj> = {
    clusterConfig: clusterConfig(), peerConfig: peerConfig(), advertisement: advertisement(), pool: pool(), service: service(), deployment: deployment(),
  };
  return [...(Object.keys(defaults) as Part[]).map((k) => (k in parts ? parts[k] : defaults[k])), ...extra].filter((o): o is Obj => o !== null && o !== undefined);
}

function translate(objects: readonly Obj[], cluster = 'c1', nodes: readonly EmulatedNode[] = NODES): EmulatedClusterPlan {
  const resources = readCiliumBgpResources(parseManifests(objects.map((o) => JSON.stringify(o)).join('\n---\n'), 'test.yaml'));
  return translateCluster({ cluster, resources, nodes, serviceSubnet: '10.96.0.0/16', podSubnet: '10.244.0.0/16' });
}

const prefixes = (plan: EmulatedClusterPlan, node = 0) => plan.nodes[node]!.announcements.map((a) => a.prefix);
const global = (plan: EmulatedClusterPlan, node = 0) => plan.nodes[node]!.gobgp!.global.config;
const neighbor = (plan: EmulatedClusterPlan, node = 0, n = 0) => plan.nodes[node]!.gobgp!.neighbors[n]!;
const service0 = (plan: EmulatedClusterPlan, name = 'web') => plan.services.find((s) => s.service.name === name)!;
const VIP = '172.30.0.10/32';

describe('translateCluster is pure', () => {
  it('the same input gives the same plan and the input is not changed', () => {
    const objects = lab({}, secret('kube-system'));
    const resources = readCiliumBgpResources(parseManifests(objects.map((o) => JSON.stringify(o)).join('\n---\n'), 'test.yaml'));
    const before = JSON.stringify(resources);
    const input = { cluster: 'c1', resources, nodes: NODES, serviceSubnet: '10.96.0.0/16', podSubnet: '10.244.0.0/16' };
    expect(translateCluster(input)).toEqual(translateCluster(input));
    expect(JSON.stringify(resources)).toBe(before);
  });
});

describe('CiliumBGPClusterConfig', () => {
  it('nodeSelector: a node not selected gets no GoBGP config and announces nothing', () => {
    const plan = translate(lab({ clusterConfig: clusterConfig({}, { nodeSelector: { matchLabels: { rack: 'r2' } } }) }));
    expect(plan.nodes[0]!.gobgp).toBeUndefined();
    expect(plan.nodes[0]!.instance).toBeUndefined();
    expect(plan.nodes[0]!.announcements).toEqual([]);
    expect(plan.nodes[0]!.notes.join()).toMatch(/does not speak BGP/);
    expect(plan.nodes[1]!.instance).toBe('instance-65101');
    expect(prefixes(plan, 1)).toEqual([VIP]);
  });

  it('no nodeSelector: every node speaks BGP', () => {
    const plan = translate(lab());
    expect(plan.nodes.map((n) => n.instance)).toEqual(['instance-65101', 'instance-65101']);
  });

  it('two cluster configs selecting one node are a conflict', () => {
    const other = { ...clusterConfig(), metadata: { name: 'bgp-2' } };
    expect(() => translate(lab({}, other))).toThrow(TranslationError);
  });

  it('bgpInstances: two instances on a node are rejected', () => {
    const cc = clusterConfig();
    const instance = (cc['spec'] as { bgpInstances: Obj[] }).bgpInstances[0]!;
    const two = { ...cc, spec: { bgpInstances: [instance, { ...instance, name: 'second', localASN: 65201 }] } };
    expect(() => translate(lab({ clusterConfig: two }))).toThrow(TranslationError);
    expect(() => translate(lab({ clusterConfig: two }))).toThrow(/one BGP instance per node is supported, got 2/);
  });

  it('localASN is the GoBGP global AS', () => {
    expect(global(translate(lab({ clusterConfig: clusterConfig({ localASN: 65123 }) }))).as).toBe(65123);
  });

  it('localPort is the GoBGP listen port', () => {
    expect(global(translate(lab({ clusterConfig: clusterConfig({ localPort: 1790 }) }))).port).toBe(1790);
  });

  it('no localPort: the instance does not listen (port -1), as in Cilium', () => {
    expect(global(translate(lab())).port).toBe(-1);
  });

  it('peers: neighbour address, peer AS and description, one neighbour per peer', () => {
    const plan = translate(lab({
      clusterConfig: clusterConfig({
        peers: [
          { name: 'tor-a', peerASN: 65001, peerAddress: '10.0.0.1', peerConfigRef: { name: 'peer' } },
          { name: 'tor-b', peerASN: 65002, peerAddress: '10.0.0.254', peerConfigRef: { name: 'peer' } },
        ],
      }),
    }));
    expect(plan.nodes[0]!.gobgp!.neighbors.map((n) => n.config)).toEqual([
      { 'neighbor-address': '10.0.0.1', 'peer-as': 65001, description: 'tor-a' },
      { 'neighbor-address': '10.0.0.254', 'peer-as': 65002, description: 'tor-b' },
    ]);
  });

  it('peerConfigRef to a missing CiliumBGPPeerConfig is an error naming the known ones', () => {
    const cc = clusterConfig({ peers: [{ name: 'tor', peerASN: 65001, peerAddress: '10.0.0.1', peerConfigRef: { name: 'nope' } }] });
    expect(() => translate(lab({ clusterConfig: cc }))).toThrow(TranslationError);
    expect(() => translate(lab({ clusterConfig: cc }))).toThrow(/no CiliumBGPPeerConfig named "nope" \(known: peer\)/);
  });

  it('no peerConfigRef: Cilium defaults, and nothing advertised (default families have no advertisements)', () => {
    const plan = translate(lab({ clusterConfig: clusterConfig({ peers: [{ name: 'tor', peerASN: 65001, peerAddress: '10.0.0.1' }] }) }));
    const n = neighbor(plan);
    expect(n.timers.config).toEqual({ 'hold-time': 90, 'keepalive-interval': 30, 'connect-retry': 120 });
    expect(n.transport.config['remote-port']).toBe(179);
    expect(n['ebgp-multihop'].config).toEqual({ enabled: false, 'multihop-ttl': 1 });
    expect(n['graceful-restart'].config).toEqual({ enabled: false, 'restart-time': 120 });
    expect(n['afi-safis']).toEqual([{ config: { 'afi-safi-name': 'ipv4-unicast', enabled: true }, 'mp-graceful-restart': { config: { enabled: false } } }]);
    expect(n.config['auth-password']).toBeUndefined();
    expect(prefixes(plan)).toEqual([]);
  });
});

describe('CiliumBGPPeerConfig', () => {
  it('timers: hold time, keepalive and connect retry', () => {
    const plan = translate(lab({ peerConfig: peerConfig({ timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 3, connectRetryTimeSeconds: 7 } }) }));
    expect(neighbor(plan).timers.config).toEqual({ 'hold-time': 9, 'keepalive-interval': 3, 'connect-retry': 7 });
  });

  it('transport.peerPort is the remote port', () => {
    expect(neighbor(translate(lab({ peerConfig: peerConfig({ transport: { peerPort: 1179 } }) }))).transport.config['remote-port']).toBe(1179);
  });

  // Cilium's own peer setup: cilium/cilium pkg/bgpv1/gobgp/peer.go at 0fcda6f7, setPeerGracefulRestart (enabled: RestartTime,
  // NotificationEnabled, LocalRestarting, and MpGracefulRestart on every family). Seen in a live lab without
  // them: FRR showed the node's R, N and F bits False and, under load, dropped its stale VIP path on reconnect.
  it('gracefulRestart enabled: restart time, the N bit, restarting state, and mp-graceful-restart on each family', () => {
    const n = neighbor(translate(lab({ peerConfig: peerConfig({ gracefulRestart: { enabled: true, restartTimeSeconds: 15 } }) })));
    expect(n['graceful-restart']).toEqual({ config: { enabled: true, 'restart-time': 15, 'notification-enabled': true }, state: { 'local-restarting': true } });
    expect(n['afi-safis'].map((f) => [f.config['afi-safi-name'], f['mp-graceful-restart'].config.enabled])).toEqual([['ipv4-unicast', true]]);
  });

  it('gracefulRestart absent: off, also per family', () => {
    const n = neighbor(translate(lab()));
    expect(n['graceful-restart'].config.enabled).toBe(false);
    expect(n['graceful-restart'].state).toBeUndefined();
    expect(n['afi-safis'][0]!['mp-graceful-restart'].config.enabled).toBe(false);
  });

  it('ebgpMultihop 1: multihop disabled', () => {
    expect(neighbor(translate(lab({ peerConfig: peerConfig({ ebgpMultihop: 1 }) })))['ebgp-multihop'].config).toEqual({ enabled: false, 'multihop-ttl': 1 });
  });

  it('ebgpMultihop 4: multihop enabled with TTL 4', () => {
    expect(neighbor(translate(lab({ peerConfig: peerConfig({ ebgpMultihop: 4 }) })))['ebgp-multihop'].config).toEqual({ enabled: true, 'multihop-ttl': 4 });
  });

  it('authSecretRef to a missing Secret: no password, and a note that Cilium peers with an empty one', () => {
    const plan = translate(lab({ peerConfig: peerConfig({ authSecretRef: 'bgp-auth' }) }));
    expect(neighbor(plan).config['auth-password']).toBeUndefined();
    expect(plan.nodes[0]!.notes.join('\n')).toMatch(/kube-system\/bgp-auth not found.*empty password/);
  });

  it('authSecretRef to a Secret in kube-system with key "password": auth-password is set', () => {
    const plan = translate(lab({ peerConfig: peerConfig({ authSecretRef: 'bgp-auth' }) }, secret('kube-system')));
    expect(neighbor(plan).config['auth-password']).toBe('s3cret');
    expect(plan.nodes[0]!.notes).toEqual([]);
  });

  it('authSecretRef: a Secret of that name in another namespace is treated as missing', () => {
    const plan = translate(lab({ peerConfig: peerConfig({ authSecretRef: 'bgp-auth' }) }, secret('default')));
    expect(neighbor(plan).config['auth-password']).toBeUndefined();
    expect(plan.nodes[0]!.notes.join('\n')).toMatch(/not found.*empty password/);
  });

  it('authSecretRef: a Secret without the "password" key gives no password and a note', () => {
    const plan = translate(lab({ peerConfig: peerConfig({ authSecretRef: 'bgp-auth' }) }, secret('kube-system', { pass: 'x' })));
    expect(neighbor(plan).config['auth-password']).toBeUndefined();
    expect(plan.nodes[0]!.notes.join('\n')).toMatch(/no "password" key/);
  });

  it('families: an advertisements selector that does not match the CiliumBGPAdvertisement labels announces nothing', () => {
    expect(prefixes(translate(lab({ advertisement: advertisement([serviceAd()], { advertise: 'other' }) })))).toEqual([]);
  });

  it('families: a family without an advertisements selector announces nothing', () => {
    expect(prefixes(translate(lab({ peerConfig: peerConfig({ families: [{ afi: 'ipv4', safi: 'unicast' }] }) })))).toEqual([]);
  });

  it('families: only ipv4 families become GoBGP afi-safis', () => {
    const families = [...ADVERTISE_BGP, { afi: 'ipv6', safi: 'unicast' }];
    const n = neighbor(translate(lab({ peerConfig: peerConfig({ families }) })));
    expect(n['afi-safis'].map((f) => f.config['afi-safi-name'])).toEqual(['ipv4-unicast']);
  });
});

describe('CiliumBGPAdvertisement', () => {
  it('service.addresses [LoadBalancerIP]: only the VIP, not the ClusterIP nor the ExternalIPs', () => {
    expect(prefixes(translate(lab({ service: service('web', { clusterIP: '10.96.5.5', externalIPs: ['198.51.100.7'] }) })))).toEqual([VIP]);
  });

  it('service.addresses [ClusterIP]: the Service\'s clusterIP as /32', () => {
    const plan = translate(lab({ advertisement: advertisement([serviceAd(['ClusterIP'])]), service: service('web', { clusterIP: '10.96.5.5' }) }));
    expect(prefixes(plan)).toEqual(['10.96.5.5/32']);
  });

  it('service.addresses [ClusterIP]: an assigned clusterIP from the service subnet when the Service gives none', () => {
    const plan = translate(lab({ advertisement: advertisement([serviceAd(['ClusterIP'])]) }));
    const clusterIP = service0(plan).clusterIP;
    expect(clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(prefixes(plan)).toEqual([`${clusterIP}/32`]);
  });

  it('service.addresses [ExternalIP]: spec.externalIPs', () => {
    const plan = translate(lab({ advertisement: advertisement([serviceAd(['ExternalIP'])]), service: service('web', { externalIPs: ['198.51.100.7', '198.51.100.8'] }) }));
    expect(prefixes(plan)).toEqual(['198.51.100.7/32', '198.51.100.8/32']);
  });

  it('selector: a Service whose labels do not match is not announced', () => {
    const plan = translate(lab({ service: service('web', {}, { labels: { lbmode: 'l2' } }), pool: pool({ serviceSelector: undefined }) }));
    expect(service0(plan).loadBalancerIPs).toEqual(['172.30.0.10']);
    expect(prefixes(plan)).toEqual([]);
  });

  it('selector: matchExpressions against Service labels', () => {
    const ad = serviceAd(['LoadBalancerIP'], { selector: { matchExpressions: [{ key: 'lbmode', operator: 'In', values: ['bgp', 'both'] }] } });
    expect(prefixes(translate(lab({ advertisement: advertisement([ad]) })))).toEqual([VIP]);
  });

  it('selector absent: a Service advertisement selects no Service (Cilium: "no selector, no services")', () => {
    const ad = serviceAd(['LoadBalancerIP', 'ClusterIP']);
    delete ad['selector'];
    expect(prefixes(translate(lab({ advertisement: advertisement([ad]) })))).toEqual([]);
  });

  it('selector {}: every Service', () => {
    expect(prefixes(translate(lab({ advertisement: advertisement([serviceAd(['LoadBalancerIP'], { selector: {} })]) })))).toEqual([VIP]);
  });

  it('selector: the implicit io.kubernetes.service.name label selects a Service by name', () => {
    const ad = serviceAd(['LoadBalancerIP'], { selector: { matchLabels: { 'io.kubernetes.service.name': 'web', 'io.kubernetes.service.namespace': 'default' } } });
    const plan = translate(lab({ advertisement: advertisement([ad]) }, service('other'), deployment('other')));
    expect(service0(plan, 'other').loadBalancerIPs).toEqual(['172.30.0.10']);
    expect(service0(plan, 'web').loadBalancerIPs).toEqual(['172.30.0.11']);
    expect(prefixes(plan)).toEqual(['172.30.0.11/32']);
  });

  it('attributes.communities.standard go with the announcement', () => {
    const plan = translate(lab({ advertisement: advertisement([serviceAd(['LoadBalancerIP'], { attributes: { communities: { standard: ['65000:100', '65000:200'] } } })]) }));
    expect(plan.nodes[0]!.announcements[0]?.communities).toEqual(['65000:100', '65000:200']);
    expect(renderAnnouncements(plan.nodes[0]!.announcements)).toBe(`-a ipv4 ${VIP} origin igp community 65000:100,65000:200\n`);
  });

  it('PodCIDR: each node announces its own /24 of the pod subnet', () => {
    const plan = translate(lab({ advertisement: advertisement([{ advertisementType: 'PodCIDR' }]) }));
    expect(prefixes(plan, 0)).toEqual(['10.244.0.0/24']);
    expect(prefixes(plan, 1)).toEqual(['10.244.1.0/24']);
  });

  it('an advertisement type that is not emulated is an error', () => {
    expect(() => translate(lab({ advertisement: advertisement([{ advertisementType: 'Interface' }]) }))).toThrow(TranslationError);
  });
});

describe('CiliumLoadBalancerIPPool (LB-IPAM)', () => {
  it('start/stop block: the first LoadBalancer Service gets the start address', () => {
    expect(service0(translate(lab())).loadBalancerIPs).toEqual(['172.30.0.10']);
  });

  it('a second LoadBalancer Service gets the next address', () => {
    const plan = translate(lab({}, service('zweb'), deployment('zweb')));
    expect(service0(plan, 'web').loadBalancerIPs).toEqual(['172.30.0.10']);
    expect(service0(plan, 'zweb').loadBalancerIPs).toEqual(['172.30.0.11']);
    expect(prefixes(plan)).toEqual([VIP, '172.30.0.11/32']);
  });

  it('cidr block: addresses come from the CIDR', () => {
    const plan = translate(lab({ pool: pool({ blocks: [{ cidr: '172.30.1.7/32' }] }) }));
    expect(service0(plan).loadBalancerIPs).toEqual(['172.30.1.7']);
    expect(prefixes(plan)).toEqual(['172.30.1.7/32']);
  });

  it('serviceSelector: a Service no pool selects gets no LB IP, a pending reason, and nothing is announced', () => {
    const plan = translate(lab({ pool: pool({ serviceSelector: { matchLabels: { lbmode: 'other' } } }) }));
    expect(service0(plan).loadBalancerIPs).toEqual([]);
    expect(service0(plan).pending).toMatch(/no CiliumLoadBalancerIPPool selects this Service/);
    expect(prefixes(plan)).toEqual([]);
  });

  it('serviceSelector absent: the pool serves every LoadBalancer Service', () => {
    const plan = translate(lab({ pool: pool({ serviceSelector: undefined }), service: service('web', {}, { labels: { lbmode: 'bgp', team: 'x' } }) }));
    expect(service0(plan).loadBalancerIPs).toEqual(['172.30.0.10']);
  });

  it('a disabled pool hands out nothing', () => {
    const plan = translate(lab({}, pool({ disabled: true, blocks: [{ start: '172.30.9.9', stop: '172.30.9.9' }] }, 'a-disabled')));
    expect(service0(plan).loadBalancerIPs).toEqual(['172.30.0.10']);
    const only = translate(lab({ pool: pool({ disabled: true }) }));
    expect(service0(only).loadBalancerIPs).toEqual([]);
    expect(service0(only).pending).toBeDefined();
  });

  it('the lbipam.cilium.io/ips annotation asks for a given address', () => {
    const plan = translate(lab({ service: service('web', {}, { annotations: { 'lbipam.cilium.io/ips': '172.30.0.15' } }) }));
    expect(service0(plan).loadBalancerIPs).toEqual(['172.30.0.15']);
    expect(prefixes(plan)).toEqual(['172.30.0.15/32']);
  });

  it('the lbipam.cilium.io/ips annotation outside every matching pool stays pending', () => {
    const plan = translate(lab({ service: service('web', {}, { annotations: { 'lbipam.cilium.io/ips': '192.0.2.1' } }) }));
    expect(service0(plan).loadBalancerIPs).toEqual([]);
    expect(service0(plan).pending).toMatch(/192\.0\.2\.1/);
  });
});

describe('Services', () => {
  it('type ClusterIP: no LoadBalancer IP, so a LoadBalancerIP advertisement announces nothing', () => {
    const plan = translate(lab({ service: service('web', { type: 'ClusterIP' }) }));
    expect(service0(plan).loadBalancerIPs).toEqual([]);
    expect(service0(plan).pending).toBeUndefined();
    expect(prefixes(plan)).toEqual([]);
  });

  it("answers on the Services' own ports, not a fixed 80", () => {
    const plan = translate(lab({ service: service('web', { ports: [{ port: 8080 }, { port: 8443 }] }), advertisement: advertisement([serviceAd(['LoadBalancerIP'])]) }));
    expect(plan.nodes.map((n) => n.servedPorts)).toEqual([[8080, 8443], [8080, 8443]]);
  });

  it('headless and ExternalName Services have no ClusterIP: nothing announced nor served for them', () => {
    const ad = advertisement([serviceAd(['ClusterIP'])]);
    for (const spec of [{ type: 'ClusterIP', clusterIP: 'None' }, { type: 'ExternalName', externalName: 'example.test' }]) {
      const plan = translate(lab({ service: service('web', spec), advertisement: ad }));
      expect(service0(plan).clusterIP, JSON.stringify(spec)).toBeUndefined();
      expect(prefixes(plan), JSON.stringify(spec)).toEqual([]);
      expect(plan.nodes[0]!.servedAddresses, JSON.stringify(spec)).toEqual([]);
      expect(plan.nodes[0]!.servedPorts, JSON.stringify(spec)).toEqual([]);
    }
  });

  it('externalTrafficPolicy Cluster: every selected node announces the VIP, with or without a replica', () => {
    const plan = translate(lab({ deployment: deployment('web', 1) }));
    expect([prefixes(plan, 0), prefixes(plan, 1)]).toEqual([[VIP], [VIP]]);
  });

  it('externalTrafficPolicy Local: only nodes with a replica announce the VIP (1 replica on 2 nodes: the first node)', () => {
    const plan = translate(lab({ service: service('web', { externalTrafficPolicy: 'Local' }), deployment: deployment('web', 1) }));
    expect([prefixes(plan, 0), prefixes(plan, 1)]).toEqual([[VIP], []]);
    expect(plan.nodes.map((n) => n.hasLocalEndpoint)).toEqual([true, false]);
  });

  it('externalTrafficPolicy Local: replicas go round-robin, so 2 replicas reach both nodes', () => {
    const plan = translate(lab({ service: service('web', { externalTrafficPolicy: 'Local' }), deployment: deployment('web', 2) }));
    expect([prefixes(plan, 0), prefixes(plan, 1)]).toEqual([[VIP], [VIP]]);
  });

  it('externalTrafficPolicy Local: no replica at all, no node announces the VIP', () => {
    const plan = translate(lab({ service: service('web', { externalTrafficPolicy: 'Local' }), deployment: null }));
    expect([prefixes(plan, 0), prefixes(plan, 1)]).toEqual([[], []]);
  });

  it('externalTrafficPolicy Local: a node counts only endpoints of that Service', () => {
    const plan = translate(lab(
      { service: service('web', { externalTrafficPolicy: 'Local' }), deployment: deployment('web', 1) },
      service('zweb', { externalTrafficPolicy: 'Local' }), deployment('zweb', 2),
    ));
    expect(prefixes(plan, 0)).toEqual([VIP, '172.30.0.11/32']);
    expect(prefixes(plan, 1)).toEqual(['172.30.0.11/32']);
  });

  it('externalTrafficPolicy Local: ExternalIPs follow it too, the ClusterIP does not', () => {
    const plan = translate(lab({
      advertisement: advertisement([serviceAd(['ClusterIP', 'ExternalIP'])]),
      service: service('web', { externalTrafficPolicy: 'Local', clusterIP: '10.96.5.5', externalIPs: ['198.51.100.7'] }),
      deployment: deployment('web', 1),
    }));
    expect(prefixes(plan, 0)).toEqual(['10.96.5.5/32', '198.51.100.7/32']);
    expect(prefixes(plan, 1)).toEqual(['10.96.5.5/32']);
  });
});

describe('GoBGP rendering of a node', () => {
  it('router-id, listen address and neighbour local address are the node\'s address', () => {
    const plan = translate(lab());
    expect(global(plan, 1)).toMatchObject({ 'router-id': '10.0.0.3', 'local-address-list': ['10.0.0.3'] });
    expect(neighbor(plan, 1).transport.config['local-address']).toBe('10.0.0.3');
    expect(global(plan, 0)['router-id']).toBe('10.0.0.2');
  });

  it('the VIP is announced as a /32 with origin IGP', () => {
    expect(renderAnnouncements(translate(lab()).nodes[0]!.announcements)).toBe(`-a ipv4 ${VIP} origin igp\n`);
  });
});

describe('two clusters', () => {
  it('give the same Service different ClusterIPs but the same LB IP (the anycast VIP)', () => {
    const one = service0(translate(lab(), 'kind01'));
    const two = service0(translate(lab(), 'kind02'));
    expect(one.clusterIP).not.toBe(two.clusterIP);
    expect(one.loadBalancerIPs).toEqual(['172.30.0.10']);
    expect(two.loadBalancerIPs).toEqual(one.loadBalancerIPs);
  });
});
