import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import reference from '../../../fixtures/reference-lab.ts';
import { planCluster } from './provider.ts';
import { resolveLab } from '../../model/resolve.ts';
import { nodeRoutes } from '../../model/node-routes.ts';
import { renderNodeFiles, type NodeFiles } from './node-files.ts';

// The kind01-worker node of the reference lab, translated from the real golden
// manifests in fixtures/cilium (common/ + kind01/; read relative to the cwd,
// the repository root under vitest) and rendered as the container's files.
//
// UPDATE_GOLDEN=1 rewrites the golden files from the current translation
// instead of comparing; review the diff before committing.
const GOLDEN_DIR = 'fixtures/golden/emulated';
const GOLDEN: readonly (readonly [keyof NodeFiles, string])[] = [
  ['/etc/lab/ports', `${GOLDEN_DIR}/kind01-worker.ports`],
  ['/etc/lab/gobgpd.toml', `${GOLDEN_DIR}/kind01-worker.gobgpd.toml`],
  ['/etc/lab/announce', `${GOLDEN_DIR}/kind01-worker.announce`],
  ['/etc/lab/network.sh', `${GOLDEN_DIR}/kind01-worker.network.sh`],
];

async function kind01WorkerFiles(): Promise<NodeFiles> {
  const lab = await resolveLab(reference);
  const plan = planCluster(lab.clusters[0]!);
  return renderNodeFiles(plan.nodes[1]!, 'kind01', nodeRoutes(lab, lab.clusters[0]!));
}

describe('emulated kind01-worker rendered from the golden Cilium manifests', () => {
  it.each(GOLDEN)('%s matches %s', async (file, golden) => {
    const rendered = (await kind01WorkerFiles())[file];
    if (process.env['UPDATE_GOLDEN'] === '1') {
      await mkdir(dirname(golden), { recursive: true });
      await writeFile(golden, rendered);
    }
    expect(rendered).toBe(await readFile(golden, 'utf8'));
  });

  it('peers as Cilium would with the golden CiliumBGPPeerConfig', async () => {
    const toml = (await kind01WorkerFiles())['/etc/lab/gobgpd.toml'];
    for (const line of [
      'as = 65101', 'router-id = "10.20.0.3"', 'port = 179',
      'neighbor-address = "10.20.0.101"', 'peer-as = 65001',
      'hold-time = 9', 'keepalive-interval = 3', 'connect-retry = 5',
      'multihop-ttl = 4', 'restart-time = 15', 'afi-safi-name = "ipv4-unicast"',
    ]) expect(toml).toContain(`${line}\n`);
    // The lab creates the Secret kind-bgp-peer's authSecretRef names, with the spec's bgpPassword.
    expect(toml).toContain(`auth-password = "${reference.bgpPassword}"`);
  });

  it('announces the ClusterIP and the VIP as /32, origin IGP', async () => {
    const lines = (await kind01WorkerFiles())['/etc/lab/announce'].trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^-a ipv4 10\.96\.\d+\.\d+\/32 origin igp$/);
    expect(lines[1]).toBe('-a ipv4 172.30.0.10/32 origin igp');
  });
});
