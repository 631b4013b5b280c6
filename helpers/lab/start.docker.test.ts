// startLab's failure path against a real Docker engine: whatever failed, the
// session's containers and networks are gone afterwards.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import reference from '../../fixtures/reference-lab.ts';
import type { LabSpec } from '../model/spec.ts';
import type { ClusterProvider } from '../providers/types.ts';
import { providerByName } from '../providers/registry.ts';
import { startLab } from './start.ts';
import { resolveLab } from '../model/resolve.ts';
import { routerKindByName } from '../routers/registry.ts';
import { runtime } from '../docker/runtime.ts';
import { LABEL_SESSION } from '../docker/labels.ts';

const emulatedProvider = providerByName('emulated');

// Another name and other subnets than the reference lab, so a lab left running by a user does not clash.
let spec: LabSpec;
const base: LabSpec = {
  ...reference,
  name: 'teardown',
  networks: [
    { name: 'client', subnet: '192.168.120.0/24' },
    { name: 'kind01', subnet: '10.120.0.0/16' },
    { name: 'kind02', subnet: '172.120.0.0/16' },
  ],
  router: { ...reference.router, interfaces: [
    { network: 'client', address: '192.168.120.101' }, { network: 'kind01', address: '10.120.0.101' }, { network: 'kind02', address: '172.120.0.101' },
  ] },
  client: { ...reference.client, address: '192.168.120.2', routes: ['10.120.0.0/16', '172.120.0.0/16', '172.30.0.0/16'] },
  clusters: [
    { ...reference.clusters[0]!, peerAddress: '10.120.0.101' },
    { ...reference.clusters[1]!, peerAddress: '172.120.0.101' },
  ],
};

// The golden manifests, with the cluster configs peering with this spec's router addresses.
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'teardown-manifests-'));
  await cp(reference.manifestsDir, dir, { recursive: true });
  for (const [cluster, from, to] of [['kind01', '10.20.0.101', '10.120.0.101'], ['kind02', '172.20.0.101', '172.120.0.101']] as const) {
    const file = join(dir, cluster, 'bgp-cluster-config.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(`peerAddress: ${from}`, `peerAddress: ${to}`));
  }
  spec = { ...base, manifestsDir: dir };
});

async function leftovers(session: string): Promise<string[]> {
  const docker = (await runtime()).container.dockerode;
  const filters = { label: [`${LABEL_SESSION}=${session}`] };
  const containers = await docker.listContainers({ all: true, filters });
  const networks = await docker.listNetworks({ filters });
  return [...containers.map((c) => c.Names[0] ?? c.Id), ...networks.map((n) => n.Name)];
}

describe('startLab tears down after a failure', () => {
  it('when a cluster fails half-way: the created node, router, client and networks are removed', async () => {
    const cleanups: (string | undefined)[] = [];
    // The real emulated provider, made to fail after its first cluster is up.
    const failing: ClusterProvider = {
      ...emulatedProvider,
      async createClusters(ctx) {
        await emulatedProvider.createClusters({ ...ctx, lab: { ...ctx.lab, clusters: [ctx.lab.clusters[0]!] } });
        throw new Error('cluster kind02: simulated failure');
      },
      async cleanup(session) {
        cleanups.push(session);
      },
    };
    let session = '';
    await expect(startLab(await resolveLab(spec), { provider: failing, router: routerKindByName('frr'), onSession: (s) => (session = s) })).rejects.toThrow('cluster kind02: simulated failure');
    expect(session).not.toBe('');
    expect(cleanups).toEqual([session]);
    expect(await leftovers(session)).toEqual([]);
  });

  it('when the clusters fail at once, while the router still boots: the router and client are removed once started', async () => {
    let routerRunningAtClusters: boolean | undefined;
    const failing: ClusterProvider = {
      ...emulatedProvider,
      // Clusters start once the router's container runs, not once its daemons are ready (lab/start.ts).
      async createClusters(ctx) {
        const docker = (await runtime()).container.dockerode;
        const [router] = await docker.listContainers({ filters: { label: [`${LABEL_SESSION}=${ctx.session}`], name: ['teardown-frrtor'] } });
        routerRunningAtClusters = router?.State === 'running';
        throw new Error('clusters: simulated failure at once');
      },
      async cleanup() {},
    };
    let session = '';
    await expect(startLab(await resolveLab(spec), { provider: failing, router: routerKindByName('frr'), onSession: (s) => (session = s) })).rejects.toThrow('clusters: simulated failure at once');
    expect(routerRunningAtClusters).toBe(true);
    expect(await leftovers(session)).toEqual([]);
  });
});
