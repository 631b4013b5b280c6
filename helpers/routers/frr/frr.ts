// The FRR router kind: frr.conf rendered from the lab, an FRR container, and
// its reads through vtysh and the kernel.
import type { Router, RouterKind } from '../types.ts';
import type { ContainerRef } from '../../model/state.ts';
import { execIn, execOk } from '../../docker/exec.ts';
import { describeKernelForwarding, kernelForwardingCommand } from './kernel-forwarding.ts';
import { renderFrrFiles } from './render-config.ts';
import { startFrrRouter } from './router.ts';
import { FRR_LOG_FILE, frrBgpRoute, frrNeighborHistory, frrNeighbors, frrReceivedRoutes, frrSessionEvents, frrVersion, kernelRoute, vtysh, zebraRoute } from './reads.ts';
import { capturePackets, watchKernelRoute } from './watch.ts';
import { whyNotEcmp } from './why-not-ecmp.ts';
import { parseNetstat, tcpMd5Refusals } from '../../bgp/netstat-parse.ts';

const DIAGNOSTIC_COMMANDS = ['show running-config', 'show bgp summary', 'show bgp neighbors', 'show bgp ipv4 unicast', 'show ip route'];

function connectFrr(container: ContainerRef): Router {
  return {
    container,
    neighbors: () => frrNeighbors(container),
    neighborHistory: () => frrNeighborHistory(container),
    sessionEvents: (since) => frrSessionEvents(container, since),
    tcpMd5Refusals: async () => tcpMd5Refusals(parseNetstat(await execOk(container.name, ['cat', '/proc/net/netstat']))),
    receivedRoutes: () => frrReceivedRoutes(container),
    bgpRoute: (prefix) => frrBgpRoute(container, prefix),
    fibRoute: (prefix) => kernelRoute(container, prefix),
    installedRoute: (prefix) => zebraRoute(container, prefix),
    watchRoute: (prefix, options) => watchKernelRoute(container, prefix, options),
    capture: (address, filter, seconds) => capturePackets(container, address, filter, seconds),
    async whyNotEcmp(prefix, expected) {
      const [config, route] = await Promise.all([vtysh(container, 'show running-config'), frrBgpRoute(container, prefix)]);
      return whyNotEcmp(config, route, expected);
    },
    async diagnostics(prefix) {
      const files: Record<string, string> = {};
      for (const command of DIAGNOSTIC_COMMANDS) {
        files[`router-${command.replace(/^show /, '').replaceAll(' ', '-')}.txt`] = await vtysh(container, command);
      }
      // bgpd's log: every session up and down with its reason, End-of-RIB received (FRR_LOG_FILE).
      files['router-frr.log'] = (await execIn(container.name, ['cat', FRR_LOG_FILE])).stdout;
      const kernel = (await execIn(container.name, ['ip', 'route', 'show', prefix])).stdout;
      files[`router-vip-${prefix.replace('/', '_')}.txt`] = `${await vtysh(container, `show bgp ipv4 unicast ${prefix}`)}\n${kernel}`;
      return files;
    },
    async versions(): Promise<Record<string, string>> {
      const frr = await frrVersion(container);
      return frr ? { frr } : {};
    },
    forwarding: async (prefix) => describeKernelForwarding(await execOk(container.name, kernelForwardingCommand(prefix))),
    cliArgv: (command) => (command ? ['vtysh', '-c', command] : ['vtysh']),
  };
}

export const frrRouterKind: RouterKind = {
  name: 'frr',
  async render(lab) {
    const files = await renderFrrFiles(lab.spec);
    return { '/etc/frr/frr.conf': files['frr.conf'], '/etc/frr/daemons': files.daemons, '/etc/frr/vtysh.conf': files['vtysh.conf'] };
  },
  start: startFrrRouter,
  connect: connectFrr,
};
