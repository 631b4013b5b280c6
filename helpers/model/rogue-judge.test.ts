import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { acceptedRogueRoutes } from './rogue-judge.ts';
import { parseFrrBgpTable } from '../routers/frr/parse.ts';
import { parseIpRouteJson } from '../bgp/kernel-parse.ts';

const ROGUE = '10.20.0.250';
const ANNOUNCED = ['0.0.0.0/0', '192.168.20.0/24', '172.30.0.8/29', '172.30.0.21/32', '172.30.0.10/32'];
const recorded = (name: string) => readFileSync(`fixtures/recorded/frr-10.3/${name}`, 'utf8');

/** `ip -j -4 route show` (the whole table), narrowed to one prefix as `ip -j -4 route show PREFIX` prints it. */
function kernelRoutes(name: string): Record<string, ReturnType<typeof parseIpRouteJson>> {
  const all = JSON.parse(recorded(name)) as { dst: string }[];
  const dst = (prefix: string) => (prefix === '0.0.0.0/0' ? 'default' : prefix.replace(/\/32$/, ''));
  return Object.fromEntries(ANNOUNCED.map((p) => [p, parseIpRouteJson(JSON.stringify(all.filter((r) => r.dst === dst(p))), p)]));
}

describe('acceptedRogueRoutes on recorded router output', () => {
  it('names every rogue announcement the write-up\'s accept-all policy let in, and where', () => {
    const table = parseFrrBgpTable(recorded('bgp-ipv4-unicast-rogue-accept-all.json'));
    const kernel = kernelRoutes('ip-route-rogue-accept-all.json');
    const accepted = acceptedRogueRoutes(ANNOUNCED, table, kernel, ROGUE);
    expect(accepted.map((l) => l.split(':')[0])).toEqual(['0.0.0.0/0', '192.168.20.0/24', '172.30.0.8/29', '172.30.0.21/32', '172.30.0.10/32']);
    expect(accepted[0]).toContain(`in the BGP table from ${ROGUE} (AS path 65101)`);
    expect(accepted[4]).toContain('(AS path 65101 64666)');
  });

  it('finds none under the reference policy', () => {
    const table = parseFrrBgpTable(recorded('bgp-ipv4-unicast-rogue-reference.json'));
    const kernel = kernelRoutes('ip-route-rogue-reference.json');
    expect(acceptedRogueRoutes(ANNOUNCED, table, kernel, ROGUE)).toEqual([]);
  });
});
