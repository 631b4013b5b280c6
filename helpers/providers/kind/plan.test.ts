import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import reference from '../../../fixtures/reference-lab.ts';
import { planKind } from './provider.ts';
import { renderKindPlan } from './plan.ts';
import { parseCiliumVersion, DEFAULT_KIND_NODE_IMAGE } from './versions.ts';
import { resolveLab } from '../../spec/resolve.ts';

const lab = await resolveLab(reference);

// UPDATE_GOLDEN=1 rewrites the golden plans from the current code; review the diff before committing.
const settings = (version: string) => ({ ciliumVersion: parseCiliumVersion(version), nodeImage: DEFAULT_KIND_NODE_IMAGE, workDir: '.lab/kind', helmTimeout: '10m' });

describe.each(['1.17.10', '1.18.6', '1.20.1'])('the kind plan of the reference lab on Cilium %s', (version) => {
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
    for (const [version, apiVersion] of [['1.17.10', 'cilium.io/v2alpha1'], ['1.18.6', 'cilium.io/v2']] as const) {
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
    const [plan] = planKind(lab, settings('1.20.1'));
    const apply = plan!.create.find((s) => s.type === 'api' && s.action === 'apply');
    const secret = apply && apply.type === 'api' && apply.action === 'apply' ? apply.objects.find((o) => o.kind === 'Secret') : undefined;
    expect(secret).toMatchObject({ metadata: { name: 'bgp-auth-secret', namespace: 'kube-system' }, stringData: { password: reference.bgpPassword } });
  });

  it('creates kind01 on the lab network with a rendered config, without touching the user kubeconfig', async () => {
    const [plan] = planKind(lab, settings('1.20.1'));
    const create = plan!.create[0]!;
    expect(create.type === 'host' && create.argv).toEqual(['kind', 'create', 'cluster', '--name', 'kind01', '--config', '.lab/kind/kind01/kind-config.yaml', '--kubeconfig', '.lab/kind/kind01/kubeconfig']);
    expect(create.type === 'host' && create.env).toEqual({ KIND_EXPERIMENTAL_DOCKER_NETWORK: 'anycast-kind01' });
    expect(plan!.delete[0]!.argv).toEqual(['kind', 'delete', 'cluster', '--name', 'kind01', '--kubeconfig', '.lab/kind/kind01/kubeconfig']);
  });

  it('refuses a Cilium without the BGP v2 resources, naming the setting', () => {
    expect(() => parseCiliumVersion('1.15.7')).toThrow('CILIUM_VERSION="1.15.7": the lab needs Cilium >= 1.16');
    expect(() => parseCiliumVersion('latest')).toThrow('CILIUM_VERSION="latest" is not a version like 1.19.1');
  });
});
