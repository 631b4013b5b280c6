// The client workstation: one address on the client network, routes to the
// clusters and the VIP pool via the router, nothing else.
import type { ResolvedLab } from '../model/resolve.ts';
import type { ContainerRef, LabNetworkRef } from '../model/state.ts';
import { routerAddressOn } from '../model/addresses.ts';
import { containerName, labLabels } from '../docker/labels.ts';
import { CAPABILITIES, startLabContainer } from '../docker/lab-container.ts';

export function renderClientNetwork(lab: ResolvedLab): string {
  const { spec } = lab;
  const via = routerAddressOn(spec, spec.client.network);
  return ['# Rendered by the lab: everything beyond the client network goes via the router.', 'set -eu',
    ...spec.client.routes.map((r) => `ip route replace ${r} via ${via}`)].join('\n') + '\n';
}

export async function startClient(
  lab: ResolvedLab, session: string, image: string, networks: Readonly<Record<string, LabNetworkRef>>,
): Promise<ContainerRef> {
  const { spec } = lab;
  const name = containerName(spec.name, spec.client.name);
  const started = await startLabContainer({
    image,
    name,
    hostname: spec.client.name,
    labels: labLabels(session, spec.name, 'client'),
    attachments: [{ network: networks[spec.client.network]!.name, address: spec.client.address }],
    readyLine: /lab-client ready/,
    capabilities: CAPABILITIES.client,
    files: { '/etc/lab/network.sh': renderClientNetwork(lab) },
  });
  return { name, id: started.getId() };
}
