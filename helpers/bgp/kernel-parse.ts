// Parser for the kernel's own view of a route, `ip -j -4 route show <prefix>`
// run in the router's namespace: what packets really follow, whatever zebra
// believes it installed.
import type { FibRoute } from './model.ts';

type Json = Record<string, unknown>;

export function parseIpRouteJson(text: string, prefix: string): FibRoute | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text.trim() === '' ? '[]' : text);
  } catch (error) {
    throw new Error(`ip -j route show ${prefix}: not JSON (${(error as Error).message}): ${text.slice(0, 300)}`);
  }
  if (!Array.isArray(doc)) throw new Error(`ip -j route show ${prefix}: expected a JSON list, got ${text.slice(0, 300)}`);
  const route = (doc as Json[]).find((r) => r['type'] === undefined || r['type'] === 'unicast');
  if (!route) return undefined;
  const hops = Array.isArray(route['nexthops']) ? (route['nexthops'] as Json[]) : [route];
  const nextHops = hops
    .filter((h) => typeof h['gateway'] === 'string')
    .map((h) => ({
      address: h['gateway'] as string,
      ...(typeof h['dev'] === 'string' ? { interface: h['dev'] } : {}),
      // The kernel marks a next hop it will not use with the "dead" or "linkdown" flag.
      active: !((h['flags'] ?? []) as string[]).some((f) => f === 'dead' || f === 'linkdown'),
    }));
  return { prefix, protocol: String(route['protocol'] ?? ''), installed: true, nextHops };
}
