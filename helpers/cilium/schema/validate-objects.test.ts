// Manifests against Cilium's own CRD schemas (fixtures/cilium-schemas/, made
// from the CRDs at each release by scripts/cilium-crd-schemas.ts): the
// reference manifests pass under every minor; each mutation is named by file,
// object, field path and, for an unknown field, the nearest known name.
import { describe, expect, it } from 'vitest';
import { loadClusterManifests, type KubeObject } from '../manifests.ts';
import { fieldPath, schemaProblems } from './validate-objects.ts';
import { schemaMinorFor, schemaMinors, schemaSet } from './schema-sets.ts';

const reference = [...(await loadClusterManifests('fixtures/cilium', 'kind01')), ...(await loadClusterManifests('fixtures/cilium', 'kind02'))];
const newest = schemaSet(schemaMinors().at(-1)!);

/** The reference manifests with one object changed by `change`. */
function mutated(kind: string, change: (o: Record<string, any>) => void): KubeObject[] {
  const objects = structuredClone(reference) as Record<string, any>[];
  change(objects.find((o) => o['kind'] === kind)!);
  return objects as unknown as KubeObject[];
}

const problemsOf = (objects: readonly KubeObject[]) => schemaProblems(objects, newest).map((p) => p.replace(/^\S+ /, ''));

describe('schemaProblems', () => {
  it.each(['1.18', '1.19', '1.20'])('finds nothing wrong with the reference manifests (cilium.io/v2) under Cilium %s', (minor) => {
    expect(schemaProblems(reference, schemaSet(minor))).toEqual([]);
  });

  it('refuses them under Cilium 1.16, which serves these kinds as cilium.io/v2alpha1 only', () => {
    const problems = schemaProblems(reference, schemaSet('1.16'));
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).toMatch(/apiVersion: Cilium 1\.16 does not serve \w+ as cilium\.io\/v2 \(it serves cilium\.io\/v2alpha1\)$/);
  });

  it('names an unknown field at any depth with the nearest known name', () => {
    expect(problemsOf(mutated('CiliumBGPClusterConfig', (o) => {
      const peer = o['spec'].bgpInstances[0].peers[0];
      peer.peerAdress = peer.peerAddress;
      delete peer.peerAddress;
    }))).toEqual(['CiliumBGPClusterConfig/cilium-bgp spec.bgpInstances[0].peers[0].peerAdress: unknown field; did you mean peerAddress?']);
    expect(problemsOf(mutated('CiliumBGPPeerConfig', (o) => { o['spec'].timer = o['spec'].timers; }))).toEqual(['CiliumBGPPeerConfig/kind-bgp-peer spec.timer: unknown field; did you mean timers?']);
    expect(problemsOf(mutated('CiliumBGPAdvertisement', (o) => { o['spec'].advertisements[0].service.adresses = ['LoadBalancerIP']; }))[0]).toMatch(/spec\.advertisements\[0\]\.service\.adresses: unknown field; did you mean addresses\?$/);
    expect(problemsOf(mutated('CiliumLoadBalancerIPPool', (o) => { o['specs'] = {}; }))).toEqual(['CiliumLoadBalancerIPPool/kind-lbippool specs: unknown field; did you mean spec?']);
  });

  it('names a wrong type, a value out of range, one outside the enum, and a missing required field', () => {
    expect(problemsOf(mutated('CiliumBGPClusterConfig', (o) => { o['spec'].bgpInstances[0].localASN = '65101'; }))).toEqual(['CiliumBGPClusterConfig/cilium-bgp spec.bgpInstances[0].localASN: expected integer, got "65101"']);
    expect(problemsOf(mutated('CiliumBGPPeerConfig', (o) => { o['spec'].timers.holdTimeSeconds = 1; }))).toEqual(['CiliumBGPPeerConfig/kind-bgp-peer spec.timers.holdTimeSeconds: 1 is below the minimum 3']);
    expect(problemsOf(mutated('CiliumBGPPeerConfig', (o) => { o['spec'].families[0].afi = 'ipv5'; }))[0]).toMatch(/spec\.families\[0\]\.afi: "ipv5" is not one of "ipv4", "ipv6"/);
    expect(problemsOf(mutated('CiliumBGPClusterConfig', (o) => { delete o['spec'].bgpInstances[0].name; }))).toEqual(['CiliumBGPClusterConfig/cilium-bgp spec.bgpInstances[0].name: required']);
  });

  it('lists every problem of every object in one pass, each with its file', () => {
    const objects = mutated('CiliumBGPPeerConfig', (o) => { o['spec'].timers.holdTimeSeconds = 1; o['spec'].bogus = true; });
    const problems = schemaProblems(objects, newest);
    expect(problems).toHaveLength(2);
    for (const p of problems) expect(p).toMatch(/^fixtures\/cilium\/common\/bgp-peer-config\.yaml#0 CiliumBGPPeerConfig\/kind-bgp-peer spec\./);
  });

  it('refuses an apiVersion the minor does not serve, naming what it serves', () => {
    expect(problemsOf(mutated('CiliumLoadBalancerIPPool', (o) => { o['apiVersion'] = 'cilium.io/v1'; }))[0]).toMatch(/^CiliumLoadBalancerIPPool\/kind-lbippool apiVersion: Cilium 1\.\d+ does not serve CiliumLoadBalancerIPPool as cilium\.io\/v1 \(it serves cilium\.io\/v2/);
  });

  it('names a misspelt Cilium kind', () => {
    expect(problemsOf(mutated('CiliumBGPPeerConfig', (o) => { o['kind'] = 'CiliumBGPPeerConfigs'; }))[0]).toMatch(/kind: Cilium 1\.\d+ has no kind CiliumBGPPeerConfigs among those checked here; did you mean CiliumBGPPeerConfig\?$/);
  });
});

describe('fieldPath', () => {
  it('writes a JSON pointer as the field path kubectl shows', () => {
    expect(fieldPath('/spec/bgpInstances/0/peers/12')).toBe('spec.bgpInstances[0].peers[12]');
    expect(fieldPath('', 'specs')).toBe('specs');
    expect(fieldPath('/metadata/annotations/a~1b')).toBe('metadata.annotations.a/b');
  });
});

describe('schemaMinorFor', () => {
  const known = ['1.16', '1.17', '1.18'];
  it('takes CILIUM_VERSION\'s minor, the newest without it or past it, and refuses one older than all', () => {
    expect(schemaMinorFor('1.17.4', known)).toBe('1.17');
    expect(schemaMinorFor('v1.16', known)).toBe('1.16');
    expect(schemaMinorFor(undefined, known)).toBe('1.18');
    expect(schemaMinorFor('1.21', known)).toBe('1.18');
    expect(() => schemaMinorFor('1.14', known)).toThrow('CILIUM_VERSION="1.14": no CRD schemas for Cilium 1.14 (known: 1.16, 1.17, 1.18)');
    expect(() => schemaMinorFor('latest', known)).toThrow('CILIUM_VERSION="latest" is not a Cilium version like 1.19 or 1.19.6');
  });
});

/** A one-kind schema set around a made-up spec schema, for the Kubernetes schema features the releases' CRDs may use. */
function setWith(spec: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    minor: '1.99', origin: { repo: 'r', path: 'p', ref: 'test', commit: '0'.repeat(40), generatedBy: 'test' },
    kinds: { CiliumThing: { group: 'cilium.io', plural: 'ciliumthings', versions: { v2: { served: true, storage: true, schema: {
      type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 3 } } }, spec, ...extra },
    } } } } },
  };
}
const thing = (spec: unknown, more: Record<string, unknown> = {}) => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumThing', metadata: { name: 'a-long-name', labels: { x: 'y' } }, spec, source: 't.yaml#0', ...more }) as unknown as KubeObject;
const problems = (set: ReturnType<typeof setWith>, o: KubeObject) => schemaProblems([o], set).map((p) => p.replace(/^\S+ \S+ /, ''));

describe('schemaProblems on the schema features Kubernetes adds', () => {
  it('takes an int-or-string as either, and nothing else', () => {
    const set = setWith({ type: 'object', properties: { port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] } } });
    expect(problems(set, thing({ port: 80 }))).toEqual([]);
    expect(problems(set, thing({ port: 'http' }))).toEqual([]);
    expect(problems(set, thing({ port: true }))).toEqual(['spec.port: true matches none of the forms this field takes']);
  });

  it('reads nullable without a type, and an OpenAPI 3.0 exclusive bound flag, without throwing', () => {
    const set = setWith({ type: 'object', properties: { a: { nullable: true, anyOf: [{ type: 'integer' }, { type: 'string' }] }, b: { type: 'integer', minimum: 1, exclusiveMinimum: true } } });
    expect(problems(set, thing({ a: 1, b: 2 }))).toEqual([]);
    expect(problems(set, thing({ a: 1, b: 1 }))).toEqual(['spec.b: 1 is below the exclusive minimum 1']);
  });

  it('keeps unknown fields where the schema preserves them, and checks a map\'s values', () => {
    const set = setWith({ type: 'object', properties: { open: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'string' } } }, map: { type: 'object', additionalProperties: { type: 'string' } } } });
    expect(problems(set, thing({ open: { known: 'x', other: 1 }, map: { a: 'b' } }))).toEqual([]);
    expect(problems(set, thing({ map: { a: 1 } }))).toEqual(['spec.map.a: expected string, got 1']);
  });

  it('leaves metadata to the API server, takes a null field as absent, and ignores status where the kind has one', () => {
    const set = setWith({ type: 'object', properties: { a: { type: 'string' } } }, { status: { type: 'object', properties: { conditions: { type: 'array', items: { type: 'object', required: ['type', 'status'] } } } } });
    expect(problems(set, thing({ a: null }, { status: { conditions: [{ type: 'x' }] } }))).toEqual([]);
    const withoutStatus = setWith({ type: 'object' });
    expect(problems(withoutStatus, thing({}, { status: {} }))).toEqual(['status: unknown field (known here: apiVersion, kind, metadata, spec)']);
  });

  it('checks the address formats the BGP and pool CRDs use', () => {
    const set = setWith({ type: 'object', properties: { peer: { type: 'string', format: 'ipv4' }, block: { type: 'string', format: 'cidr' } } });
    expect(problems(set, thing({ peer: '10.0.0.1', block: '192.0.2.5/24' }))).toEqual([]);
    expect(problems(set, thing({ block: '2001:db8::/64' }))).toEqual([]);
    expect(problems(set, thing({ peer: '10.0.0.256', block: 'garbage' })).sort()).toEqual(['spec.block: "garbage" is not a valid cidr', 'spec.peer: "10.0.0.256" is not a valid ipv4']);
  });
});
