// Reads of an FRR router's state through one exec each, parsed into the read model.
import type { ContainerRef } from '../../model/state.ts';
import { execOk } from '../../docker/exec.ts';
import { parseFrrBgpRoute, parseFrrBgpSummary, parseFrrBgpTable, parseFrrFibRoute } from './parse.ts';
import { parseIpRouteJson } from '../../bgp/kernel-parse.ts';
import type { BgpNeighbor, BgpRoute, FibRoute, ReceivedRoute } from '../../bgp/model.ts';

export function vtysh(router: ContainerRef, command: string): Promise<string> {
  return execOk(router.name, ['vtysh', '-c', command]);
}

export async function frrNeighbors(router: ContainerRef): Promise<BgpNeighbor[]> {
  return parseFrrBgpSummary(await vtysh(router, 'show bgp ipv4 unicast summary json'));
}

export async function frrBgpRoute(router: ContainerRef, prefix: string): Promise<BgpRoute> {
  return parseFrrBgpRoute(await vtysh(router, `show bgp ipv4 unicast ${prefix} json`), prefix);
}

export async function frrReceivedRoutes(router: ContainerRef): Promise<ReceivedRoute[]> {
  return parseFrrBgpTable(await vtysh(router, 'show bgp ipv4 unicast json'));
}

/** zebra's RIB entry, with the fib flag per next hop. */
export async function zebraRoute(router: ContainerRef, prefix: string): Promise<FibRoute | undefined> {
  return parseFrrFibRoute(await vtysh(router, `show ip route ${prefix} json`), prefix);
}

/** The kernel's forwarding entry in the router's namespace. */
export async function kernelRoute(router: ContainerRef, prefix: string): Promise<FibRoute | undefined> {
  return parseIpRouteJson(await execOk(router.name, ['ip', '-j', '-4', 'route', 'show', prefix]), prefix);
}

/** FRR's version, from `show version` ("FRRouting 10.3 (...)"). */
export async function frrVersion(router: ContainerRef): Promise<string | undefined> {
  return /FRRouting (\S+)/.exec(await vtysh(router, 'show version').catch(() => ''))?.[1];
}
