// The ToR router container: FRR on every lab network, forwarding on, L4 ECMP
// hashing so each new client connection can take a different cluster.
import type { StartedTestContainer } from 'testcontainers';
import type { LabSpec } from '../../spec/spec.ts';
import { labLabels } from '../../docker/labels.ts';
import { startLabContainer } from '../../docker/lab-container.ts';
import type { LabNetwork } from '../../docker/networks.ts';
import type { FrrFiles } from './render-config.ts';

export const ROUTER_SYSCTLS = {
  'net.ipv4.ip_forward': '1',
  // Hash on the L4 5-tuple, not just addresses: one client spreads over all next hops.
  'net.ipv4.fib_multipath_hash_policy': '1',
};

export function containerName(spec: LabSpec, name: string): string {
  return `${spec.name}-${name}`;
}

export function startRouter(
  spec: LabSpec, session: string, image: string, networks: Readonly<Record<string, LabNetwork>>, files: FrrFiles,
): Promise<StartedTestContainer> {
  const name = containerName(spec, spec.router.name);
  return startLabContainer({
    image,
    name,
    hostname: spec.router.name,
    labels: labLabels(session, spec.name, 'router'),
    attachments: spec.router.interfaces.map((i) => ({ network: networks[i.network]!.name, address: i.address })),
    sysctls: ROUTER_SYSCTLS,
    readyLine: /lab-router ready/,
    files: { '/etc/frr/frr.conf': files['frr.conf'], '/etc/frr/daemons': files.daemons, '/etc/frr/vtysh.conf': files['vtysh.conf'] },
  });
}
