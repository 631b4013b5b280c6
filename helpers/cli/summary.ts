// The readable summary of a lab's state: sessions, the VIP's next hops per
// cluster, the client's request spread.
import type { Lab } from '../lab/lab.ts';
import { activeNextHops, groupByCluster, neighborLines } from '../model/expectations.ts';
import { spreadOf } from '../measure/probe-output.ts';
import { formatSpread } from '../report/format.ts';

export async function describeLab(lab: Lab, requests = 60): Promise<string> {
  const [neighbors, kernel, samples] = await Promise.all([
    lab.routerNeighbors(),
    lab.vipKernelRoute(),
    lab.probe({ count: requests, rate: 100, timeoutMs: 1000 }),
  ]);
  const groups = groupByCluster(lab.state, activeNextHops(kernel));
  return [
    `lab "${lab.spec.name}" (session ${lab.state.session}, provider ${lab.state.provider})`,
    `BGP sessions on ${lab.spec.router.name}:`,
    ...neighborLines(neighbors).map((l) => `  ${l}`),
    `VIP ${lab.vipPrefix} kernel next hops:`,
    ...Object.entries(groups).map(([c, hops]) => `  ${c}: ${hops.length > 0 ? hops.join(', ') : '(none)'}`),
    `client requests to ${lab.vipUrl}: ${formatSpread(spreadOf(samples))}`,
  ].join('\n');
}
