// FRR JSON parsers against outputs recorded from a real lab (scripts/record-outputs.sh):
// FRR 8.4.4 and FRR 10.3, 4 peers (10.20.0.2/.3 in AS 65101, 172.20.0.2/.3 in AS 65102).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFrrBgpRoute, parseFrrBgpSummary, parseFrrBgpTable, parseFrrFibRoute, parseFrrUptime } from './parse.ts';
import type { BgpPath } from '../../bgp/model.ts';

const VIP = '172.30.0.10/32';
const MISSING = '172.31.255.1/32';

function recorded(version: string, file: string): string {
  return readFileSync(`fixtures/recorded/${version}/${file}`, 'utf8');
}

const byNextHop = (a: { nextHop: string }, b: { nextHop: string }) => a.nextHop.localeCompare(b.nextHop);
const byAddress = (a: { address: string }, b: { address: string }) => a.address.localeCompare(b.address);

/** What differs between the two recordings: which path FRR picked as best. */
const BEST: Record<string, { vip: string; stale: string; survivors: string }> = {
  'frr-8.4': { vip: '10.20.0.2', stale: '10.20.0.2', survivors: '172.20.0.2' },
  'frr-10.3': { vip: '10.20.0.3', stale: '172.20.0.2', survivors: '172.20.0.2' },
};

const ALL_ESTABLISHED = [
  { address: '10.20.0.2', remoteAs: 65101, state: 'Established', prefixesReceived: 2 },
  { address: '10.20.0.3', remoteAs: 65101, state: 'Established', prefixesReceived: 2 },
  { address: '172.20.0.2', remoteAs: 65102, state: 'Established', prefixesReceived: 2 },
  { address: '172.20.0.3', remoteAs: 65102, state: 'Established', prefixesReceived: 2 },
];

describe.each(['frr-8.4', 'frr-10.3'])('FRR parsers on %s recordings', (version) => {
  const best = BEST[version]!;

  describe('parseFrrBgpSummary', () => {
    it('reads the flat `show bgp ipv4 unicast summary json`: 4 neighbours Established, no detail', () => {
      const neighbors = parseFrrBgpSummary(recorded(version, 'bgp-ipv4-unicast-summary.json'));
      // toStrictEqual: an Established peer (peerState "OK") carries no `detail` key at all.
      expect([...neighbors].sort(byAddress)).toStrictEqual(ALL_ESTABLISHED);
    });

    it('reads the wrapped `show bgp summary json` (ipv4Unicast) to the same neighbours', () => {
      const wrapped = parseFrrBgpSummary(recorded(version, 'bgp-summary.json'));
      expect([...wrapped].sort(byAddress)).toStrictEqual(ALL_ESTABLISHED);
    });

    it("keeps FRR's reason for kind01's peers held in graceful restart (NSF passive)", () => {
      const neighbors = parseFrrBgpSummary(recorded(version, 'bgp-ipv4-unicast-summary-peers-down.json'));
      expect([...neighbors].sort(byAddress)).toStrictEqual([
        { address: '10.20.0.2', remoteAs: 65101, state: 'Connect', detail: 'NSF passive', prefixesReceived: 2 },
        { address: '10.20.0.3', remoteAs: 65101, state: 'Connect', detail: 'NSF passive', prefixesReceived: 2 },
        { address: '172.20.0.2', remoteAs: 65102, state: 'Established', prefixesReceived: 2 },
        { address: '172.20.0.3', remoteAs: 65102, state: 'Established', prefixesReceived: 2 },
      ]);
    });
  });

  describe('dynamic neighbours (bgp listen range)', () => {
    it('reads the summary of neighbours that joined by listen range like configured ones', () => {
      const neighbors = parseFrrBgpSummary(recorded(version, 'bgp-ipv4-unicast-summary-dynamic.json'));
      expect([...neighbors].sort(byAddress)).toStrictEqual(ALL_ESTABLISHED);
    });
  });

  describe('parseFrrBgpTable', () => {
    it('reads every received path with its neighbour, AS path, origin and next hop; the router\'s own networks are not received', () => {
      const routes = parseFrrBgpTable(recorded(version, 'bgp-ipv4-unicast-all.json'));
      // Each node announces its cluster's ClusterIP and the VIP: 4 nodes x 2 prefixes.
      expect(routes).toHaveLength(8);
      const vip = routes.filter((r) => r.prefix === VIP).sort((a, b) => a.neighbor.localeCompare(b.neighbor));
      expect(vip).toStrictEqual([
        { prefix: VIP, neighbor: '10.20.0.2', asPath: [65101], origin: 'igp', nextHop: '10.20.0.2' },
        { prefix: VIP, neighbor: '10.20.0.3', asPath: [65101], origin: 'igp', nextHop: '10.20.0.3' },
        { prefix: VIP, neighbor: '172.20.0.2', asPath: [65102], origin: 'igp', nextHop: '172.20.0.2' },
        { prefix: VIP, neighbor: '172.20.0.3', asPath: [65102], origin: 'igp', nextHop: '172.20.0.3' },
      ]);
      expect(routes.some((r) => r.prefix === '10.20.0.0/16')).toBe(false);
      expect(new Set(routes.filter((r) => r.prefix !== VIP).map((r) => r.prefix)).size).toBe(2);
    });

    it('is empty for an empty table, and says what it got when it is not JSON', () => {
      expect(parseFrrBgpTable('{"routes": {}}')).toEqual([]);
      expect(() => parseFrrBgpTable('% Unknown command')).toThrow('FRR bgp table: not JSON');
    });
  });

  describe('parseFrrBgpRoute', () => {
    it('reads the VIP: one path per node, AS path = the cluster ASN, all multipath, exactly one best', () => {
      const route = parseFrrBgpRoute(recorded(version, 'bgp-vip.json'), VIP);
      expect(route.prefix).toBe(VIP);
      expect([...route.paths].sort(byNextHop)).toStrictEqual([
        { nextHop: '10.20.0.2', asPath: [65101], best: best.vip === '10.20.0.2', multipath: true, stale: false },
        { nextHop: '10.20.0.3', asPath: [65101], best: best.vip === '10.20.0.3', multipath: true, stale: false },
        { nextHop: '172.20.0.2', asPath: [65102], best: best.vip === '172.20.0.2', multipath: true, stale: false },
        { nextHop: '172.20.0.3', asPath: [65102], best: best.vip === '172.20.0.3', multipath: true, stale: false },
      ]);
      expect(route.paths.filter((p) => p.best).map((p) => p.nextHop)).toEqual([best.vip]);
    });

    it("marks kind01's paths stale during the graceful restart window, kind02's not", () => {
      const route = parseFrrBgpRoute(recorded(version, 'bgp-vip-stale.json'), VIP);
      const flags = (p: BgpPath) => ({ nextHop: p.nextHop, stale: p.stale, multipath: p.multipath });
      expect(route.paths.map(flags).sort(byNextHop)).toEqual([
        { nextHop: '10.20.0.2', stale: true, multipath: true },
        { nextHop: '10.20.0.3', stale: true, multipath: true },
        { nextHop: '172.20.0.2', stale: false, multipath: true },
        { nextHop: '172.20.0.3', stale: false, multipath: true },
      ]);
      expect(route.paths.filter((p) => p.best).map((p) => p.nextHop)).toEqual([best.stale]);
    });

    it('keeps only the surviving cluster (172.20.0.x) once graceful restart expired', () => {
      const route = parseFrrBgpRoute(recorded(version, 'bgp-vip-survivors.json'), VIP);
      expect([...route.paths].sort(byNextHop)).toStrictEqual([
        { nextHop: '172.20.0.2', asPath: [65102], best: best.survivors === '172.20.0.2', multipath: true, stale: false },
        { nextHop: '172.20.0.3', asPath: [65102], best: best.survivors === '172.20.0.3', multipath: true, stale: false },
      ]);
    });

    it('gives no paths for a prefix FRR does not have ({}), with the asked prefix', () => {
      expect(parseFrrBgpRoute(recorded(version, 'bgp-missing.json'), MISSING)).toStrictEqual({ prefix: MISSING, paths: [] });
    });
  });

  describe('parseFrrFibRoute', () => {
    const fullHops = [
      { address: '10.20.0.2', interface: 'eth1', active: true },
      { address: '10.20.0.3', interface: 'eth1', active: true },
      { address: '172.20.0.2', interface: 'eth2', active: true },
      { address: '172.20.0.3', interface: 'eth2', active: true },
    ];

    it('reads the VIP installed by bgp with 4 active next hops and their interfaces', () => {
      const route = parseFrrFibRoute(recorded(version, 'route-vip.json'), VIP);
      expect(route).toBeDefined();
      expect(route!.prefix).toBe(VIP);
      expect(route!.protocol).toBe('bgp');
      expect(route!.installed).toBe(true);
      expect([...route!.nextHops].sort(byAddress)).toStrictEqual(fullHops);
    });

    it('reads how long ago zebra last changed the route, in whole seconds', () => {
      const uptime = /"uptime":"(\d+):(\d+):(\d+)"/.exec(recorded(version, 'route-vip.json'))!;
      expect(parseFrrFibRoute(recorded(version, 'route-vip.json'), VIP)!.uptimeSeconds).toBe(Number(uptime[1]) * 3600 + Number(uptime[2]) * 60 + Number(uptime[3]));
    });

    it('still forwards to all 4 next hops while graceful restart keeps the stale paths', () => {
      const route = parseFrrFibRoute(recorded(version, 'route-vip-stale.json'), VIP);
      expect([...route!.nextHops].sort(byAddress)).toStrictEqual(fullHops);
    });

    it('keeps the 2 survivors once graceful restart expired', () => {
      const route = parseFrrFibRoute(recorded(version, 'route-vip-survivors.json'), VIP);
      expect(route).toMatchObject({ prefix: VIP, protocol: 'bgp', installed: true });
      expect([...route!.nextHops].sort(byAddress)).toStrictEqual([
        { address: '172.20.0.2', interface: 'eth2', active: true },
        { address: '172.20.0.3', interface: 'eth2', active: true },
      ]);
    });

    it('is undefined for a prefix zebra does not have', () => {
      expect(parseFrrFibRoute(recorded(version, 'route-missing.json'), MISSING)).toBeUndefined();
    });

    it('picks one prefix out of the full table (`show ip route json`)', () => {
      const all = recorded(version, 'route-all.json');
      // The two were recorded seconds apart: all but the uptime is the same.
      const withoutUptime = (r: ReturnType<typeof parseFrrFibRoute>) => ({ ...r, uptimeSeconds: undefined });
      expect(withoutUptime(parseFrrFibRoute(all, VIP))).toStrictEqual(withoutUptime(parseFrrFibRoute(recorded(version, 'route-vip.json'), VIP)));
      // A connected route has an interface but no gateway: no next hop address to report.
      expect(withoutUptime(parseFrrFibRoute(all, '10.20.0.0/16'))).toStrictEqual({ prefix: '10.20.0.0/16', protocol: 'connected', installed: true, nextHops: [], uptimeSeconds: undefined });
      expect(parseFrrFibRoute(all, MISSING)).toBeUndefined();
    });

    it('counts a next hop active only when zebra says both active and in the FIB', () => {
      const doc = JSON.parse(recorded(version, 'route-vip.json')) as Record<string, { nexthops: Record<string, unknown>[] }[]>;
      const hops = doc[VIP]![0]!.nexthops;
      delete hops.find((h) => h['ip'] === '10.20.0.3')!['fib'];
      delete hops.find((h) => h['ip'] === '172.20.0.3')!['active'];
      const route = parseFrrFibRoute(JSON.stringify(doc), VIP);
      expect(route!.nextHops.filter((h) => !h.active).map((h) => h.address).sort()).toEqual(['10.20.0.3', '172.20.0.3']);
    });
  });
});

describe('FRR parsers on hand-written input', () => {
  it('prefers the selected entry when zebra lists several routes for a prefix', () => {
    const text = JSON.stringify({
      [VIP]: [
        { prefix: VIP, protocol: 'static', distance: 250, installed: false, nexthops: [{ ip: '192.0.2.1', interfaceName: 'eth9', active: true }] },
        { prefix: VIP, protocol: 'bgp', selected: true, installed: true, nexthops: [{ ip: '10.20.0.2', interfaceName: 'eth1', active: true, fib: true }] },
      ],
    });
    expect(parseFrrFibRoute(text, VIP)).toStrictEqual({
      prefix: VIP, protocol: 'bgp', installed: true, nextHops: [{ address: '10.20.0.2', interface: 'eth1', active: true }],
    });
  });

  it('reads a multi-AS path as numbers, in order', () => {
    const text = JSON.stringify({ prefix: VIP, paths: [{ aspath: { string: '65001 65102' }, nexthops: [{ ip: '10.20.0.101' }], bestpath: { overall: true } }] });
    expect(parseFrrBgpRoute(text, VIP).paths).toStrictEqual([{ nextHop: '10.20.0.101', asPath: [65001, 65102], best: true, multipath: false, stale: false }]);
  });

  it('rejects what vtysh prints for a bad command, quoting it', () => {
    const text = '% Unknown command: show bgp ipv4 unicast summry json';
    expect(() => parseFrrBgpSummary(text)).toThrow(/FRR bgp summary: not JSON .*% Unknown command: show bgp ipv4 unicast summry json/);
    expect(() => parseFrrBgpRoute(text, VIP)).toThrow(`FRR bgp route ${VIP}: not JSON`);
    expect(() => parseFrrBgpRoute(text, VIP)).toThrow(text);
    expect(() => parseFrrFibRoute(text, VIP)).toThrow(text);
  });

  it('rejects JSON that is not an object, quoting it', () => {
    expect(() => parseFrrBgpSummary('[1,2]')).toThrow('FRR bgp summary: expected a JSON object, got [1,2]');
    expect(() => parseFrrFibRoute('null', VIP)).toThrow(`FRR route ${VIP}: expected a JSON object, got null`);
  });
});

describe('parseFrrUptime', () => {
  it.each([
    ['00:00:04', 4],
    ['01:02:03', 3723],
    ['2d03h04m', 2 * 86400 + 3 * 3600 + 4 * 60],
    ['3w1d05h', 3 * 604800 + 86400 + 5 * 3600],
  ])('reads %s as %i s', (text, seconds) => {
    expect(parseFrrUptime(text)).toBe(seconds);
  });

  it('is undefined for what it does not know', () => {
    expect(parseFrrUptime('never')).toBeUndefined();
  });
});
