import { describe, expect, it } from 'vitest';
import reference from '../../fixtures/reference-lab.ts';
import type { LabSpec } from './spec.ts';
import { assertValidLab, SpecError, validateLab } from './validate.ts';

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };

/** A copy of the reference lab with one small change; the reference itself is never touched. */
function withChanges(change: (spec: Mutable<LabSpec>) => void): LabSpec {
  const spec = structuredClone(reference) as Mutable<LabSpec>;
  change(spec);
  return spec;
}

/** An expected issue: its exact field and a fragment of its message (the offending value). */
const issue = (field: string, fragment: string) => expect.objectContaining({ field, message: expect.stringContaining(fragment) });

interface Case {
  readonly name: string;
  readonly change: (spec: Mutable<LabSpec>) => void;
  readonly field: string;
  readonly message: string;
  /** Further issues that follow from the same change (the whole list is asserted). */
  readonly also?: readonly (readonly [field: string, message: string])[];
}

// Index reminders for the reference lab: networks [client, kind01, kind02],
// router.interfaces in the same order, clusters [kind01, kind02].
const cases: Case[] = [
  // Subnets and CIDRs
  {
    name: 'overlapping subnets',
    change: (s) => { s.networks.push({ name: 'spare', subnet: '10.20.128.0/17' }); },
    field: 'networks[3].subnet',
    message: '10.20.128.0/17 overlaps network "kind01" (10.20.0.0/16)',
  },
  {
    name: 'a subnet with host bits set',
    change: (s) => { s.networks[1]!.subnet = '10.20.0.1/16'; },
    field: 'networks[1].subnet',
    message: '"10.20.0.1/16"',
  },
  {
    name: 'a subnet that is not a CIDR at all',
    change: (s) => { s.networks[0]!.subnet = '192.168.20.0'; },
    field: 'networks[0].subnet',
    message: '"192.168.20.0"',
  },
  {
    name: 'a duplicate network name',
    change: (s) => { s.networks.push({ name: 'kind02', subnet: '10.99.0.0/16' }); },
    field: 'networks[3].name',
    message: 'network name "kind02" is used twice',
  },
  {
    name: 'a duplicate network name after a malformed subnet of the same name',
    change: (s) => { s.networks.push({ name: 'spare', subnet: '10.99.0.1/16' }, { name: 'spare', subnet: '10.98.0.0/16' }); },
    field: 'networks[3].subnet',
    message: '"10.99.0.1/16"',
    also: [['networks[4].name', 'network name "spare" is used twice']],
  },
  {
    name: 'a gateway outside its subnet',
    change: (s) => { s.networks[1] = { ...s.networks[1]!, gateway: '10.21.0.1' }; },
    field: 'networks[1].gateway',
    message: '10.21.0.1 is outside network "kind01" (10.20.0.0/16)',
  },

  // Addresses outside their subnet, and duplicates
  {
    name: 'a router interface address outside its subnet',
    change: (s) => { s.router.interfaces[1]!.address = '10.21.0.101'; },
    field: 'router.interfaces[1].address',
    message: '10.21.0.101 is outside network "kind01" (10.20.0.0/16)',
    // The cluster still peers with the address the spec gives, which no longer matches.
    also: [['clusters[0].peerAddress', '10.20.0.101 is not the router\'s address on network "kind01" (10.21.0.101)']],
  },
  {
    name: 'a client address outside its subnet',
    change: (s) => { s.client.address = '192.168.21.2'; },
    field: 'client.address',
    message: '192.168.21.2 is outside network "client" (192.168.20.0/24)',
  },
  {
    name: 'a client on the broadcast address',
    change: (s) => { s.client.address = '192.168.20.255'; },
    field: 'client.address',
    message: '192.168.20.255',
  },
  {
    name: 'a client address that is not an address',
    change: (s) => { s.client.address = '192.168.20.256'; },
    field: 'client.address',
    message: '"192.168.20.256" is not an IPv4 address',
  },
  {
    name: 'the client on the router\'s address',
    change: (s) => { s.client.address = '192.168.20.101'; },
    field: 'client.address',
    message: 'address 192.168.20.101 is already used by router.interfaces[0].address',
  },
  {
    name: 'the client on the gateway\'s address',
    change: (s) => { s.client.address = '192.168.20.1'; },
    field: 'client.address',
    message: 'address 192.168.20.1 is already used by networks[0].gateway',
  },
  {
    name: 'a node on the router\'s address',
    change: (s) => { s.clusters[0]!.nodeAddresses = ['10.20.0.2', '10.20.0.101']; },
    field: 'clusters[0].nodeAddresses[1]',
    message: 'address 10.20.0.101 is already used by router.interfaces[1].address',
  },
  {
    name: 'a node address outside its subnet',
    change: (s) => { s.clusters[1]!.nodeAddresses = ['172.21.0.2', '172.20.0.3']; },
    field: 'clusters[1].nodeAddresses[0]',
    message: '172.21.0.2 is outside network "kind02" (172.20.0.0/16)',
  },

  // ASNs
  {
    name: 'router ASN 0',
    change: (s) => { s.router.asn = 0; },
    field: 'router.asn',
    message: '0 is not a valid ASN',
  },
  {
    name: 'cluster ASN 4294967295',
    change: (s) => { s.clusters[1]!.localAsn = 4294967295; },
    field: 'clusters[1].localAsn',
    message: '4294967295 is not a valid ASN',
  },
  {
    name: 'a non-integer cluster ASN',
    change: (s) => { s.clusters[0]!.localAsn = 65101.5; },
    field: 'clusters[0].localAsn',
    message: '65101.5 is not a valid ASN',
  },
  {
    name: 'a cluster ASN equal to the router\'s',
    change: (s) => { s.clusters[0]!.localAsn = 65001; },
    field: 'clusters[0].localAsn',
    message: '65001 equals the router\'s ASN',
  },

  // Load balancer
  {
    name: 'a VIP outside the pool',
    change: (s) => { s.loadBalancer.vip = '172.30.0.30'; },
    field: 'loadBalancer.vip',
    message: '172.30.0.30 is outside the pool 172.30.0.10-172.30.0.20',
  },
  {
    name: 'a VIP inside a lab network',
    change: (s) => { s.loadBalancer = { poolStart: '10.20.5.0', poolStop: '10.20.5.10', vip: '10.20.5.1' }; },
    field: 'loadBalancer.vip',
    message: '10.20.5.1 lies inside network "kind01" (10.20.0.0/16)',
  },
  {
    name: 'a pool that stops before it starts',
    change: (s) => { s.loadBalancer.poolStop = '172.30.0.5'; },
    field: 'loadBalancer.poolStop',
    message: '172.30.0.5 comes before poolStart 172.30.0.10',
    // An empty pool cannot hold the VIP either.
    also: [['loadBalancer.vip', '172.30.0.10 is outside the pool 172.30.0.10-172.30.0.5']],
  },
  {
    name: 'a VIP that is not an address',
    change: (s) => { s.loadBalancer.vip = '172.30.0'; },
    field: 'loadBalancer.vip',
    message: '"172.30.0" is not an IPv4 address',
  },
  {
    name: 'client routes that do not cover the VIP',
    change: (s) => { s.client.routes = ['10.20.0.0/16', '172.20.0.0/16']; },
    field: 'client.routes',
    message: 'no route covers the VIP 172.30.0.10',
  },
  {
    name: 'a malformed client route',
    change: (s) => { s.client.routes = ['10.20.0.0/16', '172.20.0.0/16', '172.30.0.1/16']; },
    field: 'client.routes[2]',
    message: '"172.30.0.1/16"',
    also: [['client.routes', 'no route covers the VIP 172.30.0.10']],
  },

  // Peering
  {
    name: 'a peerAddress that is not the router\'s address on the cluster\'s network',
    change: (s) => { s.clusters[1]!.peerAddress = '10.20.0.101'; },
    field: 'clusters[1].peerAddress',
    message: '10.20.0.101 is not the router\'s address on network "kind02" (172.20.0.101)',
  },

  // Unknown network names
  {
    name: 'an unknown client network',
    change: (s) => { s.client.network = 'lan'; },
    field: 'client.network',
    message: 'unknown network "lan" (known: client, kind01, kind02)',
  },
  {
    name: 'an unknown cluster network',
    change: (s) => { s.clusters[0]!.network = 'kind03'; },
    field: 'clusters[0].network',
    message: 'unknown network "kind03"',
  },
  {
    name: 'an unknown router interface network',
    change: (s) => { s.router.interfaces[2]!.network = 'kind2'; },
    field: 'router.interfaces[2].network',
    message: 'unknown network "kind2"',
    also: [['clusters[1].network', 'the router has no interface on network "kind02"']],
  },
  {
    name: 'a client network the router has no interface on',
    change: (s) => { s.router.interfaces.shift(); },
    field: 'client.network',
    message: 'the router has no interface on the client\'s network "client"',
  },
  {
    name: 'two router interfaces on one network',
    change: (s) => { s.router.interfaces.push({ network: 'kind01', address: '10.20.0.102' }); },
    field: 'router.interfaces[3].network',
    message: 'the router has two interfaces on network "kind01"',
  },

  // Names
  {
    name: 'an uppercase lab name',
    change: (s) => { s.name = 'Anycast'; },
    field: 'name',
    message: '"Anycast" must be lowercase',
  },
  {
    name: 'an uppercase cluster name',
    change: (s) => { s.clusters[0]!.name = 'Kind01'; },
    field: 'clusters[0].name',
    message: '"Kind01"',
  },
  {
    name: 'a router name starting with a digit',
    change: (s) => { s.router.name = '1tor'; },
    field: 'router.name',
    message: '"1tor"',
  },

  // Router settings
  {
    name: 'maximumPaths 0',
    change: (s) => { s.router.maximumPaths = 0; },
    field: 'router.maximumPaths',
    message: '0 is not a whole number from 1 to 64',
  },
  {
    name: 'a forwarding setting given as a string',
    change: (s) => { (s.router as { forwarding: unknown }).forwarding = { nexthopObjects: 'no' }; },
    field: 'router.forwarding.nexthopObjects',
    message: '"no" is not true or false',
  },
  {
    name: 'a misspelt forwarding setting',
    change: (s) => { (s.router as { forwarding: unknown }).forwarding = { fibMultipathUseNeighbour: true }; },
    field: 'router.forwarding.fibMultipathUseNeighbour',
    message: 'is not a setting (settings: nexthopObjects, fibMultipathUseNeigh)',
  },
  {
    name: 'a tolerance for a figure that is not compared',
    change: (s) => { (s as { regression: unknown }).regression = { tolerances: { convergence: { relative: 0.1, absolute: 1000 } } }; },
    field: 'regression.tolerances.convergence',
    message: 'is not a compared figure',
  },
  {
    name: 'a deviation that names no version',
    change: (s) => { (s as { regression: unknown }).regression = { deviations: [{ name: 'slow', reason: 'known', when: {}, measurement: 'abrupt-deletion', figure: 'convergenceMs', tolerance: { relative: 1, absolute: 1000 } }] }; },
    field: 'regression.deviations[0].when',
    message: 'a deviation applies to one version, not all',
  },
  {
    name: 'a deviation without a reason',
    change: (s) => { (s as { regression: unknown }).regression = { deviations: [{ name: 'slow', reason: ' ', when: { cilium: '1.19' }, measurement: 'abrupt-deletion', figure: 'convergenceMs', tolerance: { relative: 1, absolute: 1000 } }] }; },
    field: 'regression.deviations[0].reason',
    message: 'a deviation says why it is accepted',
  },
  {
    name: 'an objective given as text',
    change: (s) => { (s as { objectives: unknown }).objectives = { ...s.objectives, abruptLoss: { convergenceMs: '30 s', disruptionWindowMs: 30_000, failedPercent: 60 } }; },
    field: 'objectives.abruptLoss.convergenceMs',
    message: '"30 s" is not a number of milliseconds, 0 or more',
  },
  {
    name: 'an unknown router policy mode',
    change: (s) => { (s.router as { policy: unknown }).policy = { mode: 'permit-all' }; },
    field: 'router.policy.mode',
    message: '"permit-all" is not "reference" or "accept-all"',
  },
  {
    name: 'an allow entry that is not a prefix-list entry',
    change: (s) => { (s.router as { policy: unknown }).policy = { mode: 'reference', allow: ['10.96.0.1/16 le 32'] }; },
    field: 'router.policy.allow[0]',
    message: '"10.96.0.1/16 le 32" is not a prefix-list entry like "10.96.0.0/16 le 32"',
  },
  {
    name: 'a maximum-prefix of 0',
    change: (s) => { (s.router as { policy: unknown }).policy = { mode: 'reference', maximumPrefixes: 0 }; },
    field: 'router.policy.maximumPrefixes',
    message: '0 is not a whole number from 1',
  },
  {
    name: 'hold time 2',
    change: (s) => { s.router.timers = { keepaliveSeconds: 1, holdSeconds: 2 }; },
    field: 'router.timers.holdSeconds',
    message: '2 must be 0 or a whole number from 3 to 65535',
  },
  {
    name: 'keepalive equal to the hold time',
    change: (s) => { s.router.timers = { keepaliveSeconds: 9, holdSeconds: 9 }; },
    field: 'router.timers.keepaliveSeconds',
    message: '9 must be a whole number below the hold time (9)',
  },
  {
    name: 'a router ID that is not an address',
    change: (s) => { s.router.routerId = '10.0.255'; },
    field: 'router.routerId',
    message: '"10.0.255"',
  },

  // Clusters
  {
    name: 'duplicate cluster names',
    change: (s) => { s.clusters[1]!.name = 'kind01'; },
    field: 'clusters[1].name',
    message: 'cluster name "kind01" is used twice',
  },
  {
    name: 'two clusters on one network',
    change: (s) => { s.clusters[1] = { ...s.clusters[1]!, network: 'kind01', peerAddress: '10.20.0.101', nodeAddresses: ['10.20.0.4', '10.20.0.5'] }; },
    field: 'clusters[1].network',
    message: 'network "kind01" is already used by cluster "kind01"',
  },
  {
    name: 'a cluster on the client\'s network',
    change: (s) => { s.clusters[1] = { ...s.clusters[1]!, network: 'client', peerAddress: '192.168.20.101', nodeAddresses: ['192.168.20.4', '192.168.20.5'] }; },
    field: 'clusters[1].network',
    message: '"client" is the client\'s network',
  },
  {
    name: 'fewer nodeAddresses than nodes',
    change: (s) => { s.clusters[0]!.nodeAddresses = ['10.20.0.2']; },
    field: 'clusters[0].nodeAddresses',
    message: '1 addresses given for 2 nodes',
  },
  {
    name: 'zero nodes',
    change: (s) => { s.clusters[0]!.nodes = 0; },
    field: 'clusters[0].nodes',
    message: '0 is not a whole number from 1 to 16',
  },
  {
    name: 'a malformed pod subnet',
    change: (s) => { s.clusters[1]!.podSubnet = '10.244.0.0/33'; },
    field: 'clusters[1].podSubnet',
    message: '"10.244.0.0/33"',
  },

  // Workload and manifests
  {
    name: 'workload port 0',
    change: (s) => { s.workload.port = 0; },
    field: 'workload.port',
    message: '0 is not a TCP port',
  },
  {
    name: 'an empty manifestsDir',
    change: (s) => { s.manifestsDir = '  '; },
    field: 'manifestsDir',
    message: 'is empty',
  },
];

describe('validateLab', () => {
  it('accepts the reference lab with no issues', () => {
    expect(validateLab(reference)).toEqual([]);
    expect(assertValidLab(reference)).toBe(reference);
  });

  it.each(cases)('reports $name as $field', ({ change, field, message, also = [] }) => {
    const spec = withChanges(change);
    expect(validateLab(spec)).toEqual([issue(field, message), ...also.map(([f, m]) => issue(f, m))]);
  });

  it('leaves the reference lab untouched', () => {
    for (const { change } of cases) withChanges(change);
    expect(validateLab(reference)).toEqual([]);
  });

  it('reports every problem of a spec with several at once', () => {
    const spec = withChanges((s) => {
      s.name = 'Anycast';
      s.router.asn = 0;
      s.router.maximumPaths = 0;
      s.client.address = '192.168.21.2';
      s.clusters[1]!.peerAddress = '172.20.0.102';
      s.loadBalancer.vip = '172.30.0.30';
    });
    const issues = validateLab(spec);
    expect(issues).toEqual([
      issue('name', '"Anycast"'),
      issue('router.asn', '0 is not a valid ASN'),
      issue('router.maximumPaths', '0 is not'),
      issue('client.address', '192.168.21.2'),
      issue('clusters[1].peerAddress', '172.20.0.102'),
      issue('loadBalancer.vip', '172.30.0.30'),
    ]);

    let thrown: unknown;
    try {
      assertValidLab(spec);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SpecError);
    const error = thrown as SpecError;
    expect(error.issues).toEqual(issues);
    expect(error.message).toContain('lab spec "Anycast" has 6 problem(s)');
    for (const { field, message } of issues) expect(error.message).toContain(`  - ${field}: ${message}`);
  });
});
