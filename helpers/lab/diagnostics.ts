// Collects what someone needs to understand a failed run, into one folder:
// the router's config, sessions and VIP routes, each speaker's view and logs,
// and in kind mode `kind export logs` and the CiliumBGPNodeConfigs.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lab } from './lab.ts';
import { execIn } from '../docker/exec.ts';
import { runHost } from '../exec/host.ts';

const ROUTER_COMMANDS = [
  'show running-config',
  'show bgp summary',
  'show bgp ipv4 unicast',
  'show ip route',
];

export async function collectDiagnostics(lab: Lab, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const save = async (name: string, text: string) => {
    await writeFile(join(dir, name), text);
    written.push(name);
  };
  // Each source is best effort: a dead container must not hide what the others say.
  const attempt = async (name: string, read: () => Promise<string>) => {
    try {
      await save(name, await read());
    } catch (error) {
      await save(name, `could not collect: ${(error as Error).message}\n`);
    }
  };
  const { router } = lab.state;
  for (const command of ROUTER_COMMANDS) {
    await attempt(`router-${command.replace(/^show /, '').replaceAll(' ', '-')}.txt`, () => lab.vtysh(command));
  }
  await attempt(`router-vip-${lab.spec.loadBalancer.vip}.txt`, async () => `${await lab.vtysh(`show bgp ipv4 unicast ${lab.vipPrefix}`)}\n${(await execIn(router.name, ['ip', 'route', 'show', lab.vipPrefix])).stdout}`);
  for (const cluster of lab.state.clusters) {
    for (const node of cluster.nodes) {
      await attempt(`${node.name}-neighbors.json`, async () => JSON.stringify(await lab.nodeNeighbors(cluster.name, node.name), null, 2));
      if (lab.state.provider === 'emulated') {
        await attempt(`${node.name}-gobgpd.log`, async () => (await execIn(node.container.name, ['cat', '/var/log/gobgpd.log'])).stdout);
      }
    }
    if (lab.state.provider === 'kind') {
      await attempt(`${cluster.name}-kind-export-logs.txt`, async () => (await runHost(['kind', 'export', 'logs', join(dir, `${cluster.name}-kind-logs`), '--name', cluster.name], { timeoutMs: 300_000 })).stderr);
    }
  }
  return written;
}
