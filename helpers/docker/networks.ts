// Lab networks: docker bridges with the spec's subnet. Not `internal`: docker's
// isolation rules for internal networks drop routed traffic (a client packet to
// the VIP crosses the client bridge with a destination outside its subnet).
// The safety against leaving the lab is in the containers instead: each one
// replaces its default route with `unreachable default`. Masquerading is off
// too, so even a misrouted packet would not be NATed to the outside.
import type { NetworkSpec } from '../model/spec.ts';
import { gatewayOf } from '../model/addresses.ts';
import { labLabels, ownerLabels } from './labels.ts';
import type { LabNetworkRef } from '../model/state.ts';
import { runtime } from './runtime.ts';

export function dockerNetworkName(lab: string, net: NetworkSpec): string {
  return `${lab}-${net.name}`;
}

export function networkCreateOptions(lab: string, session: string, net: NetworkSpec) {
  return {
    Name: dockerNetworkName(lab, net),
    Driver: 'bridge',
    CheckDuplicate: true,
    IPAM: { Driver: 'default', Config: [{ Subnet: net.subnet, Gateway: gatewayOf(net) }] },
    Options: { 'com.docker.network.bridge.enable_ip_masquerade': 'false' },
    // The networks are made by the session's owner at bring-up: they say who it is (docker/sessions.ts).
    Labels: { ...labLabels(session, lab, 'network'), ...ownerLabels() },
  };
}

/** Docker refused the network because its name or subnet is taken: another copy of the lab may take it. */
export class NetworkTakenError extends Error {
  override readonly name = 'NetworkTakenError';
}

/** Every subnet docker's bridges hold now, lab or not: a lab copy must overlap none. */
export async function dockerSubnets(): Promise<string[]> {
  const client = await runtime();
  const networks = await client.container.dockerode.listNetworks();
  return networks.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet ?? '')).filter((s) => s !== '');
}

export async function createLabNetwork(lab: string, session: string, net: NetworkSpec): Promise<LabNetworkRef> {
  const client = await runtime();
  const options = networkCreateOptions(lab, session, net);
  try {
    const network = await client.network.create(options);
    return { name: options.Name, id: network.id, subnet: net.subnet };
  } catch (error) {
    const message = (error as Error).message;
    if (/overlaps|already exists/i.test(message)) {
      throw new NetworkTakenError(`docker network create ${options.Name} --subnet ${net.subnet} failed: ${message}. A network with that name or an overlapping subnet exists (docker network ls).`);
    }
    throw new Error(
      `docker network create ${options.Name} --subnet ${net.subnet} failed: ${(error as Error).message}. ` +
        `A network with an overlapping subnet may exist outside the lab (docker network ls).`,
    );
  }
}
