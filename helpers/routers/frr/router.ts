// The FRR ToR container: FRR on every lab network, forwarding on, L4 ECMP
// hashing so each new client connection can take a different cluster.
import type { RouterStartContext } from '../types.ts';
import type { ContainerRef } from '../../model/state.ts';
import { containerName, labLabels } from '../../docker/labels.ts';
import { CAPABILITIES, startLabContainer } from '../../docker/lab-container.ts';
import { forwardingOf, type RouterSpec } from '../../model/spec.ts';

export const ROUTER_SYSCTLS = {
  'net.ipv4.ip_forward': '1',
  // Hash on the L4 5-tuple, not just addresses: one client spreads over all next hops.
  'net.ipv4.fib_multipath_hash_policy': '1',
};

/** The router's namespaced sysctls: the fixed ones and the spec's forwarding choice. */
export function routerSysctls(router: RouterSpec): Record<string, string> {
  return { ...ROUTER_SYSCTLS, 'net.ipv4.fib_multipath_use_neigh': forwardingOf(router).fibMultipathUseNeigh ? '1' : '0' };
}

export async function startFrrRouter(ctx: RouterStartContext): Promise<ContainerRef> {
  const { spec } = ctx.lab;
  const name = containerName(spec.name, spec.router.name);
  const started = await startLabContainer({
    image: ctx.image,
    name,
    hostname: spec.router.name,
    labels: labLabels(ctx.session, spec.name, 'router'),
    attachments: spec.router.interfaces.map((i) => ({ network: ctx.networks[i.network]!.name, address: i.address })),
    sysctls: routerSysctls(spec.router),
    readyLine: /lab-router ready/,
    capabilities: CAPABILITIES.router,
    files: ctx.files,
    ...(ctx.onContainerStarted ? { onStarted: ctx.onContainerStarted } : {}),
  });
  return { name, id: started.getId() };
}
