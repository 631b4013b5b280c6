// Reads of an FRR router's state through one exec each, parsed into the read model.
import type { ContainerRef } from '../../model/state.ts';
import { execIn, execOk } from '../../docker/exec.ts';
import { parseFrrBgpRoute, parseFrrBgpSummary, parseFrrBgpTable, parseFrrFibRoute, parseFrrNeighborHistory, parseFrrSessionLog } from './parse.ts';
import { parseIpRouteJson } from '../../bgp/kernel-parse.ts';
import type { BgpNeighbor, BgpRoute, FibRoute, NeighborHistory, ReceivedRoute, SessionEvent } from '../../bgp/model.ts';

export function vtysh(router: ContainerRef, command: string): Promise<string> {
  return execOk(router.name, ['vtysh', '-c', command]);
}

export async function frrNeighbors(router: ContainerRef): Promise<BgpNeighbor[]> {
  return parseFrrBgpSummary(await vtysh(router, 'show bgp ipv4 unicast summary json'));
}

/** Every neighbour's session counters, timestamps and graceful-restart record. */
export async function frrNeighborHistory(router: ContainerRef): Promise<NeighborHistory[]> {
  const text = await vtysh(router, 'show bgp neighbors json');
  return parseFrrNeighborHistory(text, Date.now());
}

/** The file bgpd logs to besides stdout (frr-configs/frr.conf.tmpl `log file`). */
export const FRR_LOG_FILE = '/var/log/frr/frr.log';

/** Session changes bgpd logged at or after `since` (epoch ms): up, down and why, End-of-RIB received. */
export async function frrSessionEvents(router: ContainerRef, since: number): Promise<SessionEvent[]> {
  const found = await execIn(router.name, ['grep', '-E', 'ADJCHANGE|End-of-RIB', FRR_LOG_FILE]);
  // grep: 1 = no line matched (no session ever changed); anything else is a failed read.
  if (found.exitCode > 1) throw new Error(`router ${router.name}: reading ${FRR_LOG_FILE} failed (exit ${found.exitCode}): ${found.stderr.trim()}`);
  return parseFrrSessionLog(found.stdout).filter((e) => e.at >= since);
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
