import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import reference from '../../../fixtures/reference-lab.ts';
import oneNode from '../../../fixtures/labs/one-node-cluster.ts';
import { planKind } from './provider.ts';
import { renderKindPlan, type ApiStep, type HostStep, type PlanStep } from './plan.ts';
import { parseCiliumVersion, kindNodeImage } from './versions.ts';
import { resolveLab } from '../../model/resolve.ts';
import { nodeRoutes } from '../../model/node-routes.ts';
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

// Clusters created at CILIUM_FROM (on its node image), upgraded to CILIUM_VERSION under traffic.
const upgradeSettings = (from: string, to: string) => ({ ...settings(to), upgradeFrom: parseCiliumVersion(from, 'CILIUM_FROM'), nodeImage: kindNodeImage(parseCiliumVersion(from), {}) });

describe.each([['1.19.8', '1.20.2'], ['1.17.10', '1.18.14']])('the kind plan of the reference lab upgraded from Cilium %s to %s', (from, to) => {
  it('matches its golden file', async () => {
    const text = renderKindPlan(planKind(lab, upgradeSettings(from, to)));
    const golden = `fixtures/golden/kind/plan-cilium-${from}-to-${to}.txt`;
    if (process.env['UPDATE_GOLDEN'] === '1') await writeFile(golden, text);
    expect(text).toBe(await readFile(golden, 'utf8'));
  });
});

const hostSteps = (steps: readonly PlanStep[]) => steps.filter((s): s is HostStep => s.type === 'host');
const apiSteps = (steps: readonly PlanStep[]) => steps.filter((s): s is ApiStep => s.type === 'api');
const applied = (steps: readonly PlanStep[]) => apiSteps(steps).flatMap((s) => (s.action === 'apply' ? s.objects : []));

describe('the kind plan of a Cilium upgrade', () => {
  it('creates the clusters at CILIUM_FROM: its install, images, manifests and BGP apiVersion', () => {
    const [plan] = planKind(lab, upgradeSettings('1.17.10', '1.18.14'));
    const helm = hostSteps(plan!.create).find((s) => s.argv[0] === 'helm')!;
    expect(helm.argv.slice(0, 9)).toEqual(['helm', 'upgrade', '--install', 'cilium', 'cilium', '--repo', 'https://helm.cilium.io', '--version', '1.17.10']);
    expect(plan!.images).toContain('quay.io/cilium/cilium:v1.17.10');
    expect(applied(plan!.create).find((o) => o.kind === 'CiliumBGPClusterConfig')?.apiVersion).toBe('cilium.io/v2alpha1');
    expect(apiSteps(plan!.create).at(-1)).toMatchObject({ action: 'wait-bgp-established', apiVersion: 'cilium.io/v2alpha1' });
    expect(plan!.cilium).toEqual({ created: '1.17.10', upgradeTo: '1.18.14' });
  });

  // Cilium's upgrade guide: pre-pull the new images (its pre-flight check), then `helm upgrade` with
  // the full values and never --reuse-values ("The --reuse-values flag ignores any newly introduced
  // values present in the new release"; cilium/cilium PR #18259 "docs: Warn against Helm's
  // --reuse-values in Cilium upgrades"), with upgradeCompatibility set to the initially installed minor.
  it('upgrades with a second image archive, a full values file and helm upgrade without --install or --reuse-values', () => {
    const [plan] = planKind(lab, upgradeSettings('1.19.8', '1.20.2'));
    const [save, load, helm, ...rest] = plan!.upgrade;
    expect(save).toMatchObject({ type: 'host', argv: ['docker', 'save', '--platform', 'linux/amd64', '--output', '.lab/kind/kind01/cilium-1.20.2-images.tar', ...plan!.upgradeImages] });
    expect(plan!.upgradeImages).toEqual(['quay.io/cilium/cilium:v1.20.2', 'quay.io/cilium/operator-generic:v1.20.2', 'quay.io/cilium/cilium-envoy:<tag from the chart>']);
    expect(load).toMatchObject({ type: 'host', argv: ['kind', 'load', 'image-archive', '.lab/kind/kind01/cilium-1.20.2-images.tar', '--name', 'kind01'] });
    expect(helm?.type === 'host' && helm.argv).toEqual([
      'helm', 'upgrade', 'cilium', 'cilium', '--repo', 'https://helm.cilium.io', '--version', '1.20.2', '--namespace', 'kube-system',
      '--kubeconfig', '.lab/kind/kind01/kubeconfig', '--values', '.lab/kind/kind01/cilium-upgrade-values.yaml', '--wait', '--timeout', '10m',
    ]);
    expect(helm?.type === 'host' && helm.argv).not.toContain('--install');
    expect(helm?.type === 'host' && helm.argv).not.toContain('--reuse-values');
    // The values the cluster was installed with, plus upgradeCompatibility.
    const created = Object.values(hostSteps(plan!.create).find((s) => s.argv[0] === 'helm')!.files!)[0]!;
    const upgrade = helm?.type === 'host' ? Object.values(helm.files ?? {})[0] ?? '' : '';
    expect(upgrade.replace('upgradeCompatibility: "1.19"\n', '')).toBe(created);
    expect(rest.map((s) => (s.type === 'api' ? `${s.action} ${s.action === 'wait-rollout' ? `${s.kind} ${s.name}` : ''}`.trim() : s.argv[0]))).toEqual([
      'wait-rollout DaemonSet cilium', 'wait-rollout Deployment cilium-operator', 'apply', 'wait-bgp-established',
    ]);
  });

  it('applies the manifests again at the apiVersion the new Cilium serves, and waits for BGP at it', () => {
    const [plan] = planKind(lab, upgradeSettings('1.17.10', '1.18.14'));
    const objects = applied(plan!.upgrade);
    expect(objects.filter((o) => o.kind.startsWith('Cilium')).every((o) => o.apiVersion === 'cilium.io/v2')).toBe(true);
    // localPort came with 1.18 (versioned-manifests.ts): sent only now.
    expect((objects.find((o) => o.kind === 'CiliumBGPClusterConfig')!.spec as { bgpInstances: Record<string, unknown>[] }).bgpInstances[0]).toMatchObject({ localPort: 179 });
    expect(apiSteps(plan!.upgrade).at(-1)).toMatchObject({ action: 'wait-bgp-established', nodes: ['kind01-control-plane', 'kind01-worker'], apiVersion: 'cilium.io/v2' });
  });

  it('has no upgrade without CILIUM_FROM, and prints none', () => {
    const plans = planKind(lab, settings('1.20.2'));
    expect(plans.map((p) => p.upgrade.length)).toEqual([0, 0]);
    expect(renderKindPlan(plans)).not.toContain('### ');
  });

  it('refuses an upgrade Cilium does not test, naming both settings', () => {
    expect(() => planKind(lab, upgradeSettings('1.18.14', '1.20.2'))).toThrow('CILIUM_FROM=1.18.14 -> CILIUM_VERSION=1.20.2');
  });
});

describe('the kind plan', () => {
  // The chart's agent DaemonSet lets two agents restart at once by default (Cilium Helm reference:
  // updateStrategy `{"rollingUpdate":{"maxUnavailable":2},"type":"RollingUpdate"}`): on a two-node
  // cluster that is every speaker together. One at a time keeps the cluster announcing during a roll.
  it('rolls the Cilium agents one node at a time', () => {
    const [plan] = planKind(lab, settings('1.20.2'));
    const values = Object.values(hostSteps(plan!.create).find((s) => s.argv[0] === 'helm')!.files!)[0]!;
    expect(values).toContain('updateStrategy:\n  type: RollingUpdate\n  rollingUpdate:\n    maxUnavailable: 1\n');
  });

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
