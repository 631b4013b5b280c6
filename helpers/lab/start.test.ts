import { describe, expect, it, vi } from 'vitest';
import reference from '../../fixtures/reference-lab.ts';
import type { LabSpec } from '../model/spec.ts';
import type { ClusterProvider } from '../providers/types.ts';
import { resolveLab } from '../model/resolve.ts';
import { SpecError } from '../model/validate.ts';
import { chooseLab } from './session.ts';
import { startLab } from './start.ts';
import { routerKindByName } from '../routers/registry.ts';

function trackingProvider(): ClusterProvider & { calls: string[] } {
  const calls: string[] = [];
  const record = (name: string) => async () => {
    calls.push(name);
    throw new Error(`${name} must not be called`);
  };
  return {
    name: 'tracking',
    images: [],
    budgets: {},
    labsAtOnce: () => 1,
    scenarioTimeoutMs: 1000,
    calls,
    check: async () => { calls.push('check'); },
    checkHost: async () => { calls.push('checkHost'); },
    createClusters: record('createClusters'),
    deleteCluster: record('deleteCluster'),
    recreateCluster: record('recreateCluster'),
    withdrawAdvertisements: record('withdrawAdvertisements'),
    restartSpeaker: record('restartSpeaker'),
    speakerRun: record('speakerRun'),
    upgradeConfigured: () => false,
    upgradeSteps: async () => [],
    nodeNeighbors: record('nodeNeighbors'),
    predictedBgp: record('predictedBgp'),
    whyNoVip: record('whyNoVip'),
    answerIdentifier: record('answerIdentifier'),
    versions: record('versions'),
    diagnostics: record('diagnostics'),
    describePlan: async () => '',
    cleanup: async () => { calls.push('cleanup'); },
  };
}

describe('startLab', () => {
  it("stops on the provider's check: no session is opened, nothing else is asked", async () => {
    const provider = { ...trackingProvider(), check: async () => { throw new Error('cluster kind01: CILIUM_VERSION="1.15.0" is too old'); } };
    const onSession = vi.fn();
    await expect(startLab(await resolveLab(reference), { provider, router: routerKindByName('frr'), onSession })).rejects.toThrow('CILIUM_VERSION="1.15.0"');
    expect(onSession).not.toHaveBeenCalled();
    expect(provider.calls).toEqual([]);
  });
});

describe('a lab with a malformed spec', () => {
  it('lists every problem and creates nothing (no session is even opened)', async () => {
    const bad: LabSpec = {
      ...reference,
      networks: [...reference.networks, { name: 'overlap', subnet: '10.20.128.0/17' }],
      router: { ...reference.router, asn: 0 },
      loadBalancer: { ...reference.loadBalancer, vip: '172.30.0.99' },
    };
    const error = await chooseLab({}, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    // The spec's own problems, then the manifests' disagreements with it (one per cluster): one round of fixes.
    expect((error as SpecError).issues.map((i) => i.field)).toEqual(['networks[3].subnet', 'router.asn', 'loadBalancer.vip', 'router.asn', 'loadBalancer.vip', 'router.asn', 'loadBalancer.vip']);
    expect((error as Error).message).toContain('10.20.128.0/17 overlaps network "kind01"');
  });

  it('stops on manifests that disagree with the spec before the provider is asked anything', async () => {
    const spec: LabSpec = { ...reference, clusters: [{ ...reference.clusters[0]!, localAsn: 65199 }, reference.clusters[1]!] };
    await expect(chooseLab({}, spec)).rejects.toThrow('clusters[0].localAsn: 65199 differs from');
  });
});

describe('the golden manifests against the spec', () => {
  it('agree for the reference lab', async () => {
    await expect(resolveLab(reference).then((lab) => lab.clusters.map((c) => c.spec.name))).resolves.toEqual(['kind01', 'kind02']);
  });

  it('report a VIP the pool would not hand out, with what the cluster gives instead', async () => {
    const spec = { ...reference, loadBalancer: { ...reference.loadBalancer, vip: '172.30.0.11' } };
    const error = (await resolveLab(spec).catch((e: unknown) => e)) as SpecError;
    expect(error.issues).toEqual([
      { field: 'loadBalancer.vip', message: '172.30.0.11 is not what cluster kind01 gives Service default/nginxhello: it gets 172.30.0.10' },
      { field: 'loadBalancer.vip', message: '172.30.0.11 is not what cluster kind02 gives Service default/nginxhello: it gets 172.30.0.10' },
    ]);
  });

  it('report a peer address and a router ASN the cluster config does not use', async () => {
    const spec: LabSpec = { ...reference, router: { ...reference.router, asn: 65002 } };
    const error = (await resolveLab(spec).catch((e: unknown) => e)) as SpecError;
    expect(error.issues.map((i) => i.field)).toEqual(['router.asn', 'router.asn']);
    expect(error.issues[0]!.message).toMatch(/65002 differs from fixtures\/cilium\/kind01\/bgp-cluster-config.yaml#0 peer peer-65001 peerASN 65001/);
  });

  it('report a missing workload Service', async () => {
    const spec = { ...reference, workload: { ...reference.workload, name: 'absent' } };
    const error = (await resolveLab(spec).catch((e: unknown) => e)) as SpecError;
    expect(error.issues[0]).toEqual({ field: 'workload', message: 'Service default/absent is not in fixtures/cilium/{common,kind01}' });
  });
});
