// The client workstation: one address on the client network, routes to the
// clusters and the VIP pool via the router, nothing else.
import type { StartedTestContainer } from 'testcontainers';
import type { LabSpec } from '../spec/spec.ts';
import { routerAddressOn } from '../spec/addresses.ts';
import { containerName } from '../routers/frr/router.ts';
import { labLabels } from '../docker/labels.ts';
import { startLabContainer } from '../docker/lab-container.ts';
import type { LabNetwork } from '../docker/networks.ts';

export function renderClientNetwork(spec: LabSpec): string {
  const via = routerAddressOn(spec, spec.client.network);
  return ['# Rendered by the lab: everything beyond the client network goes via the router.', 'set -eu',
    ...spec.client.routes.map((r) => `ip route replace ${r} via ${via}`)].join('\n') + '\n';
}

export function startClient(
  spec: LabSpec, session: string, image: string, networks: Readonly<Record<string, LabNetwork>>,
): Promise<StartedTestContainer> {
  return startLabContainer({
    image,
    name: containerName(spec, spec.client.name),
    hostname: spec.client.name,
    labels: labLabels(session, spec.name, 'client'),
    attachments: [{ network: networks[spec.client.network]!.name, address: spec.client.address }],
    readyLine: /lab-client ready/,
    files: { '/etc/lab/network.sh': renderClientNetwork(spec) },
  });
}
