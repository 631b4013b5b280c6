// What the router received from each node beside what Cilium's semantics
// predict for the clusters' objects, as a markdown table in the reports.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReceivedRoute } from '../bgp/model.ts';
import type { RouteDifference } from '../model/advertised-routes.ts';
import type { FilteredRoute } from '../model/router-policy.ts';
import { thisRunFolder } from './run-folder.ts';

const describeRoute = (r: ReceivedRoute | undefined) => (r ? `as-path ${r.asPath.join(' ') || '(empty)'}, origin ${r.origin}, next hop ${r.nextHop}` : '—');

/**
 * One row per neighbour and prefix seen on either side: `predicted` are the announced routes the
 * router's policy keeps, `filtered` the announced routes it refuses (they must not be held). Pure.
 */
export function renderRouteComparison(
  predicted: readonly ReceivedRoute[], received: readonly ReceivedRoute[], differences: readonly RouteDifference[], filtered: readonly FilteredRoute[] = [],
): string {
  const key = (r: { neighbor: string; prefix: string }) => `${r.neighbor} ${r.prefix}`;
  const keys = [...new Set([...predicted, ...filtered.map((f) => f.route), ...received].map(key))].sort();
  const rows = keys.map((k) => {
    const [neighbor, prefix] = k.split(' ');
    const p = predicted.find((r) => key(r) === k);
    const f = filtered.find((x) => key(x.route) === k);
    const r = received.find((x) => key(x) === k);
    const fields = differences.filter((d) => key(d) === k).map((d) => d.field);
    const wanted = f && !p ? `announced (${describeRoute(f.route)}), refused by the router policy: ${f.rule}` : describeRoute(p);
    const verdict = fields.length > 0 ? `differs: ${fields.join(', ')}` : f && !p ? 'filtered, as predicted' : 'same';
    return `| ${neighbor} | ${prefix} | ${wanted} | ${describeRoute(r)} | ${verdict} |`;
  });
  return [
    '# Routes the router received, against the prediction',
    '',
    `${differences.length === 0 ? 'Every route is as predicted.' : `${differences.length} difference(s).`} The prediction applies Cilium's BGP semantics to the clusters' objects (on kind, as read from their API), then the router policy the lab rendered (router.policy): a route it refuses must not be held.`,
    '',
    '| neighbour | prefix | predicted | received | verdict |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

export async function saveRouteComparison(
  predicted: readonly ReceivedRoute[], received: readonly ReceivedRoute[], differences: readonly RouteDifference[], filtered: readonly FilteredRoute[] = [],
): Promise<string> {
  const dir = thisRunFolder();
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'advertised-routes.md');
  await writeFile(file, renderRouteComparison(predicted, received, differences, filtered));
  return file;
}
