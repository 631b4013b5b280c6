import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import reference from '../../../fixtures/reference-lab.ts';
import oneNode from '../../../fixtures/labs/one-node-cluster.ts';
import { planKind } from './provider.ts';
import { renderKindPlan } from './plan.ts';
import { parseCiliumVersion, kindNodeImage } from './versions.ts';
import { resolveLab } from '../../spec/resolve.ts';
import { nodeRoutes } from '../../spec/node-routes.ts';
import { renderNodeNetwork } from '../emulated/node-files.ts';
import type { NodePlan } from '../emulated/translate.ts';

const lab = await resolveLab(reference);

// UPDATE_GOLDEN=1 rewrites the golden plans from the current code; review the diff before committing.
// The golden plans are for Docker's containerd image store on amd64 (Docker 29's default on a fresh install).
const settings = (version: string) => ({ imagePlatform: 'linux/amd64', ciliumVersion: parseCiliumVersion(version), nodeImage: kindNodeImage(parseCiliumVersion(version), {}), workDir: '.lab/kind', helmTimeout: '10m' });

describe.each(['1.17.10', '1.18.14', '1.19.8', '1.20.2'])('the kind plan of the reference lab on Cilium %s', (version) => {
  it('matches its golden file', async () => {
    const text = renderKindPlan(planKind(lab, settings(version)));
    const golden = `fixtures/golden/kind/plan-cilium-${version}.txt`;
    if (process.env['UPDATE_GOLDEN'] === '1') {
      await mkdir('fixtures/golden/kind', { recursive: true });
      await writeFile(golden, text);
    }
    expect(text).toBe(await readFile(golden, 'utf8'));
  });
});

describe('the kind plan', () => {
  it('uses cilium.io/v2alpha1 for the BGP and LB-IPAM kinds before Cilium 1.18, v2 from 1.18', async () => {
    for (const [version, apiVersion] of [['1.17.10', 'cilium.io/v2alpha1'], ['1.18.14', 'cilium.io/v2']] as const) {
      const [plan] = planKind(lab, settings(version));
      const apply = plan!.create.find((s) => s.type === 'api' && s.action === 'apply');
      const objects = apply && apply.type === 'api' && apply.action === 'apply' ? apply.objects : [];
      const cilium = objects.filter((o) => o.kind.startsWith('Cilium'));
      expect(cilium.map((o) => `${o.kind} ${o.apiVersion}`).sort(), version).toEqual(
        ['CiliumBGPAdvertisement', 'CiliumBGPClusterConfig', 'CiliumBGPPeerConfig', 'CiliumLoadBalancerIPPool'].map((k) => `${k} ${apiVersion}`),
      );
      expect(objects.find((o) => o.kind === 'Service')?.apiVersion).toBe('v1');
    }
  });

  it('creates the auth Secret the peer config names, with the lab password, in kube-system', async () => {
    const [plan] = planKind(lab, settings('1.20.2'));
    const apply = plan!.create.find((s) => s.type === 'api' && s.action === 'apply');
    const secret = apply && apply.type === 'api' && apply.action === 'apply' ? apply.objects.find((o) => o.kind === 'Secret') : undefined;
    expect(secret).toMatchObject({ metadata: { name: 'bgp-auth-secret', namespace: 'kube-system' }, stringData: { password: reference.bgpPassword } });
  });

  it('creates kind01 on the lab network with a rendered config, without touching the user kubeconfig', async () => {
    const [plan] = planKind(lab, settings('1.20.2'));
    const create = plan!.create[0]!;
    expect(create.type === 'host' && create.argv).toEqual(['kind', 'create', 'cluster', '--name', 'kind01', '--config', '.lab/kind/kind01/kind-config.yaml', '--kubeconfig', '.lab/kind/kind01/kubeconfig']);
    expect(create.type === 'host' && create.env).toEqual({ KIND_EXPERIMENTAL_DOCKER_NETWORK: 'anycast-kind01' });
    expect(plan!.delete[0]!.argv).toEqual(['kind', 'delete', 'cluster', '--name', 'kind01', '--kubeconfig', '.lab/kind/kind01/kubeconfig']);
  });

  // Cilium's device detection skips a veth that has no default route in the main table whose link is
  // that veth, unless the device is given (cilium/cilium pkg/datapath/linux/devices_controller.go:
  // `if !dc.filter.NonEmpty() && !tables.HasDefaultRoute(...)` -> "veth without default route";
  // pkg/datapath/tables/route.go HasDefaultRoute). A kind node's eth0 is a veth.
  it('gives every node a default route via the router (not unreachable) and names eth0 as Cilium\'s device', () => {
    const [plan] = planKind(lab, settings('1.20.2'));
    const routes = plan!.create.filter((s) => s.type === 'host' && s.argv[0] === 'docker' && s.argv[1] === 'exec').map((s) => (s.type === 'host' ? s.argv.slice(2).join(' ') : ''));
    expect(routes).toEqual([
      'kind01-control-plane ip route replace 192.168.20.0/24 via 10.20.0.101',
      'kind01-control-plane ip route replace default via 10.20.0.101',
      'kind01-worker ip route replace 192.168.20.0/24 via 10.20.0.101',
      'kind01-worker ip route replace default via 10.20.0.101',
    ]);
    const helm = plan!.create.find((s) => s.type === 'host' && s.argv[0] === 'helm');
    const values = helm && helm.type === 'host' ? Object.values(helm.files ?? {})[0] : '';
    expect(values).toMatch(/^devices: eth0$/m);
  });

  // Cilium's chart gives the operator a required pod anti-affinity per node (install/kubernetes/cilium/
  // values.yaml operator.affinity.podAntiAffinity requiredDuringSchedulingIgnoredDuringExecution, by
  // kubernetes.io/hostname): a second replica on a one-node cluster would stay Pending, and the
  // plan's rollout wait (k8s/waits.ts rolledOut: ready === desired) would never be met.
  it('runs no more operator replicas than the cluster has nodes', async () => {
    const values = (l: typeof lab) => {
      const helm = planKind(l, settings('1.20.2'))[1]!.create.find((s) => s.type === 'host' && s.argv[0] === 'helm');
      return helm && helm.type === 'host' ? Object.values(helm.files ?? {})[0] ?? '' : '';
    };
    expect(values(lab)).toMatch(/^operator:\n  replicas: 2$/m);
    expect(values(await resolveLab(oneNode))).toMatch(/^operator:\n  replicas: 1$/m);
  });

  it('installs on kind nodes exactly the routes an emulated node gets', async () => {
    const [plan] = planKind(lab, settings('1.20.2'));
    const kindRoutes = plan!.create.filter((s) => s.type === 'host' && s.argv[1] === 'exec' && s.argv[2] === 'kind01-worker').map((s) => (s.type === 'host' ? s.argv.slice(3).join(' ') : ''));
    const emulated = renderNodeNetwork({ servedAddresses: [] } as unknown as NodePlan, nodeRoutes(lab, lab.clusters[0]!)).split('\n').filter((l) => l.startsWith('ip route'));
    expect(kindRoutes).toEqual(emulated);
  });

  // CiliumBGPInstance.localPort came with Cilium 1.18 (cilium/cilium PR 37476, opened after 1.17.0;
  // the 1.16/1.17 v2alpha1 CRD has no such field); v2 bgp_cluster_types.go: "If not specified, BGP
  // instance will not listen for incoming connections".
  it('sends localPort only to a Cilium whose schema has it (1.18 on)', () => {
    const instances = (version: string) => {
      const [plan] = planKind(lab, settings(version));
      const apply = plan!.create.find((s) => s.type === 'api' && s.action === 'apply');
      const objects = apply && apply.type === 'api' && apply.action === 'apply' ? apply.objects : [];
      return (objects.find((o) => o.kind === 'CiliumBGPClusterConfig')!.spec as { bgpInstances: Record<string, unknown>[] }).bgpInstances;
    };
    expect(instances('1.17.10')[0]).not.toHaveProperty('localPort');
    expect(instances('1.17.10')[0]).toMatchObject({ name: 'instance-65101', localASN: 65101 });
    expect(instances('1.18.14')[0]).toMatchObject({ localPort: 179 });
  });

  // connectRetryTimeSeconds: Cilium's default is 120 s (CiliumBGPPeerConfig timers, kubebuilder
  // default=120; docs: the real wait is jittered within [value, 2 x value)). The reference peer config
  // sets 5 s, so a node whose first connection fails retries within 10 s, not two to four minutes.
  it('gives the reference peer config a short connect retry', () => {
    const [plan] = planKind(lab, settings('1.20.2'));
    const apply = plan!.create.find((s) => s.type === 'api' && s.action === 'apply');
    const objects = apply && apply.type === 'api' && apply.action === 'apply' ? apply.objects : [];
    expect((objects.find((o) => o.kind === 'CiliumBGPPeerConfig')!.spec as { timers: object }).timers).toEqual({ connectRetryTimeSeconds: 5, holdTimeSeconds: 9, keepAliveTimeSeconds: 3 });
  });

  it('refuses a Cilium without the BGP v2 resources, naming the setting', () => {
    expect(() => parseCiliumVersion('1.15.7')).toThrow('CILIUM_VERSION="1.15.7": the lab needs Cilium >= 1.16');
    expect(() => parseCiliumVersion('latest')).toThrow('CILIUM_VERSION="latest" is not a version like 1.19.1 (or a minor like 1.19, for its newest patch)');
  });
});
